using System.Globalization;
using Aiguillage.Domain.Diagnostics;
using Aiguillage.Domain.Offices;
using Aiguillage.Domain.Territories;
using Aiguillage.Web.Features.Diagnostics;
using Aiguillage.Web.Features.Offices;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Aiguillage.Web.Platform.Territories;
using Aiguillage.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Steering;

/// <summary>
/// The manager's dashboard (issue 8): read from the steering cells (one office: counted from its own rows), filtered
/// by period, territory (region → department → office) within the user's own, and mode, by month or by week. Each
/// table exports as CSV or XLSX, and so does the list of the diagnostics of the filter (no personal data).
/// </summary>
[Authorize(Policy = Policies.Steering)]
public sealed class DashboardModel(ReadSide reads, ScopeService scopes, TerritoryDirectory territories, QuestionnaireCatalog catalog, TimeProvider clock, IConfiguration configuration, Platform.Audit.AuditLog audit) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "du")]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "au")]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "region")]
    public string? Region { get; set; }

    [BindProperty(SupportsGet = true, Name = "departement")]
    public string? Department { get; set; }

    [BindProperty(SupportsGet = true, Name = "bureau")]
    public int? OfficeId { get; set; }

    [BindProperty(SupportsGet = true, Name = "mode")]
    public DiagnosticMode? Mode { get; set; }

    /// <summary>« semaine » for weeks; months otherwise.</summary>
    [BindProperty(SupportsGet = true, Name = "par")]
    public string? Grain { get; set; }

    public IReadOnlyList<Region> Regions { get; private set; } = [];

    public IReadOnlyList<Department> Departments { get; private set; } = [];

    /// <summary>The offices one may pick: those of the chosen department in the programme (or the manager's own office).</summary>
    public IReadOnlyList<(int Id, string Name)> Offices { get; private set; } = [];

    /// <summary>A manager of one office sees that office only: no territory to choose.</summary>
    public bool OfficeOnly { get; private set; }

    public IReadOnlyList<SteeringTable> Tables { get; private set; } = [];

    public long Total { get; private set; }

    public long Illectronisme { get; private set; }

    public long EquippedButNotUsing { get; private set; }

    public string Scope { get; private set; } = string.Empty;

    /// <summary>The first screen: four figures beside the period before (issue 18).</summary>
    public KeyFigures? Key { get; private set; }

    public bool Weekly => Grain == "semaine";

    private SteeringFilter? _filter;

    /// <summary>The standby when one is configured and has caught up with this browser's writes (issue 22), else the primary.</summary>
    private AppDbContext db = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(report: true, ct) ?? Page();

    /// <summary>One table as CSV (French Excel: UTF-8 with BOM, « ; », « , » before decimals) or XLSX.</summary>
    public async Task<IActionResult> OnGetExportAsync(string? table, string? format, CancellationToken ct)
    {
        var parsed = TableFile.Parse(format);
        if (parsed is null)
        {
            ModelState.AddModelError(string.Empty, "Le format du fichier est « csv » ou « xlsx ».");
        }

        if (await LoadAsync(report: true, ct) is { } refused)
        {
            return refused;
        }

        if (Tables.FirstOrDefault(t => t.Id == table) is not { } chosen)
        {
            return NotFound();
        }

        var chosenFormat = parsed!.Value;
        var bytes = await TableFile.ToBytesAsync(chosenFormat, chosen.Id, chosen.Columns, chosen.ExportRows(), ct);
        await audit.RecordAsync(Domain.Audit.AuditAction.Exported, $"export:pilotage-{chosen.Id}", ScopeOfFilter, ct: ct);
        return File(bytes, TableFile.ContentType(chosenFormat), $"pilotage-{chosen.Id}.{TableFile.Extension(chosenFormat)}");
    }

    /// <summary>
    /// The diagnostics of the filter, one per line: when, where, how, the result and the needs, the profile bands and
    /// the client's reference code when there is one — never a name, a contact or an answer.
    /// </summary>
    public async Task<IActionResult> OnGetDiagnosticsAsync(string? format, CancellationToken ct)
    {
        var parsed = TableFile.Parse(format);
        if (parsed is null)
        {
            ModelState.AddModelError(string.Empty, "Le format du fichier est « csv » ou « xlsx ».");
        }

        if (await LoadAsync(report: false, ct) is { } refused)
        {
            return refused;
        }

        var (filter, chosenFormat) = (_filter!, parsed!.Value);
        var (start, end) = SteeringReport.UtcRange(filter.From, filter.To);
        var (departments, officeId) = (filter.Departments, filter.OfficeId);
        var mode = Mode;
        var rows = from d in db.Diagnostics.AsNoTracking()
                   join o in db.Offices on d.OfficeId equals o.Id
                   join c in db.Clients on d.ClientId equals c.Id into clients
                   from c in clients.DefaultIfEmpty()
                   where d.FilledAt >= start && d.FilledAt < end && (departments == null || departments.Contains(o.DepartmentCode))
                       && (officeId == null || d.OfficeId == officeId) && (mode == null || d.Mode == mode)
                   orderby d.FilledAt
                   select new { d.FilledAt, o.SiteCode, o.Name, o.DepartmentCode, d.Mode, d.QuestionnaireId, d.QuestionnaireVersion, d.Level, d.EquipmentScore, d.KnowHowPercent, d.ConfidenceScore, d.Illectronisme, d.Needs, d.Profile, Reference = c == null ? null : c.Reference };
        var definition = catalog.Current.Definition;
        // A manager steers with figures (issue 15 §1): no client reference, which the handout ties to one person; admins keep it.
        var withReference = User.IsInRole(Roles.Admin);
        string[] headings = ["Date", "Code site", "Bureau", "Département", "Mode", "Questionnaire", "Niveau", "Équipement (score)", "Savoir-faire (%)", "Confiance (score)", "Illectronisme", "Besoins", "Âge", "Genre", .. withReference ? new[] { "Client (référence)" } : []];
        await audit.RecordAsync(Domain.Audit.AuditAction.Exported, "export:diagnostics", ScopeOfFilter, ct: ct);
        Response.ContentType = TableFile.ContentType(chosenFormat);
        Response.Headers.ContentDisposition = $"attachment; filename=\"diagnostics-{filter.From:yyyy-MM}-{filter.To:yyyy-MM}.{TableFile.Extension(chosenFormat)}\"";

        // Streamed from the database to the response: a national export holds a million lines.
        await TableFile.WriteAsync(Response.Body, chosenFormat, "diagnostics", headings, rows.AsEnumerable().Select(r => (object?[])
        [
            DateOnly.FromDateTime(ParisTime.ToParis(r.FilledAt)), r.SiteCode, r.Name, r.DepartmentCode, r.Mode.Label(), $"{r.QuestionnaireId} v{r.QuestionnaireVersion}", r.Level,
            r.EquipmentScore, r.KnowHowPercent, r.ConfidenceScore, r.Illectronisme, string.Join(", ", r.Needs.Select(n => definition.Needs.FirstOrDefault(x => x.Id == n)?.Label ?? n)),
            r.Profile.GetValueOrDefault("ageBand"), r.Profile.GetValueOrDefault("gender"), .. withReference ? new object?[] { r.Reference } : [],
        ]), ct);
        return new EmptyResult();
    }

    /// <summary>The filter's territory, for the journal: an office, departments or the nation.</summary>
    private string ScopeOfFilter => _filter is null ? string.Empty
        : _filter.OfficeId is { } office ? $"bureau:{office}"
        : _filter.Departments is { } departments ? $"departements:{string.Join(",", departments.Take(12))}"
        : "national";


    public string Percent(long part) => Total == 0 ? "—" : (100.0 * part / Total).ToString("0.0", ParisTime.French) + " %";

    /// <summary>The query string of the current filters, for export links.</summary>
    public string Query => $"du={From}&au={To}&region={Region}&departement={Department}&bureau={OfficeId}&mode={Mode}&par={Grain}";

    private async Task<IActionResult?> LoadAsync(bool report, CancellationToken ct)
    {
        db = await reads.DatabaseAsync(ct);
        // A value that does not bind (« bureau=abc ») is reported under the field's id, so the error summary links to it.
        ModelState.MoveErrors("bureau", "Office");

        var scope = await scopes.GetAsync(ct);
        var (allowed, ownOffice) = await AllowedAsync(scope, ct);
        if (allowed.Count == 0)
        {
            return NotFound();
        }

        // Another territory's region, department or office looks like a missing one.
        OfficeOnly = ownOffice is not null;
        Regions = OfficeOnly ? [] : [.. territories.Regions.Where(r => allowed.Any(d => d.RegionCode == r.Code))];
        if (!string.IsNullOrEmpty(Region) && Regions.All(r => r.Code != Region))
        {
            return NotFound();
        }

        Departments = [.. allowed.Where(d => string.IsNullOrEmpty(Region) || d.RegionCode == Region)];
        if (!string.IsNullOrEmpty(Department) && (OfficeOnly || Departments.All(d => d.Code != Department)))
        {
            return NotFound();
        }

        Office? office = null;
        if (ownOffice is not null)
        {
            if (OfficeId is not null && OfficeId != ownOffice.Id)
            {
                return NotFound();
            }

            (office, OfficeId) = (ownOffice, ownOffice.Id);
        }
        else if (OfficeId is { } id)
        {
            office = await db.Offices.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct);
            if (office is null || Departments.All(d => d.Code != office.DepartmentCode) || (!string.IsNullOrEmpty(Department) && office.DepartmentCode != Department))
            {
                return NotFound();
            }

            Department = office.DepartmentCode;
        }

        if (Grain is not (null or "" or "mois" or "semaine"))
        {
            ModelState.AddModelError(nameof(Grain), "Choisissez « par mois » ou « par semaine ».");
        }

        var (from, to) = Months.Period(ModelState, From, To, clock);
        if (from <= to && ((to.Year - from.Year) * 12) + to.Month - from.Month >= 60)
        {
            ModelState.AddModelError(nameof(From), "La période va jusqu'à cinq ans.");
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        (From, To) = (from.ToString("yyyy-MM", CultureInfo.InvariantCulture), to.ToString("yyyy-MM", CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(Department) || office is not null)
        {
            Offices = office is not null && OfficeOnly ? [(office.Id, office.Name)]
                : await db.Offices.AsNoTracking().Where(o => o.DepartmentCode == Department && (o.Status != ProgrammeStatus.NotEnrolled || o.Id == OfficeId))
                    .OrderBy(o => o.Name).Select(o => new ValueTuple<int, string>(o.Id, o.Name)).ToListAsync(ct);
        }

        var national = scope.IsNation && string.IsNullOrEmpty(Region) && string.IsNullOrEmpty(Department) && office is null;
        IReadOnlyList<string>? codes = national ? null
            : office is not null ? [office.DepartmentCode]
            : !string.IsNullOrEmpty(Department) ? [Department]
            : [.. Departments.Select(d => d.Code)];
        Scope = office is not null ? $"{office.Name} ({office.DepartmentCode})"
            : national ? "France entière"
            : !string.IsNullOrEmpty(Department) ? $"{Departments.First(d => d.Code == Department).Name} ({Department})"
            : !string.IsNullOrEmpty(Region) ? Regions.First(r => r.Code == Region).Name
            : string.Join(", ", Departments.Select(d => $"{d.Name} ({d.Code})"));
        _filter = new SteeringFilter(codes, office?.Id, from, to, Mode?.ToString(), Weekly);
        if (!report)
        {
            return null;
        }

        var target = national ? await SteeringSettings.TargetAsync(db, configuration, ct) : (int?)null;
        var result = await SteeringReport.BuildAsync(db, catalog.Current.Definition, _filter, code => territories.FindDepartment(code) is { } d ? $"{d.Name} ({code})" : code,
            clock.GetUtcNow().UtcDateTime, ct, target);
        (Total, Illectronisme, EquippedButNotUsing, Tables) = (result.Total, result.Illectronisme, result.EquippedButNotUsing, result.Tables);
        Key = await result.KeyFiguresAsync(db, _filter, clock.GetUtcNow().UtcDateTime, target, ct);
        return null;
    }

    /// <summary>The departments the user may look at, and their own office for a manager of one office.</summary>
    private async Task<(IReadOnlyList<Department> Departments, Office? Office)> AllowedAsync(UserScope scope, CancellationToken ct)
    {
        if (scope.Kind != ScopeKind.Territory)
        {
            return ([], null);
        }

        if (scope.Level == TerritoryLevel.Office)
        {
            var id = scope.OfficeIds.Single();
            var office = await db.Offices.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct);
            return office is null ? ([], null) : ([.. territories.Departments.Where(d => d.Code == office.DepartmentCode)], office);
        }

        return (scope.IsNation ? [.. territories.Departments]
            : scope.Level == TerritoryLevel.Department ? [.. territories.Departments.Where(d => d.Code == scope.TerritoryCode)]
            : scope.Level == TerritoryLevel.Region ? [.. territories.Departments.Where(d => d.RegionCode == scope.TerritoryCode)]
            : [], null);
    }
}
