using System.Globalization;
using Aiguillage.Domain.Clients;
using Aiguillage.Domain.Referrals;
using Aiguillage.Web.Features.Diagnostics;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Notifications;
using Aiguillage.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Referrals;

/// <summary>Settings of the follow-up after a referral (section <c>FollowUp</c>, issue 20 §1).</summary>
public sealed class FollowUpOptions
{
    /// <summary>Weeks after sending when a referral is followed up whatever the partner reported (6 by default).</summary>
    public int WeeksAfterSending { get; set; } = 6;

    /// <summary>Days the check-in link works (30 by default).</summary>
    public int CheckInDays { get; set; } = 30;

    /// <summary>
    /// How far back a referral's reason may lie (90 days by default): the first run after an upgrade does not list
    /// every referral ever completed, only those of the last weeks, which the office can still act on.
    /// </summary>
    public int LookBackDays { get; set; } = 90;

    public TimeSpan AfterSending => TimeSpan.FromDays(7 * WeeksAfterSending);
}

/// <summary>
/// The daily follow-up (issue 20 §1). First it links each diagnostic received since the last run to the referrals it
/// re-diagnoses. Then each referral due (completed, declined, or sent <see cref="FollowUpOptions.WeeksAfterSending"/>
/// weeks ago) gets its <see cref="FollowUp"/>, listed on the office's page; where the client consented to be contacted,
/// an invitation to the check-in goes by SMS and by e-mail, in their language, in the same transaction (outbox).
/// Messages carry the first name and the link, nothing else, and say how to stop them.
/// </summary>
public sealed class FollowUpJob(AppDbContext db, FollowUpOptions options, MailOptions mail, IClientTexts texts, TimeProvider clock, ILogger<FollowUpJob> logger) : IDailyJob
{
    public const string JobName = "referrals-follow-up";

    /// <summary>Diagnostics received this long before the last run are looked at again: a run is not instantaneous.</summary>
    private static readonly TimeSpan Overlap = TimeSpan.FromHours(1);

    public string Name => JobName;

    public async Task RunAsync(CancellationToken ct)
    {
        await LinkRediagnosesAsync(ct);
        await CreateDueAsync(ct);
    }

    /// <summary>Links the diagnostics received since the last run (all of them the first time); returns how many links changed.</summary>
    public async Task<int> LinkRediagnosesAsync(CancellationToken ct)
    {
        var lastRun = await db.Set<ScheduledJob>().Where(j => j.Name == JobName).Select(j => j.LastRunAt).FirstOrDefaultAsync(ct);
        var received = db.Diagnostics.AsNoTracking().Where(d => d.ClientId != null);
        if (lastRun is { } last)
        {
            var since = last - Overlap;
            received = received.Where(d => d.ReceivedAt >= since);
        }

        var diagnostics = await received.Select(d => new { d.Id, d.ClientId, d.FilledAt }).ToListAsync(ct);
        var linked = 0;
        foreach (var chunk in diagnostics.Chunk(1_000))
        {
            var clients = chunk.Select(d => d.ClientId).Distinct().ToList();
            var referrals = await db.Referrals.AsNoTracking().Where(r => clients.Contains(r.ClientId) && r.SentAt != null).ToListAsync(ct);
            foreach (var referral in referrals)
            {
                var before = referral.RediagnosedAt;
                foreach (var d in chunk.Where(d => d.ClientId == referral.ClientId))
                {
                    referral.LinkRediagnosis(d.Id, d.ClientId, d.FilledAt);
                }

                if (referral.RediagnosedAt != before && referral is { RediagnosisId: { } id, RediagnosedAt: { } at })
                {
                    // The domain chose the link; it is written alone, by a conditional update, so that a partner moving
                    // the referral meanwhile (its status is a concurrency token) neither fails this run nor is overwritten.
                    linked += await db.Referrals.Where(r => r.Id == referral.Id && (r.RediagnosedAt == null || r.RediagnosedAt > at))
                        .ExecuteUpdateAsync(u => u.SetProperty(r => r.RediagnosisId, id).SetProperty(r => r.RediagnosedAt, at), ct);
                }
            }
        }

        return linked;
    }

