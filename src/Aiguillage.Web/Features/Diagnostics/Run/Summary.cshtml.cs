using Aiguillage.Domain;
using Aiguillage.Web.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Aiguillage.Web.Platform.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aiguillage.Web.Features.Diagnostics.Run;

/// <summary>Check everything, change what needs changing, then submit once.</summary>
[Authorize(Policy = Policies.DiagnosticWriter)]
public sealed class SummaryModel(DraftAccess drafts) : PageModel
{
    public OpenDraft Open { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var open = await drafts.FindAsync(id, ct);
        if (open is null)
        {
            return NotFound();
        }

        Open = open;
        return open.Draft.IsComplete(open.Definition) && !open.Draft.IsSubmitted ? Page() : LocalRedirect(DraftAccess.NextStep(open.Draft, open.Definition));
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var open = await drafts.FindAsync(id, ct);
        if (open is null)
        {
            return NotFound();
        }

        Open = open;
        if (!open.Draft.IsSubmitted && !open.Draft.IsComplete(open.Definition))
        {
            return LocalRedirect(DraftAccess.NextStep(open.Draft, open.Definition));
        }

        var refused = await Refusals.TryAsync(async () =>
        {
            await drafts.SubmitAsync(open, ct);
        }, string.Empty);
        if (refused is not null)
        {
            ModelState.AddModelError(string.Empty, refused.Message);
            return Page();
        }

        return LocalRedirect($"/diagnostics/{id}/resultat");
    }
}
