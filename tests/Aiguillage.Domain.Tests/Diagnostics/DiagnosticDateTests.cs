using Aiguillage.Domain.Diagnostics;

namespace Aiguillage.Domain.Tests.Diagnostics;

/// <summary>
/// Issue 15 §3: one rule for when a diagnostic may say it was filled — not before the programme, not in the future; a
/// device may be five minutes ahead, a paper sheet is dated at noon of its day. The clock is pinned just after midnight
/// and just before midnight in Paris, in winter (UTC+1) and in summer (UTC+2): a bug once hid in the hour CI ran.
/// </summary>
public sealed class DiagnosticDateTests
{
    private static readonly TimeSpan Winter = TimeSpan.FromHours(1);
    private static readonly TimeSpan Summer = TimeSpan.FromHours(2);

    /// <summary>A Paris wall-clock time as the UTC instant the server reads.</summary>
    private static DateTime Paris(int year, int month, int day, int hour, int minute, TimeSpan offset) =>
        new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Utc) - offset;

    /// <summary>How a paper sheet dated <paramref name="day"/> is stored: noon of that day, Paris time.</summary>
    private static DateTime Noon(DateOnly day, TimeSpan offset) => Paris(day.Year, day.Month, day.Day, 12, 0, offset);

    private static Diagnostic Filled(DiagnosticMode mode, DateTime filledAt, DateTime now, TimeSpan offset, FillingDate? dates = null) =>
        new(Guid.NewGuid(), 1, mode, Questionnaires.V1, "hash", new AnswerSheet(Questionnaires.Answers(6, 12), ["caf"], new Dictionary<string, string>()),
            filledAt, now, "mediateur", "request", receivedOffset: offset, dates: dates);

    private static string Refused(Action act) => Assert.Throws<DomainException>(act).Code;

    public static TheoryData<string, int, int, int, int> Moments => new()
    {
        // name, month, day, hour, minute (Paris time, 2026)
        { "00:10 en hiver", 11, 27, 0, 10 },
        { "23:50 en hiver", 11, 27, 23, 50 },
        { "00:10 en été", 7, 15, 0, 10 },
        { "23:50 en été", 7, 15, 23, 50 },
    };

    [Theory]
    [MemberData(nameof(Moments))]
    public void A_paper_sheet_of_today_is_accepted_and_one_of_tomorrow_refused_at_any_hour(string moment, int month, int day, int hour, int minute)
    {
        var offset = month is > 3 and < 11 ? Summer : Winter;
        var now = Paris(2026, month, day, hour, minute, offset);
        var today = new DateOnly(2026, month, day);

        Assert.Equal(Noon(today, offset), Filled(DiagnosticMode.Paper, Noon(today, offset), now, offset).FilledAt);
        Filled(DiagnosticMode.Paper, Noon(today.AddDays(-1), offset), now, offset);
        Assert.True("diagnostic.filled-in-future" == Refused(() => Filled(DiagnosticMode.Paper, Noon(today.AddDays(1), offset), now, offset)), moment);
    }

    [Theory]
    [MemberData(nameof(Moments))]
    public void A_device_may_be_ahead_by_five_minutes_not_more(string moment, int month, int day, int hour, int minute)
    {
        var offset = month is > 3 and < 11 ? Summer : Winter;
        var now = Paris(2026, month, day, hour, minute, offset);
        foreach (var mode in new[] { DiagnosticMode.Assisted, DiagnosticMode.Self })
        {
            Filled(mode, now.AddMinutes(5), now, offset);
            Assert.True("diagnostic.filled-in-future" == Refused(() => Filled(mode, now.AddMinutes(6), now, offset)), moment);
        }
    }

    [Fact]
    public void Nothing_is_filled_before_the_programme_started()
    {
        var now = Paris(2026, 11, 27, 10, 0, Winter);
        Assert.Equal("diagnostic.filled-before-programme", Refused(() => Filled(DiagnosticMode.Assisted, new DateTime(1900, 1, 1, 10, 0, 0, DateTimeKind.Utc), now, Winter)));
        Assert.Equal("diagnostic.filled-before-programme", Refused(() => Filled(DiagnosticMode.Paper, new DateTime(2018, 12, 31, 11, 0, 0, DateTimeKind.Utc), now, Winter)));
        Filled(DiagnosticMode.Paper, new DateTime(2019, 1, 1, 11, 0, 0, DateTimeKind.Utc), now, Winter);
        Filled(DiagnosticMode.Assisted, new DateTime(2018, 12, 31, 23, 30, 0, DateTimeKind.Utc), now, Winter);   // 00:30 in Paris on the first day

        // The start is a setting: a territory that joined later refuses what came before it.
        var later = new FillingDate(new DateOnly(2024, 6, 1));
        Assert.Contains("1er juin 2024", Assert.Throws<DomainException>(() => Filled(DiagnosticMode.Self, new DateTime(2024, 5, 31, 10, 0, 0, DateTimeKind.Utc), now, Winter, later)).Message);
    }

    [Theory]
    [InlineData("2026-11-30T10:00:00Z", true)]
    [InlineData("2026-11-30T10:00:00+01:00", true)]
    [InlineData("2026-11-30T10:00:00.123-03:30", true)]
    [InlineData("2026-11-30T10:00:00", false)]
    [InlineData("2026-11-30", false)]
    [InlineData("30/11/2026 10:00", false)]
    [InlineData("", false)]
    public void A_date_needs_its_offset(string text, bool accepted) => Assert.Equal(accepted, FillingDate.TryRead(text, out _));
}
