using Aiguillage.Domain.Diagnostics;
using Aiguillage.Web.Features.Diagnostics.Run;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aiguillage.Web.Features.ClientMode.Screens;

/// <summary>
/// What every client screen does first: find the tablet this locked session holds (a session without one gets a
/// 404, like any page it has no business with), clear a visit left idle, and tell the browser to keep nothing.
/// Screens of a visit send the tablet back to the language screen when there is none (cleared, or never begun).
/// </summary>
public abstract class ClientScreenModel(Tablets tablets) : PageModel
{
    public TabletState State { get; private set; } = null!;

    public ClientLanguage Language => State.Language;

    /// <summary>The visit's draft with the questionnaire in the client's language; set on the screens of a visit.</summary>
    public OpenDraft Open { get; private set; } = null!;

    public QuestionnaireDefinition Definition { get; private set; } = null!;

    protected Tablets Tablets => tablets;

    /// <summary>Whether this screen shows a visit (a question, the needs, the end) rather than the language screen.</summary>
    protected virtual bool NeedsVisit => true;

    public string T(string key) => Language.Text(key);

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        // Nothing of a client's screen is kept by the browser or a proxy, and « back » asks the server again.
        Response.Headers.CacheControl = "no-store";
        Response.Headers.Pragma = "no-cache";
        var ct = HttpContext.RequestAborted;
        if (await tablets.CurrentAsync(User, ct) is not { } state)
        {
            context.Result = NotFound();
            return;
        }

        State = state;
        if (NeedsVisit)
        {
            if (await tablets.DraftAsync(state, ct) is not { } draft)
            {
                context.Result = LocalRedirect("/client");
                return;
            }

            (Open, Definition) = draft;
        }

        ViewData["ClientLanguage"] = state.Language;
        ViewData["ClientVisit"] = state.Visit;
        await next();
    }

    /// <summary>Records the client's touch (the idle clock starts again) and saves what the handler changed.</summary>
    protected async Task TouchAsync(CancellationToken ct)
    {
        State.Visit?.Seen(tablets.NowUtc);
        await tablets.SaveAsync(ct);
    }

    public static string QuestionUrl(int number) => FormattableString.Invariant($"/client/questions/{number}");

    /// <summary>Where the visit goes next: the first unanswered question, then the needs, then the end.</summary>
    public string NextStep()
    {
        if (Open.Draft.IsSubmitted)
        {
            return "/client/fin";
        }

        var question = Open.Draft.FirstUnanswered(Definition);
        return question is not null ? QuestionUrl(Definition.Questions.ToList().FindIndex(q => q.Id == question.Id) + 1) : "/client/besoins";
    }
}

/// <summary>What the question screen draws (<c>_QuestionScreen.cshtml</c>), on the tablet and when reading along.</summary>
public sealed record QuestionScreen(Question Question, int Number, int Count, string? Answer, string? Error, string? AudioUrl, string PreviousUrl);
