using Aiguillage.Web.Platform.Web;
using Microsoft.AspNetCore.Mvc;

namespace Aiguillage.Web.Features.ClientMode.Screens;

/// <summary>The tablet's first screen (issue 17 §2): each language written in itself, never a flag.</summary>
public sealed class LanguagesModel(Tablets tablets, LanguageCatalog languages, Submissions submissions) : ClientScreenModel(tablets)
{
    protected override bool NeedsVisit => false;

    public IReadOnlyList<ClientLanguage> All => languages.All;

    [BindProperty(Name = Submissions.FieldName)]
    public Guid? SubmissionId { get; set; }

    [BindProperty(Name = "langue")]
    public string? Chosen { get; set; }

    public IActionResult OnGet() => Page();

    /// <summary>A double tap on a language begins one visit (the form's own id), and a tap during a visit changes its language.</summary>
    public Task<IActionResult> OnPostAsync(CancellationToken ct) =>
        submissions.OnceAsync(this, "client/langue", SubmissionId, () => ChooseAsync(ct), ct);

    private async Task<IActionResult> ChooseAsync(CancellationToken ct)
    {
        if (languages.Find(Chosen) is not { } language)
        {
            ModelState.AddModelError("langue", "Choisissez une langue de la liste. · Choose a language from the list.");
            return Page();
        }

        if (State.Visit is { } visit)
        {
            visit.ChangeLanguage(language.Code, Tablets.NowUtc);
            await Tablets.SaveAsync(ct);
        }
        else
        {
            await Tablets.BeginAsync(State.Tablet, language, User, ct);
        }

        var state = await Tablets.CurrentAsync(User, ct);
        var draft = state is null ? null : await Tablets.DraftAsync(state, ct);
        if (draft is null)
        {
            return LocalRedirect("/client");
        }

        var first = draft.Value.Open.Draft.FirstUnanswered(draft.Value.Translated);
        return LocalRedirect(draft.Value.Open.Draft.IsSubmitted ? "/client/fin"
            : first is null ? "/client/besoins" : QuestionUrl(draft.Value.Translated.Questions.ToList().FindIndex(q => q.Id == first.Id) + 1));
    }
}
