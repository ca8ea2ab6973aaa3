using Aiguillage.Domain.Audit;
using System.ComponentModel.DataAnnotations;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aiguillage.Web.Features.Account;

[AllowAnonymous]
public sealed class LoginModel(SignInManager<AppUser> signIn, UserManager<AppUser> users, Platform.Audit.AuditLog audit) : PageModel
{
    /// <summary>One message for an unknown e-mail and a wrong password: never tell which accounts exist.</summary>
    public const string GenericError = "Adresse e-mail ou mot de passe incorrect.";

    public const string LockedError = "Trop d'essais infructueux : ce compte est bloqué pendant 15 minutes. Réessayez plus tard ou contactez votre administrateur.";

    [BindProperty]
    public LoginInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await users.FindByEmailAsync(Input.Email.Trim());
        if (user is null)
        {
            // No account: the typed address is not kept (it may be anyone's).
            await audit.RecordAsync(AuditAction.SignInFailed, "compte:inconnu", outcome: AuditOutcome.Refused);
            ModelState.AddModelError(string.Empty, GenericError);
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(user, Input.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.RequiresTwoFactor)
        {
            // The password was right; the sign-in is journaled once the code is given (/connexion/code).
            return LocalRedirect(string.IsNullOrEmpty(ReturnUrl) || !Url.IsLocalUrl(ReturnUrl) ? "/connexion/code" : $"/connexion/code?ReturnUrl={Uri.EscapeDataString(ReturnUrl)}");
        }

        await audit.RecordAsync(result.Succeeded ? AuditAction.SignInSucceeded : AuditAction.SignInFailed, $"compte:{user.Id}",
            outcome: result.Succeeded ? AuditOutcome.Success : AuditOutcome.Refused, userId: user.Id);
        if (result.Succeeded)
        {
            if (!string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl))
            {
                return LocalRedirect(ReturnUrl);
            }

            var roles = await users.GetRolesAsync(user);
            return LocalRedirect(Roles.HomePath(roles.FirstOrDefault()));
        }

        ModelState.AddModelError(string.Empty, result.IsLockedOut ? LockedError : GenericError);
        return Page();
    }

    public sealed class LoginInput
    {
        [Required(ErrorMessage = "Indiquez votre adresse e-mail.")]
        [EmailAddress(ErrorMessage = "Indiquez une adresse e-mail de la forme nom@exemple.fr.")]
        [StringLength(256, ErrorMessage = "L'adresse e-mail compte 256 caractères au plus.")]
        [Display(Name = "Adresse e-mail")]
        public string Email { get; set; } = string.Empty;

        [Required(ErrorMessage = "Indiquez votre mot de passe.")]
        [StringLength(256, ErrorMessage = "Le mot de passe compte 256 caractères au plus.")]
        [DataType(DataType.Password)]
        [Display(Name = "Mot de passe")]
        public string Password { get; set; } = string.Empty;
    }
}
