using Aiguillage.Domain.Referrals;
using Aiguillage.Domain.Steering;

namespace Aiguillage.Domain.Tests.Steering;

/// <summary>Issue 20 §2: the outcome figures against a naive computation written separately, on generated paths.</summary>
public sealed class OutcomeFiguresTests
{
    private static readonly DateTime Start = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);

    private static List<OutcomePath> Generated(int count, int seed)
    {
        var random = new Random(seed);
        var paths = new List<OutcomePath>();
        for (var i = 0; i < count; i++)
        {
            var level = random.Next(0, 5);
            var first = new OutcomeSnapshot(Start.AddDays(random.Next(0, 60)), level, random.Next(0, 9), random.Next(0, 101), random.Next(0, 5));
            OutcomeSnapshot? again = random.NextDouble() < 0.6
                ? new OutcomeSnapshot(first.FilledAt.AddDays(random.Next(1, 200)), Math.Clamp(level + random.Next(-1, 3), 0, 4), random.Next(0, 9), random.Next(0, 101), random.Next(0, 5))
                : null;
            var steps = ReferralFunnel.Steps.Take(random.Next(0, ReferralFunnel.Steps.Count + 1)).ToHashSet();
            CheckInAnswer? attended = random.NextDouble() < 0.3 ? (random.Next(2) == 0 ? CheckInAnswer.Yes : CheckInAnswer.No) : null;
            CheckInAnswer? helps = attended is null ? null : (CheckInAnswer)random.Next(3);
            paths.Add(new OutcomePath(OutcomeTier.Refer, steps, attended, helps, first, again));
        }

        return paths;
    }

    [Fact]
    public void The_figures_equal_a_naive_computation_on_generated_paths()
    {
        var paths = Generated(500, seed: 20);
        var group = OutcomeFigures.Summarise("A", paths, autonomousLevel: 4);

        var pairs = paths.Where(p => p.Again is not null).ToList();
        var changes = pairs.Select(p => (double)(p.Again!.Level - p.First!.Level)).ToList();
        var mean = changes.Sum() / changes.Count;
        var sd = Math.Sqrt(changes.Sum(c => (c - mean) * (c - mean)) / (changes.Count - 1));
        Assert.Equal(500, group.Paths);
        Assert.Equal(pairs.Count, group.Rediagnosed);
        Assert.Equal(mean, group.Level!.Mean, 10);
        Assert.Equal(sd, group.Level.StandardDeviation, 10);
        Assert.Equal(pairs.Count(p => p.Again!.Level > p.First!.Level), group.GainedALevel);
        var knowHow = pairs.Select(p => (double)(p.Again!.KnowHowPercent - p.First!.KnowHowPercent)).ToList();
        Assert.Equal(knowHow.Sum() / knowHow.Count, group.KnowHow!.Mean, 10);

        foreach (var step in ReferralFunnel.Steps)
        {
            Assert.Equal(paths.Count(p => p.Steps.Contains(step)), group.Steps[step]);
        }

        Assert.Equal(paths.Count(p => p.Attended is not null), group.CheckIns);
        Assert.Equal(paths.Count(p => p.Helps == CheckInAnswer.ABit), group.Helps[CheckInAnswer.ABit]);

        // The median time to « autonome », among those who were not autonomous and became so: sorted by hand.
        var days = pairs.Where(p => p.First!.Level < 4 && p.Again!.Level >= 4).Select(p => (p.Again!.FilledAt - p.First!.FilledAt).TotalDays).OrderBy(d => d).ToList();
        Assert.Equal(days.Count, group.ReachedAutonomy);
        var median = days.Count % 2 == 1 ? days[days.Count / 2] : (days[(days.Count / 2) - 1] + days[days.Count / 2]) / 2;
        Assert.Equal(median, group.MedianDaysToAutonomy);
    }

    [Fact]
    public void The_interval_is_the_mean_plus_or_minus_t_times_the_standard_error()
    {
        // Changes 0, 1, 1, 2, 1: mean 1, sd √0.5; with t(0.975; 4) = 2.776 (tables), 1 ± 2.776·0.7071/√5.
        var change = OutcomeFigures.Mean([0, 1, 1, 2, 1])!;
        var (lower, upper) = change.Interval(2.776);
        Assert.Equal(1, change.Mean, 12);
        Assert.Equal(1 - (2.776 * Math.Sqrt(0.5) / Math.Sqrt(5)), lower, 12);
        Assert.Equal(1 + (2.776 * Math.Sqrt(0.5) / Math.Sqrt(5)), upper, 12);
        Assert.Null(OutcomeFigures.Mean([3]));
        Assert.Null(OutcomeFigures.Median([]));
    }
}
