using System.Security.Claims;
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
public sealed class ResultModel(AppDbContext db, ScopeService scopes, QuestionnaireCatalog catalog, ActionCatalogue actions, TimeProvider clock) : PageModel
{
    /// <summary>The mediator's judgement of the level, if given (issue 20 §3).</summary>
    public LevelVerdict? Verdict { get; private set; }

    [BindProperty]
    public LevelVerdict? Judgement { get; set; }

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

    public Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => LoadAsync(id, ct);

    /// <summary>
    /// « Ce niveau vous paraît : juste / trop haut / trop bas » (issue 20 §3): one click, one judgement per diagnostic,
    /// a second click changes it — a double tap leaves one. The quality report compares it with the level.
    /// </summary>
    public async Task<IActionResult> OnPostJudgeAsync(Guid id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is not PageResult)
        {
            return NotFound();
        }

        if (Judgement is not { } verdict || !Enum.IsDefined(verdict))
        {
            ModelState.AddModelError(nameof(Judgement), "Choisissez : juste, trop haut ou trop bas.");
            return Page();
        }

        var userId = User.FindFirstValue(ClaimTypes.NameIdentifier)!;
        var now = clock.GetUtcNow().UtcDateTime;
        var existing = await db.LevelJudgements.FirstOrDefaultAsync(j => j.DiagnosticId == id, ct);
        if (existing is null)
        {
            db.LevelJudgements.Add(new LevelJudgement(id, verdict, userId, now));
        }
        else
        {
            existing.Change(verdict, userId, now);
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException failure) when ((existing is null) && !Aiguillage.Web.Platform.Data.DatabaseUnavailable.Is(failure))
        {
            // Two taps at once: the other one stored it first; this one changes it, as a second click would.
            db.ChangeTracker.Clear();
            var stored = await db.LevelJudgements.FirstAsync(j => j.DiagnosticId == id, ct);
            stored.Change(verdict, userId, now);
            await db.SaveChangesAsync(ct);
        }

        return LocalRedirect($"/diagnostics/{id}/resultat#jugement");
    }

    private async Task<IActionResult> LoadAsync(Guid id, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        if (await db.FindScoredAsync(scope, catalog, id, ct) is not { } scored)
        {
            return NotFound();
        }

        (Diagnostic, Office, Definition, Result) = scored;
        Proposals = scored.Propose(actions);
        Verdict = await db.LevelJudgements.Where(j => j.DiagnosticId == id).Select(j => (LevelVerdict?)j.Verdict).FirstOrDefaultAsync(ct);
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
