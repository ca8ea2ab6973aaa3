using System.Security.Claims;
using Aiguillage.Domain.Referrals;
using Aiguillage.Domain.Territories;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Aiguillage.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Referrals;

/// <summary>
/// One referral, for everyone who may see it: the partner's staff follow the client up (contacted, enrolled,
/// attended…), the office sees where it stands, withdraws the consent or abandons. A foreign id answers 404.
/// </summary>
[Authorize(Policy = Policies.ReferralReader)]
public sealed class ReferralPageModel(AppDbContext db, ReferralService referrals, ScopeService scopes, TimeProvider clock, Platform.Audit.AuditLog audit, Submissions submissions, FollowUpOptions followUps) : PageModel
{
    /// <summary>The creating form's own id (issue 15 §2): the same form sent twice creates one record.</summary>
    [BindProperty(Name = Submissions.FieldName)]
    public Guid? SubmissionId { get; set; }

    public Referral Referral { get; private set; } = null!;

    public UserScope Scope { get; private set; } = UserScope.Nobody;

    public string ClientReference { get; private set; } = string.Empty;

    public string? FirstName { get; private set; }

    public string? Phone { get; private set; }

    public string? Email { get; private set; }

    public string PartnerName { get; private set; } = string.Empty;

    public string OfficeName { get; private set; } = string.Empty;

    public string? PlaceName { get; private set; }

    public IReadOnlyList<(Guid Id, string Label)> Sessions { get; private set; } = [];

    public IReadOnlyList<(DateTime At, string What, string Who)> History { get; private set; } = [];

    public bool IsPartner => Scope.Kind == ScopeKind.Partner || Scope.IsNation;

    public bool IsOffice => Scope.Kind == ScopeKind.Offices || Scope.IsNation;

    [BindProperty]
    public ReferralAction? Action { get; set; }

    [BindProperty]
    public Guid? SessionId { get; set; }

    [BindProperty]
    public DeclineReason? Reason { get; set; }

    /// <summary>The withdrawal is for good: the mediator ticks that the client asks for it (issue 16 §6).</summary>
    [BindProperty]
    public bool Confirm { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        // The page shows the client's contact details under the sharing consent: a view of a named client's data.
        if (FirstName is not null || Phone is not null || Email is not null)
        {
            await audit.RecordAsync(Domain.Audit.AuditAction.ClientViewed, $"client:{Referral.ClientId}",
                Scope.Kind == Domain.Territories.ScopeKind.Partner ? $"partenaire:{Referral.PartnerId}" : $"bureau:{Referral.OfficeId}", ct: ct);
        }

        return Page();
    }

