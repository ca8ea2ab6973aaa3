namespace Aiguillage.Domain.Steering;

/// <summary>A two-way table of counts as published: cells, row totals, column totals and the grand total.</summary>
public sealed record CountTable(IReadOnlyList<string> Rows, IReadOnlyList<string> Columns, long[,] Cells)
{
    public long RowTotal(int r) => Enumerable.Range(0, Columns.Count).Sum(c => Cells[r, c]);

    public long ColumnTotal(int c) => Enumerable.Range(0, Rows.Count).Sum(r => Cells[r, c]);

    public long GrandTotal => Enumerable.Range(0, Rows.Count).Sum(RowTotal);

    /// <summary>The table with its margins: row <c>Rows.Count</c> holds the column totals, column <c>Columns.Count</c> the row totals.</summary>
    public long[,] WithMargins()
    {
        var (rows, columns) = (Rows.Count, Columns.Count);
        var grid = new long[rows + 1, columns + 1];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                grid[r, c] = Cells[r, c];
            }

            grid[r, columns] = RowTotal(r);
        }

        for (var c = 0; c < columns; c++)
        {
            grid[rows, c] = ColumnTotal(c);
        }

        grid[rows, columns] = GrandTotal;
        return grid;
    }
}

/// <summary>
/// Statistical secrecy for open data (issue 8), applied to a table with its margins:
/// <list type="number">
/// <item><b>Primary</b>: every count from 1 to <see cref="Threshold"/> − 1 (cells and totals alike) is hidden: a
/// published number is 0 or at least 11.</item>
/// <item><b>Secondary</b>: hidden numbers must not be recomputable from the published ones. With margins, each row
/// and each column is one equation; hidden entries are the edges of a bipartite graph (row line — column line), and a
/// hidden entry is determined exactly when its edge is a bridge of that graph (it lies on no cycle). So while a
/// bridge remains, the smallest rectangle of other entries that puts it on a cycle is hidden too (positive counts
/// preferred: hiding a zero protects little in practice).</item>
/// </list>
/// See docs/statistical-secrecy.md.
/// </summary>
public static class StatisticalSecrecy
{
    public const int Threshold = 11;

    /// <summary>Which entries of the table with margins (<see cref="CountTable.WithMargins"/>) are hidden.</summary>
    public static bool[,] Suppress(CountTable table)
    {
        var grid = table.WithMargins();
        var (rows, columns) = (grid.GetLength(0), grid.GetLength(1));
        var hidden = new bool[rows, columns];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                hidden[r, c] = grid[r, c] is > 0 and < Threshold;
            }
        }

        while (FindBridge(hidden) is { } bridge)
        {
            CloseCycle(grid, hidden, bridge.Row, bridge.Column);
        }

        return hidden;
    }

    /// <summary>
    /// One row of a breakdown table (e.g. the diagnostics of a department and a month by level), whose total is a
    /// number published elsewhere — or hidden there. Breakdown tables publish no column totals, so each row is its only
    /// equation and tables do not leak through one another (docs/statistical-secrecy.md):
    /// <list type="bullet">
    /// <item>a row whose total is hidden (here or in the table it comes from) is hidden whole;</item>
    /// <item>otherwise every count from 1 to 10 is hidden, and when the cells add up to the total
    /// (<paramref name="additive"/>) and exactly one is hidden, the smallest other positive one is hidden too, so that
    /// no hidden cell equals the total minus the published ones.</item>
    /// </list>
    /// Cells that do not add up (needs: one diagnostic may name several) have no equation: primary suppression alone.
    /// </summary>
    public static bool[] SuppressRow(long total, bool totalHidden, IReadOnlyList<long> cells, bool additive)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (totalHidden || total is > 0 and < Threshold)
        {
            return [.. cells.Select(_ => true)];
        }

        var hidden = cells.Select(c => c is > 0 and < Threshold).ToArray();
        if (additive && hidden.Count(h => h) == 1)
        {
            var next = Enumerable.Range(0, cells.Count).Where(i => !hidden[i] && cells[i] > 0).OrderBy(i => cells[i]).Cast<int?>().FirstOrDefault()
                // The total is at least 11 and the hidden cell at most 10: another positive cell exists, unless the
                // cells do not add up to the total; then a zero is hidden rather than leave the cell recomputable.
                ?? Enumerable.Range(0, cells.Count).First(i => !hidden[i]);
            hidden[next] = true;
        }

        return hidden;
    }

    /// <summary>A hidden entry lying on no cycle of hidden entries (so it could be recomputed), or null.</summary>
    public static (int Row, int Column)? FindBridge(bool[,] hidden)
    {
        var (rows, columns) = (hidden.GetLength(0), hidden.GetLength(1));
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                // An edge r–c is a bridge when, without it, column c cannot be reached from row r through hidden entries.
                if (hidden[r, c] && !Connected(hidden, r, c))
                {
                    return (r, c);
                }
            }
        }

        return null;
    }

    private static bool Connected(bool[,] hidden, int fromRow, int toColumn)
    {
        var (rows, columns) = (hidden.GetLength(0), hidden.GetLength(1));
        var seenRows = new bool[rows];
        var seenColumns = new bool[columns];
        var queue = new Queue<(bool IsRow, int Index)>();
        queue.Enqueue((true, fromRow));
        seenRows[fromRow] = true;
        while (queue.Count > 0)
        {
            var (isRow, index) = queue.Dequeue();
            if (isRow)
            {
                for (var c = 0; c < columns; c++)
                {
                    if (hidden[index, c] && !(index == fromRow && c == toColumn) && !seenColumns[c])
                    {
                        if (c == toColumn)
                        {
                            return true;
                        }

                        seenColumns[c] = true;
                        queue.Enqueue((false, c));
                    }
                }
            }
            else
            {
                for (var r = 0; r < rows; r++)
                {
                    if (hidden[r, index] && !(r == fromRow && index == toColumn) && !seenRows[r])
                    {
                        seenRows[r] = true;
                        queue.Enqueue((true, r));
                    }
                }
            }
        }

        return false;
    }

    /// <summary>Hides the cheapest rectangle (r, c2), (r2, c2), (r2, c) so that entry (r, c) lies on a cycle.</summary>
    private static void CloseCycle(long[,] grid, bool[,] hidden, int r, int c)
    {
        static long Cost(long[,] grid, bool[,] hidden, int row, int column) =>
            hidden[row, column] ? 0 : grid[row, column] == 0 ? 1_000_000_000 : grid[row, column];

        var (rows, columns) = (grid.GetLength(0), grid.GetLength(1));
        (int R2, int C2, long Cost)? best = null;
        for (var r2 = 0; r2 < rows; r2++)
        {
            for (var c2 = 0; c2 < columns; c2++)
            {
                if (r2 == r || c2 == c)
                {
                    continue;
                }

                var cost = Cost(grid, hidden, r, c2) + Cost(grid, hidden, r2, c2) + Cost(grid, hidden, r2, c);
                if (best is null || cost < best.Value.Cost)
                {
                    best = (r2, c2, cost);
                }
            }
        }

        // A table with margins has at least two rows and two columns, so a rectangle always exists.
        var (bestRow, bestColumn, _) = best!.Value;
        hidden[r, bestColumn] = hidden[bestRow, bestColumn] = hidden[bestRow, c] = true;
    }
}
