using Aiguillage.Domain.Referrals;

namespace Aiguillage.Domain.Tests.Referrals;

public sealed class ReferralTests
{
    private static readonly DateTime Now = new(2026, 11, 26, 10, 0, 0, DateTimeKind.Utc);
    private static readonly Guid Session = Guid.NewGuid();

    private static Referral New() =>
        new(Guid.NewGuid(), Guid.NewGuid(), 1, Guid.NewGuid(), 7, "lieu-1", null, ["Aide aux démarches administratives"], "Débutant", "mediateur", Now);

    /// <summary>A referral brought to <paramref name="status"/> through the allowed path.</summary>
    private static Referral At(ReferralStatus status)
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
            case ReferralStatus.Sent: r.Send(true, "partage-v1", "mediateur", Now); break;
            case ReferralStatus.Contacted: r.MarkContacted("partenaire", Now); break;
            case ReferralStatus.Enrolled: r.Enrol(Session, "partenaire", Now); break;
            case ReferralStatus.Attended: r.MarkAttended("partenaire", Now); break;
            case ReferralStatus.Absent: r.MarkAbsent("partenaire", Now); break;
            case ReferralStatus.Completed: r.Complete("partenaire", Now); break;
            case ReferralStatus.Declined: r.Decline(DeclineReason.Unreachable, "partenaire", Now); break;
            case ReferralStatus.Abandoned: r.Abandon("mediateur", Now); break;
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
        Assert.Equal(16, AllowedMoves().Count);
        Assert.True(ReferralRules.CanMove(ReferralStatus.Absent, ReferralStatus.Enrolled));   // enrolled again after missing a session
        Assert.All([ReferralStatus.Completed, ReferralStatus.Declined, ReferralStatus.Abandoned], s => Assert.True(ReferralRules.IsEnd(s)));
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
        Assert.False(string.IsNullOrEmpty(last.ByUserId));
    }

    [Theory]
    [MemberData(nameof(RefusedMoves))]
    public void Every_other_move_is_refused_with_a_clear_error_and_changes_nothing(ReferralStatus from, ReferralStatus to)
    {
        var r = At(from);
        var events = r.Events.Count;
        var error = Assert.Throws<DomainException>(() => Apply(r, to));
        Assert.Equal("referral.transition-refused", error.Code);
        Assert.StartsWith("Impossible de passer de « ", error.Message, StringComparison.Ordinal);
        Assert.Equal(from, r.Status);
        Assert.Equal(events, r.Events.Count);
    }

    [Fact]
    public void No_consent_no_referral_and_withdrawal_stops_sharing()
    {
        var r = New();
        Assert.Equal("Consent", Assert.Throws<DomainException>(() => r.Send(false, "partage-v1", "mediateur", Now)).Field);
        Assert.Equal(ReferralStatus.Proposed, r.Status);
        r.Send(true, "partage-v1", "mediateur", Now);
        Assert.True(r.SharesContact);
        Assert.Equal("partage-v1", r.ConsentTextVersion);
        r.WithdrawConsent(Now.AddDays(1));
        Assert.False(r.SharesContact);
        Assert.Throws<DomainException>(() => r.WithdrawConsent(Now.AddDays(2)));
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
