using Aiguillage.Domain.Audit;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aiguillage.Web.Features.Account;

/// <summary>
/// Enrolling an authenticator app (issue 9 §4): required for managers and admins before anything else, offered to
/// everyone. The key is shown as a QR code and as text; a first code proves the app has it.
/// </summary>
public sealed class TwoFactorSetupModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, SecurityOptions options, Platform.Audit.AuditLog audit) : PageModel
{
    [BindProperty]
    public string? Code { get; set; }

    public bool Enabled { get; private set; }

    public bool Required { get; private set; }

    public string Key { get; private set; } = string.Empty;

    public string QrCode { get; private set; } = string.Empty;

    public async Task<IActionResult> OnGetAsync()
    {
        await LoadAsync(await CurrentAsync());
        return Page();
    }

    public async Task<IActionResult> OnPostEnableAsync()
    {
        var user = await CurrentAsync();
        if (user.TwoFactorEnabled)
        {
            return LocalRedirect(TwoFactor.SetupPath);
        }

        var code = TwoFactor.CleanCode(Code);
        if (code is null || !await users.VerifyTwoFactorTokenAsync(user, TokenOptions.DefaultAuthenticatorProvider, code))
        {
            ModelState.AddModelError(nameof(Code), code is null
                ? "Saisissez les 6 chiffres affichés par l'application après avoir ajouté le compte."
                : TwoFactorSignInModel.WrongCode);
            await LoadAsync(user);
            return Page();
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        await audit.RecordAsync(AuditAction.TwoFactorChanged, $"compte:{user.Id}", "activée");

        // Enabling changes the security stamp, which ends the other sessions; this one is signed in again.
        await signIn.RefreshSignInAsync(user);
        return LocalRedirect(TwoFactor.SetupPath + "?active=1");
    }

    public async Task<IActionResult> OnPostDisableAsync()
    {
        var user = await CurrentAsync();
        if (TwoFactor.RequiredFor(User, options))
        {
            ModelState.AddModelError(string.Empty, "Votre rôle exige la double authentification : elle ne peut pas être désactivée.");
            await LoadAsync(user);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        // A session left open must not be enough to remove the second factor (ASVS 2.5, re-authentication): the current
        // code is asked, and claimed like a sign-in code, once.
        var code = TwoFactor.CleanCode(Code);
        if (user.TwoFactorEnabled && (code is null || !await users.VerifyTwoFactorTokenAsync(user, TokenOptions.DefaultAuthenticatorProvider, code)))
        {
            ModelState.AddModelError(nameof(Code), code is null ? "Saisissez les 6 chiffres affichés par votre application pour confirmer." : TwoFactorSignInModel.WrongCode);
            await LoadAsync(user);
            return Page();
        }

        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await audit.RecordAsync(AuditAction.TwoFactorChanged, $"compte:{user.Id}", "désactivée");
        await signIn.RefreshSignInAsync(user);
        return LocalRedirect(TwoFactor.SetupPath);
    }

    private async Task<AppUser> CurrentAsync() =>
        await users.GetUserAsync(User) ?? throw new InvalidOperationException("Signed-in account not found.");

    private async Task LoadAsync(AppUser user)
    {
        Enabled = user.TwoFactorEnabled;
        Required = TwoFactor.RequiredFor(User, options);
        if (Enabled)
        {
            return;
        }

        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            // ResetAuthenticatorKeyAsync changes the security stamp: the session is renewed with it.
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
            await signIn.RefreshSignInAsync(user);
        }

        Key = key!;
        QrCode = TwoFactor.QrCodeDataUri(TwoFactor.Uri(user.Email!, Key));
    }
}
