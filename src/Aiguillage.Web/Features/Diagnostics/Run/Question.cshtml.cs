using Aiguillage.Domain;
using Aiguillage.Domain.Diagnostics;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Aiguillage.Web.Platform.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aiguillage.Web.Features.Diagnostics.Run;

/// <summary>One question per screen; the answer is saved on the server as soon as it is given.</summary>
[Authorize(Policy = Policies.DiagnosticWriter)]
public sealed class QuestionModel(DraftAccess drafts, AppDbContext db, TimeProvider clock, IClientTexts languages) : PageModel
{
    /// <summary>The languages the screen can be turned to for the client to read along (issue 17 §8).</summary>
    public IReadOnlyList<IClientText> Languages => languages.All;

    public OpenDraft Open { get; private set; } = null!;

    public Question Question { get; private set; } = null!;

    public int Number { get; private set; }

    public int Count => Open.Definition.Questions.Count;

    [BindProperty]
    public string? Answer { get; set; }

    /// <summary>Set when the mediator came from the summary to change one answer.</summary>
    [BindProperty(SupportsGet = true, Name = "retour")]
    public string? Back { get; set; }

    public string PreviousUrl => Back == "recap" ? $"/diagnostics/{Open.Draft.Id}/recapitulatif"
        : Number > 1 ? DraftAccess.QuestionUrl(Open.Draft.Id, Number - 1) : $"/bureaux/{Open.Office.Id}";

    public async Task<IActionResult> OnGetAsync(Guid id, int number, CancellationToken ct)
    {
        if (!await LoadAsync(id, number, ct))
        {
            return NotFound();
        }

        if (Open.Draft.IsSubmitted)
        {
            return LocalRedirect(DraftAccess.NextStep(Open.Draft, Open.Definition));
        }

        Answer = Open.Draft.Answers.GetValueOrDefault(Question.Id);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, int number, CancellationToken ct)
    {
        if (!await LoadAsync(id, number, ct))
        {
            return NotFound();
        }

        if (Open.Draft.IsSubmitted)
        {
            return LocalRedirect(DraftAccess.NextStep(Open.Draft, Open.Definition));
        }

        if (DraftAccess.RefuseBack(Back, ModelState))
        {
            return Page();
        }

        if (string.IsNullOrEmpty(Answer))
        {
            ModelState.AddModelError(nameof(Answer), "Choisissez une réponse pour continuer.");
            return Page();
        }

        var refused = Refusals.Try(() =>
        {
            Open.Draft.Answer(Open.Definition, Question.Id, Answer, clock.GetUtcNow().UtcDateTime);
        }, string.Empty);
        if (refused is not null)
        {
            ModelState.AddModelError(nameof(Answer), refused.Message);
            return Page();
        }

        await db.SaveChangesAsync(ct);
        if (Back == "recap")
        {
            return LocalRedirect($"/diagnostics/{id}/recapitulatif");
        }

        return LocalRedirect(Number < Count ? DraftAccess.QuestionUrl(id, Number + 1) : DraftAccess.NextStep(Open.Draft, Open.Definition));
    }

    private async Task<bool> LoadAsync(Guid id, int number, CancellationToken ct)
    {
        var open = await drafts.FindAsync(id, ct);
        if (open is null || number < 1 || number > open.Definition.Questions.Count)
        {
            return false;
        }

        Open = open;
        Number = number;
        Question = open.Definition.Questions[number - 1];
        return true;
    }
}
