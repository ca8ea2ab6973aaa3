using Aiguillage.Web.Features.Offices;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Referrals;

/// <summary>Every referral of an office and where it stands (mediators of the office, managers of its territory, admins).</summary>
[Authorize(Policy = Policies.ClientRecords)]
public sealed class OfficeReferralsModel(AppDbContext db, ReferralService referrals, ScopeService scopes) : PageModel
{
    public string OfficeName { get; private set; } = string.Empty;

    public IReadOnlyList<ReferralRow> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var office = await db.Offices.VisibleTo(scope).Where(o => o.Id == id).Select(o => o.Name).FirstOrDefaultAsync(ct);
        if (office is null)
        {
            return NotFound();
        }

        OfficeName = office;
        Rows = await ReferralList.RowsAsync(db, referrals.VisibleTo(scope).Where(r => r.OfficeId == id), ct);
        return Page();
    }
}