    /// <summary>Creates the follow-ups due and sends their invitations; returns how many were created.</summary>
    public async Task<int> CreateDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var sentBefore = now - options.AfterSending;
        var horizon = now - TimeSpan.FromDays(options.LookBackDays);
        var candidates = await db.Referrals
            .Where(r => !db.FollowUps.Any(f => f.ReferralId == r.Id))
            .Where(r => ((r.Status == ReferralStatus.Completed || r.Status == ReferralStatus.Declined) && r.StatusChangedAt >= horizon)
                || (r.SentAt != null && r.SentAt <= sentBefore && r.SentAt >= horizon - options.AfterSending
                    && r.Status != ReferralStatus.Proposed && r.Status != ReferralStatus.Abandoned && r.Status != ReferralStatus.Withdrawn))
            .OrderBy(r => r.CreatedAt).Select(r => r.Id).ToListAsync(ct);
        var created = 0;
        foreach (var id in candidates)
        {
            try
            {
                created += await CreateAsync(id, now, ct) ? 1 : 0;
            }
            catch (DbUpdateException e) when ((UniqueViolation.On(e, "FollowUps")) && !Aiguillage.Web.Platform.Data.DatabaseUnavailable.Is(e))
            {
                // Another instance made it at the same moment: one follow-up per referral, as the index says.
                logger.LogInformation("Follow-up of referral {Id} already made elsewhere", id);
            }
            catch (Exception e) when (e is not OperationCanceledException && !Aiguillage.Web.Platform.Data.DatabaseUnavailable.Is(e))
            {
                // One referral that cannot be followed up must not stop the others, today or any day after. The
                // database away stops them all: the next run takes them up again.
                logger.LogError(e, "Follow-up of referral {Id} failed; the others go on", id);
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }

        return created;
    }

    private async Task<bool> CreateAsync(Guid referralId, DateTime now, CancellationToken ct)
    {
        var referral = await db.Referrals.AsNoTracking().FirstAsync(r => r.Id == referralId, ct);
        if (FollowUpRules.Due(referral, options.AfterSending, now) is not { } reason)
        {
            return false;
        }

        var chosen = referral.DiagnosticId is { } diagnostic ? await texts.ChosenForAsync(diagnostic, ct) : null;
        var language = texts.Find(chosen) ?? texts.Find("fr")!;
        var followUp = new FollowUp(Guid.NewGuid(), referral, reason, language.Code, now);
        db.FollowUps.Add(followUp);
        var client = await db.Clients.AsNoTracking().Include(c => c.Consents).FirstAsync(c => c.Id == referral.ClientId, ct);
        // A referral the partner declined is the office's to call back: no « did the workshop help? » for a workshop
        // the client never had.
        var (bySms, byEmail) = reason == FollowUpReason.Declined ? (false, false) : (client.Accepts(MessageChannel.Sms), client.Accepts(MessageChannel.Email));
        if (bySms || byEmail)
        {
            var (token, hash) = OneTimeTokens.Create();
            followUp.Invite(hash, now.AddDays(options.CheckInDays), bySms, byEmail, now);
            var link = $"{mail.BaseUrl}/suivi/{token}";
            if (bySms && ContactDetails.PhoneForms(client.Phone) is { } phone)
            {
                Outbox.AddSms(db, $"follow-up:{followUp.Id}:sms", phone.International, Format(language.Text("checkin.sms"), client.FirstName!, link), now);
            }

            if (byEmail)
            {
                Outbox.Add(db, $"follow-up:{followUp.Id}:invitation", [client.Email!], language.Text("checkin.mail.subject"),
                    Format(language.Text("checkin.mail.body"), client.FirstName!, link), now, eraseAfterSending: true);
            }
        }

        await db.SaveChangesAsync(ct);
        return true;
    }

    private static string Format(string text, string firstName, string link) => string.Format(CultureInfo.InvariantCulture, text, firstName, link);
}
