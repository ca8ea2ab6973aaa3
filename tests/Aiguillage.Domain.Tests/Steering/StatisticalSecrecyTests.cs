using Aiguillage.Domain.Steering;
using FsCheck;
using FsCheck.Fluent;

namespace Aiguillage.Domain.Tests.Steering;

public sealed class StatisticalSecrecyTests
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(400);

    /// <summary>Random tables of 1–6 rows and 1–6 columns, with many small counts (the hard case).</summary>
    private static readonly Arbitrary<long[,]> AnyTable = Gen.Choose(1, 6).SelectMany(rows => Gen.Choose(1, 6).SelectMany(columns =>
        Gen.ArrayOf(Gen.Frequency((3, Gen.Choose(0, 0)), (5, Gen.Choose(1, 10)), (4, Gen.Choose(11, 60))), rows * columns).Select(values =>
        {
            var cells = new long[rows, columns];
            for (var i = 0; i < values.Length; i++)
            {
                cells[i / columns, i % columns] = values[i];
            }

            return cells;
        }))).ToArbitrary();

    private static CountTable Table(long[,] cells) =>
        new([.. Enumerable.Range(0, cells.GetLength(0)).Select(i => $"r{i}")], [.. Enumerable.Range(0, cells.GetLength(1)).Select(i => $"c{i}")], cells);

    [Fact]
    public void No_published_number_is_between_1_and_10() =>
        Prop.ForAll(AnyTable, cells =>
        {
            var table = Table(cells);
            var grid = table.WithMargins();
            var hidden = StatisticalSecrecy.Suppress(table);
            for (var r = 0; r < grid.GetLength(0); r++)
            {
                for (var c = 0; c < grid.GetLength(1); c++)
                {
                    if (!hidden[r, c] && grid[r, c] is > 0 and < 11)
                    {
                        throw new InvalidOperationException($"published {grid[r, c]} at ({r}, {c})");
                    }
                }
            }
        }).Check(Runs);

    [Fact]
    public void No_hidden_number_can_be_recomputed_from_the_published_ones() =>
        Prop.ForAll(AnyTable, cells =>
        {
            var table = Table(cells);
            var hidden = StatisticalSecrecy.Suppress(table);
            if (Algebra.FirstDetermined(hidden) is { } determined)
            {
                throw new InvalidOperationException($"hidden entry ({determined.Row}, {determined.Column}) is determined by the published ones");
            }
        }).Check(Runs);

    /// <summary>Random three-way counts: 1–5 departments × 1–4 months × 2–5 levels, many small.</summary>
    private static readonly Arbitrary<long[][][]> AnyCube = Gen.Choose(1, 5).SelectMany(departments => Gen.Choose(1, 4).SelectMany(months => Gen.Choose(2, 5).SelectMany(levels =>
        Gen.ArrayOf(Gen.ArrayOf(Gen.ArrayOf(Gen.Frequency((3, Gen.Choose(0, 0)), (5, Gen.Choose(1, 10)), (3, Gen.Choose(11, 40))).Select(v => (long)v), levels), months), departments)))).ToArbitrary();

    [Fact]
    public void A_breakdown_of_a_published_table_publishes_no_small_number_and_leaves_no_hidden_cell_alone_in_its_row() =>
        Prop.ForAll(AnyCube, cube =>
        {
            // The table of diagnostics by department × month (with its margins), then each of its cells broken down by level.
            var cells = new long[cube.Length, cube[0].Length];
            for (var d = 0; d < cube.Length; d++)
            {
                for (var m = 0; m < cube[d].Length; m++)
                {
                    cells[d, m] = cube[d][m].Sum();
                }
            }

            var hiddenTotals = StatisticalSecrecy.Suppress(Table(cells));
            for (var d = 0; d < cube.Length; d++)
            {
                for (var m = 0; m < cube[d].Length; m++)
                {
                    var row = cube[d][m];
                    var hidden = StatisticalSecrecy.SuppressRow(cells[d, m], hiddenTotals[d, m], row, additive: true);
                    if (hiddenTotals[d, m] && hidden.Any(h => !h))
                    {
                        throw new InvalidOperationException($"({d}, {m}): its total is hidden, yet part of its breakdown is published");
                    }

                    if (Enumerable.Range(0, row.Length).Any(i => !hidden[i] && row[i] is > 0 and < 11))
                    {
                        throw new InvalidOperationException($"({d}, {m}): a number from 1 to 10 is published");
                    }

                    // The row's only equation (no column totals are published): one hidden cell alone would be the total minus the others.
                    if (!hiddenTotals[d, m] && hidden.Count(h => h) == 1)
                    {
                        throw new InvalidOperationException($"({d}, {m}): a single hidden cell can be recomputed from the published total");
                    }
                }
            }
        }).Check(Runs);

    [Fact]
    public void Cells_that_do_not_add_up_are_hidden_by_the_primary_rule_alone_and_a_hidden_total_hides_its_row()
    {
        Assert.Equal([true, false, false], StatisticalSecrecy.SuppressRow(40, false, [3, 0, 25], additive: false));
        Assert.Equal([true, true, false], StatisticalSecrecy.SuppressRow(40, false, [3, 12, 25], additive: true));   // 12, the smallest other, goes with 3
        Assert.All(StatisticalSecrecy.SuppressRow(0, true, [0, 0, 30], additive: true), Assert.True);
        Assert.All(StatisticalSecrecy.SuppressRow(7, false, [7, 0], additive: true), Assert.True);
    }

    [Fact]
    public void A_small_cell_alone_in_its_row_brings_a_rectangle_with_it()
    {
        var table = Table(new long[,] { { 3, 40, 50 }, { 20, 30, 45 } });
        var hidden = StatisticalSecrecy.Suppress(table);
        Assert.True(hidden[0, 0]);
        Assert.Equal(4, Enumerable.Range(0, 3).Sum(r => Enumerable.Range(0, 4).Count(c => hidden[r, c])));   // 3, its column neighbour 20, and the cheapest pair beside them
        Assert.True(hidden[1, 0]);
        Assert.Null(Algebra.FirstDetermined(hidden));
    }

    [Fact]
    public void The_independent_check_catches_primary_suppression_alone()
    {
        var primaryOnly = new bool[3, 3];
        primaryOnly[0, 0] = true;   // a 3 hidden alone: its row total gives it back
        Assert.Equal((0, 0), Algebra.FirstDetermined(primaryOnly));
        var pair = new bool[3, 3];
        pair[0, 0] = pair[0, 1] = true;   // two in a row, each alone in its column: still given back by the columns
        Assert.NotNull(Algebra.FirstDetermined(pair));
    }

    [Fact]
    public void A_table_without_small_numbers_is_published_whole()
    {
        var hidden = StatisticalSecrecy.Suppress(Table(new long[,] { { 0, 40 }, { 20, 11 } }));
        Assert.All(hidden.Cast<bool>(), h => Assert.False(h));
    }

    /// <summary>
    /// An independent check by linear algebra: the equations are "each row of the table with margins sums to its
    /// total, each column too". A hidden entry is determined when its unit vector lies in the row space of those
    /// equations restricted to the hidden entries (rank test with Gaussian elimination).
    /// </summary>
    private static class Algebra
    {
        public static (int Row, int Column)? FirstDetermined(bool[,] hidden)
        {
            var (rows, columns) = (hidden.GetLength(0), hidden.GetLength(1));
            var unknowns = new List<(int Row, int Column)>();
            for (var r = 0; r < rows; r++)
            {
                for (var c = 0; c < columns; c++)
                {
                    if (hidden[r, c])
                    {
                        unknowns.Add((r, c));
                    }
                }
            }

            if (unknowns.Count == 0)
            {
                return null;
            }

            // One equation per line: data rows "Σ cells − row total", the totals row "Σ column totals − grand", columns alike.
            var equations = new List<double[]>();
            for (var r = 0; r < rows; r++)
            {
                equations.Add([.. unknowns.Select(u => u.Row == r ? (u.Column == columns - 1 ? -1.0 : 1.0) : 0.0)]);
            }

            for (var c = 0; c < columns; c++)
            {
                equations.Add([.. unknowns.Select(u => u.Column == c ? (u.Row == rows - 1 ? -1.0 : 1.0) : 0.0)]);
            }

            var rank = Rank(equations);
            for (var i = 0; i < unknowns.Count; i++)
            {
                var unit = new double[unknowns.Count];
                unit[i] = 1;
                if (Rank([.. equations, unit]) == rank)
                {
                    return unknowns[i];
                }
            }

            return null;
        }

        private static int Rank(List<double[]> matrix)
        {
            var m = matrix.Select(row => (double[])row.Clone()).ToList();
            var rank = 0;
            var width = m.Count == 0 ? 0 : m[0].Length;
            for (var column = 0; column < width && rank < m.Count; column++)
            {
                var pivot = Enumerable.Range(rank, m.Count - rank).FirstOrDefault(i => Math.Abs(m[i][column]) > 1e-9, -1);
                if (pivot < 0)
                {
                    continue;
                }

                (m[rank], m[pivot]) = (m[pivot], m[rank]);
                for (var i = 0; i < m.Count; i++)
                {
                    if (i != rank && Math.Abs(m[i][column]) > 1e-9)
                    {
                        var factor = m[i][column] / m[rank][column];
                        for (var j = column; j < width; j++)
                        {
                            m[i][j] -= factor * m[rank][j];
                        }
                    }
                }

                rank++;
            }

            return rank;
        }
    }
}
