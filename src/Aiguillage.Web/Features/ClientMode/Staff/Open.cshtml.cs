using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Aiguillage.Domain.ClientMode;
using Aiguillage.Domain.Clients;
using Aiguillage.Domain.Offices;
using Aiguillage.Web.Features.Diagnostics;
using Aiguillage.Web.Features.Offices;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Aiguillage.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.ClientMode.Staff;

/// <summary>
/// « Mode client » (issue 17 §1): the mediator hands this device to a client. The session is signed in again with
/// the lock; from then on it reaches only the client's screens until the mediator's code or password closes it.
/// </summary>
[Authorize(Policy = Policies.DiagnosticWriter)]
public sealed class OpenModel(AppDbContext db, ScopeService scopes, IDiagnosedClients clients, Tablets tablets, SignInManager<AppUser> signIn, Submissions submissions) : PageModel
{
    [BindProperty(Name = Submissions.FieldName)]
    public Guid? SubmissionId { get; set; }

    public Office Office { get; private set; } = null!;

    /// <summary>Set when a form that had already served came back (see OnPostAsync).</summary>
    [BindProperty(SupportsGet = true, Name = "deja")]
    public bool AlreadyUsed { get; set; }

    [BindProperty]
    [StringLength(20, ErrorMessage = "La référence a la forme ABC-234.")]
    [Display(Name = "Référence du client")]
    public string? ClientReference { get; set; }

    [BindProperty]
    [RegularExpression("^[0-9]{4,8}$", ErrorMessage = "Le code a de 4 à 8 chiffres, par exemple 4821.")]
    [Display(Name = "Code pour quitter le mode client")]
    public string? ExitCode { get; set; }

    public async Task<IActionResult> OnGetAsync(int officeId, CancellationToken ct) => await LoadAsync(officeId, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(int officeId, CancellationToken ct)
    {
        var result = await submissions.OnceAsync(this, "bureaux/mode-client", SubmissionId, () => OpenOnceAsync(officeId, ct), ct);

        // A second tap is answered where the first led, without the first's cookie: lock this answer with the same tablet.
        if (!signedIn && result is LocalRedirectResult or RedirectResult && SubmissionId is { } id
            && await tablets.OpenedAsync(id, User, ct) is { } opened && await signIn.UserManager.GetUserAsync(User) is { } user)
        {
            await LockAsync(user, opened);
            return LocalRedirect("/client");
        }

        // The form had already opened a tablet that is closed since (a page kept by the browser, sent again): never
        // send an unlocked session to the client's screen; the form again, afresh, says so.
        if (!signedIn && result is LocalRedirectResult { Url: "/client" } && ClientModeLock.TabletOf(User) is null)
        {
            return LocalRedirect($"/bureaux/{officeId}/mode-client?deja=true");
        }

        return result;
    }

    private bool signedIn;

    private async Task LockAsync(AppUser user, ClientTablet tablet)
    {
        var claims = User.FindAll("amr").Select(c => new Claim(c.Type, c.Value)).Append(new Claim(ClientModeLock.ClaimType, tablet.Id.ToString()));
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, claims);
        signedIn = true;

        // What the browser kept of the staff pages before (its cache, pages kept for « back ») goes now.
        Response.Headers["Clear-Site-Data"] = "\"cache\"";
    }

    private async Task<IActionResult> OpenOnceAsync(int officeId, CancellationToken ct)
    {
        if (!await LoadAsync(officeId, ct))
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var (known, returning) = await clients.ReturningAsync(ClientReference, ModelState, nameof(ClientReference), ct);
        if (!known)
        {
            return Page();
        }

        var user = await signIn.UserManager.GetUserAsync(User);
        if (user is null)
        {
            return NotFound();
        }

        // The form's id names the tablet, so a second tap finds the one the first opened (OnPostAsync).
        var tablet = await tablets.OpenAsync(SubmissionId ?? Guid.NewGuid(), Office, ExitCode, returning?.Id, User, ct);
        await LockAsync(user, tablet);
        return LocalRedirect("/client");
    }

    private async Task<bool> LoadAsync(int officeId, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        Office = (await db.Offices.VisibleTo(scope).FirstOrDefaultAsync(o => o.Id == officeId, ct))!;
        return Office is not null;
    }
}
