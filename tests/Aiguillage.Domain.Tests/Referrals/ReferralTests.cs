using Aiguillage.Domain.Referrals;

namespace Aiguillage.Domain.Tests.Referrals;

public sealed class ReferralTests
{
    internal static readonly DateTime Now = new(2026, 11, 26, 10, 0, 0, DateTimeKind.Utc);
    private static readonly Guid Session = Guid.NewGuid();

    private static Referral New() =>
        new(Guid.NewGuid(), Guid.NewGuid(), 1, Guid.NewGuid(), 7, "lieu-1", null, ["Aide aux démarches administratives"], "Débutant", "mediateur", Now);

    /// <summary>A referral brought to <paramref name="status"/> through the allowed path.</summary>
    internal static Referral At(ReferralStatus status)
    {
        var r = New();
        ReferralStatus[] path = status switch
        {
            ReferralStatus.Proposed => [],
            ReferralStatus.Sent => [ReferralStatus.Sent],
            ReferralStatus.Contacted => [ReferralStatus.Sent, ReferralStatus.Contacted],
            ReferralStatus.Enrolled => [ReferralStatus.Sent, ReferralStatus.Contacted, ReferralStatus.Enrolled],
            ReferralStatus.Attended => [ReferralStatus.Sent, ReferralStatus.Contacted, ReferralStatus.Enrolled, ReferralStatus.Attended],
            ReferralStatus.Absent => [ReferralStatus.Sent, ReferralStatus.Contacted, ReferralStatus.Enrolled, ReferralStatus.Absent],
            ReferralStatus.Completed => [ReferralStatus.Sent, ReferralStatus.Contacted, ReferralStatus.Enrolled, ReferralStatus.Attended, ReferralStatus.Completed],
            ReferralStatus.Declined => [ReferralStatus.Sent, ReferralStatus.Declined],
            ReferralStatus.Withdrawn => [ReferralStatus.Sent, ReferralStatus.Withdrawn],
            _ => [ReferralStatus.Abandoned],
        };
        foreach (var step in path)
        {
            Apply(r, step);
        }

        return r;
    }

    private static void Apply(Referral r, ReferralStatus to)
    {
        switch (to)
        {
            case ReferralStatus.Sent: r.Send(true, "partage-v1", "Awa", "0612345678", null, "mediateur", Now); break;
            case ReferralStatus.Contacted: r.MarkContacted("partenaire", Now); break;
            case ReferralStatus.Enrolled: r.Enrol(Session, "partenaire", Now); break;
            case ReferralStatus.Attended: r.MarkAttended(Now.AddHours(-1), "partenaire", Now); break;
            case ReferralStatus.Absent: r.MarkAbsent(Now.AddHours(-1), "partenaire", Now); break;
            case ReferralStatus.Completed: r.Complete("partenaire", Now); break;
            case ReferralStatus.Declined: r.Decline(DeclineReason.Unreachable, "partenaire", Now); break;
            case ReferralStatus.Abandoned: r.Abandon("mediateur", Now); break;
            case ReferralStatus.Withdrawn: r.WithdrawConsent("mediateur", Now); break;
            default: throw new ArgumentOutOfRangeException(nameof(to));
        }
    }

    public static TheoryData<ReferralStatus, ReferralStatus> AllowedMoves()
    {
        var data = new TheoryData<ReferralStatus, ReferralStatus>();
        foreach (var from in Enum.GetValues<ReferralStatus>())
        {
            foreach (var to in Enum.GetValues<ReferralStatus>().Where(t => t != ReferralStatus.Proposed && ReferralRules.CanMove(from, t)))
            {
                data.Add(from, to);
            }
        }

        return data;
    }

    public static TheoryData<ReferralStatus, ReferralStatus> RefusedMoves()
    {
        var data = new TheoryData<ReferralStatus, ReferralStatus>();
        foreach (var from in Enum.GetValues<ReferralStatus>())
        {
            foreach (var to in Enum.GetValues<ReferralStatus>().Where(t => t != ReferralStatus.Proposed && !ReferralRules.CanMove(from, t)))
            {
                data.Add(from, to);
            }
        }

        return data;
    }

