using System.Globalization;
using Aiguillage.Domain.Orientation;
using Aiguillage.Domain.Referrals;
using Aiguillage.Domain.Statistics;
using Aiguillage.Web.Features.Diagnostics;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Territories;
using Aiguillage.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Steering;

/// <summary>
/// One published breakdown: for each department and month, a total and its parts; null where the number is secret.
/// </summary>
public sealed record OpenTable(string Id, string Title, string Total, IReadOnlyList<string> Parts, IReadOnlyList<(string Department, DateOnly Month, long? Total, long?[] Parts)> Rows);

/// <summary>
/// Public statistics (issue 8) over the last twelve complete months, under statistical secrecy
/// (docs/statistical-secrecy.md): diagnostics by department × month with its totals, then four breakdowns by
/// department and month — levels, needs, actions by tier, referrals. A published number is 0 or at least 11; no hidden
/// number can be recomputed from the totals. Breakdowns publish no column totals and hide whole every row whose total
/// is hidden, so the tables cannot be combined to recompute one another's secrets. No account needed.
/// </summary>
[AllowAnonymous]
[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = Platform.PlatformSetup.OpenDataCache)]
public sealed class OpenDataModel(AppDbContext db, TerritoryDirectory territories, QuestionnaireCatalog catalog, TimeProvider clock) : PageModel
{
    public const string Secret = "secret";

    public static readonly string[] TableIds = ["diagnostics", "niveaux", "besoins", "actions", "orientations"];

    public CountTable Table { get; private set; } = null!;

    /// <summary>The table with its margins and what is hidden in it.</summary>
    public long[,] Grid { get; private set; } = new long[0, 0];

    public bool[,] Hidden { get; private set; } = new bool[0, 0];

    public IReadOnlyList<DateOnly> Months { get; private set; } = [];

    public IReadOnlyList<OpenTable> Breakdowns { get; private set; } = [];

    /// <summary>The department whose breakdowns the page shows (all of them are in the files).</summary>
    [BindProperty(SupportsGet = true, Name = "departement")]
    public string? Department { get; set; }

