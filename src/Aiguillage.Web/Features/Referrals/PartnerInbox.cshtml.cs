using Aiguillage.Domain.Referrals;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aiguillage.Web.Features.Referrals;

/// <summary>The partner's inbox: referrals to their organisation, the open ones first.</summary>
[Authorize(Policy = Policies.PartnerStaff)]
public sealed class PartnerInboxModel(AppDbContext db, ReferralService referrals, ScopeService scopes) : PageModel
{
    public IReadOnlyList<ReferralRow> Open { get; private set; } = [];

    public IReadOnlyList<ReferralRow> Closed { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var rows = await ReferralList.RowsAsync(db, referrals.VisibleTo(await scopes.GetAsync(ct)), ct);
        Open = [.. rows.Where(r => !ReferralRules.IsEnd(r.Status))];
        Closed = [.. rows.Where(r => ReferralRules.IsEnd(r.Status))];
        return Page();
    }
}