    [Fact]
    public void The_machine_is_the_one_of_the_issue()
    {
        // 16 moves of issue 6, and the withdrawal of consent from each of the 5 open states once sent (issue 16 §6).
        Assert.Equal(21, AllowedMoves().Count);
        Assert.True(ReferralRules.CanMove(ReferralStatus.Absent, ReferralStatus.Enrolled));   // enrolled again after missing a session
        Assert.All([ReferralStatus.Completed, ReferralStatus.Declined, ReferralStatus.Abandoned, ReferralStatus.Withdrawn], s => Assert.True(ReferralRules.IsEnd(s)));
        Assert.False(ReferralRules.CanMove(ReferralStatus.Proposed, ReferralStatus.Withdrawn));
    }

    [Theory]
    [MemberData(nameof(AllowedMoves))]
    public void Every_allowed_move_is_stored_with_who_and_when(ReferralStatus from, ReferralStatus to)
    {
        var r = At(from);
        var events = r.Events.Count;
        Apply(r, to);
        Assert.Equal(to, r.Status);
        var last = r.Events[^1];
        Assert.Equal(events + 1, r.Events.Count);
        Assert.Equal((from, to, Now), (last.From!.Value, last.To, last.At));
        // Every step here has the same instant: the sequence alone keeps the order (issue 16 §16).
        Assert.Equal(Enumerable.Range(0, r.Events.Count), r.Events.Select(e => e.Sequence));
        Assert.False(string.IsNullOrEmpty(last.ByUserId));
    }

