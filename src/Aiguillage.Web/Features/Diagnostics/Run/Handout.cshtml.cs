using Aiguillage.Domain.Diagnostics;
using Aiguillage.Domain.Offices;
using Aiguillage.Domain.Orientation;
using Aiguillage.Web.Features.Offices;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Aiguillage.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Diagnostics.Run;

/// <summary>
/// « Mon parcours numérique »: the one A4 page the client takes home (issue 18). The appointment first when there is
/// one, then at most five next steps with their sites as QR codes, the level in kind words (never the staff's label,
/// issue 17 §7), when the mediator is in the office and how to reach it. No personal data: only the reference. In the
/// client's language with the French beside it (§8): the partner and the mediator read French. The language is the
/// one chosen on the tablet, or the one the mediator picks here.
/// </summary>
[Authorize(Policy = Policies.ClientRecords)]
public sealed class HandoutModel(AppDbContext db, ScopeService scopes, QuestionnaireCatalog catalog, ActionCatalogue actions, IClientTexts texts, TimeProvider clock) : PageModel
{
    /// <summary>What fits on one page at 14 pt in two languages, with the appointment (measured by the PDF test).</summary>
    public const int MaxSteps = 5;

    private const int ProposalsFirst = 3;

    /// <summary>A workshop session the client is enrolled in or was proposed at the counter, as printed.</summary>
    public sealed record AppointmentView(string Workshop, string Partner, string Place, string Address, DateTime StartsAtParis, string? Phone, bool Confirmed);

    /// <summary>The language asked for in the address (« ?langue=ar »); none: the tablet's choice, else French alone.</summary>
    [BindProperty(SupportsGet = true, Name = "langue")]
    public string? Asked { get; set; }

    public IReadOnlyList<IClientText> Languages => texts.All;

    /// <summary>The reference French texts (always printed).</summary>
    public IClientText French { get; private set; } = null!;

    /// <summary>The client's language beside the French; null when the sheet is in French alone.</summary>
    public IClientText? Client { get; private set; }

    public LevelDefinition Level { get; private set; } = null!;

    public Office Office { get; private set; } = null!;

    public string? ClientReference { get; private set; }

    /// <summary>Only when the client gave it, under consent.</summary>
    public string? FirstName { get; private set; }

    public DateTime FilledAt { get; private set; }

    /// <summary>
    /// The next steps: what the mediator proposed beyond information (in the office, at a partner) and the
    /// information sheets for the client's needs, whatever the tier (they can read them at home); five at most.
    /// </summary>
    public IReadOnlyList<OrientationAction> NextSteps { get; private set; } = [];

    public AppointmentView? Appointment { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        if (await db.FindScoredAsync(scope, catalog, id, ct) is not { } scored)
        {
            return NotFound();
        }

        French = texts.Find("fr")!;
        var code = string.IsNullOrEmpty(Asked) ? await texts.ChosenForAsync(id, ct) : Asked;
        if (code is not null && texts.Find(code) is null)
        {
            ModelState.AddModelError("langue", $"Langue inconnue : choisissez une langue de la liste ({string.Join(", ", texts.All.Select(l => l.Code))}).");
            Client = null;
        }
        else
        {
            Client = code is null || code == "fr" ? null : texts.Find(code);
        }

        var d = scored.Diagnostic;
        Office = scored.Office;
        FilledAt = d.FilledAt;
        Level = scored.Result.Level;
        var proposed = scored.Propose(actions).Where(p => p.Tier != ActionTier.Inform).Select(p => p.Action);
        var sheets = actions.Actions.Where(a => a.Tier == ActionTier.Inform && a.Needs.Any(d.Needs.Contains));
        // Three of the mediator's proposals in the rules' order, then the sheets the client can follow at home (their
        // sites as QR codes), then the other proposals: a client with many needs leaves with both kinds.
        var steps = proposed.ToList();
        NextSteps = steps.Take(ProposalsFirst).Concat(sheets).Concat(steps.Skip(ProposalsFirst)).DistinctBy(a => a.Id).Take(MaxSteps).ToList();
        var client = d.ClientId is { } clientId ? await db.Clients.Where(c => c.Id == clientId).Select(c => new { c.Reference, c.FirstName }).FirstOrDefaultAsync(ct) : null;
        ClientReference = client?.Reference;
        FirstName = client?.FirstName;
        if (d.ClientId is { } owner)
        {
            Appointment = await AppointmentAsync(owner, scope, ct);
        }
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }

    /// <summary>
    /// The client's next workshop session from an office of this scope: the one they are enrolled in, else the one the
    /// mediator proposed with a referral still waiting for the partner (printed as « to be confirmed »). Cancelled and
    /// past sessions are not appointments.
    /// </summary>
    private async Task<AppointmentView?> AppointmentAsync(Guid clientId, Domain.Territories.UserScope scope, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var offices = db.Offices.VisibleTo(scope).Select(o => o.Id);
        var candidates = await (from r in db.Referrals.AsNoTracking()
                                where r.ClientId == clientId && offices.Contains(r.OfficeId)
                                      && (r.Status == Domain.Referrals.ReferralStatus.Enrolled
                                          || ((r.Status == Domain.Referrals.ReferralStatus.Sent || r.Status == Domain.Referrals.ReferralStatus.Contacted) && r.ProposedSessionId != null))
                                from s in db.WorkshopSessions.AsNoTracking()
                                where (Guid?)s.Id == (r.Status == Domain.Referrals.ReferralStatus.Enrolled ? r.SessionId : r.ProposedSessionId)
                                join w in db.Workshops.AsNoTracking() on s.WorkshopId equals w.Id
                                join p in db.Partners.AsNoTracking() on w.PartnerId equals p.Id
                                where s.StartsAt > now && s.CancelledAt == null
                                select new { Confirmed = r.Status == Domain.Referrals.ReferralStatus.Enrolled, s.StartsAt, s.PlaceId, s.OfficeId, w.Title, Partner = p.Name })
                               .ToListAsync(ct);
        var next = candidates.OrderByDescending(c => c.Confirmed).ThenBy(c => c.StartsAt).FirstOrDefault();
        if (next is null)
        {
            return null;
        }

        string place, address;
        string? phone;
        if (next.PlaceId is { } placeId && await db.Places.AsNoTracking().FirstOrDefaultAsync(p => p.Id == placeId, ct) is { } at)
        {
            place = at.Name;
            address = $"{at.Fields.GetValueOrDefault("adresse")}, {at.PostCode} {at.Commune}".TrimStart(',', ' ');
            phone = at.Fields.GetValueOrDefault("telephone");
        }
        else if (next.OfficeId is { } officeId && await db.Offices.AsNoTracking().FirstOrDefaultAsync(o => o.Id == officeId, ct) is { } office)
        {
            place = $"Bureau de poste {office.Name}";
            address = $"{office.Address}, {office.PostCode} {office.City}";
            phone = office.Phone;
        }
        else
        {
            return null;
        }

        return new AppointmentView(next.Title, next.Partner, place, address, ParisTime.ToParis(next.StartsAt), string.IsNullOrWhiteSpace(phone) ? null : phone, next.Confirmed);
    }
}
