using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Aiguillage.Domain.Activity;
using Aiguillage.Domain.Orientation;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Aiguillage.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Activity;

/// <summary>The mediator's own activity log, filterable by date and kind.</summary>
[Authorize(Policy = Policies.Mediator)]
public sealed class ActivityLogModel(AppDbContext db, ActionCatalogue catalogue, TimeProvider clock) : PageModel
{
    public const int Limit = 200;

    [BindProperty(SupportsGet = true, Name = "du")]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "au")]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "type")]
    public ActionKind? Kind { get; set; }

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public sealed record Row(Guid Id, DateTime OccurredAt, string Office, ActionKind Kind, string? Title, string? Client, int? Minutes, bool Editable);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var today = ParisTime.Today(clock);
        From ??= today.AddDays(-30);
        To ??= today;
        if (To < From)
        {
            ModelState.AddModelError("du", "La date de début doit précéder la date de fin.");
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var me = User.FindFirstValue(ClaimTypes.NameIdentifier);
        var start = TimeZoneInfo.ConvertTimeToUtc(From.Value.ToDateTime(TimeOnly.MinValue), ParisTime.Zone);
        var end = TimeZoneInfo.ConvertTimeToUtc(To.Value.AddDays(1).ToDateTime(TimeOnly.MinValue), ParisTime.Zone);
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = await (from a in db.RecordedActions.AsNoTracking()
                          join o in db.Offices on a.OfficeId equals o.Id
                          join c in db.Clients on a.ClientId equals c.Id into clients
                          from c in clients.DefaultIfEmpty()
                          where a.MediatorId == me && a.OccurredAt >= start && a.OccurredAt < end && (Kind == null || a.Kind == Kind)
                          orderby a.OccurredAt descending
                          select new { a.Id, a.OccurredAt, Office = o.Name, a.Kind, a.CatalogueActionId, Client = c == null ? null : c.Reference, a.DurationMinutes, a.CreatedAt })
            .Take(Limit).ToListAsync(ct);
        Rows = [.. rows.Select(r => new Row(r.Id, r.OccurredAt, r.Office, r.Kind, r.CatalogueActionId is null ? null : catalogue.Find(r.CatalogueActionId)?.Title,
            r.Client, r.DurationMinutes, now - r.CreatedAt < RecordedAction.EditableFor))];
        return Page();
    }
}
