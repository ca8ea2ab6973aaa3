using Aiguillage.Domain;
using Aiguillage.Domain.Partners;
using Aiguillage.Domain.Partners.Standard;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Partners;

/// <summary>Partner staff list their organisation's workshops and add one.</summary>
[Authorize(Policy = Policies.PartnerStaff)]
public sealed class WorkshopsModel(AppDbContext db, ScopeService scopes, StandardSchema schema) : PageModel
{
    public IReadOnlyList<Workshop> Workshops { get; private set; } = [];

    public IReadOnlyCollection<string> KnownServices { get; private set; } = [];

    [BindProperty]
    public string? Title { get; set; }

    [BindProperty(Name = "Services")]
    public List<string> Services { get; set; } = [];

    [BindProperty]
    public WorkshopLevel Level { get; set; }

    [BindProperty]
    public WorkshopFee Fee { get; set; }

    [BindProperty]
    public int? Capacity { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) is null ? NotFound() : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is not { } partnerId)
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var workshop = new Workshop(Guid.NewGuid(), partnerId);
        try
        {
            workshop.Describe(Title ?? string.Empty, Services, Level, Fee, Capacity ?? 0, schema.Services);
        }
        catch (DomainException e)
        {
            ModelState.AddModelError(e.Field ?? string.Empty, e.Message);
            return Page();
        }

        db.Workshops.Add(workshop);
        await db.SaveChangesAsync(ct);
        return LocalRedirect($"/partenaire/ateliers/{workshop.Id}");
    }

    private async Task<int?> LoadAsync(CancellationToken ct)
    {
        var partnerId = (await scopes.GetAsync(ct)).PartnerId;
        KnownServices = schema.Services.Order().ToList();
        if (partnerId is not null)
        {
            Workshops = await db.Workshops.AsNoTracking().Where(w => w.PartnerId == partnerId).OrderBy(w => w.Title).ToListAsync(ct);
        }

        return partnerId;
    }
}
