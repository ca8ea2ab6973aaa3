using System.ComponentModel.DataAnnotations;
using Aiguillage.Domain.Clients;
using Aiguillage.Domain.Offices;
using Aiguillage.Web.Features.Offices;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Aiguillage.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Diagnostics.Run;

/// <summary>Start a diagnostic in an office: a new client, or a returning one by their reference.</summary>
[Authorize(Policy = Policies.DiagnosticWriter)]
public sealed class StartModel(AppDbContext db, ScopeService scopes, DraftAccess drafts, IDiagnosedClients clients, Submissions submissions) : PageModel
{
    /// <summary>The creating form's own id (issue 15 §2): the same form sent twice creates one record.</summary>
    [BindProperty(Name = Submissions.FieldName)]
    public Guid? SubmissionId { get; set; }

    public Office Office { get; private set; } = null!;

    [BindProperty]
    [StringLength(20, ErrorMessage = "La référence a la forme ABC-234.")]
    [Display(Name = "Référence du client")]
    public string? ClientReference { get; set; }

    public async Task<IActionResult> OnGetAsync(int officeId, CancellationToken ct) => await LoadAsync(officeId, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostAsync(int officeId, CancellationToken ct) =>
        submissions.OnceAsync(this, "bureaux/diagnostic", SubmissionId, () => CreateOnceAsync(officeId, ct), ct);

    private async Task<IActionResult> CreateOnceAsync(int officeId, CancellationToken ct)
    {
        if (!await LoadAsync(officeId, ct))
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var (known, returning) = await clients.ReturningAsync(ClientReference, ModelState, nameof(ClientReference), ct);
        if (!known)
        {
            return Page();
        }

        var draft = await drafts.StartAsync(Office, returning, User, ct);
        return LocalRedirect(DraftAccess.QuestionUrl(draft.Id, 1));
    }

    private async Task<bool> LoadAsync(int officeId, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var office = await db.Offices.VisibleTo(scope).FirstOrDefaultAsync(o => o.Id == officeId, ct);
        Office = office!;
        return office is not null;
    }
}
