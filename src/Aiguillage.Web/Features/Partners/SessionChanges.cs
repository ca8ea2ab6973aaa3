using Aiguillage.Domain.Partners;
using Aiguillage.Domain.Referrals;
using Aiguillage.Web.Features.Referrals;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Web;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Partners;

/// <summary>
/// A partner cancels or moves one of its sessions: the session is the Partners area's, and the referrals enrolled in it
/// follow in the same transaction (sent back to « contacté », their mediators told through the referrals' mail frame).
/// </summary>
public sealed class SessionChanges(AppDbContext db, ReferralMail mails, Referrals.Webhooks.ReferralWebhooks webhooks, TimeProvider clock)
{
    /// <summary>
    /// Cancels a session of a partner and, in the same transaction, sends every client enrolled in it back to
    /// « contacté » (their seat gone with the session) and tells each referral's mediator. Null when done, else why not.
    /// </summary>
    public async Task<Refusal?> CancelAsync(WorkshopSession session, string userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (Refusals.Try(() => session.Cancel(now), string.Empty) is { } refused)
        {
            return refused;
        }

        var title = await db.Workshops.Where(w => w.Id == session.WorkshopId).Select(w => w.Title).FirstAsync(ct);
        var contacts = (await EnrolledContactsAsync(session.Id, ct)).ToDictionary(e => e.ReferralId);
        var enrolled = await db.Referrals.Include(r => r.Events).Where(r => r.SessionId == session.Id && r.Status == ReferralStatus.Enrolled).ToListAsync(ct);
        foreach (var referral in enrolled)
        {
            referral.SessionCancelled(userId, now);
            await webhooks.QueueAsync(referral, "referral.changed", now, ct);
            var (reference, email) = contacts.TryGetValue(referral.Id, out var c) ? (c.Reference, c.Email) : (null, null);
            mails.Add($"referral:{referral.Id}:{referral.Events.Count}:session-annulee", email is null ? [] : [email], referral.Id,
                $"Séance annulée : client {reference} à réinscrire",
                $"La séance « {title} » du {ParisTime.DateAndTime(session.StartsAt)} est annulée par le partenaire. Le client {reference} "
                + $"y était inscrit : son orientation revient à « {ReferralStatus.Contacted.Label()} », pour l'inscrire à une autre séance.",
                now);
        }

        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            return Refusal.Conflict(string.Empty, "Une orientation de cette séance a changé en même temps : rechargez la page et recommencez.");
        }
    }

    /// <summary>
    /// Moves a session or changes its seats: checked by the domain, stored by one conditional update (not cancelled,
    /// not started, never fewer seats than clients enrolled, even one enrolled meanwhile); when the time changes, the
    /// mediators of the enrolled clients are told, in the same transaction. Null when done, else why not.
    /// </summary>
    public async Task<Refusal?> RescheduleAsync(Guid sessionId, Workshop workshop, DateTime startsAt, DateTime endsAt, int seats, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var session = await db.WorkshopSessions.AsNoTracking().FirstAsync(s => s.Id == sessionId, ct);
        var (wasStart, wasEnd) = (session.StartsAt, session.EndsAt);
        if (Refusals.Try(() => session.Reschedule(workshop, startsAt, endsAt, seats, now), string.Empty) is { } refused)
        {
            return refused;
        }

        await using var transaction = await db.Database.BeginUnlessOpenAsync(ct);
        var stored = await db.WorkshopSessions
            .Where(s => s.Id == sessionId && s.CancelledAt == null && s.StartsAt > now && s.SeatsTaken <= seats)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.StartsAt, startsAt).SetProperty(s => s.EndsAt, endsAt).SetProperty(s => s.Seats, seats), ct);
        if (stored == 0)
        {
            return new Refusal("Seats", "La séance a changé entre-temps (inscription, annulation ou début) : rechargez la page et recommencez.");
        }

        if (startsAt != wasStart || endsAt != wasEnd)
        {
            foreach (var e in await EnrolledContactsAsync(sessionId, ct))
            {
                mails.Add($"referral:{e.ReferralId}:session-deplacee:{startsAt:yyyyMMddHHmm}", e.Email is null ? [] : [e.Email], e.ReferralId,
                    $"Séance déplacée : client {e.Reference}",
                    $"La séance « {workshop.Title} » où le client {e.Reference} est inscrit a changé d'horaire : "
                    + $"{ParisTime.DateAndTime(startsAt)} – {ParisTime.DateAndTime(endsAt)} (au lieu de {ParisTime.DateAndTime(wasStart)}). "
                    + "Prévenez-le si besoin.",
                    now);
            }

            await db.SaveChangesAsync(ct);
        }

        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }

        return null;
    }

    /// <summary>The clients enrolled in a session: their reference, and their referral's mediator's address (null when disabled), in one query.</summary>
    private async Task<List<(Guid ReferralId, string Reference, string? Email)>> EnrolledContactsAsync(Guid sessionId, CancellationToken ct) =>
        [.. (await (from r in db.Referrals
                    join c in db.Clients on r.ClientId equals c.Id
                    join u in db.Users on r.CreatedBy equals u.Id into us
                    from u in us.DefaultIfEmpty()
                    where r.SessionId == sessionId && r.Status == ReferralStatus.Enrolled
                    select new { r.Id, c.Reference, Email = u != null && !u.IsDisabled ? u.Email : null }).ToListAsync(ct))
            .Select(e => (e.Id, e.Reference, e.Email))];
}
