namespace Aiguillage.Web.Platform.Web;

/// <summary>
/// Real French plurals on every page (« 1 lieu », « 3 lieux », never « lieu(x) », shared UI.md). French takes the
/// singular for 0 and 1; numbers are written the French way (« 12 345 »).
/// </summary>
public static class Plural
{
    /// <summary>« 1 lieu », « 0 lieu », « 3 lieux ».</summary>
    public static string Of(long count, string one, string many) =>
        $"{count.ToString("N0", ParisTime.French)} {Word(count, one, many)}";

    /// <summary>The word alone, agreeing with <paramref name="count"/>.</summary>
    public static string Word(long count, string one, string many) => count is >= -1 and <= 1 ? one : many;
}
