using System.ComponentModel.DataAnnotations;
using Aiguillage.Domain.Partners;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Aiguillage.Web.Platform.Territories;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Admin;

/// <summary>Change an account's name, role and scope; disable or enable it; give a new provisional password.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class AccountEditModel(AppDbContext db, UserManager<AppUser> users, TerritoryDirectory territories, TimeProvider clock, Platform.Security.SignInThrottle throttle, Platform.Audit.AuditLog audit) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Indiquez le nom affiché.")]
    [StringLength(200, ErrorMessage = "Le nom compte 200 caractères au plus.")]
    public string DisplayName { get; set; } = string.Empty;

    [BindProperty]
    public AccountScopeInput Scope { get; set; } = new();

    public AccountRow Account { get; private set; } = null!;

    public IReadOnlyList<Partner> Partners { get; private set; } = [];

    public string? Message { get; private set; }

    public string? ProvisionalPassword { get; private set; }

    public bool TwoFactorEnabled { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        var user = await LoadAsync(id, ct);
        if (user is null)
        {
            return NotFound();
        }

        DisplayName = user.DisplayName;
        TwoFactorEnabled = user.TwoFactorEnabled;
        var officeIds = user.Offices.Select(u => u.OfficeId).ToList();
        Scope = new AccountScopeInput
        {
            Role = Account.Role ?? Roles.Mediator,
            OfficeSiteCodes = string.Join(", ", await db.Offices.Where(o => officeIds.Contains(o.Id)).OrderBy(o => o.SiteCode).Select(o => o.SiteCode).ToListAsync(ct)),
            PartnerId = user.PartnerId,
            TerritoryLevel = user.TerritoryLevel,
            TerritoryCode = user.TerritoryCode,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(string id, CancellationToken ct)
    {
        var user = await LoadAsync(id, ct);
        if (user is null)
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var scope = await AccountScopes.ResolveAsync(Scope, nameof(Scope), ModelState, db, territories, ct);
        if (scope is null)
        {
            return Page();
        }

        if (user.Id == users.GetUserId(User) && scope.Role != Roles.Admin)
        {
            ModelState.AddModelError($"{nameof(Scope)}.{nameof(Scope.Role)}", "Vous ne pouvez pas retirer votre propre rôle d'administrateur.");
            return Page();
        }

        await using var transaction = await db.Database.BeginUnlessOpenAsync(ct);
        user.DisplayName = DisplayName.Trim();
        AccountScopes.Apply(user, scope);
        var current = await users.GetRolesAsync(user);
        if (!current.SequenceEqual([scope.Role]))
        {
            await users.RemoveFromRolesAsync(user, current);
            await users.AddToRoleAsync(user, scope.Role);
        }

        // A new stamp ends the account's open sessions: its next request signs in again with the new scope.
        await users.UpdateSecurityStampAsync(user);
        await audit.RecordAsync(Domain.Audit.AuditAction.AccountChanged, $"compte:{user.Id}", $"role:{scope.Role}", ct: ct);
        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }

        return await ReloadAsync(id, "Le compte est enregistré.", ct);
    }

    public async Task<IActionResult> OnPostDisableAsync(string id, CancellationToken ct) => await SetDisabledAsync(id, true, ct);

    public async Task<IActionResult> OnPostEnableAsync(string id, CancellationToken ct) => await SetDisabledAsync(id, false, ct);

    public async Task<IActionResult> OnPostResetPasswordAsync(string id, CancellationToken ct)
    {
        var user = await LoadAsync(id, ct);
        if (user is null)
        {
            return NotFound();
        }

        var password = Passwords.Generate();
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var result = await users.ResetPasswordAsync(user, token, password);
        if (result.Succeeded)
        {
            user.MustChangePassword = true;
            await users.UpdateAsync(user);
            await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
            await throttle.LiftAsync(user.NormalizedEmail ?? string.Empty, ct);
            await audit.RecordAsync(Domain.Audit.AuditAction.AccountChanged, $"compte:{user.Id}", "mot de passe provisoire", ct: ct);
        }

        var page = await ReloadAsync(id, result.Succeeded ? "Nouveau mot de passe provisoire créé ; le compte est débloqué." : "Le mot de passe n'a pas pu être changé.", ct);
        ProvisionalPassword = result.Succeeded ? password : null;
        return page;
    }

    /// <summary>A lost or changed phone: the account enrols a new authenticator at its next sign-in; its sessions end.</summary>
    public async Task<IActionResult> OnPostResetTwoFactorAsync(string id, CancellationToken ct)
    {
        var user = await LoadAsync(id, ct);
        if (user is null)
        {
            return NotFound();
        }

        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await audit.RecordAsync(Domain.Audit.AuditAction.TwoFactorChanged, $"compte:{user.Id}", "réinitialisée par un administrateur", ct: ct);
        return await ReloadAsync(id, "La double authentification est réinitialisée : la personne ajoutera de nouveau le compte dans son application à sa prochaine connexion.", ct);
    }

    private async Task<IActionResult> SetDisabledAsync(string id, bool disabled, CancellationToken ct)
    {
        var user = await LoadAsync(id, ct);
        if (user is null)
        {
            return NotFound();
        }

        if (disabled && user.Id == users.GetUserId(User))
        {
            return await ReloadAsync(id, "Vous ne pouvez pas désactiver votre propre compte.", ct);
        }

        user.IsDisabled = disabled;
        await users.UpdateAsync(user);
        await users.UpdateSecurityStampAsync(user);
        await audit.RecordAsync(Domain.Audit.AuditAction.AccountChanged, $"compte:{user.Id}", disabled ? "désactivé" : "réactivé", ct: ct);
        return await ReloadAsync(id, disabled ? "Le compte est désactivé : ses sessions sont fermées." : "Le compte est réactivé.", ct);
    }

    private async Task<IActionResult> ReloadAsync(string id, string message, CancellationToken ct)
    {
        ModelState.Clear();
        var result = await OnGetAsync(id, ct);
        Message = message;
        return result;
    }

    private async Task<AppUser?> LoadAsync(string id, CancellationToken ct)
    {
        Partners = await db.Partners.OrderBy(p => p.Name).ToListAsync(ct);
        var user = await db.Users.Include(u => u.Offices).FirstOrDefaultAsync(u => u.Id == id, ct);
        if (user is not null)
        {
            Account = (await AccountDirectory.ListAsync(db, territories, clock.GetUtcNow(), id, ct))[0];
        }

        return user;
    }
}
