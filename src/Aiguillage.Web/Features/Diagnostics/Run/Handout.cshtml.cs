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

/// <summary>
/// « Mon parcours numérique »: the A4 sheet the client takes home. The level in kind words (never the staff's
/// label, issue 17 §7), the next steps, the information sheets for their needs, when the mediator is in the office.
/// No personal data: only the reference. In the client's language with the French beside it (§8): the partner and
/// the mediator read French. The language is the one chosen on the tablet, or the one the mediator picks here.
/// </summary>
[Authorize(Policy = Policies.ClientRecords)]
public sealed class HandoutModel(AppDbContext db, ScopeService scopes, QuestionnaireCatalog catalog, ActionCatalogue actions, IClientTexts texts) : PageModel
{
    /// <summary>The language asked for in the address (« ?langue=ar »); none: the tablet's choice, else French alone.</summary>
    [BindProperty(SupportsGet = true, Name = "langue")]
    public string? Asked { get; set; }

    public IReadOnlyList<IClientText> Languages => texts.All;

    /// <summary>The reference French texts (always printed).</summary>
    public IClientText French { get; private set; } = null!;

    /// <summary>The client's language beside the French; null when the sheet is in French alone.</summary>
    public IClientText? Client { get; private set; }

    public LevelDefinition Level { get; private set; } = null!;

    public Office Office { get; private set; } = null!;

    public string? ClientReference { get; private set; }

    /// <summary>Only when the client gave it, under consent.</summary>
    public string? FirstName { get; private set; }

    public DateTime FilledAt { get; private set; }

    public IReadOnlyList<Proposal> NextSteps { get; private set; } = [];

    /// <summary>Information sheets for the client's needs, whatever the tier chosen: they can read them at home.</summary>
    public IReadOnlyList<OrientationAction> Sheets { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var row = await db.DiagnosticsVisibleTo(scope).AsNoTracking().FirstOrDefaultAsync(x => x.Diagnostic.Id == id, ct);
        if (row is null)
        {
            return NotFound();
        }

        French = texts.Find("fr")!;
        var code = string.IsNullOrEmpty(Asked) ? await texts.ChosenForAsync(id, ct) : Asked;
        if (code is not null && texts.Find(code) is null)
        {
            ModelState.AddModelError("langue", $"Langue inconnue : choisissez une langue de la liste ({string.Join(", ", texts.All.Select(l => l.Code))}).");
            Client = null;
        }
        else
        {
            Client = code is null || code == "fr" ? null : texts.Find(code);
        }

        var d = row.Diagnostic;
        Office = row.Office;
        FilledAt = d.FilledAt;
        var definition = catalog.Find(d.QuestionnaireId, d.QuestionnaireVersion)!.Definition;
        var result = DiagnosticScorer.Score(definition, d.Answers);
        Level = result.Level;
        NextSteps = OrientationRules.Propose(definition, actions, result, d.Answers, d.Needs, Office.Machines)
            .Where(p => p.Tier != ActionTier.Inform).ToList();
        Sheets = actions.Actions.Where(a => a.Tier == ActionTier.Inform && a.Needs.Any(d.Needs.Contains)).ToList();
        var client = d.ClientId is { } clientId ? await db.Clients.Where(c => c.Id == clientId).Select(c => new { c.Reference, c.FirstName }).FirstOrDefaultAsync(ct) : null;
        ClientReference = client?.Reference;
        FirstName = client?.FirstName;
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }
}
