using Aiguillage.Domain;
using Aiguillage.Domain.Partners;
using Aiguillage.Domain.Referrals;
using Aiguillage.Domain.Territories;
using Aiguillage.Web.Features.Clients;
using Aiguillage.Web.Features.Diagnostics;
using Aiguillage.Web.Features.Offices;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Notifications;
using Aiguillage.Web.Platform.Security;
using Aiguillage.Web.Platform.Web;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Referrals;

/// <summary>What a mediator submits to refer a client: the diagnostic, where to (a place or a session), and the consent.</summary>
public sealed record ReferralRequest(Guid DiagnosticId, string? PlaceId, Guid? SessionId, bool Consent, string? FirstName, string? Phone, string? Email);

/// <summary>Where a referral goes: a partner, through one of its places or sessions.</summary>
public sealed record ReferralTarget(int PartnerId, string PartnerName, string? PlaceId, string? PlaceName, Guid? SessionId, string? SessionLabel);

/// <summary>What a partner (or a mediator) does to a referral.</summary>
public enum ReferralAction
{
    Contacted,
    Enrol,
    Attended,
    Absent,
    Complete,
    Decline,
    Abandon,
}

/// <summary>The outcome of a command: done, not found (also for a foreign id), or refused with French errors by field.</summary>
public sealed record ReferralOutcome(Referral? Referral, bool NotFound, Dictionary<string, string[]> Errors, bool Conflict = false)
{
    public static ReferralOutcome Missing { get; } = new(null, true, []);

    public static ReferralOutcome Refused(string field, string message, bool conflict = false) => new(null, false, new() { [field] = [message] }, conflict);
}

/// <summary>
/// The referral journey (issue 6): creation with consent, the partner's updates (seats enforced), the mediator's
/// abandon and the withdrawal of consent; each change writes its notifications in the same transaction.
/// </summary>
public sealed class ReferralService(AppDbContext db, ScopeService scopes, ClientRegistry clients, QuestionnaireCatalog catalog, TimeProvider clock, MailOptions mail, Platform.Audit.AuditLog audit)
{
    /// <summary>Version of <see cref="ConsentText"/> the client agrees to when referred.</summary>
    public const string ConsentVersion = "partage-partenaire-v2";

    /// <summary>
    /// What is shared, said exactly (issue 15 §7): v1 said the partner saw « ni mes réponses », yet it sees the level in
    /// words and the needs. Earlier versions stay so that a recorded consent can be read as it was shown.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> ConsentVersions = new Dictionary<string, string>
    {
        ["partage-partenaire-v1"] =
            "J'accepte que mon prénom et mon numéro de téléphone ou mon adresse e-mail soient transmis à l'association indiquée ci-dessus, "
            + "pour qu'elle me contacte et me propose un atelier. Elle ne voit ni mes réponses au questionnaire ni mon adresse. "
            + "Je peux retirer mon accord à tout moment au bureau de poste : l'association ne voit alors plus mes coordonnées.",
        [ConsentVersion] =
            "J'accepte que l'association indiquée ci-dessus reçoive mon prénom et mon numéro de téléphone ou mon adresse e-mail, "
            + "pour qu'elle me contacte et me propose un atelier. Elle reçoit aussi mon niveau en quelques mots (par exemple « Débutant ») "
            + "et les démarches pour lesquelles je veux de l'aide. Elle ne voit pas mes réponses au questionnaire, ni mon adresse, ni mes autres rendez-vous. "
            + "Je peux retirer mon accord à tout moment au bureau de poste : l'association ne voit alors plus mes coordonnées.",
    };

    public static string ConsentText => ConsentVersions[ConsentVersion];

    /// <summary>Referrals this user may see: partner staff their organisation's, others those of their offices.</summary>
    public IQueryable<Referral> VisibleTo(UserScope scope) => scope.Kind switch
    {
        ScopeKind.Partner => db.Referrals.Where(r => r.PartnerId == scope.PartnerId),
        _ => db.Referrals.Where(r => db.Offices.VisibleTo(scope).Any(o => o.Id == r.OfficeId)),
    };

