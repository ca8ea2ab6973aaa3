using Aiguillage.Domain.Referrals;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Aiguillage.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Referrals.Webhooks;

/// <summary>
/// A partner's staff set the address their referrals' news is posted to, get its signing secret once, make a new one,
/// or remove the address; and read the delivery log: each attempt, its answer, its retries (issue 21 §4).
/// </summary>
[Authorize(Policy = Policies.PartnerStaff)]
public sealed class WebhookModel(AppDbContext db, ScopeService scopes, ReferralWebhooks webhooks, WebhookOptions options, Platform.Audit.AuditLog audit, TimeProvider clock) : PageModel
{
    private const string FreshSecret = "webhook-secret";

    [BindProperty]
    public string? Address { get; set; }

    public ReferralWebhook? Current { get; private set; }

    public string? Secret { get; private set; }

    public IReadOnlyList<WebhookDelivery> Deliveries { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is null)
        {
            return NotFound();
        }

        Address ??= Current?.Url;
        Secret = TempData[FreshSecret] as string;
        return Page();
    }

    /// <summary>Sets the address (a new secret the first time); the same address again changes nothing.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct) => await SaveAsync(newSecret: false, ct);

    public async Task<IActionResult> OnPostSecretAsync(CancellationToken ct) => await SaveAsync(newSecret: true, ct);

    public async Task<IActionResult> OnPostRemoveAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is null)
        {
            return NotFound();
        }

        if (Current is not null)
        {
            db.Remove(Current);
            audit.Add(Domain.Audit.AuditAction.WebhookChanged, $"webhook:{Current.PartnerId}", "supprimé");
            await db.SaveChangesAsync(ct);
        }

        return LocalRedirect("/partenaire/webhook");
    }

    private async Task<IActionResult> SaveAsync(bool newSecret, CancellationToken ct)
    {
        if (await LoadAsync(ct) is not { } partnerId)
        {
            return NotFound();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        string? shown = null;
        var refused = Refusals.Try(() =>
        {
            if (Current is null)
            {
                var (secret, kept) = webhooks.NewSecret();
                db.Add(new ReferralWebhook(partnerId, Address ?? string.Empty, kept, options.AllowHttp, now));
                shown = secret;
            }
            else if (newSecret)
            {
                var (secret, kept) = webhooks.NewSecret();
                Current.Change(Current.Url, kept, options.AllowHttp, now);
                shown = secret;
            }
            else
            {
                Current.Change(Address ?? string.Empty, Current.ProtectedSecret, options.AllowHttp, now);
            }
        }, nameof(Address));
        if (refused is not null)
        {
            ModelState.AddModelError(nameof(Address), refused.Message);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        audit.Add(Domain.Audit.AuditAction.WebhookChanged, $"webhook:{partnerId}", shown is null ? "adresse" : Current is null ? "créé" : "nouveau secret");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException failure) when (!Aiguillage.Web.Platform.Data.DatabaseUnavailable.Is(failure))
        {
            // Two first saves at once: the other one's address stands (the partner is its key); its secret was shown there.
            return LocalRedirect("/partenaire/webhook");
        }

        if (shown is not null)
        {
            TempData[FreshSecret] = shown;
        }

        return LocalRedirect("/partenaire/webhook");
    }

    private async Task<int?> LoadAsync(CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        if (scope.Kind != Domain.Territories.ScopeKind.Partner || scope.PartnerId is not { } partnerId)
        {
            return null;
        }

        Current = await db.Set<ReferralWebhook>().FirstOrDefaultAsync(w => w.PartnerId == partnerId, ct);
        Deliveries = await db.Set<WebhookDelivery>().AsNoTracking().Where(d => d.PartnerId == partnerId).OrderByDescending(d => d.At).Take(50).ToListAsync(ct);
        return partnerId;
    }
}
