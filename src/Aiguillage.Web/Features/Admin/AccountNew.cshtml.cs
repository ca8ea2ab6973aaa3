using System.ComponentModel.DataAnnotations;
using Aiguillage.Domain.Partners;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Aiguillage.Web.Platform.Territories;
using Aiguillage.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Admin;

[Authorize(Policy = Policies.Admin)]
public sealed class AccountNewModel(AppDbContext db, UserManager<AppUser> users, TerritoryDirectory territories, Platform.Audit.AuditLog audit, TimeProvider clock, Submissions submissions, Platform.Security.SignInThrottle throttle) : PageModel
{
    /// <summary>The creating form's own id (issue 15 §2): the same form sent twice creates one record.</summary>
    [BindProperty(Name = Submissions.FieldName)]
    public Guid? SubmissionId { get; set; }

    [BindProperty]
    public NewAccountInput Input { get; set; } = new();

    [BindProperty]
    public AccountScopeInput Scope { get; set; } = new();

    public IReadOnlyList<Partner> Partners { get; private set; } = [];

    /// <summary>Shown once after creation; never stored in clear.</summary>
    public string? ProvisionalPassword { get; private set; }

    public string? CreatedEmail { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Partners = await db.Partners.OrderBy(p => p.Name).ToListAsync(ct);

    public Task<IActionResult> OnPostAsync(CancellationToken ct) =>
        submissions.OnceAsync(this, "admin/comptes/nouveau", SubmissionId, () => CreateOnceAsync(ct), ct);

    private async Task<IActionResult> CreateOnceAsync(CancellationToken ct)
    {
        Partners = await db.Partners.OrderBy(p => p.Name).ToListAsync(ct);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var scope = await AccountScopes.ResolveAsync(Scope, nameof(Scope), ModelState, db, territories, ct);
        if (scope is null)
        {
            return Page();
        }

        var email = Input.Email.Trim();
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = Input.DisplayName.Trim(), CreatedAt = clock.GetUtcNow().UtcDateTime, MustChangePassword = true };
        AccountScopes.Apply(user, scope);
        var password = Passwords.Generate();

        // Account and role in one transaction: never an account without its role.
        await using var transaction = await db.Database.BeginUnlessOpenAsync(ct);
        var result = await users.CreateAsync(user, password);
        if (result.Succeeded)
        {
            result = await users.AddToRoleAsync(user, scope.Role);
        }

        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError($"{nameof(Input)}.{nameof(Input.Email)}", error.Description);
            }

            return Page();
        }

        // A flood may have locked the address before the account existed (unknown addresses are counted alike).
        await throttle.LiftAsync(user.NormalizedEmail ?? string.Empty, ct);
        await audit.RecordAsync(Domain.Audit.AuditAction.AccountCreated, $"compte:{user.Id}", $"role:{scope.Role}", ct: ct);
        Submissions.ReplayTo(this, $"/admin/comptes/{user.Id}");
        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }

        ProvisionalPassword = password;
        CreatedEmail = email;
        return Page();
    }

    public sealed class NewAccountInput
    {
        [Required(ErrorMessage = "Indiquez l'adresse e-mail.")]
        [EmailAddress(ErrorMessage = "Indiquez une adresse e-mail de la forme nom@exemple.fr.")]
        [StringLength(256, ErrorMessage = "L'adresse e-mail compte 256 caractères au plus.")]
        public string Email { get; set; } = string.Empty;

        [Required(ErrorMessage = "Indiquez le nom affiché.")]
        [StringLength(200, ErrorMessage = "Le nom compte 200 caractères au plus.")]
        public string DisplayName { get; set; } = string.Empty;
    }
}
