using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Aiguillage.Web.Platform.Territories;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aiguillage.Web.Features.Admin;

[Authorize(Policy = Policies.Admin)]
public sealed class AccountsModel(AppDbContext db, TerritoryDirectory territories, TimeProvider clock) : PageModel
{
    public IReadOnlyList<AccountRow> Accounts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Accounts = await AccountDirectory.ListAsync(db, territories, clock.GetUtcNow(), null, ct);
}
