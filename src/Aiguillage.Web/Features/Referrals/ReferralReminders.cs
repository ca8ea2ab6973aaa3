using Aiguillage.Domain.Referrals;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Referrals;

/// <summary>Settings of the referral journey (section <c>Referrals</c>).</summary>
public sealed class ReferralOptions
{
    /// <summary>Days a partner has to contact a referred client before the referral is flagged (issue 6: 7 by default).</summary>
    public int ContactDeadlineDays { get; set; } = 7;
}

/// <summary>
/// The daily job: referrals sent and still not contacted after the deadline are flagged, once, and the partner and
/// the mediator are told (outbox rows in the same transaction as the flag).
/// </summary>
public sealed class ReferralReminders(AppDbContext db, ReferralService referrals, ReferralOptions options, MailOptions mail, TimeProvider clock) : IDailyJob
{
    private readonly ReferralMail mails = new(db, mail);

    public string Name => "referrals-overdue";

    public async Task RunAsync(CancellationToken ct) => await FlagOverdueAsync(ct);

    /// <summary>Flags the due referrals; returns how many were flagged now.</summary>
    public async Task<int> FlagOverdueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var deadline = TimeSpan.FromDays(options.ContactDeadlineDays);
        var before = now - deadline;
        var due = await db.Referrals.Where(r => r.Status == ReferralStatus.Sent && r.OverdueSince == null && r.SentAt <= before).ToListAsync(ct);
        var flagged = 0;
        var partnerEmails = new Dictionary<int, List<string>>();
        foreach (var referral in due.Where(r => r.FlagOverdue(deadline, now)))
        {
            flagged++;
            if (!partnerEmails.TryGetValue(referral.PartnerId, out var staff))
            {
                partnerEmails[referral.PartnerId] = staff = await referrals.PartnerEmailsAsync(referral.PartnerId, ct);
            }

            var mediator = await db.Users.Where(u => u.Id == referral.CreatedBy && !u.IsDisabled).Select(u => u.Email).FirstOrDefaultAsync(ct);
            var office = await db.Offices.Where(o => o.Id == referral.OfficeId).Select(o => o.Name).FirstOrDefaultAsync(ct);
            mails.Add($"referral:{referral.Id}:overdue", [.. staff, .. mediator is null ? Array.Empty<string>() : [mediator]], referral.Id,
                $"Orientation sans contact depuis {options.ContactDeadlineDays} jours",
                $"Un client orienté par le bureau de poste {office} n'a pas encore été contacté, {options.ContactDeadlineDays} jours après l'envoi.\n"
                + "Merci de le contacter ou d'indiquer pourquoi ce n'est pas possible.",
                now);
        }

        await db.SaveChangesAsync(ct);
        return flagged;
    }
}
