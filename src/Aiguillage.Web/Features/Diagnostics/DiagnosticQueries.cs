using Aiguillage.Domain.Diagnostics;
using Aiguillage.Domain.Offices;
using Aiguillage.Domain.Orientation;
using Aiguillage.Domain.Territories;
using Aiguillage.Web.Features.Offices;
using Aiguillage.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Diagnostics;

/// <summary>A diagnostic and its office. Built with an initializer (not a constructor) so that EF can filter on it.</summary>
public sealed class DiagnosticInOffice
{
    public required Diagnostic Diagnostic { get; init; }

    public required Office Office { get; init; }
}

/// <summary>A diagnostic the user may see, with its office, the questionnaire it was filled on and its result.</summary>
public sealed record ScoredDiagnostic(Diagnostic Diagnostic, Office Office, QuestionnaireDefinition Definition, DiagnosticResult Result)
{
    /// <summary>What the orientation rules propose for it, with the office's machines.</summary>
    public IReadOnlyList<Proposal> Propose(ActionCatalogue actions) =>
        OrientationRules.Propose(Definition, actions, Result, Diagnostic.Answers, Diagnostic.Needs, Office.Machines);

    /// <summary>The standard's services its needs call for.</summary>
    public IReadOnlyList<string> Services => Definition.ServicesFor(Diagnostic.Needs);
}

public static class DiagnosticQueries
{
    /// <summary>
    /// Loads one diagnostic within the user's scope (a foreign id is not found, like a missing one) with its definition
    /// and its score: the one way every page and endpoint reads a diagnostic. A questionnaire no longer deployed is a
    /// deployment fault, not the user's: it throws.
    /// </summary>
    public static async Task<ScoredDiagnostic?> FindScoredAsync(this AppDbContext db, UserScope scope, QuestionnaireCatalog catalog, Guid id, CancellationToken ct, bool tracked = false)
    {
        var query = db.DiagnosticsVisibleTo(scope);
        var row = await (tracked ? query : query.AsNoTracking()).FirstOrDefaultAsync(x => x.Diagnostic.Id == id, ct);
        if (row is null)
        {
            return null;
        }

        var d = row.Diagnostic;
        var definition = catalog.Find(d.QuestionnaireId, d.QuestionnaireVersion)?.Definition
            ?? throw new InvalidOperationException($"Questionnaire {d.QuestionnaireId} v{d.QuestionnaireVersion} is no longer deployed.");
        return new ScoredDiagnostic(d, row.Office, definition, DiagnosticScorer.Score(definition, d.Answers));
    }

    /// <summary>Diagnostics of the offices this user may see, with their office: a foreign id is simply not found.</summary>
    public static IQueryable<DiagnosticInOffice> DiagnosticsVisibleTo(this AppDbContext db, UserScope scope) =>
        from d in db.Diagnostics
        join o in db.Offices.VisibleTo(scope) on d.OfficeId equals o.Id
        select new DiagnosticInOffice { Diagnostic = d, Office = o };
}
