using Aiguillage.Domain.Diagnostics;
using Aiguillage.Domain.Offices;
using Aiguillage.Domain.Orientation;
using Aiguillage.Web.Features.Offices;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Diagnostics.Run;

/// <summary>The result: level in words and as a gauge, both axes, domains, illectronisme, proposed actions.</summary>
[Authorize(Policy = Policies.ClientRecords)]
public sealed class ResultModel(AppDbContext db, ScopeService scopes, QuestionnaireCatalog catalog, ActionCatalogue actions) : PageModel
{
    public Diagnostic Diagnostic { get; private set; } = null!;

    public DiagnosticResult Result { get; private set; } = null!;

    public QuestionnaireDefinition Definition { get; private set; } = null!;

    public Office Office { get; private set; } = null!;

    public string? ClientReference { get; private set; }

    public IReadOnlyList<Proposal> Proposals { get; private set; } = [];

    /// <summary>The client's previous diagnostic, to show progress.</summary>
    public Diagnostic? Previous { get; private set; }

    /// <summary>The place search for one proposal: the diagnostic gives the office and the needs (FindPlace).</summary>
    public string SearchFor(Proposal proposal) => proposal.Action.Service is { } service
        ? $"/lieux?diagnostic={Diagnostic.Id}&Search.Services={Uri.EscapeDataString(service)}"
        : $"/lieux?diagnostic={Diagnostic.Id}";

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        if (await db.FindScoredAsync(scope, catalog, id, ct) is not { } scored)
        {
            return NotFound();
        }

        (Diagnostic, Office, Definition, Result) = scored;
        Proposals = scored.Propose(actions);
        if (Diagnostic.ClientId is { } clientId)
        {
            ClientReference = await db.Clients.Where(c => c.Id == clientId).Select(c => c.Reference).FirstOrDefaultAsync(ct);
            var visible = db.Offices.VisibleTo(scope).Select(o => o.Id);
            Previous = await db.Diagnostics.AsNoTracking()
                .Where(d => d.ClientId == clientId && d.Id != id && d.FilledAt < Diagnostic.FilledAt && visible.Contains(d.OfficeId))
                .OrderByDescending(d => d.FilledAt).FirstOrDefaultAsync(ct);
        }

        return Page();
    }
}
