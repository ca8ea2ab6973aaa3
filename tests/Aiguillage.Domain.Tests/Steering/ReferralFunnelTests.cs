using Aiguillage.Domain.Referrals;
using Aiguillage.Domain.Steering;

namespace Aiguillage.Domain.Tests.Steering;

public sealed class ReferralFunnelTests
{
    private static readonly DateTime Start = new(2026, 11, 2, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_step_counts_once_at_its_first_event_with_the_hours_since_the_step_before()
    {
        var enrolledFirst = Guid.NewGuid();
        (Guid, ReferralStatus, DateTime)[] events =
        [
            (Guid.NewGuid(), ReferralStatus.Proposed, Start),
            (Guid.NewGuid(), ReferralStatus.Sent, Start.AddMinutes(5)),
            (Guid.NewGuid(), ReferralStatus.Contacted, Start.AddDays(2).AddMinutes(30)),
            (enrolledFirst, ReferralStatus.Enrolled, Start.AddDays(3)),
            (Guid.NewGuid(), ReferralStatus.Absent, Start.AddDays(10)),
            (Guid.NewGuid(), ReferralStatus.Enrolled, Start.AddDays(11)),   // enrolled again after an absence: not a second time
        ];
        var reached = ReferralFunnel.Reached(events);
        Assert.Equal([ReferralStatus.Proposed, ReferralStatus.Sent, ReferralStatus.Contacted, ReferralStatus.Enrolled], reached.Select(r => r.Step));
        Assert.Equal([null, 0, 48, 23], reached.Select(r => r.HoursFromPrevious));
        Assert.Equal(enrolledFirst, reached[^1].EventId);
    }

    [Fact]
    public void The_median_is_read_from_counts_of_hours_in_days_with_one_decimal()
    {
        Assert.Null(ReferralFunnel.MedianDays([]));
        Assert.Equal(1.0m, ReferralFunnel.MedianDays([(24, 3)]));
        Assert.Equal(1.5m, ReferralFunnel.MedianDays([(24, 1), (48, 1)]));   // an even count: the mean of the two middle ones
        Assert.Equal(0.0m, ReferralFunnel.MedianDays([(0, 5), (240, 4)]));
        Assert.Equal(10.0m, ReferralFunnel.MedianDays([(0, 4), (240, 5)]));
    }
}
