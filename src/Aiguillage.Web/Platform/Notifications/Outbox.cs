using Aiguillage.Web.Platform.Data;

namespace Aiguillage.Web.Platform.Notifications;

/// <summary>Writes notifications into the outbox of the current unit of work (saved with the change itself).</summary>
public static class Outbox
{
    public static void Add(AppDbContext db, string eventKey, IEnumerable<string> recipients, string subject, string body, DateTime nowUtc, bool eraseAfterSending = false)
    {
        foreach (var recipient in recipients.Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r.Trim().ToLowerInvariant()).Distinct())
        {
            db.Set<OutboxMessage>().Add(new OutboxMessage
            {
                Id = Guid.NewGuid(), EventKey = eventKey, Recipient = recipient, Subject = subject, Body = body, CreatedAt = nowUtc, EraseAfterSending = eraseAfterSending,
            });
        }
    }

    /// <summary>An SMS to a client's phone number (international form, « +33612345678 »), in the same unit of work; erased once sent.</summary>
    public static void AddSms(AppDbContext db, string eventKey, string phone, string text, DateTime nowUtc) =>
        db.Set<OutboxMessage>().Add(new OutboxMessage
        {
            Id = Guid.NewGuid(), Channel = OutboxChannel.Sms, EventKey = eventKey, Recipient = phone, Subject = "SMS", Body = text, CreatedAt = nowUtc, EraseAfterSending = true,
        });

    /// <summary>A webhook post (issue 21 §4): <paramref name="recipient"/> names whom it goes to, for the area's <see cref="IWebhookSender"/>; the body is the JSON sent.</summary>
    public static void AddWebhook(AppDbContext db, string eventKey, string recipient, string eventName, string body, DateTime nowUtc) =>
        db.Set<OutboxMessage>().Add(new OutboxMessage
        {
            Id = Guid.NewGuid(), Channel = OutboxChannel.Webhook, EventKey = eventKey, Recipient = recipient, Subject = eventName, Body = body, CreatedAt = nowUtc,
        });

    /// <summary>
    /// Removes the client messages (<see cref="OutboxMessage.EraseAfterSending"/>) not yet sent to these recipients:
    /// the client stopped messages, withdrew their consent or was anonymised. Saved with the caller's change.
    /// </summary>
    public static void CancelPending(AppDbContext db, IEnumerable<string?> recipients)
    {
        var wanted = recipients.Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r!.Trim().ToLowerInvariant()).Distinct().ToList();
        if (wanted.Count > 0)
        {
            db.Set<OutboxMessage>().RemoveRange(db.Set<OutboxMessage>().Where(m => m.EraseAfterSending && m.SentAt == null && wanted.Contains(m.Recipient)));
        }
    }

    /// <summary>The same event already written for a recipient (the outbox's unique key): told twice at once.</summary>
    public static bool IsDuplicate(Microsoft.EntityFrameworkCore.DbUpdateException e) => UniqueViolation.On(e, "Outbox");
}
