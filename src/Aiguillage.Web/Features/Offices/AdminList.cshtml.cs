using System.ComponentModel.DataAnnotations;
using Aiguillage.Domain.Offices;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Aiguillage.Web.Platform.Territories;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Offices;

/// <summary>All offices of the network, filtered by text, department and programme status; 50 a page.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class AdminListModel(AppDbContext db, TerritoryDirectory territories) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    [StringLength(100, ErrorMessage = "La recherche compte 100 caractères au plus.")]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    [RegularExpression("^(?:[0-9]{2}|2[AB]|9[78][0-9])$", ErrorMessage = "Choisissez un département dans la liste.")]
    public string? Departement { get; set; }

    [BindProperty(SupportsGet = true)]
    public ProgrammeStatus? Statut { get; set; }

    [BindProperty(SupportsGet = true)]
    [Range(1, 100_000, ErrorMessage = "Numéro de page invalide.")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<Office> Offices { get; private set; } = [];

    public int Total { get; private set; }

    public IEnumerable<Department> Departments => territories.Departments;

    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var query = db.Offices.AsNoTracking().Matching(Q);
        if (!string.IsNullOrEmpty(Departement))
        {
            query = query.Where(o => o.DepartmentCode == Departement);
        }

        if (Statut is { } status)
        {
            query = query.Where(o => o.Status == status);
        }

        Total = await query.CountAsync(ct);
        Offices = await query.OrderBy(o => o.DepartmentCode).ThenBy(o => o.Name).Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        return Page();
    }

    public string PageLink(int page) =>
        $"/admin/bureaux?q={Uri.EscapeDataString(Q ?? string.Empty)}&departement={Departement}&statut={Statut}&pagenumber={page}";
}
