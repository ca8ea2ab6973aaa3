using System.Globalization;
using Aiguillage.Web.Platform.Territories;
using Aiguillage.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aiguillage.Web.Features.Steering;

/// <summary>
/// One published breakdown: for each department and month, a total and its parts; null where the number is secret.
/// </summary>
public sealed record OpenTable(string Id, string Title, string Total, IReadOnlyList<string> Parts, IReadOnlyList<(string Department, DateOnly Month, long? Total, long?[] Parts)> Rows);

/// <summary>
/// Public statistics (issue 8) over the twelve months ending with the last closed one, under statistical secrecy
/// (docs/statistical-secrecy.md): diagnostics by department × month with each month's national total, then four
/// breakdowns by department and month — levels, needs, actions by tier, referrals. A published number is 0 or at
/// least 11; no hidden number can be recomputed from the totals. Each month is computed once, when closed, and frozen
/// (<see cref="OpenDataPublication"/>, issue 16 §15): two publications never disagree, so differencing them recovers
/// nothing. No account needed.
/// </summary>
[AllowAnonymous]
[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = SteeringSetup.OpenDataCache)]
public sealed class OpenDataModel(OpenDataPublication publication, TerritoryDirectory territories) : PageModel
{
    public const string Secret = "secret";

    public static readonly string[] TableIds = [OpenDataPublication.Diagnostics, .. OpenDataPublication.BreakdownIds];

    public IReadOnlyList<DateOnly> Months { get; private set; } = [];

    /// <summary>Months of the window not published yet (their data is still being counted).</summary>
    public IReadOnlyList<DateOnly> Pending { get; private set; } = [];

    /// <summary>Diagnostics by department (rows) and month (columns); null: secret.</summary>
    public IReadOnlyList<(string Department, long?[] Values)> Rows { get; private set; } = [];

    /// <summary>The national total of each month; null: secret.</summary>
    public IReadOnlyList<long?> Totals { get; private set; } = [];

    public int ClosingDays => publication.ClosingDays;

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
        if (table == OpenDataPublication.Diagnostics)
        {
            headings = ["departement", .. Months.Select(m => m.ToString("yyyy-MM", CultureInfo.InvariantCulture))];
            rows = Rows.Select(r => new object?[] { r.Department }.Concat(r.Values.Select(v => v ?? (object)Secret)).ToArray())
                .Append([OpenDataPublication.TotalRow, .. Totals.Select(v => v ?? (object)Secret)]);
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

    public static string Number(long? value) => value is { } v ? v.ToString("N0", ParisTime.French) : Secret;

    public string DepartmentName(string code) => territories.FindDepartment(code)?.Name is { } name ? $"{name} ({code})" : code;

    private async Task LoadAsync(CancellationToken ct)
    {
        var figures = await publication.ReadAsync(ct);
        var window = publication.Window();
        var published = figures.Select(f => f.Month).ToHashSet();
        Months = [.. window.Where(published.Contains)];
        Pending = [.. window.Where(m => !published.Contains(m))];
        var column = Months.Select((m, i) => (m, i)).ToDictionary(x => x.m, x => x.i);

        // A department absent from a frozen month had no diagnostic in it when the month was frozen: 0.
        var diagnostics = figures.Where(f => f.Table == OpenDataPublication.Diagnostics).ToList();
        Rows = [.. diagnostics.Where(f => f.DepartmentCode != OpenDataPublication.TotalRow).GroupBy(f => f.DepartmentCode).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var values = Months.Select(_ => (long?)0).ToArray();
                foreach (var f in g)
                {
                    values[column[f.Month]] = f.Value;
                }

                return (g.Key, values);
            })];
        // A secret total stays secret (null); a month frozen without a total row had no diagnostic (0).
        Totals = [.. Months.Select(m => diagnostics.FirstOrDefault(f => f.DepartmentCode == OpenDataPublication.TotalRow && f.Month == m) is { } total ? total.Value : 0)];

        string[] titles = ["Diagnostics par niveau d'aisance", "Besoins exprimés (un diagnostic peut en compter plusieurs)", "Actions des médiateurs par palier", "Orientations vers les partenaires",
            "Évolution du niveau des clients revus, selon ce que le bureau avait fait après leur diagnostic précédent",
            "Questionnaire de suivi : « Êtes-vous allé à l'atelier ? »", "Questionnaire de suivi : « Est-ce que cela vous aide pour vos démarches ? »"];
        Breakdowns = [.. OpenDataPublication.BreakdownIds.Select((id, i) =>
        {
            var rows = figures.Where(f => f.Table == id).GroupBy(f => (f.DepartmentCode, f.Month)).OrderBy(g => g.Key.DepartmentCode, StringComparer.Ordinal).ThenBy(g => g.Key.Month).ToList();
            // Parts by their label, in the order the latest month gives them (a questionnaire may add, remove or reorder
            // needs: a value is never shown under another part's label; a part a month did not have reads 0).
            var parts = rows.SelectMany(g => g).Where(f => f.Position > 0).GroupBy(f => f.Label)
                .Select(g => (Label: g.Key, Latest: g.Max(f => f.Month), Position: g.Where(f => f.Month == g.Max(x => x.Month)).Min(f => f.Position)))
                .OrderByDescending(p => p.Latest).ThenBy(p => p.Position).Select(p => p.Label).ToList();
            var total = rows.SelectMany(g => g).FirstOrDefault(f => f.Position == 0)?.Label ?? id switch
            {
                "actions" => "actions",
                "orientations" => "orientations proposées",
                OpenDataPublication.Changes => "nouveaux diagnostics d'un client déjà vu",
                OpenDataPublication.CheckInAttended or OpenDataPublication.CheckInHelps => "réponses au suivi",
                _ => "diagnostics",
            };
            return new OpenTable(id, titles[i], total, parts, [.. rows.Select(g =>
                (g.Key.DepartmentCode, g.Key.Month, g.FirstOrDefault(f => f.Position == 0)?.Value, parts.Select(label => g.FirstOrDefault(f => f.Position > 0 && f.Label == label) is { } f ? f.Value : 0).ToArray()))]);
        })];
    }
}
