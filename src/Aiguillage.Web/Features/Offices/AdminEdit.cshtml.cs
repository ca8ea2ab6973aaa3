using Aiguillage.Domain;
using Aiguillage.Domain.Offices;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Offices;

/// <summary>Edit the programme part of an office: status and dates, mediator days, machines.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class AdminEditModel(AppDbContext db) : PageModel
{
    public Office Office { get; private set; } = null!;

    [BindProperty]
    public ProgrammeStatus Status { get; set; }

    [BindProperty]
    public DateOnly? PilotSince { get; set; }

    [BindProperty]
    public DateOnly? ActiveSince { get; set; }

    [BindProperty]
    public List<Weekdays> Days { get; set; } = [];

    [BindProperty]
    public List<SelfServiceMachines> Machines { get; set; } = [];

    public bool Saved { get; private set; }

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
        if (!Enum.IsDefined(Status))
        {
            ModelState.AddModelError(nameof(Status), "Choisissez un statut dans la liste.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        try
        {
            office.SetProgramme(Status, PilotSince, ActiveSince);
            office.SetPresenceDays(Days.Aggregate(Weekdays.None, (all, d) => all | d));
            office.SetMachines(Machines.Aggregate(SelfServiceMachines.None, (all, m) => all | m));
        }
        catch (DomainException e)
        {
            ModelState.AddModelError(e.Field ?? string.Empty, e.Message);
            db.ChangeTracker.Clear();
            return Page();
        }

        await db.SaveChangesAsync(ct);
        Saved = true;
        return Page();
    }
}
