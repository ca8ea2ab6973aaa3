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
public sealed class DetailsModel(AppDbContext db, ScopeService scopes, TerritoryDirectory territories, TimeProvider clock) : PageModel
{
    public Office Office { get; private set; } = null!;

    public string CommuneName { get; private set; } = string.Empty;

    public string DepartmentName { get; private set; } = string.Empty;

    public bool CanStartDiagnostic => User.IsInRole(Roles.Mediator) || User.IsInRole(Roles.Admin);

    /// <summary>Diagnostics started and not yet submitted in the last week: they can be resumed.</summary>
    public IReadOnlyList<DraftRow> InProgress { get; private set; } = [];

    public IReadOnlyList<DiagnosticRow> Recent { get; private set; } = [];

    public sealed record DraftRow(Guid Id, string ClientReference, DateTime UpdatedAt, int Answered);

    public sealed record DiagnosticRow(Guid Id, string? ClientReference, DateTime FilledAt, int Level, bool Illectronisme, string Mode);

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
        if (!CanStartDiagnostic)
        {
            // A manager steers with figures: the office's facts here, its numbers on the dashboard, never one client (issue 15 §1).
            return Page();
        }

        var weekAgo = clock.GetUtcNow().UtcDateTime.AddDays(-7);
        var drafts = await (from d in db.DiagnosticDrafts.AsNoTracking()
                            join c in db.Clients on d.ClientId equals c.Id
                            where d.OfficeId == id && d.SubmittedAt == null && d.UpdatedAt > weekAgo
                            orderby d.UpdatedAt descending
                            select new { d.Id, c.Reference, d.UpdatedAt, d.Answers }).Take(20).ToListAsync(ct);
        InProgress = [.. drafts.Select(d => new DraftRow(d.Id, d.Reference, d.UpdatedAt, d.Answers.Count))];
        Recent = await (from d in db.Diagnostics.AsNoTracking()
                        join c in db.Clients on d.ClientId equals c.Id into clients
                        from c in clients.DefaultIfEmpty()
                        where d.OfficeId == id
                        orderby d.FilledAt descending
                        select new DiagnosticRow(d.Id, c == null ? null : c.Reference, d.FilledAt, d.Level, d.Illectronisme, d.Mode.ToString()))
            .Take(20).ToListAsync(ct);
        return Page();
    }
}