    public IReadOnlyList<Department> Departments => [.. territories.Departments];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(Department) && territories.FindDepartment(Department) is null)
        {
            ModelState.AddModelError(nameof(Department), $"« {Department} » n'est pas un code de département (par exemple 42, 2A, 974).");
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        await LoadAsync(ct);
        return Page();
    }

    /// <summary>One table as a file, CSV (French Excel) or XLSX; hidden numbers read « secret ».</summary>
    public async Task<IActionResult> OnGetFileAsync(string? table, string? format, CancellationToken ct)
    {
        if (TableFile.Parse(format) is not { } chosen)
        {
            return BadRequest(new ValidationProblemDetails(new Dictionary<string, string[]> { ["format"] = ["Le format est « csv » ou « xlsx »."] }));
        }

        if (!TableIds.Contains(table))
        {
            return NotFound();
        }

        await LoadAsync(ct);
        IReadOnlyList<string> headings;
        IEnumerable<object?[]> rows;
        if (table == "diagnostics")
        {
            headings = ["departement", .. Months.Select(m => m.ToString("yyyy-MM", CultureInfo.InvariantCulture)), "total"];
            rows = Enumerable.Range(0, Table.Rows.Count + 1).Select(r => new object?[] { r < Table.Rows.Count ? Table.Rows[r] : "total" }
                .Concat(Enumerable.Range(0, Months.Count + 1).Select(c => Hidden[r, c] ? Secret : (object)Grid[r, c])).ToArray());
        }
        else
        {
            var breakdown = Breakdowns.Single(b => b.Id == table);
            headings = ["departement", "mois", breakdown.Total, .. breakdown.Parts];
            rows = breakdown.Rows.Select(r => new object?[] { r.Department, r.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture), r.Total ?? (object)Secret }
                .Concat(r.Parts.Select(p => p ?? (object)Secret)).ToArray());
        }

        var bytes = await TableFile.ToBytesAsync(chosen, table!, headings, rows, ct);
        return File(bytes, TableFile.ContentType(chosen), $"aiguillage-{table}-departements-mois.{TableFile.Extension(chosen)}");
    }

    /// <summary>The former address of the diagnostics file (kept: links to it exist).</summary>
    public Task<IActionResult> OnGetCsvAsync(CancellationToken ct) => OnGetFileAsync("diagnostics", "csv", ct);

    public string Cell(int row, int column) => Hidden[row, column] ? Secret : Grid[row, column].ToString("N0", ParisTime.French);

    public static string Number(long? value) => value is { } v ? v.ToString("N0", ParisTime.French) : Secret;

    public string DepartmentName(string code) => territories.FindDepartment(code)?.Name is { } name ? $"{name} ({code})" : code;

    private async Task LoadAsync(CancellationToken ct)
    {
        var today = ParisTime.Today(clock);
        var to = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);   // complete months only
        var from = to.AddMonths(-11);
        Months = [.. Enumerable.Range(0, 12).Select(i => from.AddMonths(i))];
        var cells = await db.SteeringCells.AsNoTracking()
            .Where(c => (c.Kind == CubeKind.Level || c.Kind == CubeKind.Need || c.Kind == CubeKind.Action) && c.DepartmentCode != SteeringCube.Nation && c.Month >= from && c.Month <= to)
            .GroupBy(c => new { c.Kind, c.DepartmentCode, c.Month, c.D1 }).Select(g => new { g.Key.Kind, g.Key.DepartmentCode, g.Key.Month, g.Key.D1, Count = g.Sum(c => c.Count) }).ToListAsync(ct);
        var levels = cells.Where(c => c.Kind == CubeKind.Level).ToList();
        var departments = levels.Select(c => c.DepartmentCode).Distinct().Order(StringComparer.Ordinal).ToList();
        var row = departments.Select((d, i) => (d, i)).ToDictionary(x => x.d, x => x.i);
        var column = Months.Select((m, i) => (m, i)).ToDictionary(x => x.m, x => x.i);
        var counts = new long[departments.Count, Months.Count];
        foreach (var c in levels)
        {
            counts[row[c.DepartmentCode], column[c.Month]] += c.Count;
        }

        Table = new CountTable(departments, [.. Months.Select(m => m.ToString("yyyy-MM", CultureInfo.InvariantCulture))], counts);
        Grid = Table.WithMargins();
        Hidden = StatisticalSecrecy.Suppress(Table);

        // Breakdowns of the diagnostics: each row's total is the published (or hidden) cell of the table above.
        var definition = catalog.Current.Definition;
        var lookup = cells.ToLookup(c => (c.Kind, c.DepartmentCode, c.Month));
        OpenTable Breakdown(string id, string title, string kind, IReadOnlyList<(string Key, string Label)> parts, bool additive) =>
            new(id, title, "diagnostics", [.. parts.Select(p => p.Label)], [.. departments.SelectMany(d => Months.Select(m =>
            {
                var (r, c) = (row[d], column[m]);
                var values = parts.Select(p => lookup[(kind, d, m)].Where(x => x.D1 == p.Key).Sum(x => x.Count)).ToArray();
                var hidden = StatisticalSecrecy.SuppressRow(counts[r, c], Hidden[r, c], values, additive);
                return (d, m, Hidden[r, c] ? null : (long?)counts[r, c], values.Select((v, i) => hidden[i] ? null : (long?)v).ToArray());
            }))]);

        // Actions and referrals count other units: each row's total is its own, hidden when from 1 to 10.
        var actionDepartments = cells.Where(c => c.Kind == CubeKind.Action).Select(c => c.DepartmentCode).Distinct().Order(StringComparer.Ordinal).ToList();
        var tiers = Enum.GetValues<ActionTier>();
        var actions = new OpenTable("actions", "Actions des médiateurs par palier", "actions", [.. tiers.Select(t => t.Label())], [.. actionDepartments.SelectMany(d => Months.Select(m =>
        {
            var values = tiers.Select(t => lookup[(CubeKind.Action, d, m)].Where(x => x.D1 == $"{ActionKinds.For(t)}").Sum(x => x.Count)).ToArray();
            var total = values.Sum();
            var hidden = StatisticalSecrecy.SuppressRow(total, false, values, additive: true);
            return (d, m, total is > 0 and < StatisticalSecrecy.Threshold ? null : (long?)total, values.Select((v, i) => hidden[i] ? null : (long?)v).ToArray());
        }))]);

        Breakdowns =
        [
            Breakdown("niveaux", "Diagnostics par niveau d'aisance", CubeKind.Level, [.. definition.Levels.OrderBy(l => l.Value).Select(l => ($"{l.Value}", $"niveau {l.Value} — {l.Label}"))], additive: true),
            Breakdown("besoins", "Besoins exprimés (un diagnostic peut en compter plusieurs)", CubeKind.Need, [.. definition.Needs.Select(n => (n.Id, n.Label))], additive: false),
            actions,
            await ReferralsAsync(from, to, ct),
        ];
    }

    /// <summary>Referrals proposed in each month, and how many of them were sent and completed (so far); nested counts, no equation between them.</summary>
    private async Task<OpenTable> ReferralsAsync(DateOnly from, DateOnly to, CancellationToken ct)
    {
        var (start, end) = SteeringReport.UtcRange(from, to);
        var referrals = await (from r in db.Referrals.AsNoTracking()
                               join o in db.Offices on r.OfficeId equals o.Id
                               where r.CreatedAt >= start && r.CreatedAt < end
                               select new
                               {
                                   o.DepartmentCode, r.CreatedAt,
                                   Sent = db.ReferralEvents.Any(e => e.ReferralId == r.Id && e.To == ReferralStatus.Sent),
                                   Completed = db.ReferralEvents.Any(e => e.ReferralId == r.Id && e.To == ReferralStatus.Completed),
                               }).ToListAsync(ct);
        var byRow = referrals.GroupBy(r =>
        {
            var local = ParisTime.ToParis(r.CreatedAt);
            return (r.DepartmentCode, Month: new DateOnly(local.Year, local.Month, 1));
        }).ToDictionary(g => g.Key, g => (Total: (long)g.Count(), Parts: new[] { (long)g.Count(r => r.Sent), g.Count(r => r.Completed) }));
        var departments = byRow.Keys.Select(k => k.DepartmentCode).Distinct().Order(StringComparer.Ordinal).ToList();
        return new OpenTable("orientations", "Orientations vers les partenaires", "orientations proposées", ["envoyées au partenaire", "parcours terminés"],
            [.. departments.SelectMany(d => Enumerable.Range(0, 12).Select(i => from.AddMonths(i)).Select(m =>
            {
                var (total, parts) = byRow.GetValueOrDefault((d, m), (0, [0, 0]));
                var hidden = StatisticalSecrecy.SuppressRow(total, false, parts, additive: false);
                return (d, m, total is > 0 and < StatisticalSecrecy.Threshold ? null : (long?)total, parts.Select((v, i) => hidden[i] ? null : (long?)v).ToArray());
            }))]);
    }
}
