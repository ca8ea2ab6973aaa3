using System.Security.Cryptography;
using System.Text;
using Aiguillage.Domain.Audit;
using Aiguillage.Domain.Clients;
using Aiguillage.Web.Platform.Audit;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Clients;

/// <summary>A reply to one of our SMS, as the provider's webhook sends it: the sender's number and the text.</summary>
public sealed record SmsReply(string? From, string? Text);

/// <summary>
/// The replies to our SMS (issue 20 §1): « STOP » (or « ARRET ») stops every SMS to that number — the consent for SMS
/// withdrawn, one journal line per client —, as the French operators' code of conduct asks of every SMS sender. The
/// provider calls it with the shared secret (<c>Sms:InboundSecret</c>); without one configured, it does not exist.
/// </summary>
public static class SmsReplies
{
    public const string SecretHeader = "X-Aiguillage-Secret";

    private static readonly string[] StopWords = ["STOP", "ARRET", "ARRÊT", "STOP SMS"];

    public static IEndpointRouteBuilder MapClientsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/sms/reponses", ReceiveAsync).AllowAnonymous().DisableAntiforgery().AddEndpointFilter<Platform.Web.ApiInputGuard>().WithTags("Sms").WithName("ReceiveSmsReply")
            .WithSummary("Réponse à un SMS (webhook du fournisseur)")
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized);
        return app;
    }

    private static async Task<IResult> ReceiveAsync(HttpRequest request, SmsReply? body, SmsOptions options, AppDbContext db, AuditLog audit, TimeProvider clock, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(options.InboundSecret))
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Introuvable");
        }

        if (!SameSecret(request.Headers[SecretHeader].ToString(), options.InboundSecret))
        {
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Secret absent ou faux",
                detail: $"L'en-tête {SecretHeader} doit porter le secret configuré (Sms:InboundSecret).");
        }

        if (body is null || ContactDetails.PhoneForms(International(body.From)) is not { } phone)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["from"] = ["Le numéro de l'expéditeur doit être un numéro français, par exemple +33612345678."] },
                title: "Réponse refusée");
        }

        if (body.Text is null || body.Text.Length > 1_000)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["text"] = ["Le texte du SMS est obligatoire (1 000 caractères au plus)."] }, title: "Réponse refusée");
        }

        if (!IsStop(body.Text))
        {
            // Nobody reads replies: only STOP has an effect (the SMS says so).
            return Results.NoContent();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var clients = await db.Clients.Where(c => c.Phone == phone.National || c.Phone == phone.International).ToListAsync(ct);
        foreach (var client in clients.Where(c => c.StopMessages(MessageChannel.Sms, now)))
        {
            audit.Add(AuditAction.MessagesStopped, $"client:{client.Id}", "sms:stop", userId: null);
        }

        // An invitation still waiting to go out is not sent after the STOP.
        Outbox.CancelPending(db, [phone.International]);

        await db.SaveChangesAsync(ct);
        return Results.NoContent();
    }

    /// <summary>Providers write the sender as « 33612345678 » or « 0033612345678 »: both read as « +33612345678 ».</summary>
    private static string? International(string? from) => from?.Trim() switch
    {
        { Length: 13 } f when f.StartsWith("0033", StringComparison.Ordinal) => "+33" + f[4..],
        { Length: 11 } f when f.StartsWith("33", StringComparison.Ordinal) => "+" + f,
        var f => f,
    };

    /// <summary>« stop », « Stop. », « STOP SMS », « Arrêt » all stop; a sentence that merely contains « stop » does not.</summary>
    public static bool IsStop(string text)
    {
        var word = new string([.. text.Trim().TrimEnd('.', '!', ' ').ToUpperInvariant().Where(c => !char.IsControl(c))]);
        return StopWords.Contains(word);
    }

    private static bool SameSecret(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
