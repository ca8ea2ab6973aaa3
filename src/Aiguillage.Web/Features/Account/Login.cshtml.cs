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
        var gate = await throttle.CheckAsync(email, address, HttpContext.RequestAborted);
        if (gate.Wait > TimeSpan.Zero)
        {
            // Too many failures on this address from here (issue 16 §13): this attempt is not checked, and not counted.
            // The same for an unknown address and an account: nothing tells them apart.
            SpendAsMuchAsAPasswordCheck();
            ModelState.AddModelError(string.Empty, $"Trop d'essais : attendez {Wait(gate.Wait)} avant de réessayer.");
            return Page();
        }

        var user = await users.FindByEmailAsync(Input.Email.Trim());
        if (user is null || (gate.AccountLocked && !user.TwoFactorEnabled))
        {
            // No account: the typed address is not kept (it may be anyone's). The password is still hashed, so that the
            // answer takes as long as for an account (it took ~6 ms against ~83 ms). An account locked from everywhere
            // without a second factor answers the same: only an admin lifts it.
            SpendAsMuchAsAPasswordCheck();
            await throttle.FailedAsync(email, address, HttpContext.RequestAborted);
            await audit.RecordAsync(AuditAction.SignInFailed, user is null ? "compte:inconnu" : $"compte:{user.Id}", user is null ? null : "compte bloqué", AuditOutcome.Refused, user?.Id);
            ModelState.AddModelError(string.Empty, GenericError);
            return Page();
        }

        // Identity's own lockout stays off for passwords: it locked the account for everyone, so anyone could lock
        // anyone. An account locked from everywhere with a second factor goes on to its code, which lifts the lock.
        var result = await signIn.PasswordSignInAsync(user, Input.Password, isPersistent: false, lockoutOnFailure: false);
        if (result.IsLockedOut || result.IsNotAllowed)
        {
            // Identity answers a suspended or disabled account before hashing anything: as fast as an unknown one used to be.
            SpendAsMuchAsAPasswordCheck();
        }

        if (!result.Succeeded && !result.RequiresTwoFactor)
        {
            await throttle.FailedAsync(email, address, HttpContext.RequestAborted);
        }
        else if (result.Succeeded)
        {
            await throttle.SucceededAsync(email, address, HttpContext.RequestAborted);
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

    private static string Wait(TimeSpan wait) => wait.TotalSeconds < 60
        ? Platform.Web.Plural.Of((int)Math.Ceiling(wait.TotalSeconds), "seconde", "secondes")
        : Platform.Web.Plural.Of((int)Math.Ceiling(wait.TotalMinutes), "minute", "minutes");

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
