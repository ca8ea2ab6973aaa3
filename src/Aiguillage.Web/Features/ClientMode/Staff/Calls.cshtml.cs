using Aiguillage.Web.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aiguillage.Web.Features.ClientMode.Staff;

/// <summary>
/// The office page's tablet panel alone, for its script to read every few seconds (not the mediator's activity: an
/// office page left open still reaches its idle end); and « J'arrive », after which the office page is drawn again.
/// </summary>
[Authorize(Policy = Policies.DiagnosticWriter)]
[BackgroundRequest]
public sealed class CallsModel(ClientCalls calls) : PageModel
{
    public OfficeTablets Tablets { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int officeId, CancellationToken ct)
    {
        if (await calls.ForOfficeAsync(officeId, ct) is not { } tablets)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "no-store";
        Tablets = tablets;
        return Page();
    }

    /// <summary>The mediator goes to the client: the call leaves every office page.</summary>
    public async Task<IActionResult> OnPostArriveAsync(int officeId, [FromForm(Name = "visite")] Guid visitId, CancellationToken ct)
    {
        if (await calls.FindAsync(officeId, visitId, ct) is not { } visit)
        {
            return NotFound();
        }

        visit.HelpAnswered();
        await calls.SaveAsync(ct);
        return Request.Headers["X-Requested-With"] == "fetch" ? StatusCode(StatusCodes.Status204NoContent) : LocalRedirect($"/bureaux/{officeId}");
    }
}
