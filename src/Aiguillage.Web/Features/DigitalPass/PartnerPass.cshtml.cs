using System.Security.Claims;
using Aiguillage.Domain.DigitalPass;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Aiguillage.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.DigitalPass;

/// <summary>Partner staff enter (or scan) the number of a cheque used for a workshop, and see their redemptions.</summary>
[Authorize(Policy = Policies.PartnerStaff)]
public sealed class PartnerPassModel(AppDbContext db, PassService pass, ScopeService scopes, Submissions submissions) : PageModel
{
    /// <summary>The creating form's own id (issue 15 §2): the same form sent twice creates one record.</summary>
    [BindProperty(Name = Submissions.FieldName)]
    public Guid? SubmissionId { get; set; }

    public bool Accredited { get; private set; }

    public IReadOnlyList<(string Id, string Name)> Places { get; private set; } = [];

    public IReadOnlyList<(string Number, DateTime At, string? Place, int ValueCents)> Redemptions { get; private set; } = [];

    public string? JustRedeemed { get; private set; }

    [BindProperty] public string? Number { get; set; }
    [BindProperty] public string? CheckCode { get; set; }

    [BindProperty] public string? PlaceId { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        // Only a cheque this organisation redeemed: the address alone is no proof of anything (a forged link).
        var just = ChequeNumber.Normalise(Request.Query["encaisse"]);
        var partnerId = (await scopes.GetAsync(ct)).PartnerId;
        JustRedeemed = just is null ? null : await db.Cheques.Where(c => c.Number == just && c.RedeemedByPartnerId == partnerId).Select(c => c.Number).FirstOrDefaultAsync(ct);
        return Page();
    }

    public Task<IActionResult> OnPostAsync(CancellationToken ct) =>
        submissions.OnceAsync(this, "partenaire/pass-numerique", SubmissionId, () => CreateOnceAsync(ct), ct);

    private async Task<IActionResult> CreateOnceAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        // The one normalisation of a printed number (issue 16 §8): scanners type spaces or dashes between groups.
        var number = ChequeNumber.Normalise(Number);
        if (number is null)
        {
            ModelState.AddModelError(nameof(Number), $"Indiquez le numéro imprimé sur le chèque ({ChequeNumber.MaxDigits} chiffres au plus).");
        }
        else
        {
            var (refused, stored) = await pass.RedeemAsync((await scopes.GetAsync(ct)).PartnerId!.Value, number, CheckCode, string.IsNullOrEmpty(PlaceId) ? null : PlaceId, User.FindFirstValue(ClaimTypes.NameIdentifier)!, ct);
            if (refused is null)
            {
                return LocalRedirect($"/partenaire/pass-numerique?encaisse={stored}");
            }

            ModelState.AddModelError(nameof(Number), refused.Message);
        }

        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if ((await scopes.GetAsync(ct)).PartnerId is not { } partnerId)
        {
            return false;
        }

        Accredited = await db.Partners.Where(p => p.Id == partnerId).Select(p => p.AcceptsPassNumerique).FirstAsync(ct);
        Places = [.. (await db.Places.AsNoTracking().Where(p => p.PartnerId == partnerId).OrderBy(p => p.Name).Select(p => new { p.Id, p.Name }).ToListAsync(ct)).Select(p => (p.Id, p.Name))];
        var rows = await (from c in db.Cheques.AsNoTracking()
                          where c.RedeemedByPartnerId == partnerId
                          join a in db.Agreements on c.AgreementId equals a.Id
                          join p in db.Places on c.RedeemedAtPlaceId equals p.Id into ps
                          from p in ps.DefaultIfEmpty()
                          orderby c.RedeemedAt descending
                          select new { c.Number, c.RedeemedAt, Place = p != null ? p.Name : null, a.ChequeValueCents }).Take(200).ToListAsync(ct);
        Redemptions = [.. rows.Select(r => (r.Number, r.RedeemedAt!.Value, r.Place, r.ChequeValueCents))];
        return true;
    }
}
