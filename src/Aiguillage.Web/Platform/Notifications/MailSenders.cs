using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Aiguillage.Web.Platform.Notifications;

/// <summary>Mail settings (section <c>Mail</c>). Without <c>Mail:Smtp:Host</c>, messages are written as files.</summary>
public sealed class MailOptions
{
    public string From { get; set; } = "Aiguillage <ne-pas-repondre@aiguillage.invalid>";

    /// <summary>Where messages go as <c>.eml</c> files when no SMTP server is configured (relative to the content root).</summary>
    public string OutboxFolder { get; set; } = Path.Combine("data", "outbox");

    /// <summary>The address of the application, for links in messages (e.g. https://aiguillage.example.fr): see <see cref="ResolveBaseUrl"/>.</summary>
    public string BaseUrl { get; set; } = string.Empty;

    /// <summary>
    /// Where the links of e-mails point (issue 16 §16: they said http://localhost:5080 in production): <c>Mail:BaseUrl</c>
    /// if set, else the app's public address <c>PublicUrl</c>; on a developer's machine, the first address it listens
    /// on. Anywhere else, without either, the app does not start: a link nobody can open is worse than none.
    /// </summary>
    public static string ResolveBaseUrl(IConfiguration configuration, bool development)
    {
        var (setting, value) = configuration["Mail:BaseUrl"] is { Length: > 0 } mail ? ("Mail:BaseUrl", mail)
            : configuration["PublicUrl"] is { Length: > 0 } publicUrl ? ("PublicUrl", publicUrl)
            : development && configuration["Urls"] is { Length: > 0 } urls ? ("Urls", urls.Split(';')[0])
            : throw new InvalidOperationException("Indiquez PublicUrl, l'adresse publique de l'application (par exemple https://aiguillage.example.fr) : les liens des e-mails y renvoient.");
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new InvalidOperationException($"{setting} « {value} » n'est pas une adresse http(s) complète, par exemple https://aiguillage.example.fr.");
        }

        return uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
    }

    public double PollSeconds { get; set; } = 5;

    public SmtpOptions Smtp { get; set; } = new();

    public sealed class SmtpOptions
    {
        public string? Host { get; set; }

        public int Port { get; set; } = 587;

        public string? User { get; set; }

        public string? Password { get; set; }
    }
}

public interface IMailSender
{
    Task SendAsync(OutboxMessage message, CancellationToken ct);
}

/// <summary>The MIME message of an outbox row: its Message-ID derives from the row, so a resend is recognisable as the same message.</summary>
internal static class Mime
{
    public static MimeMessage Build(OutboxMessage message, MailOptions options)
    {
        var mime = new MimeMessage { Subject = message.Subject, MessageId = $"{message.Id:N}@aiguillage", Date = new DateTimeOffset(message.CreatedAt, TimeSpan.Zero) };
        mime.From.Add(MailboxAddress.Parse(options.From));
        mime.To.Add(MailboxAddress.Parse(message.Recipient));
        mime.Body = new TextPart("plain") { Text = message.Body };
        return mime;
    }
}

/// <summary>
/// Writes each message as <c>{id}.eml</c> (demo, tests): writing the same message again replaces the same file, so a
/// resend after a crash never yields a second message.
/// </summary>
public sealed class FileMailSender(MailOptions options, string folder) : IMailSender
{
    public string Folder { get; } = folder;

    public async Task SendAsync(OutboxMessage message, CancellationToken ct)
    {
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, $"{message.Id:N}.eml");
        var temporary = path + ".tmp";
        await using (var stream = File.Create(temporary))
        {
            await Mime.Build(message, options).WriteToAsync(stream, ct);
        }

        File.Move(temporary, path, overwrite: true);
    }
}

/// <summary>Sends through an SMTP server with MailKit.</summary>
public sealed class SmtpMailSender(MailOptions options) : IMailSender
{
    public async Task SendAsync(OutboxMessage message, CancellationToken ct)
    {
        using var client = new SmtpClient();
        await client.ConnectAsync(options.Smtp.Host!, options.Smtp.Port, SecureSocketOptions.Auto, ct);
        if (!string.IsNullOrEmpty(options.Smtp.User))
        {
            await client.AuthenticateAsync(options.Smtp.User, options.Smtp.Password ?? string.Empty, ct);
        }

        await client.SendAsync(Mime.Build(message, options), ct);
        await client.DisconnectAsync(true, ct);
    }
}
