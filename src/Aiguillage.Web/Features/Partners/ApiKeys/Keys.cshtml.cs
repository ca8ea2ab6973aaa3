using System.Security.Claims;
using Aiguillage.Domain.Partners;
using Aiguillage.Web.Platform.Audit;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Aiguillage.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Partners.ApiKeys;

/// <summary>
/// A partner's staff make and revoke their organisation's API keys (issue 21 §4). A new key is shown once, on the page
/// the creation leads to (it travels there in the encrypted, read-once TempData), then never again: only its hash is
/// kept. A double tap makes one key; a key of another partner answers 404.
/// </summary>
[Authorize(Policy = Policies.PartnerStaff)]
public sealed class KeysModel(AppDbContext db, ScopeService scopes, AuditLog audit, TimeProvider clock, Submissions submissions) : PageModel
{
    private const string FreshKey = "cle-api-nouvelle";

    [BindProperty(Name = Submissions.FieldName)]
    public Guid? SubmissionId { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public ApiKeyAccess? Access { get; set; }

    [BindProperty]
    public Guid? KeyId { get; set; }

    /// <summary>« ?nouvelle=… »: the key just made, whose secret this answer may show if it still holds it.</summary>
    [BindProperty(SupportsGet = true, Name = "nouvelle")]
    public Guid? Created { get; set; }

    public string? Secret { get; private set; }

    public string PartnerName { get; private set; } = string.Empty;

    public IReadOnlyList<PartnerApiKey> Keys { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is null)
        {
            return NotFound();
        }

        if (Created is { } id && TempData[FreshKey] is string fresh && fresh.StartsWith($"{id}|", StringComparison.Ordinal))
        {
            Secret = fresh[(fresh.IndexOf('|', StringComparison.Ordinal) + 1)..];
        }

        return Page();
    }

    public Task<IActionResult> OnPostAsync(CancellationToken ct) =>
        submissions.OnceAsync(this, "partenaire/cles-api", SubmissionId, () => CreateOnceAsync(ct), ct);

    private async Task<IActionResult> CreateOnceAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is not { } partnerId)
        {
            return NotFound();
        }

        if (Access is null)
        {
            ModelState.AddModelError(nameof(Access), "Choisissez « lecture seule » ou « lecture et écriture ».");
            return Page();
        }

        var (key, prefix, hash) = PartnerKeys.Create();
        var userId = User.FindFirstValue(ClaimTypes.NameIdentifier)!;
        PartnerApiKey? made = null;
        if (Refusals.Try(() => made = new PartnerApiKey(Guid.NewGuid(), partnerId, Name ?? string.Empty, Access.Value, prefix, hash, userId, clock.GetUtcNow().UtcDateTime), nameof(Name)) is { } refused)
        {
            ModelState.AddModelError(refused.Field, refused.Message);
            return Page();
        }

        db.Add(made!);
        audit.Add(Domain.Audit.AuditAction.ApiKeyChanged, $"cle:{made!.Id}", $"partenaire:{partnerId}", userId: userId);
        await db.SaveChangesAsync(ct);
        TempData[FreshKey] = $"{made.Id}|{key}";
        return LocalRedirect($"/partenaire/cles-api?nouvelle={made.Id}");
    }

    /// <summary>Revokes a key of the partner at once; a foreign or unknown one answers 404, a revoked one says so.</summary>
    public async Task<IActionResult> OnPostRevokeAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is not { } partnerId)
        {
            return NotFound();
        }

        var key = await db.Set<PartnerApiKey>().FirstOrDefaultAsync(k => k.Id == KeyId && k.PartnerId == partnerId, ct);
        if (key is null)
        {
            return NotFound();
        }

        var userId = User.FindFirstValue(ClaimTypes.NameIdentifier)!;
        if (Refusals.Try(() => key.Revoke(userId, clock.GetUtcNow().UtcDateTime), nameof(KeyId)) is { } refused)
        {
            ModelState.AddModelError(nameof(KeyId), refused.Message);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        audit.Add(Domain.Audit.AuditAction.ApiKeyChanged, $"cle:{key.Id}", $"partenaire:{partnerId}", userId: userId);
        await db.SaveChangesAsync(ct);
        return LocalRedirect("/partenaire/cles-api?revoquee=1");
    }

    private async Task<int?> LoadAsync(CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        if (scope.Kind != Domain.Territories.ScopeKind.Partner || scope.PartnerId is not { } partnerId)
        {
            return null;
        }

        PartnerName = await db.Partners.Where(p => p.Id == partnerId).Select(p => p.Name).FirstOrDefaultAsync(ct) ?? string.Empty;
        Keys = await db.Set<PartnerApiKey>().AsNoTracking().Where(k => k.PartnerId == partnerId).OrderBy(k => k.RevokedAt != null).ThenByDescending(k => k.CreatedAt).ToListAsync(ct);
        return partnerId;
    }
}
