using Aiguillage.Domain;
using Aiguillage.Web.Platform.Web;
using Microsoft.AspNetCore.Mvc;

namespace Aiguillage.Web.Features.ClientMode.Screens;

/// <summary>
/// What the client would like to learn, then the end: the diagnostic is stored through the same writer as the
/// counter's. The profile (age, situation) is left to the mediator's conversation: it is optional and is not asked
/// on the tablet.
/// </summary>
public sealed class NeedsModel(Tablets tablets, Diagnostics.Run.DraftAccess drafts, SpeechEngine speech) : ClientScreenModel(tablets)
{
    [BindProperty(Name = "Needs")]
    public List<string> Needs { get; set; } = [];

    public string? AudioUrl => speech.Speaks(Language.Code) ? "/client/audio/besoins" : null;

    public string PreviousUrl => QuestionUrl(Definition.Questions.Count);

    public IActionResult OnGet()
    {
        if (Open.Draft.IsSubmitted)
        {
            return LocalRedirect("/client/fin");
        }

        if (Open.Draft.FirstUnanswered(Definition) is not null)
        {
            return LocalRedirect(NextStep());
        }

        Needs = [.. Open.Draft.Needs];
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Open.Draft.IsSubmitted)
        {
            return LocalRedirect("/client/fin");
        }

        if (Open.Draft.FirstUnanswered(Definition) is not null)
        {
            return LocalRedirect(NextStep());
        }

        var refused = Refusals.Try(() =>
        {
            Open.Draft.SetNeeds(Open.Definition, Needs, Tablets.NowUtc);
        }, string.Empty);
        if (refused is not null)
        {
            // Only the listed needs can be ticked: anything else is a forged form; the screen again, refused (422).
            ModelState.AddModelError(nameof(Needs), Language.Text("ui.needs.hint"));
            Needs = [];
            return Page();
        }

        // A double tap finds the diagnostic already stored: one diagnostic, one visit finished.
        await drafts.SubmitAsync(Open, ct);
        State.Visit!.Finish(Tablets.NowUtc);
        await Tablets.SaveAsync(ct);
        return LocalRedirect("/client/fin");
    }
}
