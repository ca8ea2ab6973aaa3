using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aiguillage.Web.Features.Diagnostics.Run;

/// <summary>
/// What every step of a running diagnostic does first: find the draft in the user's scope (else 404), and once it
/// is submitted, send any further step to where the draft now leads (its result).
/// </summary>
public abstract class DraftStepModel(DraftAccess drafts) : PageModel
{
    public OpenDraft Open { get; private set; } = null!;

    /// <summary>Null when the step can go on with <see cref="Open"/>; else the answer to return at once.</summary>
    protected async Task<IActionResult?> OpenAsync(Guid id, CancellationToken ct)
    {
        var open = await drafts.FindAsync(id, ct);
        if (open is null)
        {
            return NotFound();
        }

        Open = open;
        return open.Draft.IsSubmitted ? LocalRedirect(DraftAccess.NextStep(open.Draft, open.Definition)) : null;
    }
}
