using Aiguillage.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Platform.Notifications;

/// <summary>
/// Sends what the outbox holds. Each row is claimed by one conditional update (unsent, lease free or expired), so
/// that several instances never send the same row at once; it is marked sent right after.
/// <para>
/// A crash between sending and marking: the lease expires and the row is sent again. As files, the same
/// <c>{id}.eml</c> is rewritten (no duplicate). Through SMTP a second copy cannot be ruled out; it carries the same
/// Message-ID, so mail clients show it once. We chose at-least-once over losing a notification (docs/adr/0009).
/// </para>
/// </summary>
public sealed class OutboxDispatcher(AppDbContext db, IMailSender sender, ISmsSender sms, IEnumerable<IWebhookSender> webhooks, TimeProvider clock, ILogger<OutboxDispatcher> logger)
{
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    public const int MaxAttempts = 10;

    /// <summary>Sends up to <paramref name="batch"/> due messages; returns how many were sent.</summary>
    public async Task<int> DispatchAsync(int batch, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.SentAt == null && m.Attempts < MaxAttempts && (m.LeaseUntil == null || m.LeaseUntil < now))
            .OrderBy(m => m.CreatedAt).Take(batch).ToListAsync(ct);
        var sent = 0;
        foreach (var message in due)
        {
            var leaseUntil = now + Lease;
            var claimed = await db.Set<OutboxMessage>()
                .Where(m => m.Id == message.Id && m.SentAt == null && (m.LeaseUntil == null || m.LeaseUntil < now))
                .ExecuteUpdateAsync(u => u.SetProperty(m => m.LeaseUntil, leaseUntil).SetProperty(m => m.Attempts, m => m.Attempts + 1), ct);
            if (claimed == 0)
            {
                continue;   // another instance has it
            }

            try
            {
                await (message.Channel switch
                {
                    OutboxChannel.Sms => sms.SendAsync(message, ct),
                    OutboxChannel.Webhook => (webhooks.LastOrDefault() ?? throw new InvalidOperationException("No webhook sender registered")).SendAsync(message, ct),
                    _ => sender.SendAsync(message, ct),
                });
                var sentAt = clock.GetUtcNow().UtcDateTime;
                var erased = $"effacé:{message.Id:N}";
                await db.Set<OutboxMessage>().Where(m => m.Id == message.Id)
                    .ExecuteUpdateAsync(u => u.SetProperty(m => m.SentAt, sentAt).SetProperty(m => m.LeaseUntil, (DateTime?)null).SetProperty(m => m.LastError, (string?)null)
                        // A client's message: nothing of them stays once it is sent (the row remains, for « sent once »).
                        .SetProperty(m => m.Recipient, m => m.EraseAfterSending ? erased : m.Recipient)
                        .SetProperty(m => m.Body, m => m.EraseAfterSending ? string.Empty : m.Body), ct);
                sent++;
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                logger.LogWarning(e, "Sending outbox message {Id} failed", message.Id);
                var error = e.Message.Length > 1000 ? e.Message[..1000] : e.Message;
                var retryAt = clock.GetUtcNow().UtcDateTime + TimeSpan.FromMinutes(Math.Min(60, 1 << Math.Min(6, message.Attempts)));
                await db.Set<OutboxMessage>().Where(m => m.Id == message.Id)
                    .ExecuteUpdateAsync(u => u.SetProperty(m => m.LastError, error).SetProperty(m => m.LeaseUntil, retryAt), ct);

                // A client's message that will never go (its last attempt failed) keeps nothing of them either.
                var failed = $"effacé:{message.Id:N}";
                await db.Set<OutboxMessage>().Where(m => m.Id == message.Id && m.EraseAfterSending && m.Attempts >= MaxAttempts)
                    .ExecuteUpdateAsync(u => u.SetProperty(m => m.Recipient, failed).SetProperty(m => m.Body, string.Empty), ct);
            }
        }

        return sent;
    }
}
