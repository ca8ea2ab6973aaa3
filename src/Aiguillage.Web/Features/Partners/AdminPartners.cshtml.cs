using System.ComponentModel.DataAnnotations;
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

/// <summary>Admins list partner organisations, create one, or change one (<c>/admin/partenaires/{id}</c>).</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class AdminPartnersModel(AppDbContext db, Submissions submissions) : PageModel
{
    /// <summary>The creating form's own id (issue 15 §2): the same form sent twice creates one record.</summary>
    [BindProperty(Name = Submissions.FieldName)]
    public Guid? SubmissionId { get; set; }

    public IReadOnlyList<Partner> Partners { get; private set; } = [];

    public Partner? Editing { get; private set; }

    public string? Message { get; private set; }

    [BindProperty]
    [Required(ErrorMessage = "Indiquez le nom de l'organisation.")]
    [StringLength(200, ErrorMessage = "Le nom compte 200 caractères au plus.")]
    public string? Name { get; set; }

    [BindProperty]
    public string? Siret { get; set; }

    [BindProperty]
    public string? Rna { get; set; }

    [BindProperty]
    public string? Network { get; set; }

    [BindProperty]
    public bool AcceptsPassNumerique { get; set; }

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (Editing is { } p)
        {
            (Name, Siret, Rna, Network, AcceptsPassNumerique) = (p.Name, p.Siret, p.Rna, p.Network, p.AcceptsPassNumerique);
        }

        return Page();
    }

    public Task<IActionResult> OnPostAsync(int? id, CancellationToken ct) =>
        submissions.OnceAsync(this, "admin/partenaires", SubmissionId, () => CreateOnceAsync(id, ct), ct);

    private async Task<IActionResult> CreateOnceAsync(int? id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var partner = Editing ?? new Partner(Name!);
        var refused = Refusals.Try(() =>
        {
            partner.Rename(Name!);
            partner.Describe(Siret, Rna, Network, AcceptsPassNumerique);
        }, string.Empty);
        if (refused is not null)
        {
            ModelState.AddModelError(refused.Field, refused.Message);
            return Page();
        }

        if (await db.Partners.AnyAsync(p => p.Name == partner.Name && p.Id != partner.Id, ct))
        {
            ModelState.AddModelError(nameof(Name), "Une organisation porte déjà ce nom.");
            return Page();
        }

        if (Editing is null)
        {
            db.Partners.Add(partner);
        }

        await db.SaveChangesAsync(ct);
        return LocalRedirect("/admin/partenaires");
    }

    private async Task<bool> LoadAsync(int? id, CancellationToken ct)
    {
        Partners = await db.Partners.AsNoTracking().OrderBy(p => p.Name).ToListAsync(ct);
        if (id is null)
        {
            return true;
        }

        Editing = await db.Partners.FirstOrDefaultAsync(p => p.Id == id, ct);
        return Editing is not null;
    }
}