    public async Task<ReferralTarget?> FindTargetAsync(string? placeId, Guid? sessionId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (sessionId is { } sid)
        {
            var row = await (from s in db.WorkshopSessions.AsNoTracking()
                             join w in db.Workshops on s.WorkshopId equals w.Id
                             join p in db.Partners on w.PartnerId equals p.Id
                             join pl in db.Places on s.PlaceId equals pl.Id into pls
                             from pl in pls.DefaultIfEmpty()
                             join o in db.Offices on s.OfficeId equals o.Id into os
                             from o in os.DefaultIfEmpty()
                             where s.Id == sid && s.StartsAt > now && s.CancelledAt == null
                             select new { p.Id, p.Name, s.PlaceId, PlaceName = pl != null ? pl.Name : "Bureau de poste " + o!.Name, w.Title, s.StartsAt }).FirstOrDefaultAsync(ct);
            return row is null ? null : new ReferralTarget(row.Id, row.Name, row.PlaceId, row.PlaceName, sid, $"« {row.Title} » le {ParisTime.DateAndTime(row.StartsAt)}");
        }

        if (!string.IsNullOrEmpty(placeId))
        {
            var row = await (from pl in db.Places.AsNoTracking()
                             join p in db.Partners on pl.PartnerId equals p.Id
                             where pl.Id == placeId
                             select new { p.Id, p.Name, PlaceName = pl.Name }).FirstOrDefaultAsync(ct);
            return row is null ? null : new ReferralTarget(row.Id, row.Name, placeId, row.PlaceName, null, null);
        }

        return null;
    }

