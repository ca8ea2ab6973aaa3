using System.Globalization;
using Aiguillage.Domain.Diagnostics;
using Aiguillage.Web.Features.Diagnostics;
using Aiguillage.Web.Features.Offices;
using Aiguillage.Web.Features.Steering.Quality;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Aiguillage.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aiguillage.Web.Features.Steering;

/// <summary>
/// « Qualité du questionnaire » (issue 20 §3), for managers and admins: how each question of a version was answered
/// and behaves, each axis's consistency, the questions that may not measure the same for every group, and the level
/// against the mediators' own judgement — over the reader's territory and a period, under statistical secrecy.
/// </summary>
[Authorize(Policy = Policies.Steering)]
public sealed class QualityModel(AppDbContext db, ScopeService scopes, QuestionnaireCatalog catalog, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "du")]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "au")]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "version")]
    public int? Version { get; set; }

    public IReadOnlyList<QuestionnaireDefinition> Versions { get; private set; } = [];

    public QualityReport? Report { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        ModelState.MoveErrors("version", nameof(Version));
        Versions = [.. catalog.All.Select(q => q.Definition).Where(d => d.Id == catalog.Current.Definition.Id).OrderByDescending(d => d.Version)];
        var definition = Version is { } wanted ? Versions.FirstOrDefault(d => d.Version == wanted) : catalog.Current.Definition;
        if (definition is null)
        {
            ModelState.AddModelError(nameof(Version), $"Version inconnue : choisissez {string.Join(" ou ", Versions.Select(v => v.Version))}.");
        }

        var (from, to) = Months.Period(ModelState, From, To, clock);

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        (From, To, Version) = (from.ToString("yyyy-MM", CultureInfo.InvariantCulture), to.ToString("yyyy-MM", CultureInfo.InvariantCulture), definition!.Version);
        var scope = await scopes.GetAsync(ct);
        var (start, end) = SteeringReport.UtcRange(from, to);
        Report = await QualityReport.BuildAsync(db, definition, db.Offices.VisibleTo(scope).Select(o => o.Id), start, end, ct);
        return Page();
    }

    public static string Number(double? value, string format = "0.00") => value is { } v ? v.ToString(format, ParisTime.French) : "—";

    public static string Percent(double? share) => share is { } s ? (100 * s).ToString("0", ParisTime.French) + " %" : "secret";

    public static string Count(long? count) => count is { } c ? c.ToString("N0", ParisTime.French) : "secret";

    public static string AxisLabel(string axis) => axis switch
    {
        Axes.Equipment => "Équipement",
        Axes.KnowHow => "Savoir-faire",
        Axes.Confidence => "Confiance",
        _ => axis,
    };

    public static string CategoryLabel(DifCategory category) => category switch
    {
        DifCategory.A => "A : écart négligeable",
        DifCategory.B => "B : écart modéré, à surveiller",
        _ => "C : écart important, à revoir",
    };
}
