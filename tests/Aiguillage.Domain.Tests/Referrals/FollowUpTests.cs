using Aiguillage.Domain.Clients;
using Aiguillage.Domain.Referrals;

namespace Aiguillage.Domain.Tests.Referrals;

/// <summary>Issue 20 §1: when a referral is followed up, the check-in's one-time answers, and the re-diagnosis link.</summary>
public sealed class FollowUpTests
{
    private static readonly DateTime Now = ReferralTests.Now;
    private static readonly TimeSpan SixWeeks = TimeSpan.FromDays(42);

    [Theory]
    [InlineData(ReferralStatus.Completed, 0, FollowUpReason.Completed)]
    [InlineData(ReferralStatus.Declined, 0, FollowUpReason.Declined)]
    [InlineData(ReferralStatus.Sent, 42, FollowUpReason.WeeksAfterSending)]
    [InlineData(ReferralStatus.Enrolled, 50, FollowUpReason.WeeksAfterSending)]
    [InlineData(ReferralStatus.Sent, 41, null)]
    [InlineData(ReferralStatus.Proposed, 400, null)]
    [InlineData(ReferralStatus.Abandoned, 400, null)]
    [InlineData(ReferralStatus.Withdrawn, 400, null)]
    public void A_referral_is_due_when_it_ends_with_the_partner_or_weeks_after_it_was_sent(ReferralStatus status, int daysLater, FollowUpReason? expected) =>
        Assert.Equal(expected, FollowUpRules.Due(ReferralTests.At(status), SixWeeks, Now.AddDays(daysLater)));

    [Fact]
    public void The_reason_reads_in_plain_french_with_its_plural()
    {
        Assert.Equal("Orientation envoyée il y a 6 semaines", FollowUpReason.WeeksAfterSending.Label(6));
        Assert.Equal("Orientation envoyée il y a 1 semaine", FollowUpReason.WeeksAfterSending.Label(1));
    }

    private static FollowUp Invited()
    {
        var f = new FollowUp(Guid.NewGuid(), ReferralTests.At(ReferralStatus.Completed), FollowUpReason.Completed, "ar", Now);
        f.Invite("hash", Now.AddDays(30), bySms: true, byEmail: false, Now);
        return f;
    }

    [Fact]
    public void The_check_in_is_answered_once_before_its_link_expires()
    {
        var f = Invited();
        Assert.True(f.CanCheckIn(Now.AddDays(29)));
        Assert.False(f.CanCheckIn(Now.AddDays(30)));
        f.CheckIn(CheckInAnswer.Yes, CheckInAnswer.ABit, Now.AddDays(1));
        Assert.Equal((CheckInAnswer.Yes, CheckInAnswer.ABit), (f.Attended!.Value, f.Helps!.Value));
        Assert.Equal("check-in.closed", Assert.Throws<DomainException>(() => f.CheckIn(CheckInAnswer.No, CheckInAnswer.No, Now.AddDays(2))).Code);

        var late = Invited();
        Assert.Equal("check-in.closed", Assert.Throws<DomainException>(() => late.CheckIn(CheckInAnswer.Yes, CheckInAnswer.Yes, Now.AddDays(31))).Code);
    }

    [Fact]
    public void A_bit_is_no_answer_to_whether_the_client_went_and_unknown_values_are_refused()
    {
        var f = Invited();
        Assert.Equal("Attended", Assert.Throws<DomainException>(() => f.CheckIn(CheckInAnswer.ABit, CheckInAnswer.Yes, Now)).Field);
        Assert.Equal("Helps", Assert.Throws<DomainException>(() => f.CheckIn(CheckInAnswer.Yes, (CheckInAnswer)9, Now)).Field);
        Assert.Null(f.AnsweredAt);
    }

