using Aiguillage.Domain.Offices;
using Aiguillage.Web.Features.Offices;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Steering;

/// <summary>A manager's home: the offices of their territory and where they stand in the programme (an admin's: the nation's).</summary>
[Authorize(Policy = Policies.Steering)]
public sealed class HomeModel(AppDbContext db, ScopeService scopes) : PageModel
{
    public const int ListLimit = 200;

    public Dictionary<ProgrammeStatus, int> ByStatus { get; private set; } = [];

    public IReadOnlyList<Office> ProgrammeOffices { get; private set; } = [];

    public int ProgrammeCount { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var offices = db.Offices.VisibleTo(scope).AsNoTracking();
        ByStatus = await offices.GroupBy(o => o.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        ProgrammeCount = ByStatus.Where(s => s.Key != ProgrammeStatus.NotEnrolled).Sum(s => s.Value);
        ProgrammeOffices = await offices.InProgramme().OrderBy(o => o.DepartmentCode).ThenBy(o => o.Name).Take(ListLimit).ToListAsync(ct);
    }
}
