using Aiguillage.Domain;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aiguillage.Web.Features.Diagnostics.Run;

/// <summary>What the client wants to be able to do (not scored).</summary>
[Authorize(Policy = Policies.DiagnosticWriter)]
public sealed class NeedsModel(DraftAccess drafts, AppDbContext db, TimeProvider clock) : PageModel
{
    public OpenDraft Open { get; private set; } = null!;

    // An explicit name: with none posted, the binder must not fall back to reading the whole form as this collection.
    [BindProperty(Name = "Needs")]
    public List<string> Needs { get; set; } = [];

    [BindProperty(SupportsGet = true, Name = "retour")]
    public string? Back { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var open = await drafts.FindAsync(id, ct);
        if (open is null)
        {
            return NotFound();
        }

        Open = open;
        if (open.Draft.IsSubmitted)
        {
            return LocalRedirect(DraftAccess.NextStep(open.Draft, open.Definition));
        }

        Needs = [.. open.Draft.Needs];
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var open = await drafts.FindAsync(id, ct);
        if (open is null)
        {
            return NotFound();
        }

        Open = open;
        if (open.Draft.IsSubmitted)
        {
            return LocalRedirect(DraftAccess.NextStep(open.Draft, open.Definition));
        }

        try
        {
            open.Draft.SetNeeds(open.Definition, Needs, clock.GetUtcNow().UtcDateTime);
        }
        catch (DomainException e)
        {
            ModelState.AddModelError(nameof(Needs), e.Message);
            return Page();
        }

        await db.SaveChangesAsync(ct);
        return LocalRedirect(Back == "recap" ? $"/diagnostics/{id}/recapitulatif" : DraftAccess.NextStep(open.Draft, open.Definition));
    }
}
