using Aiguillage.Domain.Statistics;
using FsCheck;
using FsCheck.Fluent;

namespace Aiguillage.Domain.Tests.Statistics;

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
