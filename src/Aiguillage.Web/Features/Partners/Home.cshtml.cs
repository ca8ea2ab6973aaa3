using Aiguillage.Domain.Partners;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Partners;

/// <summary>Partner staff's home: their organisation and the colleagues who share its inbox.</summary>
[Authorize(Policy = Policies.PartnerStaff)]
public sealed class HomeModel(AppDbContext db, ScopeService scopes) : PageModel
{
    public Partner? Partner { get; private set; }

    public IReadOnlyList<string> Colleagues { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        if (scope.PartnerId is not { } partnerId)
        {
            return Page();
        }

        Partner = await db.Partners.AsNoTracking().FirstOrDefaultAsync(p => p.Id == partnerId, ct);
        Colleagues = await db.Users.Where(u => u.PartnerId == partnerId && !u.IsDisabled).OrderBy(u => u.DisplayName).Select(u => u.DisplayName).ToListAsync(ct);
        return Page();
    }
}
