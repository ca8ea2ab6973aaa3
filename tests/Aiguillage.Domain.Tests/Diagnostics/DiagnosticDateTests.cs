using Aiguillage.Domain.Diagnostics;

namespace Aiguillage.Domain.Tests.Diagnostics;

/// <summary>When a diagnostic may say it was filled: not in the future, but a paper sheet of today is dated at its noon.</summary>
public sealed class DiagnosticDateTests
{
    // 27/11/2026 at 00:10 in Paris (UTC+1): the morning's sheets are dated at noon, still ahead.
    private static readonly DateTime JustAfterMidnightInParis = new(2026, 11, 26, 23, 10, 0, DateTimeKind.Utc);
    private static readonly DateTime NoonInParis = new(2026, 11, 27, 11, 0, 0, DateTimeKind.Utc);

    private static Diagnostic Filled(DiagnosticMode mode, DateTime filledAt) =>
        new(Guid.NewGuid(), 1, mode, Questionnaires.V1, "hash", new AnswerSheet(Questionnaires.Answers(6, 12), ["caf"], new Dictionary<string, string>()),
            filledAt, JustAfterMidnightInParis, "mediateur", "request");

    [Fact]
    public void A_paper_sheet_of_today_keyed_just_after_midnight_is_dated_at_its_noon()
    {
        Assert.Equal(NoonInParis, Filled(DiagnosticMode.Paper, NoonInParis).FilledAt);
        Assert.Equal("diagnostic.filled-in-future", Assert.Throws<DomainException>(() => Filled(DiagnosticMode.Paper, NoonInParis.AddDays(1))).Code);
    }

    [Theory]
    [InlineData(DiagnosticMode.Assisted)]
    [InlineData(DiagnosticMode.Self)]
    public void A_device_may_be_ahead_by_five_minutes_not_more(DiagnosticMode mode)
    {
        Filled(mode, JustAfterMidnightInParis.AddMinutes(5));
        Assert.Equal("diagnostic.filled-in-future", Assert.Throws<DomainException>(() => Filled(mode, JustAfterMidnightInParis.AddMinutes(6))).Code);
    }
}
