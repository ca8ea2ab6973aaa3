using Aiguillage.Web.Platform.Data;

namespace Aiguillage.Web.Platform.Notifications;

/// <summary>Writes notifications into the outbox of the current unit of work (saved with the change itself).</summary>
public static class Outbox
{
    public static void Add(AppDbContext db, string eventKey, IEnumerable<string> recipients, string subject, string body, DateTime nowUtc)
    {
        foreach (var recipient in recipients.Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r.Trim().ToLowerInvariant()).Distinct())
        {
            db.Set<OutboxMessage>().Add(new OutboxMessage
            {
                Id = Guid.NewGuid(), EventKey = eventKey, Recipient = recipient, Subject = subject, Body = body, CreatedAt = nowUtc,
            });
        }
    }

    /// <summary>The same event already written for a recipient (the outbox's unique key): told twice at once.</summary>
    public static bool IsDuplicate(Microsoft.EntityFrameworkCore.DbUpdateException e) => UniqueViolation.On(e, "Outbox");
}
