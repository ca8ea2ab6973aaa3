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
public sealed class LoginModel(SignInManager<AppUser> signIn, UserManager<AppUser> users, SignInThrottle throttle, Platform.Audit.AuditLog audit) : PageModel
{
    /// <summary>
    /// One message for an unknown e-mail, a wrong password and a suspended account (issue 16 §13: from the 5th failure
    /// only existing accounts said « bloqué », which told which accounts exist). It says what to do in each case.
    /// </summary>
    public const string GenericError = "Adresse e-mail ou mot de passe incorrect. Après cinq essais, chaque nouvel essai attend un peu plus longtemps. Si cela continue, demandez à votre administrateur de débloquer votre compte.";

    /// <summary>After five attempts on one address from one place, each new one waits longer (ADR 0019).</summary>
    public const string WaitError = "Trop d'essais depuis cet appareil : patientez quelques minutes avant de réessayer. Si cela continue, demandez à votre administrateur.";

    /// <summary>A password hash of the same cost as the accounts', checked when there is no account to check, so that an unknown address takes as long as a known one.</summary>
    private static string? _unknownAccountHash;

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

        var email = users.NormalizeEmail(Input.Email.Trim());
        var address = HttpContext.Connection.RemoteIpAddress?.ToString();
        var verdict = await throttle.ReserveAsync(email, address, throttle.IsKnownDevice(HttpContext, email), HttpContext.RequestAborted);
        if (verdict == SignInVerdict.Wait)
        {
            // Too many attempts on this address from here (issue 16 §13): this one is not checked. The same for an
            // unknown address and an account, and the same words whatever the count (a shared network would learn it).
            SpendAsMuchAsAPasswordCheck();
            ModelState.AddModelError(string.Empty, WaitError);
            return Page();
        }

        var user = await users.FindByEmailAsync(Input.Email.Trim());
        if (user is null || verdict == SignInVerdict.Locked)
        {
            // No account: the typed address is not kept (it may be anyone's). The password is still hashed, so that the
            // answer takes as long as for an account (it took ~6 ms against ~83 ms). An account locked after a flood
            // answers the same, whatever the password: only its known devices and an admin get it back.
            SpendAsMuchAsAPasswordCheck();
            await audit.RecordAsync(AuditAction.SignInFailed, user is null ? "compte:inconnu" : $"compte:{user.Id}", user is null ? null : "compte bloqué", AuditOutcome.Refused, user?.Id);
            ModelState.AddModelError(string.Empty, GenericError);
            return Page();
        }

        // Identity's own lockout stays off for passwords: it locked the account for everyone, so anyone could lock anyone.
        var result = await signIn.PasswordSignInAsync(user, Input.Password, isPersistent: false, lockoutOnFailure: false);
        if (result.IsLockedOut || result.IsNotAllowed)
        {
            // Identity answers a suspended or disabled account before hashing anything: as fast as an unknown one used to be.
            SpendAsMuchAsAPasswordCheck();
        }

        if (result.Succeeded)
        {
            await throttle.SucceededAsync(email, address, HttpContext.RequestAborted);
            throttle.RememberDevice(HttpContext, email);
        }

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

        ModelState.AddModelError(string.Empty, GenericError);
        return Page();
    }

    private void SpendAsMuchAsAPasswordCheck()
    {
        var nobody = new AppUser();
        _unknownAccountHash ??= users.PasswordHasher.HashPassword(nobody, "aucun-compte-ne-porte-ce-mot-de-passe");
        users.PasswordHasher.VerifyHashedPassword(nobody, _unknownAccountHash, Input.Password);
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
