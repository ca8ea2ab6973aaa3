using Aiguillage.Domain;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Aiguillage.Web.Platform.Web;
using Microsoft.AspNetCore.Mvc;

namespace Aiguillage.Web.Features.Diagnostics.Run;

/// <summary>What the client wants to be able to do (not scored).</summary>
[Authorize(Policy = Policies.DiagnosticWriter)]
public sealed class NeedsModel(DraftAccess drafts, AppDbContext db, TimeProvider clock) : DraftStepModel(drafts)
{
    // An explicit name: with none posted, the binder must not fall back to reading the whole form as this collection.
    [BindProperty(Name = "Needs")]
    public List<string> Needs { get; set; } = [];

    [BindProperty(SupportsGet = true, Name = "retour")]
    public string? Back { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await OpenAsync(id, ct) is { } answer)
        {
            return answer;
        }

        Needs = [.. Open.Draft.Needs];
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (await OpenAsync(id, ct) is { } answer)
        {
            return answer;
        }

        if (DraftAccess.RefuseBack(Back, ModelState))
        {
            return Page();
        }

        var open = Open;
        var refused = Refusals.Try(() =>
        {
            open.Draft.SetNeeds(open.Definition, Needs, clock.GetUtcNow().UtcDateTime);
        }, string.Empty);
        if (refused is not null)
        {
            ModelState.AddModelError(nameof(Needs), refused.Message);
            return Page();
        }

        await db.SaveChangesAsync(ct);
        return LocalRedirect(Back == "recap" ? $"/diagnostics/{id}/recapitulatif" : DraftAccess.NextStep(open.Draft, open.Definition));
    }
}