    public async Task<ReferralOutcome> CreateAsync(ReferralRequest request, string userId, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var row = await db.DiagnosticsVisibleTo(scope).FirstOrDefaultAsync(x => x.Diagnostic.Id == request.DiagnosticId, ct);
        if (row is null)
        {
            return ReferralOutcome.Missing;
        }

        var target = await FindTargetAsync(request.PlaceId, request.SessionId, ct);
        if (target is null)
        {
            return ReferralOutcome.Refused(request.SessionId is null ? "placeId" : "sessionId",
                "Ce lieu ou cette séance n'accueille pas d'orientation ici : lieu sans partenaire inscrit, séance passée ou inconnue. Donnez plutôt ses coordonnées au client.");
        }

        if (!request.Consent)
        {
            return ReferralOutcome.Refused("consent", "Sans l'accord du client pour transmettre ses coordonnées au partenaire, l'orientation ne peut pas être envoyée.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var diagnostic = row.Diagnostic;
        var client = diagnostic.ClientId is { } clientId ? await clients.FindByIdAsync(clientId, ct) : null;
        if (client is null)
        {
            client = await clients.CreateAsync(row.Office.Id, ct);
            diagnostic.AttachClient(client.Id);
        }

        try
        {
            // The partner needs a way to reach the client: the details given now, under this consent.
            if (client.ActiveConsent is null)
            {
                client.GiveConsent(ConsentVersion, request.FirstName ?? string.Empty, request.Phone, request.Email, userId, now);
                audit.Add(Domain.Audit.AuditAction.ConsentGiven, $"client:{client.Id}", $"bureau:{row.Office.Id}", userId: userId);
            }

            var definition = catalog.Find(diagnostic.QuestionnaireId, diagnostic.QuestionnaireVersion)!.Definition;
            var level = definition.Levels.FirstOrDefault(l => l.Value == diagnostic.Level);
            var needs = definition.Needs.Where(n => diagnostic.Needs.Contains(n.Id)).Select(n => n.Service).Distinct().ToList();
            var referral = new Referral(Guid.NewGuid(), client.Id, row.Office.Id, diagnostic.Id, target.PartnerId, target.PlaceId, target.SessionId, needs,
                level is null ? $"niveau {diagnostic.Level}" : $"{level.Label} (niveau {level.Value} sur {definition.Levels.Max(l => l.Value)})", userId, now);
            referral.Send(request.Consent, ConsentVersion, userId, now);
            db.Referrals.Add(referral);
            audit.Add(Domain.Audit.AuditAction.ReferralSent, $"orientation:{referral.Id}", $"bureau:{row.Office.Id}", userId: userId);
            Outbox.Add(db, $"referral:{referral.Id}:sent", await PartnerEmailsAsync(target.PartnerId, ct),
                $"Nouvelle orientation depuis le bureau de poste {row.Office.Name}",
                $"Bonjour,\n\nLe bureau de poste {row.Office.Name} vous oriente un client ({referral.LevelInWords}) pour : {string.Join(", ", needs.DefaultIfEmpty("un accompagnement au numérique"))}.\n"
                + $"Merci de le contacter dans les prochains jours.\n\nVoir l'orientation : {mail.BaseUrl}/orientations/{referral.Id}\n\n— Aiguillage",
                now);
            await db.SaveChangesAsync(ct);
            return new ReferralOutcome(referral, false, []);
        }
        catch (DomainException e)
        {
            return ReferralOutcome.Refused(Camel(e.Field ?? "consent"), e.Message);
        }
    }

    /// <summary>Loads a referral within the user's scope (a foreign one is not found), with its history.</summary>
    public async Task<Referral?> FindAsync(Guid id, CancellationToken ct) =>
        await VisibleTo(await scopes.GetAsync(ct)).Include(r => r.Events).FirstOrDefaultAsync(r => r.Id == id, ct);

    public async Task<ReferralOutcome> ActAsync(Guid id, ReferralAction action, Guid? sessionId, DeclineReason? reason, string userId, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var referral = await FindAsync(id, ct);
        if (referral is null)
        {
            return ReferralOutcome.Missing;
        }

        // Partners follow the client up; the office abandons. Admins may do both.
        var partnerAction = action != ReferralAction.Abandon;
        if ((partnerAction && scope.Kind == ScopeKind.Offices) || (!partnerAction && scope.Kind == ScopeKind.Partner) || scope.Kind == ScopeKind.Territory && !scope.IsNation)
        {
            return ReferralOutcome.Refused("action", "Cette action ne vous revient pas.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var seatToRelease = referral.HoldsSeat && action is ReferralAction.Decline or ReferralAction.Abandon ? referral.SessionId : null;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            if (action == ReferralAction.Enrol)
            {
                if (sessionId is not { } sid)
                {
                    return ReferralOutcome.Refused("sessionId", "Choisissez la séance.");
                }

                if (!ReferralRules.CanMove(referral.Status, ReferralStatus.Enrolled))
                {
                    referral.Enrol(sid, userId, now);   // throws the clear transition error
                }

                // One conditional update takes the seat: under concurrency a session never takes more than its seats.
                var partnerId = referral.PartnerId;
                var taken = await db.WorkshopSessions
                    .Where(s => s.Id == sid && s.SeatsTaken < s.Seats && s.StartsAt > now && s.CancelledAt == null && db.Workshops.Any(w => w.Id == s.WorkshopId && w.PartnerId == partnerId))
                    .ExecuteUpdateAsync(u => u.SetProperty(s => s.SeatsTaken, s => s.SeatsTaken + 1), ct);
                if (taken == 0)
                {
                    return ReferralOutcome.Refused("sessionId", "Cette séance est complète, passée, annulée ou n'est pas la vôtre : choisissez-en une autre.");
                }

                referral.Enrol(sid, userId, now);
            }
            else
            {
                switch (action)
                {
                    case ReferralAction.Contacted: referral.MarkContacted(userId, now); break;
                    case ReferralAction.Attended: referral.MarkAttended(userId, now); break;
                    case ReferralAction.Absent: referral.MarkAbsent(userId, now); break;
                    case ReferralAction.Complete: referral.Complete(userId, now); break;
                    case ReferralAction.Decline: referral.Decline(reason ?? (DeclineReason)(-1), userId, now); break;
                    case ReferralAction.Abandon: referral.Abandon(userId, now); break;
                    default: return ReferralOutcome.Refused("action", "Action inconnue.");
                }

                if (seatToRelease is { } released)
                {
                    await db.WorkshopSessions.Where(s => s.Id == released && s.SeatsTaken > 0)
                        .ExecuteUpdateAsync(u => u.SetProperty(s => s.SeatsTaken, s => s.SeatsTaken - 1), ct);
                }
            }

            if (partnerAction)
            {
                await NotifyMediatorAsync(referral, now, ct);
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return new ReferralOutcome(referral, false, []);
        }
        catch (DomainException e)
        {
            return ReferralOutcome.Refused(Camel(e.Field ?? "action"), e.Message);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ReferralOutcome.Refused("action", "Quelqu'un a modifié cette orientation en même temps que vous : rechargez la page.", conflict: true);
        }
    }

    /// <summary>The client no longer wants the partner to see their details: hidden at once.</summary>
    public async Task<ReferralOutcome> WithdrawConsentAsync(Guid id, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var referral = await FindAsync(id, ct);
        if (referral is null || scope.Kind == ScopeKind.Partner)
        {
            return referral is null ? ReferralOutcome.Missing : ReferralOutcome.Refused("consent", "Seul le bureau de poste enregistre le retrait de l'accord.");
        }

        try
        {
            referral.WithdrawConsent(clock.GetUtcNow().UtcDateTime);
            audit.Add(Domain.Audit.AuditAction.ConsentWithdrawn, $"orientation:{referral.Id}", $"bureau:{referral.OfficeId}");
            await db.SaveChangesAsync(ct);
            return new ReferralOutcome(referral, false, []);
        }
        catch (DomainException e)
        {
            return ReferralOutcome.Refused("consent", e.Message);
        }
    }

    /// <summary>
    /// Cancels a session of a partner and, in the same transaction, sends every client enrolled in it back to
    /// « contacté » (their seat gone with the session) and tells each referral's mediator. Null when done, else why not.
    /// </summary>
    public async Task<string?> CancelSessionAsync(Domain.Partners.WorkshopSession session, string userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        try
        {
            session.Cancel(now);
        }
        catch (DomainException e)
        {
            return e.Message;
        }

        var title = await db.Workshops.Where(w => w.Id == session.WorkshopId).Select(w => w.Title).FirstAsync(ct);
        var contacts = (await EnrolledContactsAsync(session.Id, ct)).ToDictionary(e => e.ReferralId);
        var enrolled = await db.Referrals.Include(r => r.Events).Where(r => r.SessionId == session.Id && r.Status == ReferralStatus.Enrolled).ToListAsync(ct);
        foreach (var referral in enrolled)
        {
            referral.SessionCancelled(userId, now);
            var (reference, email) = contacts.TryGetValue(referral.Id, out var c) ? (c.Reference, c.Email) : (null, null);
            Outbox.Add(db, $"referral:{referral.Id}:{referral.Events.Count}:session-annulee", email is null ? [] : [email],
                $"Séance annulée : client {reference} à réinscrire",
                $"Bonjour,\n\nLa séance « {title} » du {ParisTime.DateAndTime(session.StartsAt)} est annulée par le partenaire. Le client {reference} "
                + $"y était inscrit : son orientation revient à « {ReferralStatus.Contacted.Label()} », pour l'inscrire à une autre séance."
                + $"\n\nVoir l'orientation : {mail.BaseUrl}/orientations/{referral.Id}\n\n— Aiguillage",
                now);
        }

        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            return "Une orientation de cette séance a changé en même temps : rechargez la page et recommencez.";
        }
    }

    /// <summary>
    /// Moves a session or changes its seats: checked by the domain, stored by one conditional update (not cancelled,
    /// not started, never fewer seats than clients enrolled, even one enrolled meanwhile); when the time changes, the
    /// mediators of the enrolled clients are told, in the same transaction. Null when done, else why not.
    /// </summary>
    public async Task<(string? Field, string? Error)> RescheduleSessionAsync(Guid sessionId, Workshop workshop, DateTime startsAt, DateTime endsAt, int seats, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var session = await db.WorkshopSessions.AsNoTracking().FirstAsync(s => s.Id == sessionId, ct);
        var (wasStart, wasEnd) = (session.StartsAt, session.EndsAt);
        try
        {
            session.Reschedule(workshop, startsAt, endsAt, seats, now);
        }
        catch (DomainException e)
        {
            return (e.Field, e.Message);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var stored = await db.WorkshopSessions
            .Where(s => s.Id == sessionId && s.CancelledAt == null && s.StartsAt > now && s.SeatsTaken <= seats)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.StartsAt, startsAt).SetProperty(s => s.EndsAt, endsAt).SetProperty(s => s.Seats, seats), ct);
        if (stored == 0)
        {
            return ("Seats", "La séance a changé entre-temps (inscription, annulation ou début) : rechargez la page et recommencez.");
        }

        if (startsAt != wasStart || endsAt != wasEnd)
        {
            foreach (var e in await EnrolledContactsAsync(sessionId, ct))
            {
                Outbox.Add(db, $"referral:{e.ReferralId}:session-deplacee:{startsAt:yyyyMMddHHmm}", e.Email is null ? [] : [e.Email],
                    $"Séance déplacée : client {e.Reference}",
                    $"Bonjour,\n\nLa séance « {workshop.Title} » où le client {e.Reference} est inscrit a changé d'horaire : "
                    + $"{ParisTime.DateAndTime(startsAt)} – {ParisTime.DateAndTime(endsAt)} (au lieu de {ParisTime.DateAndTime(wasStart)}). "
                    + $"Prévenez-le si besoin.\n\nVoir l'orientation : {mail.BaseUrl}/orientations/{e.ReferralId}\n\n— Aiguillage",
                    now);
            }

            await db.SaveChangesAsync(ct);
        }

        await transaction.CommitAsync(ct);
        return (null, null);
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

    /// <summary>Active partner staff's addresses: the inbox is the organisation's, not one person's.</summary>
    public async Task<List<string>> PartnerEmailsAsync(int partnerId, CancellationToken ct) =>
        await db.Users.Where(u => u.PartnerId == partnerId && !u.IsDisabled && u.Email != null).Select(u => u.Email!).ToListAsync(ct);

    private async Task NotifyMediatorAsync(Referral referral, DateTime now, CancellationToken ct)
    {
        var email = await db.Users.Where(u => u.Id == referral.CreatedBy && !u.IsDisabled).Select(u => u.Email).FirstOrDefaultAsync(ct);
        var reference = await db.Clients.Where(c => c.Id == referral.ClientId).Select(c => c.Reference).FirstOrDefaultAsync(ct);
        var partner = await db.Partners.Where(p => p.Id == referral.PartnerId).Select(p => p.Name).FirstOrDefaultAsync(ct);
        Outbox.Add(db, $"referral:{referral.Id}:{referral.Events.Count}:{referral.Status}", email is null ? [] : [email],
            $"Orientation du client {reference} : {referral.Status.Label()}",
            $"Bonjour,\n\n{partner} a mis à jour l'orientation du client {reference} : {referral.Status.Label()}"
            + (referral.DeclineReason is { } r ? $" ({r.Label()})" : string.Empty)
            + $".\n\nVoir l'orientation : {mail.BaseUrl}/orientations/{referral.Id}\n\n— Aiguillage",
            now);
    }

    private static string Camel(string field) => field.Length == 0 ? field : char.ToLowerInvariant(field[0]) + field[1..];
}