    [Fact]
    public void An_invitation_goes_one_way_at_least_once_and_a_follow_up_not_invited_cannot_be_answered()
    {
        var f = new FollowUp(Guid.NewGuid(), ReferralTests.At(ReferralStatus.Completed), FollowUpReason.Completed, "fr", Now);
        Assert.False(f.CanCheckIn(Now));
        Assert.Throws<DomainException>(() => f.Invite("hash", Now.AddDays(30), bySms: false, byEmail: false, Now));
        Assert.Throws<DomainException>(() => f.Invite("hash", Now, bySms: true, byEmail: false, Now));
        f.Invite("hash", Now.AddDays(30), bySms: false, byEmail: true, Now);
        Assert.Equal("follow-up.invited", Assert.Throws<DomainException>(() => f.Invite("other", Now.AddDays(30), true, false, Now)).Code);
    }

    [Fact]
    public void A_follow_up_is_closed_once()
    {
        var f = Invited();
        Assert.True(f.IsOpen);
        f.Close("mediateur", Now);
        Assert.False(f.IsOpen);
        Assert.Throws<DomainException>(() => f.Close("mediateur", Now));
    }

    [Fact]
    public void The_re_diagnosis_is_the_clients_first_diagnostic_filled_after_sending()
    {
        var r = ReferralTests.At(ReferralStatus.Sent);
        var (before, first, second, foreign) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        Assert.False(r.LinkRediagnosis(before, r.ClientId, Now.AddDays(-1)));
        Assert.False(r.LinkRediagnosis(foreign, Guid.NewGuid(), Now.AddDays(5)));   // another client's
        Assert.True(r.LinkRediagnosis(second, r.ClientId, Now.AddDays(20)));
        Assert.False(r.LinkRediagnosis(Guid.NewGuid(), r.ClientId, Now.AddDays(30)));   // a later one does not replace it
        Assert.True(r.LinkRediagnosis(first, r.ClientId, Now.AddDays(10)));   // a sheet filled earlier, keyed later, does
        Assert.Equal((first, Now.AddDays(10)), (r.RediagnosisId!.Value, r.RediagnosedAt!.Value));
        Assert.False(ReferralTests.At(ReferralStatus.Proposed).LinkRediagnosis(first, r.ClientId, Now.AddDays(10)));   // never sent
    }

    [Fact]
    public void Sms_go_only_to_a_mobile_under_consent_until_stop_and_a_new_consent_starts_again()
    {
        var client = new Client(Guid.NewGuid(), "K7F-3QX", 1, Now);
        Assert.False(client.Accepts(MessageChannel.Sms));   // no consent
        client.GiveConsent("suivi-v1", "Awa", "01 23 45 67 89", "awa@exemple.fr", "mediateur", Now);
        Assert.False(client.Accepts(MessageChannel.Sms));   // a landline
        Assert.True(client.Accepts(MessageChannel.Email));
        client.WithdrawConsent("mediateur", Now);
        client.GiveConsent("suivi-v1", "Awa", "+33 7 12 34 56 78", null, "mediateur", Now);
        Assert.True(client.Accepts(MessageChannel.Sms));
        Assert.False(client.Accepts(MessageChannel.Email));

        Assert.True(client.StopMessages(MessageChannel.Sms, Now));
        Assert.False(client.StopMessages(MessageChannel.Sms, Now.AddDays(1)));   // stopped once
        Assert.False(client.Accepts(MessageChannel.Sms));
        Assert.Equal(Now, client.SmsStoppedAt);

        client.WithdrawConsent("mediateur", Now);
        client.GiveConsent("suivi-v1", "Awa", "0612345678", null, "mediateur", Now.AddDays(2));
        Assert.True(client.Accepts(MessageChannel.Sms));
    }

    [Theory]
    [InlineData("0612345678", true)]
    [InlineData("+33712345678", true)]
    [InlineData("0123456789", false)]
    [InlineData("0912345678", false)]
    [InlineData(null, false)]
    public void Only_french_mobiles_take_an_sms(string? phone, bool mobile) => Assert.Equal(mobile, ContactDetails.IsMobile(phone));
}
