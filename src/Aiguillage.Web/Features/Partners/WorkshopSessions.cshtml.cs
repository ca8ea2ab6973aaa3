using Aiguillage.Web.Features.Offices;
using Aiguillage.Domain;
using Aiguillage.Domain.Partners;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Aiguillage.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Partners;

/// <summary>One workshop of the partner: its sessions, and a form to add one at a place of theirs or in an office.</summary>
[Authorize(Policy = Policies.PartnerManager)]
public sealed class WorkshopSessionsModel(AppDbContext db, ScopeService scopes, TimeProvider clock, SessionChanges sessions, Submissions submissions) : PageModel
{
    /// <summary>The form's field for the session's: the start is chosen as a day and an hour.</summary>
    private static string FormField(string field) => field switch { "StartsAt" => nameof(Date), "EndsAt" => nameof(End), var f => f };

    /// <summary>The creating form's own id (issue 15 §2): the same form sent twice creates one record.</summary>
    [BindProperty(Name = Submissions.FieldName)]
    public Guid? SubmissionId { get; set; }

    public Workshop Workshop { get; private set; } = null!;

    public IReadOnlyList<Place> Places { get; private set; } = [];

    /// <summary>The programme's offices, where a session may be held (chosen by name or commune, issue 18).</summary>
    public IReadOnlyList<Offices.OfficeChoice> Offices { get; private set; } = [];

    public IReadOnlyList<Row> Sessions { get; private set; } = [];

    public string BackLink { get; private set; } = "/partenaire/ateliers";

    public sealed record Row(Guid Id, DateTime StartsAt, DateTime EndsAt, int Seats, int SeatsTaken, string Where, DateTime? CancelledAt);

    public DateTime Now { get; private set; }

    /// <summary>The session to cancel (the « Annuler » button of its row) or being changed (« Modifier »).</summary>
    [BindProperty]
    public Guid? SessionId { get; set; }

    /// <summary>The session shown in the form to be changed (« ?seance= »), null to add one.</summary>
    public Row? Editing { get; private set; }

    [BindProperty]
    public DateOnly? Date { get; set; }

    [BindProperty]
    public TimeOnly? Start { get; set; }

    [BindProperty]
    public TimeOnly? End { get; set; }

    [BindProperty]
    public int? Seats { get; set; }

    [BindProperty]
    public string? PlaceId { get; set; }

    [BindProperty]
    public string? OfficeSiteCode { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, [FromQuery(Name = "seance")] Guid? session, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (session is not null)
        {
            Editing = Sessions.FirstOrDefault(s => s.Id == session && s.CancelledAt is null && s.StartsAt > Now);
            if (Editing is null)
            {
                return NotFound();
            }

            var (starts, ends) = (ParisTime.ToParis(Editing.StartsAt), ParisTime.ToParis(Editing.EndsAt));
            (Date, Start, End, Seats, SessionId) = (DateOnly.FromDateTime(starts), TimeOnly.FromDateTime(starts), TimeOnly.FromDateTime(ends), Editing.Seats, Editing.Id);
        }

        return Page();
    }

    /// <summary>Moves a session or changes its seats; the mediators of enrolled clients are told of a new time.</summary>
    public async Task<IActionResult> OnPostEditAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        Editing = Sessions.FirstOrDefault(s => s.Id == SessionId);
        if (Editing is null)
        {
            return NotFound();
        }

        if (Date is null || Start is null || End is null)
        {
            ModelState.AddModelError(Date is null ? nameof(Date) : Start is null ? nameof(Start) : nameof(End), "Indiquez le jour, l'heure de début et l'heure de fin.");
        }

        if (Seats is null)
        {
            ModelState.AddModelError(nameof(Seats), "Indiquez le nombre de places.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var starts = TimeZoneInfo.ConvertTimeToUtc(Date!.Value.ToDateTime(Start!.Value), ParisTime.Zone);
        var ends = TimeZoneInfo.ConvertTimeToUtc(Date.Value.ToDateTime(End!.Value), ParisTime.Zone);
        if (await sessions.RescheduleAsync(Editing.Id, Workshop, starts, ends, Seats!.Value, ct) is { } refused)
        {
            ModelState.AddModelError(FormField(refused.Field), refused.Message);
            return Page();
        }

        return LocalRedirect($"/partenaire/ateliers/{id}?modifiee=1");
    }

    public Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct) =>
        submissions.OnceAsync(this, "partenaire/seances", SubmissionId, () => CreateOnceAsync(id, ct), ct);

    private async Task<IActionResult> CreateOnceAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (Date is null)
        {
            ModelState.AddModelError(nameof(Date), "Indiquez le jour de la séance.");
        }

