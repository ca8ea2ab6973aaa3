using System.Security.Claims;
using Aiguillage.Domain;
using Aiguillage.Domain.Offices;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Web;
using Aiguillage.Web.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Offices;

/// <summary>Edit the programme part of an office: status and dates, mediator days, machines.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class AdminEditModel(AppDbContext db, TimeProvider clock) : PageModel
{
    public Office Office { get; private set; } = null!;

    /// <summary>Nullable so that a form sent without it is refused rather than read as the first status (found by the POST access matrix, issue 16).</summary>
    [BindProperty]
    public ProgrammeStatus? Status { get; set; }

    [BindProperty]
    public DateOnly? PilotSince { get; set; }

    [BindProperty]
    public DateOnly? ActiveSince { get; set; }

    [BindProperty]
    public List<Weekdays> Days { get; set; } = [];

    [BindProperty]
    public List<SelfServiceMachines> Machines { get; set; } = [];

    public bool Saved { get; private set; }

    /// <summary>The office's place in the programme over time, most recent first (counted by the roll-out).</summary>
    public IReadOnlyList<ProgrammeStatusChange> History { get; private set; } = [];

    private async Task LoadHistoryAsync(int id, CancellationToken ct) =>
        History = await db.ProgrammeStatusChanges.AsNoTracking().Where(c => c.OfficeId == id).OrderByDescending(c => c.EffectiveOn).ThenByDescending(c => c.Id).ToListAsync(ct);

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var office = await db.Offices.FirstOrDefaultAsync(o => o.Id == id, ct);
        if (office is null)
        {
            return NotFound();
        }

        Office = office;
        Status = office.Status;
        PilotSince = office.PilotSince;
        ActiveSince = office.ActiveSince;
        Days = [.. WeekdaysExtensions.All.Select(d => d.Day).Where(d => office.PresenceDays.HasFlag(d))];
        Machines = [.. SelfServiceMachinesExtensions.All.Select(m => m.Machine).Where(m => office.Machines.HasFlag(m))];
        await LoadHistoryAsync(id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        var office = await db.Offices.FirstOrDefaultAsync(o => o.Id == id, ct);
        if (office is null)
        {
            return NotFound();
        }

        Office = office;
        await LoadHistoryAsync(id, ct);
        if (Status is not { } status || !Enum.IsDefined(status))
        {
            ModelState.AddModelError(nameof(Status), "Choisissez un statut dans la liste.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var before = (office.Status, office.PilotSince, office.ActiveSince);
        var refused = Refusals.Try(() =>
        {
            office.SetProgramme(Status!.Value, PilotSince, ActiveSince);
            office.SetPresenceDays(Days.Aggregate(Weekdays.None, (all, d) => all | d));
            office.SetMachines(Machines.Aggregate(SelfServiceMachines.None, (all, m) => all | m));
        }, string.Empty);
        if (refused is not null)
        {
            ModelState.AddModelError(refused.Field, refused.Message);
            db.ChangeTracker.Clear();
            return Page();
        }

        // The roll-out counts offices from this history (Features/Steering): saved with the office, in one transaction.
        var now = clock.GetUtcNow().UtcDateTime;
        var latest = await db.ProgrammeStatusChanges.Where(c => c.OfficeId == office.Id).OrderByDescending(c => c.EffectiveOn).ThenByDescending(c => c.Id).FirstOrDefaultAsync(ct);
        db.ProgrammeStatusChanges.AddRange(ProgrammeStatusChange.ForChange(office.Id, before, (office.Status, office.PilotSince, office.ActiveSince), latest,
            Platform.Web.ParisTime.Today(clock), User.FindFirstValue(ClaimTypes.NameIdentifier) ?? string.Empty, now));
        await db.SaveChangesAsync(ct);
        await LoadHistoryAsync(id, ct);
        Saved = true;
        return Page();
    }
}
