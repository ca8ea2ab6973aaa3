using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Aiguillage.Web.Platform.Notifications;

/// <summary>
/// A notification to send, written in the same transaction as the change it tells about (transactional outbox).
/// One row per event and recipient: the unique (<see cref="EventKey"/>, <see cref="Recipient"/>) makes writing it
/// twice impossible. E-mails carry no personal data of clients, only what happened and a link to sign in.
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; set; }

    /// <summary>E-mail (the recipient an address) or SMS (the recipient a phone number in international form).</summary>
    public OutboxChannel Channel { get; set; }

    /// <summary>What happened, e.g. « referral:{id}:sent » — with the recipient, the idempotency key.</summary>
    public string EventKey { get; set; } = string.Empty;

    public string Recipient { get; set; } = string.Empty;

    public string Subject { get; set; } = string.Empty;

    public string Body { get; set; } = string.Empty;

    public DateTime CreatedAt { get; set; }

    public DateTime? SentAt { get; set; }

    public int Attempts { get; set; }

    /// <summary>While set in the future, one runner has claimed the row; others leave it alone.</summary>
    public DateTime? LeaseUntil { get; set; }

    public string? LastError { get; set; }

    /// <summary>
    /// A message to a client (a follow-up invitation, issue 20): once sent, its recipient and text are erased from the
    /// row, so the outbox keeps no client's phone, e-mail or first name longer than it takes to send them.
    /// </summary>
    public bool EraseAfterSending { get; set; }
}

public enum OutboxChannel
{
    Email = 0,
    Sms = 1,

    /// <summary>A signed HTTP post to an address an area keeps (a partner's webhook, issue 21 §4), sent by its <see cref="IWebhookSender"/>.</summary>
    Webhook = 2,
}

/// <summary>
/// Sends a webhook message: the area that writes them knows where and how to sign (Platform names no feature). A failure
/// throws, and the outbox tries again later, as for mail and SMS.
/// </summary>
public interface IWebhookSender
{
    Task SendAsync(OutboxMessage message, CancellationToken ct);
}

/// <summary>A recurring job's schedule, shared by every instance: whoever claims the row runs the job (no timer per instance).</summary>
public sealed class ScheduledJob
{
    public string Name { get; set; } = string.Empty;

    public DateTime NextRunAt { get; set; }

    public DateTime? LeaseUntil { get; set; }

    public DateTime? LastRunAt { get; set; }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("Outbox");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.EventKey).HasMaxLength(200);
        builder.Property(m => m.Recipient).HasMaxLength(256);
        builder.Property(m => m.Subject).HasMaxLength(300);
        builder.Property(m => m.Body).HasMaxLength(4000);
        builder.Property(m => m.LastError).HasMaxLength(1000);
        builder.HasIndex(m => new { m.EventKey, m.Recipient }).IsUnique();
        builder.HasIndex(m => new { m.SentAt, m.LeaseUntil });
    }
}

internal sealed class ScheduledJobConfiguration : IEntityTypeConfiguration<ScheduledJob>
{
    public void Configure(EntityTypeBuilder<ScheduledJob> builder)
    {
        builder.ToTable("ScheduledJobs");
        builder.HasKey(j => j.Name);
        builder.Property(j => j.Name).HasMaxLength(100);
    }
}
