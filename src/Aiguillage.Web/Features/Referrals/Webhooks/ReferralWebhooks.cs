using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Aiguillage.Domain.Referrals;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Notifications;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Aiguillage.Web.Features.Referrals.Webhooks;

/// <summary>Webhook settings (section <c>Webhooks</c>): <c>AllowHttp</c> lets an address be plain HTTP (tests on the loopback only).</summary>
public sealed class WebhookOptions
{
    public bool AllowHttp { get; set; }

    public int TimeoutSeconds { get; set; } = 10;
}

/// <summary>One attempt to post a webhook, as the partner's delivery log shows it: when, what, the answer or the failure.</summary>
public sealed class WebhookDelivery
{
    public Guid Id { get; set; }

    public int PartnerId { get; set; }

    public Guid MessageId { get; set; }

    public string Event { get; set; } = string.Empty;

    public string Url { get; set; } = string.Empty;

    public DateTime At { get; set; }

    public int Attempt { get; set; }

    /// <summary>The HTTP status the partner answered, or null when it could not be reached.</summary>
    public int? StatusCode { get; set; }

    public string? Error { get; set; }

    public int DurationMs { get; set; }
}

internal sealed class ReferralWebhookConfiguration : IEntityTypeConfiguration<ReferralWebhook>, IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<ReferralWebhook> builder)
    {
        builder.ToTable("ReferralWebhooks");
        builder.HasKey(w => w.PartnerId);
        builder.Property(w => w.Url).HasMaxLength(ReferralWebhook.MaxUrlLength);
        builder.Property(w => w.ProtectedSecret).HasMaxLength(1000);
        builder.HasOne<Domain.Partners.Partner>().WithMany().HasForeignKey(w => w.PartnerId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable("WebhookDeliveries");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Event).HasMaxLength(50);
        builder.Property(d => d.Url).HasMaxLength(ReferralWebhook.MaxUrlLength);
        builder.Property(d => d.Error).HasMaxLength(300);
        builder.HasIndex(d => new { d.PartnerId, d.At });
    }
}

/// <summary>
/// The partner's webhook (issue 21 §4): each new referral and each change of one is written into the outbox in the
/// change's own transaction, then posted to the partner's address, signed, and retried with the outbox's backoff until
/// answered 2xx; every attempt goes into the delivery log the partner reads. The post says:
/// <c>X-Aiguillage-Event</c>, <c>X-Aiguillage-Delivery</c> (the same for every retry: the receiver drops a repeat), and
/// <c>X-Aiguillage-Signature: t=&lt;unix time&gt;,v1=&lt;hex HMAC-SHA256 of "t.body" with the partner's secret&gt;</c>;
/// a receiver refuses a signature older than five minutes (replay). The body carries no contact detail: the tool reads
/// the referral with its key.
/// </summary>
public sealed class ReferralWebhooks(AppDbContext db, IDataProtectionProvider protection)
{
    public const string Purpose = "Aiguillage.ReferralWebhooks.v1";

    private IDataProtector Protector => protection.CreateProtector(Purpose);

    /// <summary>A new secret, and how it is kept.</summary>
    public (string Secret, string Protected) NewSecret()
    {
        var secret = "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        return (secret, Protector.Protect(secret));
    }

    public string Unprotect(string protectedSecret) => Protector.Unprotect(protectedSecret);

    /// <summary>Writes, in the caller's unit of work, the post of this referral's latest step, if its partner has a webhook.</summary>
    public async Task QueueAsync(Referral referral, string eventName, DateTime nowUtc, CancellationToken ct)
    {
        if (!await db.Set<ReferralWebhook>().AnyAsync(w => w.PartnerId == referral.PartnerId, ct))
        {
            return;
        }

        var last = referral.Events.OrderBy(e => e.Sequence).LastOrDefault();
        var body = JsonSerializer.Serialize(new
        {
            @event = eventName,
            referralId = referral.Id,
            partnerId = referral.PartnerId,
            status = referral.Status.ToString(),
            previousStatus = last?.From?.ToString(),
            sequence = last?.Sequence ?? 0,
            at = nowUtc,
            sessionId = referral.SessionId,
            declineReason = referral.DeclineReason?.ToString(),
        });
        Outbox.AddWebhook(db, $"webhook:{referral.Id}:{last?.Sequence ?? 0}", Recipient(referral.PartnerId), eventName, body, nowUtc);
    }

    public static string Recipient(int partnerId) => $"partenaire:{partnerId.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The signature header of a body at a time, as the receiver recomputes it.</summary>
    public static string Signature(string secret, long unixTime, string body)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{unixTime.ToString(CultureInfo.InvariantCulture)}.{body}"));
        return $"t={unixTime.ToString(CultureInfo.InvariantCulture)},v1={Convert.ToHexStringLower(mac)}";
    }
}

