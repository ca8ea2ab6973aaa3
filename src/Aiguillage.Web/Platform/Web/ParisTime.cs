using System.Globalization;

namespace Aiguillage.Web.Platform.Web;

/// <summary>Times are stored in UTC and shown in Europe/Paris with French conventions (UI.md).</summary>
public static class ParisTime
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static DateTime ToParis(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    /// <summary>« mardi 3 décembre 2026 ».</summary>
    public static string Date(DateOnly date) => date.ToString("dddd d MMMM yyyy", French);

    /// <summary>« mardi 3 décembre 2026 à 14 h 30 ».</summary>
    public static string DateAndTime(DateTime utc)
    {
        var local = ToParis(utc);
        return $"{local.ToString("dddd d MMMM yyyy", French)} à {local.Hour} h {local.Minute:00}";
    }

    /// <summary>« mardi 3 décembre 2026 à 14 h 30 », from a time already in Paris.</summary>
    public static string LocalDateAndTime(DateTime local) => $"{local.ToString("dddd d MMMM yyyy", French)} à {LocalTime(local)}";

    /// <summary>« 14 h 30 », « 9 h ».</summary>
    public static string LocalTime(DateTime local) => local.Minute == 0 ? $"{local.Hour} h" : $"{local.Hour} h {local.Minute:00}";

    /// <summary>Paris's offset from UTC at that instant (+1 h, +2 h in summer).</summary>
    public static TimeSpan Offset(DateTime utc) => Zone.GetUtcOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(ToParis(clock.GetUtcNow().UtcDateTime));
}
