using Aiguillage.Domain.Referrals;

namespace Aiguillage.Domain.Steering;

/// <summary>What the office did after a diagnostic, at most (issue 20 §2): the tiers of the action catalogue.</summary>
public enum OutcomeTier
{
    /// <summary>No action noted after the diagnostic.</summary>
    None = 0,

    /// <summary>Informed (an information sheet).</summary>
    Inform = 1,

    /// <summary>Accompanied in the office, hands-on.</summary>
    Accompany = 2,

    /// <summary>Referred to a partner.</summary>
    Refer = 3,
}

/// <summary>A diagnostic's result as the outcome figures read it: when, the level and the three axes.</summary>
public sealed record OutcomeSnapshot(DateTime FilledAt, int Level, int Equipment, int KnowHowPercent, int Confidence);

/// <summary>
/// One path from a diagnostic: its tier, the referral steps it reached (none outside « orienter »), the client's
/// check-in answers, the diagnostic it started from and the re-diagnosis that followed, if any.
/// </summary>
public sealed record OutcomePath(
    OutcomeTier Tier,
    IReadOnlySet<ReferralStatus> Steps,
    CheckInAnswer? Attended,
    CheckInAnswer? Helps,
    OutcomeSnapshot? First,
    OutcomeSnapshot? Again);

/// <summary>The mean of a change and what its interval needs: how many, and the sample standard deviation.</summary>
public sealed record MeanChange(long Count, double Mean, double StandardDeviation)
{
    /// <summary>The 95 % interval, mean ± t·sd/√n, with <paramref name="tCritical"/> the Student quantile for n − 1 degrees of freedom.</summary>
    public (double Lower, double Upper) Interval(double tCritical)
    {
        var half = tCritical * StandardDeviation / Math.Sqrt(Count);
        return (Mean - half, Mean + half);
    }
}

/// <summary>The figures of one group of paths (a partner, a theme, a tier, an agreement), as observed.</summary>
public sealed record OutcomeGroup(
    string Key,
    long Paths,
    IReadOnlyDictionary<ReferralStatus, long> Steps,
    long Rediagnosed,
    long CheckIns,
    IReadOnlyDictionary<CheckInAnswer, long> Attended,
    IReadOnlyDictionary<CheckInAnswer, long> Helps,
    MeanChange? Level,
    MeanChange? Equipment,
    MeanChange? KnowHow,
    MeanChange? Confidence,
    long GainedALevel,
    long ReachedAutonomy,
    double? MedianDaysToAutonomy);

/// <summary>
/// The outcome figures (issue 20 §2): for paths of one group, how many reached each step and were diagnosed again,
/// the check-in answers, and between the diagnostic and its re-diagnosis the mean change of the level and of each axis,
/// how many gained at least one level, and the median time to « autonome » among those who reached it. Observed on the
/// clients who came back, who are not all clients: the figures say what was seen, not what the path caused.
/// </summary>
public static class OutcomeFigures
{
    public static OutcomeGroup Summarise(string key, IEnumerable<OutcomePath> paths, int autonomousLevel)
    {
        var list = paths as IReadOnlyList<OutcomePath> ?? [.. paths];
        var steps = ReferralFunnel.Steps.ToDictionary(s => s, s => (long)list.Count(p => p.Steps.Contains(s)));
        var checkIns = list.Where(p => p.Attended is not null).ToList();
        var pairs = list.Where(p => p.First is not null && p.Again is not null).Select(p => (First: p.First!, Again: p.Again!)).ToList();
        var autonomy = pairs.Where(p => p.First.Level < autonomousLevel && p.Again.Level >= autonomousLevel)
            .Select(p => (p.Again.FilledAt - p.First.FilledAt).TotalDays).ToList();
        return new OutcomeGroup(
            key,
            list.Count,
            steps,
            pairs.Count,
            checkIns.Count,
            Enum.GetValues<CheckInAnswer>().ToDictionary(a => a, a => (long)checkIns.Count(p => p.Attended == a)),
            Enum.GetValues<CheckInAnswer>().ToDictionary(a => a, a => (long)checkIns.Count(p => p.Helps == a)),
            Mean(pairs.Select(p => (double)(p.Again.Level - p.First.Level))),
            Mean(pairs.Select(p => (double)(p.Again.Equipment - p.First.Equipment))),
            Mean(pairs.Select(p => (double)(p.Again.KnowHowPercent - p.First.KnowHowPercent))),
            Mean(pairs.Select(p => (double)(p.Again.Confidence - p.First.Confidence))),
            pairs.Count(p => p.Again.Level >= p.First.Level + 1),
            autonomy.Count,
            Median(autonomy));
    }

    /// <summary>Mean and sample standard deviation; null for fewer than two values (no interval can be given).</summary>
    public static MeanChange? Mean(IEnumerable<double> values)
    {
        long n = 0;
        double mean = 0, m2 = 0;
        foreach (var x in values)
        {
            // Welford's running mean and sum of squares: one pass, no cancellation.
            n++;
            var delta = x - mean;
            mean += delta / n;
            m2 += delta * (x - mean);
        }

        return n < 2 ? null : new MeanChange(n, mean, Math.Sqrt(m2 / (n - 1)));
    }

    /// <summary>The median (the mean of the two middle values for an even count); null without values.</summary>
    public static double? Median(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
