using System.Globalization;
using System.Text;
using Aiguillage.Domain.Diagnostics;
using Aiguillage.Domain.Territories;
using Aiguillage.Web.Features.Diagnostics;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Aiguillage.Web.Platform.Territories;
using Aiguillage.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Steering;

/// <summary>One table of the dashboard: a title, its column headings and its rows (label, numbers).</summary>
public sealed record SteeringTable(string Id, string Title, IReadOnlyList<string> Columns, IReadOnlyList<(string Label, long[] Values)> Rows);

/// <summary>
/// The manager's dashboard (issue 8, first views): diagnostics by month, levels and illectronisme, the equipment ×
/// know-how matrix, profiles and the « équipé mais n'utilise pas » segment, needs, offices ranked — read from the
/// steering cells, filtered by period, department and mode within the user's territory; each table exports as CSV.
/// </summary>
[Authorize(Policy = Policies.PassSteering)]
public sealed class DashboardModel(AppDbContext db, ScopeService scopes, TerritoryDirectory territories, QuestionnaireCatalog catalog, TimeProvider clock, IConfiguration configuration) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "du")]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "au")]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "departement")]
    public string? Department { get; set; }

    [BindProperty(SupportsGet = true, Name = "mode")]
    public DiagnosticMode? Mode { get; set; }

    public IReadOnlyList<Department> Departments { get; private set; } = [];

    public IReadOnlyList<SteeringTable> Tables { get; private set; } = [];

    public long Total { get; private set; }

    public long Illectronisme { get; private set; }

    public long EquippedButNotUsing { get; private set; }

    public string Scope { get; private set; } = string.Empty;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    /// <summary>One table as CSV that French Excel opens as is: UTF-8 with BOM, « ; », French decimals.</summary>
    public async Task<IActionResult> OnGetExportAsync(string? table, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused)
        {
            return refused;
        }

        if (Tables.FirstOrDefault(t => t.Id == table) is not { } chosen)
        {
            return NotFound();
        }

        var csv = new StringBuilder();
        csv.AppendLine(string.Join(';', chosen.Columns.Select(Quote)));
        foreach (var (label, values) in chosen.Rows)
        {
            csv.AppendLine(string.Join(';', [Quote(label), .. values.Select(v => v == SteeringReport.NotAvailable ? string.Empty : v.ToString(CultureInfo.InvariantCulture))]));
        }

        return File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray(), "text/csv; charset=utf-8", $"pilotage-{chosen.Id}.csv");
    }

    private static string Quote(string value) => value.Contains(';', StringComparison.Ordinal) || value.Contains('"', StringComparison.Ordinal) ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;

    public string Percent(long part) => Total == 0 ? "—" : (100.0 * part / Total).ToString("0.0", ParisTime.French) + " %";

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var allowed = scope.IsNation ? [.. territories.Departments]
            : scope.Kind == ScopeKind.Territory && scope.Level == TerritoryLevel.Department ? territories.Departments.Where(d => d.Code == scope.TerritoryCode).ToList()
            : scope.Kind == ScopeKind.Territory && scope.Level == TerritoryLevel.Region ? territories.Departments.Where(d => d.RegionCode == scope.TerritoryCode).ToList()
            : [];
        if (allowed.Count == 0)
        {
            return NotFound();
        }

        Departments = allowed;
        if (!string.IsNullOrEmpty(Department) && allowed.All(d => d.Code != Department))
        {
            return NotFound();   // another territory's department looks like a missing one
        }

        var today = ParisTime.Today(clock);
        var to = ParseMonth(To, nameof(To)) ?? new DateOnly(today.Year, today.Month, 1);
        var from = ParseMonth(From, nameof(From)) ?? to.AddMonths(-11);
        if (!ModelState.IsValid || from > to)
        {
            if (from > to)
            {
                ModelState.AddModelError(nameof(To), "Le mois de fin suit le mois de début.");
            }

            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        (From, To) = (from.ToString("yyyy-MM", CultureInfo.InvariantCulture), to.ToString("yyyy-MM", CultureInfo.InvariantCulture));
        Scope = string.IsNullOrEmpty(Department) ? (scope.IsNation ? "France entière" : string.Join(", ", allowed.Select(d => $"{d.Name} ({d.Code})"))) : $"{allowed.First(d => d.Code == Department).Name} ({Department})";
        var codes = string.IsNullOrEmpty(Department) ? allowed.Select(d => d.Code).ToList() : [Department];
        var report = await SteeringReport.BuildAsync(db, catalog.Current.Definition, scope.IsNation && string.IsNullOrEmpty(Department) ? null : codes, from, to, Mode?.ToString(),
            code => territories.FindDepartment(code) is { } d ? $"{d.Name} ({code})" : code, ct,
            scope.IsNation && string.IsNullOrEmpty(Department) ? configuration.GetValue("Steering:TargetActiveOffices", 300) : null);
        (Total, Illectronisme, EquippedButNotUsing, Tables) = (report.Total, report.Illectronisme, report.EquippedButNotUsing, report.Tables);
        return null;
    }

    private DateOnly? ParseMonth(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (DateOnly.TryParseExact(value.Trim() + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month) && month.Year is >= 2019 and <= 2100)
        {
            return month;
        }

        ModelState.AddModelError(field, $"« {value} » n'est pas un mois (forme 2026-11).");
        return null;
    }
}
