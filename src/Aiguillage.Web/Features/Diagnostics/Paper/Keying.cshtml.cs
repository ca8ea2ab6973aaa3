using System.Security.Claims;
using Aiguillage.Domain;
using Aiguillage.Domain.Clients;
using Aiguillage.Domain.Diagnostics;
using Aiguillage.Domain.Offices;
using Aiguillage.Web.Features.Offices;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Aiguillage.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Diagnostics.Paper;

/// <summary>
/// Keying a filled paper sheet on one page (mode « paper », with the date it was filled). The sheet number makes
/// keying idempotent: the same sheet keyed twice lands on the same diagnostic.
/// </summary>
[Authorize(Policy = Policies.DiagnosticWriter)]
public sealed class KeyingModel(AppDbContext db, ScopeService scopes, QuestionnaireCatalog catalog, DiagnosticStore store, IDiagnosedClients clients, FillingDate dates, TimeProvider clock, Submissions submissions) : PageModel
{
    /// <summary>The creating form's own id (issue 15 §2): the same form sent twice creates one record.</summary>
    [BindProperty(Name = Submissions.FieldName)]
    public Guid? SubmissionId { get; set; }

    public Office Office { get; private set; } = null!;

    public QuestionnaireDefinition Definition => catalog.Current.Definition;

    [BindProperty]
    public string? SheetNumber { get; set; }

    [BindProperty]
    public DateOnly? FilledOn { get; set; }

    [BindProperty]
    public string? ClientReference { get; set; }

    // An explicit name: with none posted, the binder must not fall back to reading the whole form as this collection.
    [BindProperty(Name = "Answers")]
    public Dictionary<string, string> Answers { get; set; } = [];

    // An explicit name: with none posted, the binder must not fall back to reading the whole form as this collection.
    [BindProperty(Name = "Needs")]
    public List<string> Needs { get; set; } = [];

    // An explicit name: with none posted, the binder must not fall back to reading the whole form as this collection.
    [BindProperty(Name = "Profile")]
    public Dictionary<string, string> Profile { get; set; } = [];

    public async Task<IActionResult> OnGetAsync(int officeId, CancellationToken ct) => await LoadAsync(officeId, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostAsync(int officeId, CancellationToken ct)
    {
        // The sheet's result is known before it is stored (its id comes from its number): a second submission arriving
        // while the first is still storing is sent there too.
        var number = PaperSheet.Normalise(SheetNumber ?? string.Empty);
        var result = PaperSheet.IsNumber(number) ? $"/diagnostics/{PaperSheet.DiagnosticId(officeId, number)}/resultat" : null;
        return submissions.OnceWithoutTransactionAsync(this, "bureaux/papier/saisie", SubmissionId, () => CreateOnceAsync(officeId, ct), ct, result);
    }

    private async Task<IActionResult> CreateOnceAsync(int officeId, CancellationToken ct)
    {
        if (!await LoadAsync(officeId, ct))
        {
            return NotFound();
        }

        var number = PaperSheet.Normalise(SheetNumber ?? string.Empty);
        if (!PaperSheet.IsNumber(number))
        {
            ModelState.AddModelError(nameof(SheetNumber), "Recopiez le numéro imprimé en haut de la feuille, de la forme ABCD-2345.");
        }

        if (FilledOn is null)
        {
            ModelState.AddModelError(nameof(FilledOn), "Indiquez la date écrite sur la feuille.");
        }
        else if (clock.GetUtcNow().UtcDateTime is var keyedAt && dates.Check(DiagnosticMode.Paper, PaperFilledAt(FilledOn.Value), keyedAt, ParisTime.Offset(keyedAt)) is { } refused)
        {
            // The domain's one rule (issue 15 §3), said for a day written on paper.
            ModelState.AddModelError(nameof(FilledOn), refused.Code == "diagnostic.filled-in-future"
                ? "La date écrite sur la feuille ne peut pas être après aujourd'hui."
                : refused.Message.Replace("La date de remplissage", "La date écrite sur la feuille", StringComparison.Ordinal));
        }

        var sheet = new AnswerSheet(Answers, Needs, Profile.Where(p => p.Value != ProfileAnswers.NoAnswer).ToDictionary());
        foreach (var error in sheet.Validate(Definition))
        {
            var key = error.Field.StartsWith("answers.", StringComparison.Ordinal) ? $"Answers[{error.Field[8..]}]"
                : error.Field.StartsWith("profile.", StringComparison.Ordinal) ? $"Profile[{error.Field[8..]}]" : nameof(Needs);
            ModelState.AddModelError(key, error.Message.Contains("n'a pas de réponse", StringComparison.Ordinal)
                ? $"Cochez la réponse de la question {Definition.Questions.ToList().FindIndex(q => $"answers.{q.Id}" == error.Field) + 1}, ou laissez la feuille de côté si elle est incomplète."
                : error.Message);
        }

        // Every field's error at once on a keyed sheet: the reference's joins the others.
        var (_, returning) = await clients.ReturningAsync(ClientReference, ModelState, nameof(ClientReference), ct);

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var id = PaperSheet.DiagnosticId(Office.Id, number);
        var questionnaire = catalog.Current;
        var filledAt = PaperFilledAt(FilledOn!.Value);
        var hash = new DiagnosticSubmission(id, Office.SiteCode, "paper", Definition.Id, Definition.Version, new(sheet.Answers),
            new DateTimeOffset(filledAt, TimeSpan.Zero), [.. sheet.Needs], new(sheet.Profile)).ContentHash();

        var existing = await db.Diagnostics.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct);
        if (existing is null)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            if (returning is null)
            {
                returning = await clients.CreateAsync(Office.Id, ct);
                await db.SaveChangesAsync(ct);
            }

            var built = Refusals.TryGet(() => new Diagnostic(id, Office.Id, DiagnosticMode.Paper, Definition, questionnaire.Hash, sheet, filledAt, now,
                User.FindFirstValue(ClaimTypes.NameIdentifier)!, hash, returning.Id, ParisTime.Offset(now), dates), string.Empty);
            if (built.Refusal is { } refused)
            {
                // Above the form: the sheet as a whole was refused (its date or its answers), not one box.
                ModelState.AddModelError(string.Empty, refused.Message);
                return Page();
            }

            if (await store.StoreAsync(built.Value!, ct) == StoreOutcome.Stored)
            {
                return LocalRedirect($"/diagnostics/{id}/resultat");
            }

            existing = await db.Diagnostics.AsNoTracking().FirstAsync(d => d.Id == id, ct);
        }

        if (existing.RequestHash == hash)
        {
            // The same sheet keyed again: nothing new is stored.
            return LocalRedirect($"/diagnostics/{id}/resultat");
        }

        ModelState.AddModelError(nameof(SheetNumber), $"La feuille {number} a déjà été saisie avec d'autres réponses. Vérifiez le numéro.");
        return Page();
    }

    private async Task<bool> LoadAsync(int officeId, CancellationToken ct)
    {
        var office = await db.Offices.VisibleTo(await scopes.GetAsync(ct)).AsNoTracking().FirstOrDefaultAsync(o => o.Id == officeId, ct);
        Office = office!;
        return office is not null;
    }

    /// <summary>A paper sheet carries a day: it is dated at noon of that day, Paris time.</summary>
    private static DateTime PaperFilledAt(DateOnly day) => TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(new TimeOnly(12, 0)), ParisTime.Zone);
}
