using Aiguillage.Domain.Offices;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Admin;

[Authorize(Policy = Policies.Admin)]
public sealed class IndexModel(AppDbContext db) : PageModel
{
    public int Accounts { get; private set; }

    public int DisabledAccounts { get; private set; }

    public Dictionary<ProgrammeStatus, int> OfficesByStatus { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Accounts = await db.Users.CountAsync(ct);
        DisabledAccounts = await db.Users.CountAsync(u => u.IsDisabled, ct);
        OfficesByStatus = await db.Offices.GroupBy(o => o.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
    }
}
