using Aiguillage.Web.Features.Steering;

namespace Aiguillage.Web.Tests.Steering;

/// <summary>
/// How the background runner slices a backlog of diagnostics (issue 23 §5): small slices for live traffic, doubled
/// while they come full and quick up to a ceiling (PostgreSQL's SQL fold upserts each touched cell once per slice),
/// never past what is left. The fold itself is a function here: what is tested is the slicing, which the SQL fold's
/// parity with the counter by rows (SetBasedFoldTests) does not depend on.
/// </summary>
public sealed class FoldSlicesTests
{
    /// <summary>A backlog of <paramref name="rows"/> rows; records each slice size asked for.</summary>
    private static (Func<int, CancellationToken, Task<int>> Fold, List<int> Asked) Backlog(long rows)
    {
        var asked = new List<int>();
        var left = rows;
        return ((size, _) =>
        {
            asked.Add(size);
            var passed = (int)Math.Min(size, left);
            left -= passed;
            return Task.FromResult(passed);
        }, asked);
    }

    [Fact]
    public async Task Quick_full_slices_double_up_to_the_ceiling_and_the_backlog_is_passed_whole()
    {
        var (fold, asked) = Backlog(900);
        var (rows, slices) = await SteeringCube.InSlicesAsync(fold, first: 10, max: 80, growBelow: TimeSpan.MaxValue, pause: TimeSpan.Zero, CancellationToken.None);

        Assert.Equal(900, rows);
        Assert.Equal([10, 20, 40, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80, 80], asked);
        Assert.Equal(asked.Count, slices);
    }

    [Fact]
    public async Task Slow_slices_keep_their_size_and_a_ceiling_below_the_first_slice_changes_nothing()
    {
        var (slow, slowAsked) = Backlog(95);
        Assert.Equal((95L, 10), await SteeringCube.InSlicesAsync(slow, first: 10, max: 80, growBelow: TimeSpan.Zero, pause: TimeSpan.Zero, CancellationToken.None));
        Assert.All(slowAsked, size => Assert.Equal(10, size));

        // SQLite's runner: the ceiling is the first slice, so the slices never grow (the fold holds its one writer lock).
        var (fixedSize, fixedAsked) = Backlog(95);
        Assert.Equal((95L, 10), await SteeringCube.InSlicesAsync(fixedSize, first: 10, max: 10, growBelow: TimeSpan.MaxValue, pause: TimeSpan.Zero, CancellationToken.None));
        Assert.All(fixedAsked, size => Assert.Equal(10, size));
    }

    [Fact]
    public async Task An_empty_backlog_is_one_empty_slice_and_a_slice_held_back_ends_the_pass()
    {
        var (empty, emptyAsked) = Backlog(0);
        Assert.Equal((0L, 1), await SteeringCube.InSlicesAsync(empty, 250, 1_024_000, TimeSpan.MaxValue, TimeSpan.Zero, CancellationToken.None));
        Assert.Equal([250], emptyAsked);

        // A first slice of 0 rows would ask for nothing forever: it is one row at least.
        var (zero, zeroAsked) = Backlog(3);
        Assert.Equal((3L, 4), await SteeringCube.InSlicesAsync(zero, 0, 0, TimeSpan.Zero, TimeSpan.Zero, CancellationToken.None));
        Assert.Equal([1, 1, 1, 1], zeroAsked);   // the fourth comes back empty

        // A slice that comes back short (an open transaction holds the watermark back) ends the pass: the next tick goes on.
        var calls = 0;
        var (rows, slices) = await SteeringCube.InSlicesAsync((size, _) => Task.FromResult(++calls == 1 ? size : 3), 250, 1_024_000, TimeSpan.MaxValue, TimeSpan.Zero, CancellationToken.None);
        Assert.Equal((253L, 2), (rows, slices));
    }
}
