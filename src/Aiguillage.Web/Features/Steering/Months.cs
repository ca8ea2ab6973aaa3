using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Aiguillage.Web.Features.Steering;

/// <summary>The month filters of steering's pages (« du », « au »), read the same way on each.</summary>
public static class Months
{
    /// <summary>
    /// The period of « du » and « au »: by default the twelve months up to the current one (Paris time); the end before
    /// the start is refused on « au ». Errors go to <paramref name="modelState"/> under the fields' ids.
    /// </summary>
    public static (DateOnly From, DateOnly To) Period(ModelStateDictionary modelState, string? from, string? to, TimeProvider clock)
    {
        var today = Platform.Web.ParisTime.Today(clock);
        var end = Parse(modelState, to, "To") ?? new DateOnly(today.Year, today.Month, 1);
        var start = Parse(modelState, from, "From") ?? end.AddMonths(-11);
        if (start > end)
        {
            modelState.AddModelError("To", "Le mois de fin suit le mois de début.");
        }

        return (start, end);
    }

    /// <summary>« 2026-11 » as the first day of its month; null when empty; a form error naming the field otherwise.</summary>
    public static DateOnly? Parse(ModelStateDictionary modelState, string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (DateOnly.TryParseExact(value.Trim() + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month) && month.Year is >= 2019 and <= 2100)
        {
            return month;
        }

        modelState.AddModelError(field, $"« {value} » n'est pas un mois (forme 2026-11).");
        return null;
    }
}
