using System.Security.Claims;
using Aiguillage.Web.Platform.Data;
using Microsoft.AspNetCore.Identity;
using Aiguillage.Web.Platform.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Aiguillage.Web.Features.ClientMode.Screens;

/// <summary>
/// The mediator takes the tablet back (issue 17 §1): their office code or their password closes client mode and
/// gives the session its staff pages again. Wrong codes are counted; after five only the password works. Wrong
/// passwords never lock the account (a client could otherwise keep the mediator out); the sign-in's budget per
/// address slows guessing instead.
/// </summary>
[EnableRateLimiting(RateLimits.PasswordCheck)]
public sealed class LeaveModel(Tablets tablets, SignInManager<AppUser> signIn) : ClientScreenModel(tablets)
{
    protected override bool NeedsVisit => false;

    [BindProperty(Name = "code")]
    public string? Code { get; set; }

    public string? Error { get; private set; }

    public bool CodeUsable => State.Tablet.ExitCodeUsable;

    public IActionResult OnGet() => Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Code) || Code.Length > 200)
        {
            Error = CodeUsable ? "Tapez le code du mode client ou votre mot de passe." : "Tapez votre mot de passe.";
            ModelState.AddModelError("code", Error);
            return Page();
        }

        if (!await Tablets.TryCloseAsync(State, Code, signIn, ct))
        {
            Error = await Tablets.CodeUsableAsync(State.Tablet.Id, ct) ? "Ce code ou ce mot de passe n'est pas le bon." : "Ce mot de passe n'est pas le bon. Le code ne peut plus servir : utilisez votre mot de passe.";
            ModelState.AddModelError("code", Error);
            return Page();
        }

        // The same account, signed in again without the lock (and keeping how it signed in).
        var user = await signIn.UserManager.GetUserAsync(User);
        if (user is null)
        {
            return NotFound();
        }

        await signIn.SignInWithClaimsAsync(user, isPersistent: false, User.FindAll("amr").Select(c => new Claim(c.Type, c.Value)));
        return LocalRedirect($"/bureaux/{State.Tablet.OfficeId}");
    }
}
