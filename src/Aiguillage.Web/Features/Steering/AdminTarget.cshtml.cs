using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Steering;

/// <summary>The admin sets the national target of active offices that the roll-out is drawn against (issue 8).</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class AdminTargetModel(AppDbContext db, IConfiguration configuration, TimeProvider clock) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Indiquez le nombre de bureaux actifs visé.")]
    [Range(1, SteeringSettings.MaxTarget, ErrorMessage = "L'objectif va de 1 à 20 000 bureaux.")]
    public int? Target { get; set; }

    public SteeringSettings? Current { get; private set; }

    public bool Saved { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Current = await db.SteeringSettings.AsNoTracking().FirstOrDefaultAsync(s => s.Key == SteeringSettings.Id, ct);
        Target = await SteeringSettings.TargetAsync(db, configuration, ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            Current = await db.SteeringSettings.AsNoTracking().FirstOrDefaultAsync(s => s.Key == SteeringSettings.Id, ct);
            return Page();
        }

        var settings = await db.SteeringSettings.FirstOrDefaultAsync(s => s.Key == SteeringSettings.Id, ct);
        if (settings is null)
        {
            settings = new SteeringSettings();
            db.SteeringSettings.Add(settings);
        }

        settings.TargetActiveOffices = Target!.Value;
        settings.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        settings.UpdatedBy = User.FindFirstValue(ClaimTypes.NameIdentifier) ?? string.Empty;
        await db.SaveChangesAsync(ct);
        (Current, Saved) = (settings, true);
        return Page();
    }
}
