namespace Aiguillage.Domain.Steering;

/// <summary>
/// When a month's figures become public (issue 16 §15). A hidden cell moved between two days' publications as late
/// diagnostics arrived, and differencing them recovered it. So a month is published only once it is closed — a set
/// number of days after its end, when late keying has had time to arrive — and its published cells are then frozen:
/// every later publication repeats them, whatever arrives afterwards (docs/statistical-secrecy.md, ADR 0018).
/// </summary>
public static class PublicationCalendar
{
    public const int DefaultClosingDays = 15;

    public const int MaxClosingDays = 28;

    /// <summary>The last month (its first day) closed on <paramref name="today"/>: its end plus <paramref name="closingDays"/> days have passed.</summary>
    public static DateOnly LastClosedMonth(DateOnly today, int closingDays)
    {
        if (closingDays is < 0 or > MaxClosingDays)
        {
            throw new ArgumentOutOfRangeException(nameof(closingDays), closingDays, $"From 0 to {MaxClosingDays} days.");
        }

        // The month before last is always closed (28 days at most); last month is once closingDays have passed.
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        return today.Day > closingDays ? thisMonth.AddMonths(-1) : thisMonth.AddMonths(-2);
    }

    /// <summary>The twelve months published on <paramref name="today"/>, oldest first, ending with the last closed one.</summary>
    public static IReadOnlyList<DateOnly> Window(DateOnly today, int closingDays, int months = 12)
    {
        var last = LastClosedMonth(today, closingDays);
        return [.. Enumerable.Range(0, months).Select(i => last.AddMonths(i - months + 1))];
    }
}
