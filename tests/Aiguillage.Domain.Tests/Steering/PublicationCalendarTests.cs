using Aiguillage.Domain.Steering;

namespace Aiguillage.Domain.Tests.Steering;

public sealed class PublicationCalendarTests
{
    [Theory]
    [InlineData("2026-11-15", 15, "2026-09-01")]   // the 15 days after October are not over yet
    [InlineData("2026-11-16", 15, "2026-10-01")]
    [InlineData("2026-01-01", 0, "2025-12-01")]    // no delay: December is closed once its last day is over
    [InlineData("2026-01-01", 1, "2025-11-01")]
    [InlineData("2026-03-29", 28, "2026-02-01")]
    [InlineData("2026-03-28", 28, "2026-01-01")]
    public void A_month_is_published_once_its_closing_days_have_passed(string today, int closingDays, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), PublicationCalendar.LastClosedMonth(DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture), closingDays));

    [Fact]
    public void The_window_is_the_twelve_months_ending_with_the_last_closed_one()
    {
        var window = PublicationCalendar.Window(new DateOnly(2026, 12, 2), 15);
        Assert.Equal(12, window.Count);
        Assert.Equal((new DateOnly(2025, 11, 1), new DateOnly(2026, 10, 1)), (window[0], window[^1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => PublicationCalendar.LastClosedMonth(new DateOnly(2026, 1, 1), 29));
    }
}
