using System.Security.Claims;
using Aiguillage.Domain;
using Aiguillage.Domain.Offices;
using Aiguillage.Domain.Activity;
using Aiguillage.Domain.Orientation;
using Aiguillage.Web.Features.Diagnostics;
using Aiguillage.Web.Features.Offices;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Aiguillage.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Activity;

/// <summary>Note what was done (new), or change it within 24 hours (existing id).</summary>
[Authorize(Policy = Policies.Mediator)]
public sealed class RecordActionModel(AppDbContext db, ScopeService scopes, ActionCatalogue catalogue, TimeProvider clock, Submissions submissions) : PageModel
{
    /// <summary>The creating form's own id (issue 15 §2): the same form sent twice creates one record.</summary>
    [BindProperty(Name = Submissions.FieldName)]
    public Guid? SubmissionId { get; set; }

    public IReadOnlyList<Office> Offices { get; private set; } = [];

    public ActionCatalogue Catalogue => catalogue;

    public RecordedAction? Existing { get; private set; }

    public string? ClientReference { get; private set; }

    public bool Frozen { get; private set; }

    [BindProperty]
    public int OfficeId { get; set; }

    [BindProperty]
    public ActionKind? Kind { get; set; }

    [BindProperty]
    public string? CatalogueActionId { get; set; }

    [BindProperty]
    public SelfServiceMachines Machine { get; set; }

    [BindProperty]
    public int? DurationMinutes { get; set; }

    [BindProperty]
    public DateOnly? OccurredOn { get; set; }

    /// <summary>The diagnostic this action follows, when noted from a result page.</summary>
    [BindProperty(SupportsGet = true, Name = "diagnostic")]
    public Guid? DiagnosticId { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid? id, [FromQuery(Name = "action")] string? action, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (Existing is { } e)
        {
            (OfficeId, Kind, CatalogueActionId, Machine, DurationMinutes) = (e.OfficeId, e.Kind, e.CatalogueActionId, e.Machine, e.DurationMinutes);
            OccurredOn = DateOnly.FromDateTime(ParisTime.ToParis(e.OccurredAt));
            return Page();
        }

        OccurredOn = ParisTime.Today(clock);
        OfficeId = Offices.Count > 0 ? Offices[0].Id : 0;
        if (action is not null && catalogue.Find(action) is { } proposed)
        {
            CatalogueActionId = proposed.Id;
            Kind = ActionKinds.For(proposed.Tier);
            Machine = proposed.Machine;
        }

        return Page();
    }

    public Task<IActionResult> OnPostAsync(Guid? id, CancellationToken ct) =>
        submissions.OnceAsync(this, "activite/action", SubmissionId, () => CreateOnceAsync(id, ct), ct);

    private async Task<IActionResult> CreateOnceAsync(Guid? id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (Offices.All(o => o.Id != OfficeId))
        {
            ModelState.AddModelError(nameof(OfficeId), "Choisissez un de vos bureaux.");
        }

        if (Kind is null)
        {
            ModelState.AddModelError(nameof(Kind), "Choisissez ce qui a été fait.");
        }

        if (OccurredOn is null)
        {
            ModelState.AddModelError(nameof(OccurredOn), "Indiquez le jour de l'action.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var today = ParisTime.Today(clock);
        var occurredAt = OccurredOn == today ? now : TimeZoneInfo.ConvertTimeToUtc(OccurredOn!.Value.ToDateTime(new TimeOnly(12, 0)), ParisTime.Zone);
        var record = Existing;
        if (record is null)
        {
            Guid? clientId = null;
            if (DiagnosticId is { } diagnosticId)
            {
                clientId = await db.DiagnosticsVisibleTo(await scopes.GetAsync(ct)).Where(x => x.Diagnostic.Id == diagnosticId).Select(x => x.Diagnostic.ClientId).FirstOrDefaultAsync(ct);
            }

            record = new RecordedAction(Guid.NewGuid(), OfficeId, User.FindFirstValue(ClaimTypes.NameIdentifier)!, clientId, clientId is null ? null : DiagnosticId, now);
        }

        var refused = Refusals.Try(() =>
        {
            record.Describe(catalogue, Kind!.Value, string.IsNullOrEmpty(CatalogueActionId) ? null : CatalogueActionId, Machine, DurationMinutes, occurredAt, now);
        }, string.Empty);
        if (refused is not null)
        {
            ModelState.AddModelError(refused.Field == nameof(RecordedAction.OccurredAt) ? nameof(OccurredOn) : refused.Field, refused.Message);
            Frozen = refused.Code == "activity.frozen";
            return Page();
        }

        if (Existing is null)
        {
            db.RecordedActions.Add(record);
        }

        await db.SaveChangesAsync(ct);
        return LocalRedirect("/activite");
    }

    /// <summary>The mediator's offices, and the existing record when it is theirs (else not found).</summary>
    private async Task<bool> LoadAsync(Guid? id, CancellationToken ct)
    {
        Offices = await db.Offices.VisibleTo(await scopes.GetAsync(ct)).AsNoTracking().OrderBy(o => o.Name).ToListAsync(ct);
        if (id is null)
        {
            return true;
        }

        var me = User.FindFirstValue(ClaimTypes.NameIdentifier);
        Existing = await db.RecordedActions.FirstOrDefaultAsync(a => a.Id == id && a.MediatorId == me, ct);
        if (Existing is null)
        {
            return false;
        }

        Frozen = !Existing.IsEditable(clock.GetUtcNow().UtcDateTime);
        ClientReference = Existing.ClientId is { } clientId ? await db.Clients.Where(c => c.Id == clientId).Select(c => c.Reference).FirstOrDefaultAsync(ct) : null;
        return true;
    }
}
