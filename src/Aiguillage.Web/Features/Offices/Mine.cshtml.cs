using Aiguillage.Domain.Offices;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Offices;

/// <summary>A mediator's home: the offices they work in.</summary>
[Authorize(Policy = Policies.Mediator)]
public sealed class MineModel(AppDbContext db, ScopeService scopes) : PageModel
{
    public IReadOnlyList<Office> Offices { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        Offices = await db.Offices.VisibleTo(scope).AsNoTracking().OrderBy(o => o.Name).ToListAsync(ct);
    }
}
