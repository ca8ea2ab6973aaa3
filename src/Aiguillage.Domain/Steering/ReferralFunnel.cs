using Aiguillage.Domain.Referrals;

namespace Aiguillage.Domain.Steering;

/// <summary>
/// The referral funnel of steering (issue 8): proposed → sent → contacted → enrolled → attended → completed. A referral
/// counts at a step the first time it reached it, with the time since it first reached the step before, in whole hours
/// (so that delays can be kept as counts in the steering cells and their median read back from them).
/// </summary>
public static class ReferralFunnel
{
    public static readonly IReadOnlyList<ReferralStatus> Steps =
        [ReferralStatus.Proposed, ReferralStatus.Sent, ReferralStatus.Contacted, ReferralStatus.Enrolled, ReferralStatus.Attended, ReferralStatus.Completed];

    /// <summary>Delays beyond a year are counted as a year: the median is what matters, not the tail.</summary>
    public const int MaxHours = 24 * 365;

    /// <summary>
    /// For one referral's events: each step it reached, by the event that first reached it, with the hours since the
    /// previous step was first reached (null for the first step, or when the previous step was never reached).
    /// </summary>
    public static IReadOnlyList<(ReferralStatus Step, Guid EventId, int? HoursFromPrevious)> Reached(IEnumerable<(Guid Id, ReferralStatus To, DateTime At)> events)
    {
        var first = events.Where(e => Steps.Contains(e.To)).GroupBy(e => e.To)
            .ToDictionary(g => g.Key, g => g.OrderBy(e => e.At).ThenBy(e => e.Id).First());
        var reached = new List<(ReferralStatus, Guid, int?)>();
        for (var i = 0; i < Steps.Count; i++)
        {
            if (!first.TryGetValue(Steps[i], out var at))
            {
                continue;
            }

            int? hours = i > 0 && first.TryGetValue(Steps[i - 1], out var before)
                ? (int)Math.Clamp(Math.Floor((at.At - before.At).TotalHours), 0, MaxHours)
                : null;
            reached.Add((Steps[i], at.Id, hours));
        }

        return reached;
    }

    /// <summary>The median of delays given as (hours, how many), in days with one decimal; null without any.</summary>
    public static decimal? MedianDays(IEnumerable<(int Hours, long Count)> delays)
    {
        var sorted = delays.Where(d => d.Count > 0).OrderBy(d => d.Hours).ToList();
        var total = sorted.Sum(d => d.Count);
        if (total == 0)
        {
            return null;
        }

        int At(long index)
        {
            foreach (var (hours, count) in sorted)
            {
                if (index < count)
                {
                    return hours;
                }

                index -= count;
            }

            throw new InvalidOperationException("index beyond the delays");
        }

        var median = total % 2 == 1 ? At(total / 2) : (At((total / 2) - 1) + At(total / 2)) / 2m;
        return Math.Round(median / 24m, 1, MidpointRounding.AwayFromZero);
    }
}
