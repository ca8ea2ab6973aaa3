using Aiguillage.Domain;
using Aiguillage.Domain.Diagnostics;
using Aiguillage.Web.Platform.Web;
using Microsoft.AspNetCore.Mvc;

namespace Aiguillage.Web.Features.ClientMode.Screens;

/// <summary>One question per screen in the client's language (issue 17 §3); the answer is saved on the server at once.</summary>
public sealed class QuestionModel(Tablets tablets, SpeechEngine speech) : ClientScreenModel(tablets)
{
    public Question Question { get; private set; } = null!;

    public int Number { get; private set; }

    public int Count => Definition.Questions.Count;

    [BindProperty]
    public string? Answer { get; set; }

    public string? Error { get; private set; }

    public string PreviousUrl => Number > 1 ? QuestionUrl(Number - 1) : "/client";

    /// <summary>The server's audio of this question, when espeak-ng speaks the language; the page uses it only when the device has no voice.</summary>
    public string? AudioUrl => speech.Speaks(Language.Code) ? FormattableString.Invariant($"/client/audio/questions/{Number}") : null;

    public IActionResult OnGet(int number)
    {
        if (!Load(number))
        {
            return NotFound();
        }

        if (Open.Draft.IsSubmitted)
        {
            return LocalRedirect("/client/fin");
        }

        Answer = Open.Draft.Answers.GetValueOrDefault(Question.Id);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int number, CancellationToken ct)
    {
        if (!Load(number))
        {
            return NotFound();
        }

        if (Open.Draft.IsSubmitted)
        {
            return LocalRedirect("/client/fin");
        }

        if (string.IsNullOrEmpty(Answer) || Question.Options.All(o => o.Id != Answer))
        {
            // In the client's language on the screen; the model error makes the answer a refused form (422).
            Error = T("ui.choose");
            ModelState.AddModelError(nameof(Answer), Error);
            Answer = null;
            return Page();
        }

        var refused = Refusals.Try(() =>
        {
            Open.Draft.Answer(Open.Definition, Question.Id, Answer, Tablets.NowUtc);
        }, string.Empty);
        if (refused is not null)
        {
            Error = T("ui.choose");
            ModelState.AddModelError(nameof(Answer), Error);
            return Page();
        }

        await TouchAsync(ct);
        return LocalRedirect(Number < Count ? QuestionUrl(Number + 1) : NextStep());
    }

    private bool Load(int number)
    {
        if (number < 1 || number > Definition.Questions.Count)
        {
            return false;
        }

        Number = number;
        Question = Definition.Questions[number - 1];
        return true;
    }
}
