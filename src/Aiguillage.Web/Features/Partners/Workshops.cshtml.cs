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

/// <summary>Partner staff list their organisation's workshops and add one; admins do the same for any partner (<c>?partenaire=</c>).</summary>
[Authorize(Policy = Policies.PartnerManager)]
public sealed class WorkshopsModel(AppDbContext db, ScopeService scopes, PartnerAccess access, StandardSchema schema) : PageModel
{
    public IReadOnlyList<Workshop> Workshops { get; private set; } = [];

    public Partner Partner { get; private set; } = null!;

    /// <summary>For admins: the organisation managed.</summary>
    [BindProperty(SupportsGet = true, Name = "partenaire")]
    public int? RequestedPartner { get; set; }

    [BindProperty(Name = "Languages")]
    public List<string> Languages { get; set; } = [];

    [BindProperty(Name = "Accessibility")]
    public List<string> Accessibility { get; set; } = [];

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

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (RequestedPartner is null && (await scopes.GetAsync(ct)).IsNation)
        {
            return LocalRedirect("/admin/partenaires");
        }

        if (await LoadAsync(ct) is null)
        {
            return NotFound();
        }

        Languages = [WorkshopVocabulary.French];
        return Page();
    }

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
            workshop.Describe(Title ?? string.Empty, Services, Level, Fee, Capacity ?? 0, schema.Services, Languages, Accessibility);
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

    public string Suffix { get; private set; } = string.Empty;

    private async Task<int?> LoadAsync(CancellationToken ct)
    {
        KnownServices = schema.Services.Order().ToList();
        if (await access.ResolveAsync(RequestedPartner, ct) is not { } partner)
        {
            return null;
        }

        Partner = partner;
        Suffix = PartnerAccess.Suffix(partner, await scopes.GetAsync(ct));
        Workshops = await db.Workshops.AsNoTracking().Where(w => w.PartnerId == partner.Id).OrderBy(w => w.Title).ToListAsync(ct);
        return partner.Id;
    }
}