    [Theory]
    [MemberData(nameof(RefusedMoves))]
    public void Every_other_move_is_refused_with_a_clear_error_and_changes_nothing(ReferralStatus from, ReferralStatus to)
    {
        var r = At(from);
        var events = r.Events.Count;
        var error = Assert.Throws<DomainException>(() => Apply(r, to));
        if (to == ReferralStatus.Withdrawn)
        {
            // Nothing shared any more (never sent, or ended): there is no consent to withdraw.
            Assert.Equal("referral.no-consent", error.Code);
        }
        else
        {
            Assert.Equal("referral.transition-refused", error.Code);
            Assert.StartsWith("Impossible de passer de « ", error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(from, r.Status);
        Assert.Equal(events, r.Events.Count);
    }

    [Fact]
    public void No_consent_no_referral_and_withdrawal_stops_sharing()
    {
        var r = New();
        Assert.Equal("Consent", Assert.Throws<DomainException>(() => r.Send(false, "partage-v1", "Awa", "0612345678", null, "mediateur", Now)).Field);
        Assert.Equal(ReferralStatus.Proposed, r.Status);
        r.Send(true, "partage-v1", "Awa", "06 12 34 56 78", null, "mediateur", Now);
        Assert.True(r.SharesContact);
        Assert.Equal(("partage-v1", "Awa", "0612345678"), (r.ConsentTextVersion, r.ContactFirstName, r.ContactPhone));
        r.WithdrawConsent("mediateur", Now.AddDays(1));
        Assert.False(r.SharesContact);
        Assert.Throws<DomainException>(() => r.WithdrawConsent("mediateur", Now.AddDays(2)));
    }

    [Theory]
    [InlineData(ReferralStatus.Sent)]
    [InlineData(ReferralStatus.Contacted)]
    [InlineData(ReferralStatus.Enrolled)]
    [InlineData(ReferralStatus.Absent)]
    [InlineData(ReferralStatus.Attended)]
    public void A_withdrawal_ends_the_referral_for_good_with_a_line_in_its_history(ReferralStatus from)
    {
        var r = At(from);
        Assert.True(r.SharesContact);
        r.WithdrawConsent("mediateur", Now.AddDays(1));
        Assert.Equal(ReferralStatus.Withdrawn, r.Status);
        Assert.Equal((from, ReferralStatus.Withdrawn, Now.AddDays(1)), (r.Events[^1].From!.Value, r.Events[^1].To, r.Events[^1].At));
        Assert.Equal((null, null, null), (r.ContactFirstName, r.ContactPhone, r.ContactEmail));
        Assert.Equal(Now.AddDays(1), r.ConsentWithdrawnAt);
        Assert.False(r.FlagOverdue(TimeSpan.FromDays(7), Now.AddDays(30)));   // no reminder to call a client the partner cannot reach
        Assert.Empty(ReferralRules.Next(r.Status));
        Assert.Throws<DomainException>(() => r.MarkContacted("partenaire", Now.AddDays(2)));
    }

    [Theory]
    [InlineData(ReferralStatus.Completed)]
    [InlineData(ReferralStatus.Declined)]
    [InlineData(ReferralStatus.Abandoned)]
    public void An_ended_referral_no_longer_shares_the_contact(ReferralStatus end)
    {
        var r = At(end);
        Assert.False(r.SharesContact);
        Assert.Equal((null, null, null), (r.ContactFirstName, r.ContactPhone, r.ContactEmail));
        Assert.Null(r.ConsentWithdrawnAt);   // not withdrawn: the share ended with the referral
    }

    [Fact]
    public void A_referral_is_sent_only_with_a_way_to_reach_the_client()
    {
        var r = New();
        Assert.Equal("FirstName", Assert.Throws<DomainException>(() => r.Send(true, "partage-v1", "", "0612345678", null, "mediateur", Now)).Field);
        Assert.Equal("Phone", Assert.Throws<DomainException>(() => r.Send(true, "partage-v1", "Awa", null, null, "mediateur", Now)).Field);
        Assert.Equal(ReferralStatus.Proposed, r.Status);
        Assert.Single(r.Events);
    }

    [Fact]
    public void Present_or_absent_is_said_once_the_session_has_begun_not_before()
    {
        var starts = Now.AddHours(2);
        var r = At(ReferralStatus.Enrolled);
        Assert.Equal("referral.session-not-started", Assert.Throws<DomainException>(() => r.MarkAttended(starts, "partenaire", starts.AddSeconds(-1))).Code);
        Assert.Equal("referral.session-not-started", Assert.Throws<DomainException>(() => r.MarkAbsent(starts, "partenaire", Now)).Code);
        Assert.Equal(ReferralStatus.Enrolled, r.Status);
        r.MarkAbsent(starts, "partenaire", starts);
        Assert.Equal(ReferralStatus.Absent, r.Status);
    }

    [Fact]
    public void A_referral_not_contacted_in_time_is_flagged_once()
    {
        var r = At(ReferralStatus.Sent);
        var deadline = TimeSpan.FromDays(7);
        Assert.False(r.FlagOverdue(deadline, Now.AddDays(6)));
        Assert.True(r.FlagOverdue(deadline, Now.AddDays(7)));
        Assert.False(r.FlagOverdue(deadline, Now.AddDays(8)));
        Assert.Equal(Now.AddDays(7), r.OverdueSince);
        Assert.False(At(ReferralStatus.Contacted).FlagOverdue(deadline, Now.AddDays(30)));
    }

    [Fact]
    public void A_cancelled_session_sends_an_enrolled_client_back_to_contacted_and_only_an_enrolled_one()
    {
        var r = At(ReferralStatus.Enrolled);
        r.SessionCancelled("partenaire", Now.AddHours(1));
        Assert.Equal((ReferralStatus.Contacted, (Guid?)null, Now.AddHours(1)), (r.Status, r.SessionId, r.StatusChangedAt));
        var last = r.Events[^1];
        Assert.Equal((ReferralStatus.Enrolled, ReferralStatus.Contacted, (Guid?)Session, "partenaire"), (last.From!.Value, last.To, last.SessionId, last.ByUserId));
        r.Enrol(Guid.NewGuid(), "partenaire", Now.AddHours(2));   // enrolled elsewhere
        Assert.Equal(ReferralStatus.Enrolled, r.Status);

        foreach (var status in Enum.GetValues<ReferralStatus>().Where(s => s != ReferralStatus.Enrolled))
        {
            var other = At(status);
            Assert.Equal("referral.not-enrolled", Assert.Throws<DomainException>(() => other.SessionCancelled("partenaire", Now)).Code);
            Assert.Equal(status, other.Status);
        }
    }

    [Fact]
    public void A_decline_keeps_its_reason()
    {
        var r = At(ReferralStatus.Contacted);
        Assert.Equal("Reason", Assert.Throws<DomainException>(() => r.Decline((DeclineReason)99, "partenaire", Now)).Field);
        r.Decline(DeclineReason.OutsideArea, "partenaire", Now);
        Assert.Equal(DeclineReason.OutsideArea, r.DeclineReason);
        Assert.Equal(DeclineReason.OutsideArea, r.Events[^1].Reason);
    }
}
