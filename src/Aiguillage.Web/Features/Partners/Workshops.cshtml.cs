using Aiguillage.Domain;
using Aiguillage.Domain.Partners;
using Aiguillage.Domain.Partners.Standard;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Aiguillage.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Partners;

/// <summary>Partner staff list their organisation's workshops and add one; admins do the same for any partner (<c>?partenaire=</c>).</summary>
[Authorize(Policy = Policies.PartnerManager)]
public sealed class WorkshopsModel(AppDbContext db, ScopeService scopes, PartnerAccess access, StandardSchema schema, TimeProvider clock, Submissions submissions) : PageModel
{
    /// <summary>The creating form's own id (issue 15 §2): the same form sent twice creates one record.</summary>
    [BindProperty(Name = Submissions.FieldName)]
    public Guid? SubmissionId { get; set; }

    /// <summary>The workshop shown in the form to be changed (« ?atelier= »), null to add one.</summary>
    [BindProperty(SupportsGet = true, Name = "atelier")]
    public Guid? Editing { get; set; }

    public Workshop? Edited { get; private set; }

    /// <summary>Where the change form posts: the handler, and the organisation for admins.</summary>
    public string EditAction => $"/partenaire/ateliers?handler=Edit&atelier={Editing}" + (RequestedPartner is { } p ? $"&partenaire={p}" : string.Empty);

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
        if (Editing is not null)
        {
            Edited = Workshops.FirstOrDefault(w => w.Id == Editing);
            if (Edited is null)
            {
                return NotFound();
            }

            (Title, Services, Level, Fee, Capacity, Languages, Accessibility) =
                (Edited.Title, [.. Edited.Services], Edited.Level, Edited.Fee, Edited.Capacity, [.. Edited.Languages], [.. Edited.Accessibility]);
        }

        return Page();
    }

    /// <summary>
    /// Changes what a workshop is; its upcoming sessions follow (the search reads the workshop). The capacity never goes
    /// below the seats of an upcoming session.
    /// </summary>
    public async Task<IActionResult> OnPostEditAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is not { } partnerId)
        {
            return NotFound();
        }

        var workshop = await db.Workshops.FirstOrDefaultAsync(w => w.Id == Editing && w.PartnerId == partnerId, ct);
        if (workshop is null)
        {
            return NotFound();
        }

        Edited = workshop;
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var largest = await db.WorkshopSessions.Where(s => s.WorkshopId == workshop.Id && s.CancelledAt == null && s.StartsAt > now).MaxAsync(s => (int?)s.Seats, ct);
        if (Capacity < largest)
        {
            ModelState.AddModelError(nameof(Capacity), $"Une séance à venir compte {largest} places : gardez une capacité d'au moins {largest}, ou modifiez d'abord la séance.");
            return Page();
        }

        var refused = Refusals.Try(() =>
        {
            workshop.Describe(Title ?? string.Empty, Services, Level, Fee, Capacity ?? 0, schema.Services, Languages, Accessibility);
        }, string.Empty);
        if (refused is not null)
        {
            ModelState.AddModelError(refused.Field, refused.Message);
            return Page();
        }

        await db.SaveChangesAsync(ct);
        return LocalRedirect($"/partenaire/ateliers/{workshop.Id}?atelier-modifie=1");
    }

    public Task<IActionResult> OnPostAsync(CancellationToken ct) =>
        submissions.OnceAsync(this, "partenaire/ateliers", SubmissionId, () => CreateOnceAsync(ct), ct);

    private async Task<IActionResult> CreateOnceAsync(CancellationToken ct)
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
        var refused = Refusals.Try(() =>
        {
            workshop.Describe(Title ?? string.Empty, Services, Level, Fee, Capacity ?? 0, schema.Services, Languages, Accessibility);
        }, string.Empty);
        if (refused is not null)
        {
            ModelState.AddModelError(refused.Field, refused.Message);
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
