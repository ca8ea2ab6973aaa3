using System.Globalization;
using System.Text;
using Aiguillage.Domain;
using Aiguillage.Domain.DigitalPass;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Web;
using Aiguillage.Web.Platform.Security;
using Aiguillage.Web.Platform.Territories;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aiguillage.Web.Features.DigitalPass;

/// <summary>
/// Pass numérique figures for managers (their territory) and admins: issued, redeemed, expired, lost… in number and
/// value, per agreement and per department, with a CSV export; admins add agreements here.
/// </summary>
[Authorize(Policy = Policies.Steering)]
public sealed class PassHomeModel(AppDbContext db, PassService pass, TerritoryDirectory territories, Platform.Audit.AuditLog audit, TimeProvider clock, Submissions submissions) : PageModel
{
    /// <summary>The creating form's own id (issue 15 §2): the same form sent twice creates one record.</summary>
    [BindProperty(Name = Submissions.FieldName)]
    public Guid? SubmissionId { get; set; }

    public IReadOnlyList<PassFigures> Figures { get; private set; } = [];

    /// <summary>Agreements grouped by department: counts add up; values are summed agreement by agreement (values may differ).</summary>
    public IReadOnlyList<IGrouping<string, PassFigures>> ByDepartment { get; private set; } = [];

    public bool IsAdmin { get; private set; }

    [BindProperty] public string? Funder { get; set; }
    [BindProperty] public string? DepartmentCode { get; set; }
    [BindProperty] public int? Year { get; set; }
    [BindProperty] public decimal? ChequeValue { get; set; }
    [BindProperty] public decimal? Budget { get; set; }
    [BindProperty] public int? MaxChequesPerClient { get; set; }

    public string DepartmentName(string code) => territories.FindDepartment(code)?.Name is { } name ? $"{name} ({code})" : code;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        Year ??= Platform.Web.ParisTime.ToParis(clock.GetUtcNow().UtcDateTime).Year;
        ChequeValue ??= 10;
        MaxChequesPerClient ??= Agreement.DefaultMaxChequesPerClient;
        return Page();
    }

    /// <summary>The figures as CSV for French Excel (one line per agreement; euros with a decimal comma).</summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        string[] headings = ["convention", "financeur", "departement", "annee", "valeur_cheque_eur", "stock_central", "stock_bureaux", "chez_les_clients", "encaisses", "expires", "annules", "perdus", "valeur_chez_les_clients_eur", "valeur_encaisses_eur", "valeur_expires_eur"];
        static decimal Eur(long cents) => cents / 100m;
        var rows = Figures.Select(f => new object?[]
        {
            f.Agreement.Id, f.Agreement.Funder, f.Agreement.DepartmentCode, f.Agreement.Year, Eur(f.Agreement.ChequeValueCents), f.CentralStock, f.OfficeStock, f.Issued, f.Redeemed,
            f.Expired, f.Cancelled, f.Lost, Eur(f.Value(f.Issued)), Eur(f.Value(f.Redeemed)), Eur(f.Value(f.Expired)),
        });
        var bytes = await TableFile.ToBytesAsync(TableFormat.Csv, "pass-numerique", headings, rows, ct);
        await audit.RecordAsync(Domain.Audit.AuditAction.Exported, "export:pass-numerique", ct: ct);
        return File(bytes, TableFile.ContentType(TableFormat.Csv), "pass-numerique.csv");
    }

    /// <summary>Managers read the pass numérique; only admins create an agreement (issue 16 §1).</summary>
    [HandlerPolicy(Policies.Admin)]
    public Task<IActionResult> OnPostAsync(CancellationToken ct) =>
        submissions.OnceAsync(this, "pass-numerique", SubmissionId, () => CreateOnceAsync(ct), ct);

    private async Task<IActionResult> CreateOnceAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var built = Refusals.TryGet(() => new Agreement(Funder ?? string.Empty, DepartmentCode?.Trim().ToUpperInvariant() ?? string.Empty, Year ?? 0,
            (int)Math.Round((ChequeValue ?? 0) * 100), (long)Math.Round((Budget ?? 0) * 100), MaxChequesPerClient ?? 0), string.Empty);
        var refused = built.Refusal ?? (territories.FindDepartment(built.Value!.DepartmentCode) is null
            ? new Refusal(nameof(DepartmentCode), "Ce département n'existe pas.", Code: "agreement.department-unknown")
            : null);
        if (refused is not null)
        {
            // The domain names amounts in cents and the end of acceptance; the form asks for euros and a year.
            var field = refused.Field switch { "ChequeValueCents" => nameof(ChequeValue), "BudgetCents" => nameof(Budget), "AcceptedUntil" => nameof(Year), var f => f };
            ModelState.AddModelError(field, refused.Message);
            return Page();
        }

        db.Agreements.Add(built.Value!);
        await db.SaveChangesAsync(ct);
        return LocalRedirect($"/pass-numerique/conventions/{built.Value!.Id}");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        // The role, not the scope: a national manager sees the nation and still only reads (issue 16 §1).
        IsAdmin = User.IsInRole(Roles.Admin);
        Figures = await pass.FiguresAsync(await pass.AgreementsVisibleAsync(ct), ct);
        ByDepartment = [.. Figures.GroupBy(f => f.Agreement.DepartmentCode)];
    }
}
