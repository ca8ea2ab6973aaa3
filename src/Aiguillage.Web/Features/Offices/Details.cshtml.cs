using Aiguillage.Domain.Offices;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Aiguillage.Web.Platform.Territories;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Offices;

/// <summary>One office: where it is, when the mediator is there, what machines it has.</summary>
[Authorize(Policy = Policies.OfficeReader)]
public sealed class DetailsModel(AppDbContext db, ScopeService scopes, TerritoryDirectory territories) : PageModel
{
    public Office Office { get; private set; } = null!;

    public string CommuneName { get; private set; } = string.Empty;

    public string DepartmentName { get; private set; } = string.Empty;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var office = await db.Offices.VisibleTo(scope).AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct);
        if (office is null)
        {
            return NotFound();
        }

        Office = office;
        CommuneName = territories.FindCommune(office.InseeCode)?.Name ?? office.City;
        DepartmentName = territories.Describe(Domain.Territories.TerritoryLevel.Department, office.DepartmentCode);
        return Page();
    }
}