/// <summary>An address that resolves to the loopback, a private or a link-local network: refused before connecting (SSRF).</summary>
public sealed class WebhookAddressRefusedException(string message) : Exception(message);

/// <summary>
/// The connection of webhook posts: the address's name is resolved here and the connection refused when any address
/// is internal (loopback, private, link-local, unique-local, unspecified), so that neither a partner's address nor a
/// DNS answer that changes between check and use reaches the hosting network. No redirect is followed. The loopback is
/// allowed only with <c>Webhooks:AllowHttp</c> (tests).
/// </summary>
public static class WebhookConnections
{
    public static SocketsHttpHandler Handler(WebhookOptions options) => new()
    {
        AllowAutoRedirect = false,
        ConnectCallback = async (context, ct) =>
        {
            var addresses = await System.Net.Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, ct);
            var usable = addresses.Where(a => (options.AllowHttp && System.Net.IPAddress.IsLoopback(a)) || !IsInternal(a)).ToList();
            if (usable.Count == 0 || (!options.AllowHttp && addresses.Any(IsInternal)))
            {
                throw new WebhookAddressRefusedException($"{context.DnsEndPoint.Host} resolves to an internal address");
            }

            var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(usable[0], context.DnsEndPoint.Port, ct);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    public static bool IsInternal(System.Net.IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (System.Net.IPAddress.IsLoopback(address) || address.Equals(System.Net.IPAddress.Any) || address.Equals(System.Net.IPAddress.IPv6Any)
            || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal)
        {
            return true;
        }

        var b = address.GetAddressBytes();
        return address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && (b[0] == 10 || b[0] == 127 || b[0] == 0
            || (b[0] == 172 && b[1] is >= 16 and <= 31) || (b[0] == 192 && b[1] == 168) || (b[0] == 169 && b[1] == 254) || (b[0] == 100 && b[1] is >= 64 and <= 127));
    }
}

/// <summary>Posts a webhook message to the partner's current address, signed with its current secret; logs the attempt.</summary>
public sealed class ReferralWebhookSender(AppDbContext db, ReferralWebhooks webhooks, IHttpClientFactory http, TimeProvider clock, ILogger<ReferralWebhookSender> logger) : IWebhookSender
{
    public const string ClientName = "webhooks";

    public async Task SendAsync(OutboxMessage message, CancellationToken ct)
    {
        var partnerId = int.Parse(message.Recipient.Split(':')[1], CultureInfo.InvariantCulture);
        var hook = await db.Set<ReferralWebhook>().AsNoTracking().FirstOrDefaultAsync(w => w.PartnerId == partnerId, ct);
        if (hook is null)
        {
            logger.LogInformation("Webhook message {Id}: the partner removed its address, nothing to post", message.Id);
            return;   // the partner removed its address: nothing to post, nothing to retry
        }

        var now = clock.GetUtcNow();
        var signature = ReferralWebhooks.Signature(webhooks.Unprotect(hook.ProtectedSecret), now.ToUnixTimeSeconds(), message.Body);
        using var request = new HttpRequestMessage(HttpMethod.Post, hook.Url) { Content = new StringContent(message.Body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Aiguillage-Event", message.Subject);
        request.Headers.Add("X-Aiguillage-Delivery", message.Id.ToString());
        request.Headers.Add("X-Aiguillage-Signature", signature);
        var delivery = new WebhookDelivery
        {
            Id = Guid.NewGuid(), PartnerId = partnerId, MessageId = message.Id, Event = message.Subject, Url = hook.Url, At = now.UtcDateTime,
            Attempt = message.Attempts + 1,
        };
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await http.CreateClient(ClientName).SendAsync(request, ct);
            delivery.StatusCode = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"Le partenaire a répondu {(int)response.StatusCode}.");
            }
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            // The client's timeout, not the app stopping: a failed attempt, retried later like any other.
            delivery.Error = "délai dépassé";
            throw new HttpRequestException("Le logiciel du partenaire n'a pas répondu à temps.");
        }
        catch (HttpRequestException e) when (delivery.StatusCode is null)
        {
            // Said in plain French and without the network's details: the log is read by the partner.
            delivery.Error = e.InnerException is WebhookAddressRefusedException ? "adresse refusée : un réseau interne n'est pas joignable" : "injoignable";
            throw;
        }
        finally
        {
            delivery.DurationMs = (int)watch.ElapsedMilliseconds;
            db.Add(delivery);
            await db.SaveChangesAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
        }
    }
}
