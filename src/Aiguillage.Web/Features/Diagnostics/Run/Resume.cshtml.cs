using Aiguillage.Web.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aiguillage.Web.Features.Diagnostics.Run;

/// <summary>Resumes a diagnostic where it stopped, from any computer.</summary>
[Authorize(Policy = Policies.DiagnosticWriter)]
public sealed class ResumeModel(DraftAccess drafts) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) =>
        await drafts.FindAsync(id, ct) is { } open ? LocalRedirect(DraftAccess.NextStep(open.Draft, open.Definition)) : NotFound();
}
