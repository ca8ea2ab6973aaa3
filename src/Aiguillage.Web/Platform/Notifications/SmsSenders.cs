using System.Net.Http.Json;
using System.Text.Json;

namespace Aiguillage.Web.Platform.Notifications;

/// <summary>
/// SMS settings (section <c>Sms</c>, docs/operations.md « SMS »), configured like e-mail: without <c>Sms:Provider:ApiKey</c>,
/// each message is written as a file in <see cref="OutboxFolder"/>; with it, it goes to the HTTP provider.
/// </summary>
public sealed class SmsOptions
{
    /// <summary>The sender shown on the phone: at most 11 letters and digits (operators' rule for alphanumeric senders).</summary>
    public string Sender { get; set; } = "LaPoste";

    /// <summary>Where messages go as files when no provider is set (relative to the content root).</summary>
    public string OutboxFolder { get; set; } = Path.Combine("data", "outbox", "sms");

    public ProviderOptions Provider { get; set; } = new();

    /// <summary>
    /// The secret the provider's reply webhook sends in the <c>X-Aiguillage-Secret</c> header, so that nobody else can
    /// stop a client's messages. Without it, the inbound endpoint answers 404.
    /// </summary>
    public string? InboundSecret { get; set; }

    public bool HasProvider => !string.IsNullOrWhiteSpace(Provider.ApiKey);

    /// <summary>
    /// Brevo's transactional SMS API (https://developers.brevo.com, « Send SMS message to a mobile number »): a French
    /// provider, one POST per message, its key in the <c>api-key</c> header.
    /// </summary>
    public sealed class ProviderOptions
    {
        public string Url { get; set; } = "https://api.brevo.com/v3/transactionalSMS/sms";

        public string? ApiKey { get; set; }
    }
}

public interface ISmsSender
{
    Task SendAsync(OutboxMessage message, CancellationToken ct);
}

/// <summary>
/// Writes each SMS as <c>{id}.json</c> (demo, tests): recipient, sender and text. Writing the same message again
/// replaces the same file, so a resend after a crash never yields a second message.
/// </summary>
public sealed class FileSmsSender(SmsOptions options, string folder) : ISmsSender
{
    public string Folder { get; } = folder;

    public async Task SendAsync(OutboxMessage message, CancellationToken ct)
    {
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, $"{message.Id:N}.json");
        var temporary = path + ".tmp";
        await File.WriteAllBytesAsync(temporary, JsonSerializer.SerializeToUtf8Bytes(
            new { to = message.Recipient, from = options.Sender, text = message.Body, createdAt = message.CreatedAt }), ct);
        File.Move(temporary, path, overwrite: true);
    }
}

/// <summary>
/// Sends through the provider's HTTP API. Any answer but 2xx throws, so the outbox tries again later (at least once,
/// like e-mail). The outbox row's id goes as the message's tag, so a resend can be recognised in the provider's logs.
/// </summary>
public sealed class HttpSmsSender(HttpClient http, SmsOptions options) : ISmsSender
{
    public const string ClientName = "sms";

    /// <summary>The GSM 03.38 basic character set (ETSI TS 123 038 §6.2.1), without the escape table.</summary>
    private static readonly HashSet<char> Gsm =
        [.. "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"];

    public async Task SendAsync(OutboxMessage message, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, options.Provider.Url)
        {
            Content = JsonContent.Create(new
            {
                sender = options.Sender,
                // The provider wants the international number without « + » (33612345678).
                recipient = message.Recipient.TrimStart('+'),
                content = message.Body,
                type = "transactional",
                tag = message.Id.ToString("N"),
                // Arabic, Dari, Ukrainian, « ê » or « ç »… are outside the GSM 03.38 alphabet; « é », « à », « è » are in it.
                unicodeEnabled = message.Body.Any(c => !Gsm.Contains(c)),
            }),
        };
        request.Headers.Add("api-key", options.Provider.ApiKey);
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            // The status only: the provider's text may repeat the number, and the error is kept in the outbox and the log.
            throw new HttpRequestException($"SMS provider answered {(int)response.StatusCode}.");
        }
    }
}
