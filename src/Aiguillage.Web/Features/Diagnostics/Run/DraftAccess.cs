using System.Globalization;
using System.Security.Claims;
using Aiguillage.Domain.Clients;
using Aiguillage.Domain.Diagnostics;
using Aiguillage.Domain.Offices;
using Aiguillage.Web.Features.Offices;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Diagnostics.Run;

/// <summary>A draft with what its pages need; found only within the user's scope.</summary>
public sealed record OpenDraft(DiagnosticDraft Draft, QuestionnaireDefinition Definition, Office Office, string ClientReference);

/// <summary>Starting, finding and submitting drafts — the assisted diagnostic at the counter.</summary>
public sealed class DraftAccess(AppDbContext db, ScopeService scopes, QuestionnaireCatalog catalog, DiagnosticStore store, IDiagnosedClients clients, FillingDate dates, TimeProvider clock)
{
    /// <summary>The draft if it belongs to an office of this user's scope; null for a missing or foreign id alike.</summary>
    public async Task<OpenDraft?> FindAsync(Guid id, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var row = await (from d in db.DiagnosticDrafts
                         join o in db.Offices.VisibleTo(scope) on d.OfficeId equals o.Id
                         join c in db.Clients on d.ClientId equals c.Id
                         where d.Id == id
                         select new { Draft = d, Office = o, c.Reference }).FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return null;
        }

        var definition = catalog.Find(row.Draft.QuestionnaireId, row.Draft.QuestionnaireVersion)?.Definition
            ?? throw new InvalidOperationException($"Questionnaire {row.Draft.QuestionnaireId} v{row.Draft.QuestionnaireVersion} is no longer deployed.");
        return new OpenDraft(row.Draft, definition, row.Office, row.Reference);
    }

    /// <summary>Starts a draft for a new client, or for a returning client found by their reference in this office's scope.</summary>
    public async Task<DiagnosticDraft> StartAsync(Office office, Client? returning, ClaimsPrincipal user, CancellationToken ct, DiagnosticMode mode = DiagnosticMode.Assisted)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var client = returning ?? await clients.CreateAsync(office.Id, ct);

        var draft = new DiagnosticDraft(Guid.NewGuid(), office.Id, client.Id, mode, catalog.Current.Definition,
            user.FindFirstValue(ClaimTypes.NameIdentifier)!, now);
        db.DiagnosticDrafts.Add(draft);
        await db.SaveChangesAsync(ct);
        return draft;
    }

    /// <summary>
    /// Stores the diagnostic under the draft's id through the same writer as the API. A second submission (double
    /// click, two tabs) finds it already stored and changes nothing.
    /// </summary>
    public async Task SubmitAsync(OpenDraft open, CancellationToken ct)
    {
        var (draft, definition, office, _) = open;
        if (!draft.IsSubmitted)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var questionnaire = catalog.Find(definition.Id, definition.Version)!;
            var submission = new DiagnosticSubmission(draft.Id, office.SiteCode, DiagnosticView.ModeName(draft.Mode), definition.Id, definition.Version,
                new Dictionary<string, string>(draft.Answers), new DateTimeOffset(draft.UpdatedAt, TimeSpan.Zero), [.. draft.Needs], new Dictionary<string, string>(draft.Profile));
            var diagnostic = new Diagnostic(draft.Id, office.Id, draft.Mode, definition, questionnaire.Hash, draft.ToSheet(), draft.UpdatedAt, now,
                draft.StartedBy, submission.ContentHash(), draft.ClientId, Platform.Web.ParisTime.Offset(now), dates);
            await store.StoreAsync(diagnostic, ct);
            draft.MarkSubmitted(now);
            await db.SaveChangesAsync(ct);
        }
    }

    /// <summary>Where to go next: the first unanswered question, then the needs, the profile, the summary.</summary>
    public static string NextStep(DiagnosticDraft draft, QuestionnaireDefinition definition)
    {
        if (draft.IsSubmitted)
        {
            return $"/diagnostics/{draft.Id}/resultat";
        }

        var question = draft.FirstUnanswered(definition);
        if (question is not null)
        {
            return QuestionUrl(draft.Id, definition.Questions.ToList().IndexOf(question) + 1);
        }

        return !draft.NeedsDone ? $"/diagnostics/{draft.Id}/besoins"
            : !draft.ProfileDone ? $"/diagnostics/{draft.Id}/profil"
            : $"/diagnostics/{draft.Id}/recapitulatif";
    }

    /// <summary>« retour » says where a step goes back to: nothing (the next step) or « recap ». Anything else is refused.</summary>
    public static bool RefuseBack(string? back, Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary modelState)
    {
        if (back is null or "" or "recap")
        {
            return false;
        }

        modelState.AddModelError(string.Empty, "Le lien de retour de cette page n'est pas valide : rechargez la page.");
        return true;
    }

    public static string QuestionUrl(Guid id, int number) => string.Create(CultureInfo.InvariantCulture, $"/diagnostics/{id}/questions/{number}");
}
