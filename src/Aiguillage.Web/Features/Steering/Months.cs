using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Aiguillage.Web.Features.Steering;

/// <summary>The month filters of steering's pages (« du », « au »), read the same way on each.</summary>
public static class Months
{
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
