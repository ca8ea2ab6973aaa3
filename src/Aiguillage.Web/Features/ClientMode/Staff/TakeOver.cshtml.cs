using Aiguillage.Web.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aiguillage.Web.Features.ClientMode.Staff;

/// <summary>
/// « Voir le résultat » of a waiting client: the client leaves « Clients en attente » and the mediator lands on the
/// result in the workspace, as for a diagnostic made at the counter.
/// </summary>
[Authorize(Policy = Policies.DiagnosticWriter)]
public sealed class TakeOverModel(ClientCalls calls) : PageModel
{
    public async Task<IActionResult> OnGetAsync(int officeId, Guid visitId, CancellationToken ct)
    {
        if (await calls.FindAsync(officeId, visitId, ct) is not { } visit)
        {
            return NotFound();
        }

        visit.TakenOver(calls.NowUtc);
        await calls.SaveAsync(ct);
        return LocalRedirect($"/diagnostics/{visit.DraftId}/resultat");
    }
}
