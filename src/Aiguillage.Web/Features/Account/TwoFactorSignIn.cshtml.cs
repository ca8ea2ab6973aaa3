using Aiguillage.Domain.Audit;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aiguillage.Web.Features.Account;

/// <summary>The second step of signing in, for accounts with an authenticator app: the six-digit code, accepted once.</summary>
[AllowAnonymous]
public sealed class TwoFactorSignInModel(SignInManager<AppUser> signIn, UserManager<AppUser> users, SignInThrottle throttle, Platform.Audit.AuditLog audit) : PageModel
{
    public const string WrongCode = "Ce code n'est pas le bon, ou il a déjà servi. Attendez que l'application affiche le code suivant, puis saisissez-le.";

    [BindProperty]
    public string? Code { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? LocalRedirect("/connexion") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            // The five minutes between password and code have passed: start again.
            return LocalRedirect("/connexion");
        }

        var code = TwoFactor.CleanCode(Code);
        if (code is null)
        {
            ModelState.AddModelError(nameof(Code), "Saisissez les 6 chiffres affichés par votre application d'authentification.");
            return Page();
        }

        var result = await signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false);
        await audit.RecordAsync(result.Succeeded ? AuditAction.SignInSucceeded : AuditAction.SignInFailed, $"compte:{user.Id}", "code",
            result.Succeeded ? AuditOutcome.Success : AuditOutcome.Refused, user.Id);
        if (result.Succeeded)
        {
            // Signed in: the account's counts end, and this browser becomes one of its known devices (issue 16 §13).
            await throttle.SucceededAsync(user.NormalizedEmail ?? string.Empty, HttpContext.Connection.RemoteIpAddress?.ToString(), HttpContext.RequestAborted);
            throttle.RememberDevice(HttpContext, user.NormalizedEmail ?? string.Empty);
            if (!string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl))
            {
                return LocalRedirect(ReturnUrl);
            }

            return LocalRedirect(Roles.HomePath((await users.GetRolesAsync(user)).FirstOrDefault()));
        }

        // A suspended account reads like a wrong code (issue 16 §13): the same words whatever the account's state.
        ModelState.AddModelError(nameof(Code), WrongCode);
        return Page();
    }
}
