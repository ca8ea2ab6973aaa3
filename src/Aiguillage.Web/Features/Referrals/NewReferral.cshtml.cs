using System.Security.Claims;
using Aiguillage.Domain.Clients;
using Aiguillage.Web.Features.Diagnostics;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Aiguillage.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Referrals;

/// <summary>
/// « Orienter » : the mediator proposes a place or a workshop session found for the client, reads the sharing text,
/// and sends the referral only with the client's consent.
/// </summary>
[Authorize(Policy = Policies.DiagnosticWriter)]
public sealed class NewReferralModel(AppDbContext db, ReferralService referrals, ScopeService scopes, Submissions submissions) : PageModel
{
    /// <summary>The form's own id, which becomes the referral's: sent twice, it makes one referral and one e-mail.</summary>
    [BindProperty(Name = Submissions.FieldName)]
    public Guid? SubmissionId { get; set; }

    [BindProperty(SupportsGet = true, Name = "diagnostic")]
    public Guid DiagnosticId { get; set; }

    [BindProperty(SupportsGet = true, Name = "lieu")]
    public string? PlaceId { get; set; }

    [BindProperty(SupportsGet = true, Name = "seance")]
    public Guid? SessionId { get; set; }

    [BindProperty]
    public bool Consent { get; set; }

    [BindProperty]
    public string? FirstName { get; set; }

    [BindProperty]
    public string? Phone { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    public ReferralTarget Target { get; private set; } = null!;

    /// <summary>
    /// The client gave contact details to the office under their follow-up consent: the form offers them, to be checked
    /// with the client, and what is sent is what the form holds — kept on the referral under the sharing text only.
    /// </summary>
    public Client? KnownClient { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        (FirstName, Phone, Email) = KnownClient is { } known ? (known.FirstName, known.Phone, known.Email) : (FirstName, Phone, Email);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        return await submissions.OnceAsync(this, "orientations/nouvelle", SubmissionId, () => SendAsync(ct), ct);
    }

    private async Task<IActionResult> SendAsync(CancellationToken ct)
    {
        var outcome = await referrals.CreateAsync(new ReferralRequest(DiagnosticId, PlaceId, SessionId, Consent, FirstName, Phone, Email, SubmissionId), User.FindFirstValue(ClaimTypes.NameIdentifier)!, ct);
        switch (outcome)
        {
            case { Value: { } referral }:
                return LocalRedirect($"/orientations/{referral.Id}");
            case { Refusal.Kind: RefusalKind.NotFound }:
                return NotFound();
            default:
                outcome.Refusal!.AddTo(ModelState);
                return Page();
        }
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var diagnostic = await db.DiagnosticsVisibleTo(await scopes.GetAsync(ct)).AsNoTracking().Select(x => x.Diagnostic).FirstOrDefaultAsync(d => d.Id == DiagnosticId, ct);
        if (diagnostic is null || await referrals.FindTargetAsync(PlaceId, SessionId, ct) is not { } target)
        {
            return false;
        }

        Target = target;
        KnownClient = diagnostic.ClientId is { } clientId
            ? await db.Clients.AsNoTracking().Include(c => c.Consents).FirstOrDefaultAsync(c => c.Id == clientId, ct)
            : null;
        if (KnownClient?.ActiveConsent is null)
        {
            KnownClient = null;
        }

        return true;
    }
}
