using System.Globalization;
using System.Text;
using Aiguillage.Domain.Statistics;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Territories;
using Aiguillage.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Steering;

/// <summary>
/// Public statistics (issue 8, first table): diagnostics by department and month over the last twelve complete
/// months, under statistical secrecy (docs/statistical-secrecy.md): a published number is 0 or at least 11, and no
/// hidden number can be recomputed from the totals. One two-way table only: tables sharing totals could leak.
/// </summary>
[AllowAnonymous]
public sealed class OpenDataModel(AppDbContext db, TerritoryDirectory territories, TimeProvider clock) : PageModel
{
    public const string Secret = "secret";

    public CountTable Table { get; private set; } = null!;

    /// <summary>The table with its margins and what is hidden in it.</summary>
    public long[,] Grid { get; private set; } = new long[0, 0];

    public bool[,] Hidden { get; private set; } = new bool[0, 0];

    public IReadOnlyList<DateOnly> Months { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>The same table as CSV for French Excel; hidden numbers read « secret ».</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(';', ["departement", .. Months.Select(m => m.ToString("yyyy-MM", CultureInfo.InvariantCulture)), "total"]));
        for (var r = 0; r <= Table.Rows.Count; r++)
        {
            var label = r < Table.Rows.Count ? Table.Rows[r] : "total";
            csv.AppendLine(string.Join(';', [label, .. Enumerable.Range(0, Months.Count + 1).Select(c => Cell(r, c))]));
        }

        return File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray(), "text/csv; charset=utf-8", "aiguillage-diagnostics-departements-mois.csv");
    }

    public string Cell(int row, int column) => Hidden[row, column] ? Secret : Grid[row, column].ToString(CultureInfo.InvariantCulture);

    public string DepartmentName(string code) => territories.FindDepartment(code)?.Name is { } name ? $"{name} ({code})" : code;

    private async Task LoadAsync(CancellationToken ct)
    {
        var today = ParisTime.Today(clock);
        var to = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);   // complete months only
        var from = to.AddMonths(-11);
        Months = [.. Enumerable.Range(0, 12).Select(i => from.AddMonths(i))];
        var counts = await db.SteeringCells.AsNoTracking()
            .Where(c => c.Kind == CubeKind.Level && c.DepartmentCode != SteeringCube.Nation && c.Month >= from && c.Month <= to)
            .GroupBy(c => new { c.DepartmentCode, c.Month }).Select(g => new { g.Key.DepartmentCode, g.Key.Month, Count = g.Sum(c => c.Count) }).ToListAsync(ct);
        var departments = counts.Select(c => c.DepartmentCode).Distinct().Order(StringComparer.Ordinal).ToList();
        var row = departments.Select((d, i) => (d, i)).ToDictionary(x => x.d, x => x.i);
        var column = Months.Select((m, i) => (m, i)).ToDictionary(x => x.m, x => x.i);
        var cells = new long[departments.Count, Months.Count];
        foreach (var c in counts)
        {
            cells[row[c.DepartmentCode], column[c.Month]] += c.Count;
        }

        Table = new CountTable(departments, [.. Months.Select(m => m.ToString("yyyy-MM", CultureInfo.InvariantCulture))], cells);
        Grid = Table.WithMargins();
        Hidden = StatisticalSecrecy.Suppress(Table);
    }
}
