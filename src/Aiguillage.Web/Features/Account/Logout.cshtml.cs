using Aiguillage.Web.Platform.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aiguillage.Web.Features.Account;

/// <summary>
/// Signing out ends the session on the server, not only in this browser (issue 16 §12): the account's security stamp
/// changes, so a copy of the cookie taken before — on a shared tablet, by a proxy log — no longer opens anything. It
/// ends the account's other sessions too: « Se déconnecter » means signed out everywhere (docs/adr/0016).
/// </summary>
[AllowAnonymous]
public sealed class LogoutModel(SignInManager<AppUser> signIn, UserManager<AppUser> users) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Account/Login");

    public async Task<IActionResult> OnPostAsync()
    {
        if (User.Identity?.IsAuthenticated == true && await users.GetUserAsync(User) is { } user)
        {
            await users.UpdateSecurityStampAsync(user);
        }

        await signIn.SignOutAsync();
        return LocalRedirect("/connexion?deconnecte=1");
    }
}