    public Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct) =>
        submissions.OnceAsync(this, "orientations/action", SubmissionId, () => CreateOnceAsync(id, ct), ct);

    private async Task<IActionResult> CreateOnceAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (Action is not { } action || !ModelState.IsValid)
        {
            ModelState.AddModelError(nameof(Action), "Choisissez une action.");
            return Page();
        }

        var outcome = await referrals.ActAsync(id, action, SessionId, Reason, User.FindFirstValue(ClaimTypes.NameIdentifier)!, ct);
        return await AfterAsync(id, outcome, ct);
    }

    /// <summary>Only the office records that the client withdrew the sharing (issue 16 §2): partners read the referral, never withdraw.</summary>
    [HandlerPolicy(Policies.ClientRecords)]
    public Task<IActionResult> OnPostWithdrawAsync(Guid id, CancellationToken ct) =>
        submissions.OnceAsync(this, "orientations/retrait", SubmissionId, () => WithdrawOnceAsync(id, ct), ct);

    private async Task<IActionResult> WithdrawOnceAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (!Confirm)
        {
            ModelState.AddModelError(nameof(Confirm), "Cochez la case pour confirmer que le client retire son accord : l'orientation sera close.");
            return Page();
        }

        return await AfterAsync(id, await referrals.WithdrawConsentAsync(id, User.FindFirstValue(ClaimTypes.NameIdentifier)!, ct), ct);
    }

    /// <summary>The office marks its follow-up done (issue 20 §1): the client leaves « Suivis à faire ».</summary>
    [HandlerPolicy(Policies.ClientRecords)]
    public Task<IActionResult> OnPostFollowUpDoneAsync(Guid id, CancellationToken ct) =>
        submissions.OnceAsync(this, "orientations/suivi-fait", SubmissionId, () => FollowUpDoneOnceAsync(id, ct), ct);

    private async Task<IActionResult> FollowUpDoneOnceAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var followUp = await db.FollowUps.FirstOrDefaultAsync(f => f.ReferralId == id, ct);
        if (followUp is null)
        {
            ModelState.AddModelError("FollowUp", "Il n'y a pas de suivi à faire pour cette orientation.");
            return Page();
        }

        if (Refusals.Try(() => followUp.Close(User.FindFirstValue(ClaimTypes.NameIdentifier)!, clock.GetUtcNow().UtcDateTime), "FollowUp") is { } refused)
        {
            ModelState.AddModelError("FollowUp", refused.Message);
            return Page();
        }

        await db.SaveChangesAsync(ct);
        return LocalRedirect($"/orientations/{id}");
    }

    private async Task<IActionResult> AfterAsync(Guid id, Outcome<Referral> outcome, CancellationToken ct)
    {
        if (outcome.Refusal is not { } refused)
        {
            return LocalRedirect($"/orientations/{id}");
        }

        if (refused.Kind == RefusalKind.NotFound)
        {
            return NotFound();
        }

        ModelState.AddModelError(refused.Field switch { "SessionId" => nameof(SessionId), "Reason" => nameof(Reason), "Consent" => nameof(Confirm), _ => nameof(Action) }, refused.Message);
        db.ChangeTracker.Clear();
        await LoadAsync(id, ct);
        if (refused.Kind == RefusalKind.Conflict)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
        }

        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        Scope = await scopes.GetAsync(ct);
        if (await referrals.FindAsync(id, ct) is not { } referral)
        {
            return false;
        }

        Referral = referral;
        ClientReference = await db.Clients.AsNoTracking().Where(c => c.Id == referral.ClientId).Select(c => c.Reference).FirstAsync(ct);
        // The details given for this referral under its sharing consent, never the office's follow-up record (issue 16 §4–5).
        (FirstName, Phone, Email) = (referral.ContactFirstName, referral.ContactPhone, referral.ContactEmail);

        PartnerName = await db.Partners.Where(p => p.Id == referral.PartnerId).Select(p => p.Name).FirstAsync(ct);
        OfficeName = await db.Offices.Where(o => o.Id == referral.OfficeId).Select(o => o.Name).FirstAsync(ct);
        PlaceName = referral.PlaceId is null ? null : await db.Places.Where(p => p.Id == referral.PlaceId).Select(p => p.Name).FirstOrDefaultAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var sessions = await (from s in db.WorkshopSessions.AsNoTracking()
                              join w in db.Workshops on s.WorkshopId equals w.Id
                              where w.PartnerId == referral.PartnerId && s.StartsAt > now && s.CancelledAt == null
                              orderby s.StartsAt
                              select new { s.Id, w.Title, s.StartsAt, Left = s.Seats - s.SeatsTaken }).Take(50).ToListAsync(ct);
        Sessions = [.. sessions.Select(s => (s.Id, $"« {s.Title} » le {ParisTime.DateAndTime(s.StartsAt)} — {(s.Left > 0 ? Plural.Of(s.Left, "place libre", "places libres") : "complète")}"))];
        var sessionTitles = await (from s in db.WorkshopSessions join w in db.Workshops on s.WorkshopId equals w.Id
                                   where referral.Events.Select(e => e.SessionId).Contains(s.Id) || s.Id == referral.ProposedSessionId
                                   select new { s.Id, w.Title, s.StartsAt }).ToDictionaryAsync(s => s.Id, s => $"« {s.Title} » le {ParisTime.DateAndTime(s.StartsAt)}", ct);
        var userIds = referral.Events.Select(e => e.ByUserId).Distinct().ToList();
        var names = await db.Users.Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        History = [.. referral.Events.OrderBy(e => e.At).ThenBy(e => e.Sequence).Select(e => (e.At,
            e.To.Label() + (e.SessionId is { } sid && sessionTitles.TryGetValue(sid, out var title) ? $" : {title}" : string.Empty) + (e.Reason is { } r ? $" ({r.Label()})" : string.Empty),
            names.GetValueOrDefault(e.ByUserId) ?? "—"))];
        if (IsOffice)
        {
            // The follow-up is the office's: the client's check-in answers are not the partner's to read.
            FollowUp = await db.FollowUps.AsNoTracking().FirstOrDefaultAsync(f => f.ReferralId == referral.Id, ct);
            if (FollowUp?.ClosedBy is { } closedBy && !names.ContainsKey(closedBy))
            {
                names[closedBy] = await db.Users.Where(u => u.Id == closedBy).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) ?? "—";
            }

            FollowUpReason = FollowUp?.Reason.Label(followUps.WeeksAfterSending);
            ClientConsented = await db.Clients.Where(c => c.Id == referral.ClientId).AnyAsync(c => c.Consents.Any(x => x.WithdrawnAt == null), ct);
            History = [.. History.Concat(FollowUpHistory(FollowUp, referral, names)).OrderBy(h => h.At)];
        }

        ProposedSession = referral.ProposedSessionId is { } proposed ? sessionTitles.GetValueOrDefault(proposed) : null;
        SessionStartsAt = referral.SessionId is { } enrolled ? await db.WorkshopSessions.Where(s => s.Id == enrolled).Select(s => (DateTime?)s.StartsAt).FirstOrDefaultAsync(ct) : null;
        SessionStarted = SessionStartsAt is { } starts && starts <= now;
        return true;
    }

    public string? ProposedSession { get; private set; }

    /// <summary>The office's follow-up of this referral, if one is due (office readers only).</summary>
    public Domain.Referrals.FollowUp? FollowUp { get; private set; }

    public string? FollowUpReason { get; private set; }

    /// <summary>The client agrees to be contacted by the office (their follow-up consent).</summary>
    public bool ClientConsented { get; private set; }

    private static IEnumerable<(DateTime At, string What, string Who)> FollowUpHistory(Domain.Referrals.FollowUp? f, Referral referral, Dictionary<string, string> names)
    {
        if (f is not null)
        {
            yield return (f.CreatedAt, "suivi à faire par le bureau", "Aiguillage");
            if (f.InvitedAt is { } invited)
            {
                yield return (invited, "questionnaire de suivi envoyé au client " + (f.InvitedBySms && f.InvitedByEmail ? "par SMS et par e-mail" : f.InvitedBySms ? "par SMS" : "par e-mail"), "Aiguillage");
            }

            if (f.AnsweredAt is { } answered && FollowUpsPanelViewComponent.Answers(f) is { } answers)
            {
                yield return (answered, "réponse du client : " + answers, "le client");
            }

            if (f.ClosedAt is { } closed)
            {
                yield return (closed, "suivi fait", names.GetValueOrDefault(f.ClosedBy ?? string.Empty) ?? "—");
            }
        }

        if (referral.RediagnosedAt is { } rediagnosed)
        {
            yield return (rediagnosed, "nouveau diagnostic du client", "—");
        }
    }

    /// <summary>When the session the client is enrolled in begins: present or absent are offered from then on (issue 16 §7).</summary>
    public DateTime? SessionStartsAt { get; private set; }

    public bool SessionStarted { get; private set; }
}
