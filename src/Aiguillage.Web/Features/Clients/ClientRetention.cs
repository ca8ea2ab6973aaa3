using Aiguillage.Domain.Audit;
using Aiguillage.Domain.Clients;
using Aiguillage.Web.Platform.Audit;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Clients;

public sealed class RetentionOptions
{
    /// <summary>Months after the last contact before a client's personal data are anonymised (issue 9 §2).</summary>
    public int Months { get; set; } = 24;
}

/// <summary>
/// Anonymises a client (<see cref="Client.Anonymise"/>) and everything that would still show their contact: the
/// referrals sharing it with a partner stop sharing (an open one ends as withdrawn). One journal line, in the same transaction.
/// </summary>
public sealed class ClientAnonymiser(AppDbContext db, AuditLog audit, TimeProvider clock)
{
    public const string ByRetention = "conservation";

    /// <summary>Anonymises <paramref name="client"/> (tracked) and saves; <paramref name="why"/> goes to the journal's scope.</summary>
    public async Task AnonymiseAsync(Client client, string by, string why, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // Invitations not yet sent go with the details; a check-in link of theirs no longer opens anything.
        Outbox.CancelPending(db, [ContactDetails.PhoneForms(client.Phone)?.International, client.Email]);
        await db.FollowUps.Where(f => f.ClientId == client.Id && f.AnsweredAt == null).ExecuteUpdateAsync(u => u.SetProperty(f => f.TokenExpiresAt, now), ct);
        client.Anonymise(await ClientRegistry.NewReferenceAsync(db, ct), by, now);
        // A referral still sharing the contact ends as withdrawn (it leaves the partner's list); any other copy is erased.
        var sharing = await db.Referrals.Include(r => r.Events).Where(r => r.ClientId == client.Id && r.ContactFirstName != null).ToListAsync(ct);
        await using var transaction = await db.Database.BeginUnlessOpenAsync(ct);
        foreach (var referral in sharing)
        {
            if (Domain.Referrals.ReferralRules.CanMove(referral.Status, Domain.Referrals.ReferralStatus.Withdrawn))
            {
                // An enrolled client's seat goes back to the session, in the same transaction as the withdrawal.
                if (referral.HoldsSeat && referral.SessionId is { } seat)
                {
                    await db.WorkshopSessions.Where(s => s.Id == seat && s.SeatsTaken > 0)
                        .ExecuteUpdateAsync(u => u.SetProperty(s => s.SeatsTaken, s => s.SeatsTaken - 1), ct);
                }

                referral.WithdrawConsent(by, now);
            }
            else
            {
                referral.EraseContact();
            }
        }

        audit.Add(AuditAction.ClientAnonymised, $"client:{client.Id}", why, userId: by == ByRetention ? null : by);
        await db.SaveChangesAsync(ct);
        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }
    }
}

/// <summary>
/// The retention job (issue 9 §2): every day, and at every start before the app serves anyone (so a restored backup
/// is cleaned first), clients whose last contact is older than <see cref="RetentionOptions.Months"/> are anonymised.
/// « Last contact » is the latest of: first seen, a diagnostic filled or received, an action noted, a referral made or
/// moved, a consent given or withdrawn, a cheque given or redeemed. Statistics stay: cells are counted already, and
/// the diagnostics and actions they come from are kept, pseudonymous.
/// </summary>
public sealed class ClientRetention(AppDbContext db, ClientAnonymiser anonymiser, RetentionOptions options, TimeProvider clock, ILogger<ClientRetention> logger) : IDailyJob, Platform.Startup.IStartupTask
{
    public const int BatchSize = 200;

    public string Name => "client-retention";

    public Task RunAsync(CancellationToken ct) => AnonymiseExpiredAsync(ct);

    /// <summary>Anonymises every client past the retention period; returns how many.</summary>
    public async Task<int> AnonymiseExpiredAsync(CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime.AddMonths(-Math.Max(1, options.Months));
        var why = $"conservation {options.Months} mois";
        var total = 0;
        while (true)
        {
            var expired = await Expired(cutoff).OrderBy(c => c.CreatedAt).Take(BatchSize).Include(c => c.Consents).ToListAsync(ct);
            foreach (var client in expired)
            {
                await anonymiser.AnonymiseAsync(client, ClientAnonymiser.ByRetention, why, ct);
            }

            total += expired.Count;
            db.ChangeTracker.Clear();
            if (expired.Count < BatchSize)
            {
                break;
            }
        }

        if (total > 0)
        {
            logger.LogInformation("Retention: {Count} clients anonymised (last contact before {Cutoff:yyyy-MM-dd})", total, cutoff);
        }

        return total;
    }

    private IQueryable<Client> Expired(DateTime cutoff) =>
        db.Clients.Where(c => c.AnonymisedAt == null && c.CreatedAt < cutoff
            && !c.Consents.Any(k => k.GivenAt >= cutoff || k.WithdrawnAt >= cutoff)
            && !db.Diagnostics.Any(d => d.ClientId == c.Id && (d.FilledAt >= cutoff || d.ReceivedAt >= cutoff))
            && !db.RecordedActions.Any(a => a.ClientId == c.Id && a.OccurredAt >= cutoff)
            && !db.Referrals.Any(r => r.ClientId == c.Id && (r.CreatedAt >= cutoff || db.ReferralEvents.Any(e => e.ReferralId == r.Id && e.At >= cutoff)))
            && !db.Cheques.Any(q => q.ClientId == c.Id && (q.IssuedAt >= cutoff || q.RedeemedAt >= cutoff)));
}
