using Aiguillage.Domain.Audit;
using Aiguillage.Web.Platform.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aiguillage.Web.Features.Account;

/// <summary>
/// Choosing one's own password: whenever one likes, and before anything else after an admin gave a provisional one
/// (a new account, a reset). 12 characters at least, no composition rule (NIST SP 800-63B, ANSSI).
/// </summary>
public sealed class ChangePasswordModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, Platform.Audit.AuditLog audit) : PageModel
{
    [BindProperty]
    public string? CurrentPassword { get; set; }

    [BindProperty]
    public string? NewPassword { get; set; }

    [BindProperty]
    public string? ConfirmPassword { get; set; }

    public bool Required { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        Required = (await CurrentAsync()).MustChangePassword;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await CurrentAsync();
        Required = user.MustChangePassword;
        if (string.IsNullOrEmpty(CurrentPassword))
        {
            ModelState.AddModelError(nameof(CurrentPassword), "Indiquez votre mot de passe actuel.");
        }

        if (string.IsNullOrEmpty(NewPassword))
        {
            ModelState.AddModelError(nameof(NewPassword), "Choisissez un nouveau mot de passe.");
        }
        else if (NewPassword != ConfirmPassword)
        {
            ModelState.AddModelError(nameof(ConfirmPassword), "Les deux saisies du nouveau mot de passe ne sont pas identiques.");
        }
        else if (NewPassword == CurrentPassword)
        {
            ModelState.AddModelError(nameof(NewPassword), "Choisissez un mot de passe différent de l'actuel.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await users.ChangePasswordAsync(user, CurrentPassword!, NewPassword!);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code == nameof(IdentityErrorDescriber.PasswordMismatch) ? nameof(CurrentPassword) : nameof(NewPassword),
                    error.Code == nameof(IdentityErrorDescriber.PasswordMismatch) ? "Le mot de passe actuel n'est pas le bon." : error.Description);
            }

            return Page();
        }

        user.MustChangePassword = false;
        await users.UpdateAsync(user);
        await audit.RecordAsync(AuditAction.AccountChanged, $"compte:{user.Id}", "mot de passe changé par la personne");

        // The password change renewed the security stamp (ending other sessions); this one continues.
        await signIn.RefreshSignInAsync(user);
        return LocalRedirect(Required ? "/" : Platform.Security.TwoFactor.PasswordPath + "?change=1");
    }

    private async Task<AppUser> CurrentAsync() =>
        await users.GetUserAsync(User) ?? throw new InvalidOperationException("Signed-in account not found.");
}
