using System.Globalization;
using Aiguillage.Domain;
using Aiguillage.Domain.Diagnostics;
using Aiguillage.Web.Features.Diagnostics.Run;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Aiguillage.Web.Platform.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aiguillage.Web.Features.ClientMode.Screens;

/// <summary>
/// Reading along at the counter (issue 17 §8): in the assisted flow the mediator turns the screen towards the client,
/// and the question shows as on the tablet — the client's language, large type, pictograms, « Écouter » — with the
/// answer saved into the same draft. No lock: this is the mediator's own session, and the footer leads back to
/// their screen. Only for a draft of the mediator's offices, like the assisted pages.
/// </summary>
[Authorize(Policy = Policies.DiagnosticWriter)]
public sealed class ReadAlongModel(DraftAccess drafts, AppDbContext db, TimeProvider clock, LanguageCatalog languages, SpeechEngine speech) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "langue")]
    public string? Code { get; set; }

    [BindProperty]
    public string? Answer { get; set; }

    public ClientLanguage Language { get; private set; } = null!;

    public OpenDraft Open { get; private set; } = null!;

    public Question Question { get; private set; } = null!;

    public int Number { get; private set; }

    public int Count { get; private set; }

    public string? Error { get; private set; }

    public string T(string key) => Language.Text(key);

    public string ScreenUrl(int number) =>
        string.Create(CultureInfo.InvariantCulture, $"/diagnostics/{Open.Draft.Id}/lecture/{number}?langue={Uri.EscapeDataString(Language.Code)}");

    public string PreviousUrl => Number > 1 ? ScreenUrl(Number - 1) : DraftAccess.QuestionUrl(Open.Draft.Id, 1);

    /// <summary>The server's audio when espeak-ng speaks the language (the page uses it only when the device has no voice).</summary>
    public string? AudioUrl => speech.Speaks(Language.Code)
        ? string.Create(CultureInfo.InvariantCulture, $"/diagnostics/{Open.Draft.Id}/lecture/{Number}?handler=audio&langue={Uri.EscapeDataString(Language.Code)}")
        : null;

    public async Task<IActionResult> OnGetAsync(Guid id, int number, CancellationToken ct)
    {
        if (await LoadAsync(id, number, ct) is { } answer)
        {
            return answer;
        }

        Answer = Open.Draft.Answers.GetValueOrDefault(Question.Id);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, int number, CancellationToken ct)
    {
        if (await LoadAsync(id, number, ct) is { } answer)
        {
            return answer;
        }

        if (string.IsNullOrEmpty(Answer) || Question.Options.All(o => o.Id != Answer))
        {
            Error = T("ui.choose");
            ModelState.AddModelError(nameof(Answer), Error);
            Answer = null;
            return Page();
        }

        var refused = Refusals.Try(() =>
        {
            Open.Draft.Answer(Open.Definition, Question.Id, Answer, clock.GetUtcNow().UtcDateTime);
        }, string.Empty);
        if (refused is not null)
        {
            Error = T("ui.choose");
            ModelState.AddModelError(nameof(Answer), Error);
            return Page();
        }

        await db.SaveChangesAsync(ct);

        // After the last question the mediator takes the screen back for the needs (their page, in French).
        return LocalRedirect(Number < Count ? ScreenUrl(Number + 1) : DraftAccess.NextStep(Open.Draft, Open.Definition));
    }

    public async Task<IActionResult> OnGetAudioAsync(Guid id, int number, CancellationToken ct)
    {
        if (await LoadAsync(id, number, ct) is { } answer)
        {
            return answer is PageResult ? NotFound() : answer;
        }

        var path = await speech.AudioAsync(Language.Code, ClientAudio.Speech(Question), ct);
        return path is null ? NotFound() : PhysicalFile(path, "audio/wav");
    }

    /// <summary>Null when the screen can be drawn; else the answer (404 outside the user's offices, 400 for a language that is not one).</summary>
    private async Task<IActionResult?> LoadAsync(Guid id, int number, CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        var open = await drafts.FindAsync(id, ct);
        if (open is null || number < 1 || number > open.Definition.Questions.Count)
        {
            return NotFound();
        }

        if (open.Draft.IsSubmitted)
        {
            return LocalRedirect(DraftAccess.NextStep(open.Draft, open.Definition));
        }

        Open = open;
        Number = number;
        Count = open.Definition.Questions.Count;
        var language = languages.Find(Code);
        Language = language ?? languages.French;
        var translated = LanguageCatalog.Translate(open.Definition, Language);
        Question = translated.Questions[number - 1];
        ViewData["ClientLanguage"] = Language;
        ViewData["ClientFooterHref"] = DraftAccess.QuestionUrl(id, number);
        ViewData["ClientFooterText"] = "Écran du médiateur";
        if (language is null)
        {
            // The page again, in French, naming the field: never a screen in a language that is not one.
            Error = $"Langue inconnue : choisissez une langue de la liste ({string.Join(", ", languages.All.Select(l => l.Code))}).";
            ModelState.AddModelError("langue", Error);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        return null;
    }
}
