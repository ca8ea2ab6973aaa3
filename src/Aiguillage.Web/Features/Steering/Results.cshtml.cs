using System.Globalization;
using Aiguillage.Domain.Referrals;
using Aiguillage.Domain.Steering;
using Aiguillage.Web.Features.Diagnostics;
using Aiguillage.Web.Features.Offices;
using Aiguillage.Web.Features.Steering.Outcomes;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Aiguillage.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aiguillage.Web.Features.Steering;

/// <summary>
/// « Ce que deviennent les clients » (issue 20 §2): for the reader's territory and a period, what each path achieved —
/// by what the office did, by partner, by workshop theme, by pass numérique agreement — from the steps of a referral to
/// the change between the diagnostic and the re-diagnosis, every figure with its count and under statistical secrecy.
/// </summary>
[Authorize(Policy = Policies.Steering)]
public sealed class ResultsModel(AppDbContext db, ScopeService scopes, QuestionnaireCatalog catalog, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "du")]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "au")]
    public string? To { get; set; }

    public OutcomeReport? Report { get; private set; }

    public string AutonomousLabel { get; private set; } = string.Empty;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var (from, to) = Months.Period(ModelState, From, To, clock);

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        (From, To) = (from.ToString("yyyy-MM", CultureInfo.InvariantCulture), to.ToString("yyyy-MM", CultureInfo.InvariantCulture));
        var scope = await scopes.GetAsync(ct);
        var (start, end) = SteeringReport.UtcRange(from, to);
        var top = catalog.Current.Definition.Levels.MaxBy(l => l.Value)!;
        AutonomousLabel = top.Label;
        Report = await OutcomeReport.BuildAsync(db, db.Offices.VisibleTo(scope).Select(o => o.Id), start, end, top.Value, ct);
        return Page();
    }

    /// <summary>Which counts of a column are hidden: 1 to 10, and where the groups add up, one more so none is recomputable.</summary>
    /// <remarks>
    /// Applied as if every breakdown added up, even those where a path may fall in two groups (themes, agreements): in
    /// practice most do, and their total is on the same page (the tiers, the partners), so a hidden cell must not be the
    /// total minus the others.
    /// </remarks>
    public static bool[] Hidden(OutcomeBreakdown breakdown, Func<OutcomeGroup, long> column)
    {
        var cells = breakdown.Groups.Select(column).ToList();
        return StatisticalSecrecy.SuppressRow(cells.Sum(), totalHidden: false, cells, additive: true);
    }

    /// <summary>A split into categories (check-in answers), shown only when every category is 0 or at least 11: any small one would follow from the others.</summary>
    public static string Split(IReadOnlyList<(string Label, long Count)> parts)
    {
        var total = parts.Sum(p => p.Count);
        return total < OutcomeReport.Threshold || parts.Any(p => p.Count is > 0 and < OutcomeReport.Threshold)
            ? "secret"
            : string.Join(", ", parts.Select(p => $"{p.Label} {(100.0 * p.Count / total).ToString("0", ParisTime.French)} %")) + $" ({total.ToString("N0", ParisTime.French)} réponses)";
    }

    public static string Count(long count, bool hidden = false) => hidden || count is > 0 and < OutcomeReport.Threshold ? "secret" : count.ToString("N0", ParisTime.French);

    /// <summary>A share, shown only when neither the part nor the rest is a count from 1 to 10 (either would give the other back).</summary>
    public static string Share(long part, long of) =>
        of < OutcomeReport.Threshold || part is > 0 and < OutcomeReport.Threshold || (of - part) is > 0 and < OutcomeReport.Threshold
            ? "secret"
            : $"{(100.0 * part / of).ToString("0", ParisTime.French)} % ({part.ToString("N0", ParisTime.French)} sur {of.ToString("N0", ParisTime.French)})";

    /// <summary>« +0,4 (de +0,2 à +0,6) », on at least 11 clients.</summary>
    public static string Change(MeanChange? change, string unit)
    {
        if (change is null || change.Count < OutcomeReport.Threshold)
        {
            return "—";
        }

        var (lower, upper) = change.Interval(OutcomeReport.TCritical(change.Count));
        return $"{Signed(change.Mean)} {unit} (de {Signed(lower)} à {Signed(upper)})";
    }

    private static string Signed(double value) => (value >= 0 ? "+" : "−") + Math.Abs(value).ToString("0.0", ParisTime.French);

    public static string Days(OutcomeGroup group) => group.ReachedAutonomy < OutcomeReport.Threshold || group.MedianDaysToAutonomy is not { } days
        // The count beside it, subtracted from the clients seen again, must not give a count from 1 to 10 either.
        || (group.Rediagnosed - group.ReachedAutonomy) is > 0 and < OutcomeReport.Threshold
        ? "—"
        : $"{days.ToString("0", ParisTime.French)} jours ({group.ReachedAutonomy.ToString("N0", ParisTime.French)} clients)";

    public static string StepLabel(ReferralStatus step) => step switch
    {
        ReferralStatus.Proposed => "proposées",
        ReferralStatus.Sent => "envoyées",
        ReferralStatus.Contacted => "client contacté",
        ReferralStatus.Enrolled => "inscrit",
        ReferralStatus.Attended => "présent",
        _ => "terminées",
    };
}
