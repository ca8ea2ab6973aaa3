using Aiguillage.Web.Platform.Web;

namespace Aiguillage.Web.Features.Steering;

/// <summary>
/// The words of the dashboard's first screen (issue 18): a figure and how it moved since the period before, said in
/// words (« en hausse de 12 % ») so that nothing rests on an arrow's colour or shape.
/// </summary>
public static class KeyFigureText
{
    private static string N(long v) => v.ToString("N0", ParisTime.French);

    private static string Month(DateOnly m) => m.ToString("MMMM yyyy", ParisTime.French);

    /// <summary>« en octobre 2026 », « de mai à octobre 2026 », « de novembre 2025 à avril 2026 ».</summary>
    public static string Period(DateOnly from, DateOnly to) =>
        from == to ? $"en {Month(from)}"
        : from.Year == to.Year ? $"de {from.ToString("MMMM", ParisTime.French)} à {Month(to)}"
        : $"de {Month(from)} à {Month(to)}";

    /// <summary>Which way a figure went: up, down or level (for the sign beside the words).</summary>
    public static int Direction(decimal now, decimal before) => Math.Sign(now - before);

    /// <summary>« en hausse de 12 % (1 100 de mai à octobre 2026) », « stable (…) », « aucun de mai à octobre 2026 ».</summary>
    public static string OfCount(Compared figure, string period)
    {
        var (now, before) = (figure.Now, figure.Before);
        if (before == 0)
        {
            return now == 0 ? $"aucun non plus {period}" : $"aucun {period}";
        }

        if (now == before)
        {
            return $"stable ({N(before)} {period})";
        }

        var change = Math.Round(100m * Math.Abs(now - before) / before, MidpointRounding.AwayFromZero);
        var amount = change == 0 ? "moins de 1 %" : $"{change:0} %";
        return $"{(now > before ? "en hausse" : "en baisse")} de {amount} ({N(before)} {period})";
    }

    /// <summary>A share of a total, « 34,5 % », or « — » when there is no total.</summary>
    public static string Share(long part, long whole) => whole == 0 ? "—" : $"{Round1(100m * part / whole).ToString("0.0", ParisTime.French)} %";

    /// <summary>« en baisse de 2,1 points (36,6 % de mai à octobre 2026) », « stable (…) », « pas de diagnostic … ».</summary>
    public static string OfShare(Compared part, Compared whole, string period)
    {
        if (whole.Before == 0)
        {
            return $"pas de diagnostic {period}";
        }

        var before = Round1(100m * part.Before / whole.Before);
        if (whole.Now == 0)
        {
            return $"{before.ToString("0.0", ParisTime.French)} % {period}";
        }

        var now = Round1(100m * part.Now / whole.Now);
        var points = Math.Abs(now - before);
        return now == before ? $"stable ({before.ToString("0.0", ParisTime.French)} % {period})"
            : $"{(now > before ? "en hausse" : "en baisse")} de {points.ToString("0.0", ParisTime.French)} {(points < 2 ? "point" : "points")} ({before.ToString("0.0", ParisTime.French)} % {period})";
    }

    /// <summary>« 2 de plus (10 fin avril 2026) », « autant (…) », « 1 de moins (…) ».</summary>
    public static string OfOffices(Compared offices, DateOnly previousEnd)
    {
        var at = $"fin {Month(previousEnd)}";
        var difference = offices.Now - offices.Before;
        return difference == 0 ? $"autant ({N(offices.Before)} {at})"
            : $"{N(Math.Abs(difference))} de {(difference > 0 ? "plus" : "moins")} ({N(offices.Before)} {at})";
    }

    private static decimal Round1(decimal value) => Math.Round(value, 1, MidpointRounding.AwayFromZero);
}
