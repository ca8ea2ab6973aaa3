using Aiguillage.Domain.ClientMode;
using Aiguillage.Domain.Diagnostics;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.ClientMode;

/// <summary>What « Écouter » says, and the server's audio of it when the device has no voice for the language.</summary>
public static class ClientAudio
{
    /// <summary>The question, its hint and each answer, as the screen shows them: the browser's voice and espeak-ng read the same words.</summary>
    public static string Speech(Question question) =>
        string.Join(". ", new[] { question.Text, question.Hint }.Concat(question.Options.Select(o => o.Label)).Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t!.TrimEnd('.', ' ')));

    public static string Speech(QuestionnaireDefinition definition, ClientLanguage language) =>
        string.Join(". ", new[] { language.Text("ui.needs.title"), language.Text("ui.needs.hint") }.Concat(definition.Needs.Select(n => n.Label)).Select(t => t.TrimEnd('.', ' ')));

    public static async Task<IResult> QuestionAsync(int number, HttpContext context, Tablets tablets, SpeechEngine speech, CancellationToken ct)
    {
        if (await tablets.CurrentAsync(context.User, ct) is not { } state || await tablets.DraftAsync(state, ct) is not { } draft
            || number < 1 || number > draft.Translated.Questions.Count)
        {
            return Results.NotFound();
        }

        return await FileAsync(speech, state.Language.Code, Speech(draft.Translated.Questions[number - 1]), context, ct);
    }

    public static async Task<IResult> NeedsAsync(HttpContext context, Tablets tablets, SpeechEngine speech, CancellationToken ct)
    {
        if (await tablets.CurrentAsync(context.User, ct) is not { } state || await tablets.DraftAsync(state, ct) is not { } draft)
        {
            return Results.NotFound();
        }

        return await FileAsync(speech, state.Language.Code, Speech(draft.Translated, state.Language), context, ct);
    }

    private static async Task<IResult> FileAsync(SpeechEngine speech, string language, string text, HttpContext context, CancellationToken ct)
    {
        var path = await speech.AudioAsync(language, text, ct);
        if (path is null)
        {
            return Results.NotFound();
        }

        // The audio speaks a question, not the client's answers; still, a shared device keeps nothing.
        context.Response.Headers.CacheControl = "no-store";
        return Results.File(path, "audio/wav");
    }
}

/// <summary>
/// Forgets visits a month after they ended (data minimisation): a visit holds only a language and the draft's id,
/// and the diagnostic keeps what the programme needs.
/// </summary>
public sealed class ClientVisitPurge(AppDbContext db, TimeProvider clock) : IDailyJob
{
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(30);

    public string Name => "client-visit-purge";

    public async Task RunAsync(CancellationToken ct)
    {
        var before = clock.GetUtcNow().UtcDateTime - KeptFor;
        await db.Set<ClientVisit>().Where(v => v.StartedAt < before).ExecuteDeleteAsync(ct);
        // Closed a month ago, or opened a month ago and never closed (a session that timed out, a cleared browser).
        await db.Set<ClientTablet>().Where(t => (t.ClosedAt != null && t.ClosedAt < before) || t.OpenedAt < before).ExecuteDeleteAsync(ct);
    }
}