        if (Start is null || End is null)
        {
            ModelState.AddModelError(Start is null ? nameof(Start) : nameof(End), "Indiquez l'heure de début et l'heure de fin.");
        }

        int? officeId = null;
        var location = default(GeoPoint);
        if (!string.IsNullOrWhiteSpace(OfficeSiteCode))
        {
            var code = OfficeSiteCode.Trim().ToUpperInvariant();
            var office = await db.Offices.Where(o => o.SiteCode == code).Select(o => new { o.Id, o.Latitude, o.Longitude }).FirstOrDefaultAsync(ct);
            if (office is null)
            {
                ModelState.AddModelError(nameof(OfficeSiteCode), "Aucun bureau avec ce code : choisissez le bureau dans la liste (son nom, sa commune ou son code).");
            }
            else
            {
                (officeId, location) = (office.Id, new GeoPoint(office.Latitude, office.Longitude));
            }
        }

        var placeId = string.IsNullOrEmpty(PlaceId) ? null : PlaceId;
        if (placeId is not null)
        {
            var place = Places.FirstOrDefault(p => p.Id == placeId);
            if (place is null)
            {
                ModelState.AddModelError(nameof(PlaceId), "Choisissez un des lieux de votre organisation.");
            }
            else if (place is not { Latitude: { } lat, Longitude: { } lon })
            {
                ModelState.AddModelError(nameof(PlaceId), "Ce lieu n'a pas de coordonnées : complétez sa fiche (Nos lieux) pour que les médiateurs le trouvent.");
            }
            else
            {
                location = new GeoPoint(lat, lon);
            }
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var starts = TimeZoneInfo.ConvertTimeToUtc(Date!.Value.ToDateTime(Start!.Value), ParisTime.Zone);
        var ends = TimeZoneInfo.ConvertTimeToUtc(Date.Value.ToDateTime(End!.Value), ParisTime.Zone);
        if (Refusals.Try(() => db.WorkshopSessions.Add(new WorkshopSession(Guid.NewGuid(), Workshop, starts, ends, Seats ?? 0, placeId, officeId, clock.GetUtcNow().UtcDateTime, location)), string.Empty) is { } refused)
        {
            ModelState.AddModelError(FormField(refused.Field), refused.Message);
            return Page();
        }

        await db.SaveChangesAsync(ct);
        return LocalRedirect($"/partenaire/ateliers/{id}");
    }

    /// <summary>Cancels a session that has not started; enrolled clients go back to be enrolled elsewhere, their mediators told.</summary>
    public async Task<IActionResult> OnPostCancelAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var session = SessionId is { } sid ? await db.WorkshopSessions.FirstOrDefaultAsync(s => s.Id == sid && s.WorkshopId == id, ct) : null;
        if (session is null)
        {
            return NotFound();
        }

        if (await sessions.CancelAsync(session, User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)!.Value, ct) is { } refused)
        {
            ModelState.AddModelError(refused.Field, refused.Message);
            return Page();
        }

        return LocalRedirect($"/partenaire/ateliers/{id}?annulee=1");
    }

    /// <summary>The workshop if it belongs to the user's organisation (else not found), its places and sessions.</summary>
    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        // Staff see their organisation's workshops only; admins every partner's.
        var scope = await scopes.GetAsync(ct);
        var workshop = await db.Workshops.AsNoTracking().FirstOrDefaultAsync(w => w.Id == id, ct);
        if (workshop is null || !scope.CanSeePartner(workshop.PartnerId))
        {
            return false;
        }

        var partnerId = workshop.PartnerId;
        BackLink = "/partenaire/ateliers" + (scope.IsNation ? $"?partenaire={partnerId}" : string.Empty);

        Workshop = workshop;
        Places = await db.Places.AsNoTracking().Where(p => p.PartnerId == partnerId).OrderBy(p => p.Name).ToListAsync(ct);
        Offices = await db.Offices.AsNoTracking().InProgramme().ChoicesAsync(ct);
        Sessions = await (from s in db.WorkshopSessions.AsNoTracking()
                          join p in db.Places on s.PlaceId equals p.Id into places
                          from p in places.DefaultIfEmpty()
                          join o in db.Offices on s.OfficeId equals o.Id into offices
                          from o in offices.DefaultIfEmpty()
                          where s.WorkshopId == id
                          orderby s.StartsAt
                          select new Row(s.Id, s.StartsAt, s.EndsAt, s.Seats, s.SeatsTaken, p != null ? p.Name : o != null ? "Bureau de poste " + o.Name : "—", s.CancelledAt)).ToListAsync(ct);
        Now = clock.GetUtcNow().UtcDateTime;
        return true;
    }
}
