using Aiguillage.Domain.ClientMode;
using Aiguillage.Web.Features.Offices;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.ClientMode.Staff;

/// <summary>A client on a tablet the mediator should know about: asking for help, or finished and waiting.</summary>
public sealed record ClientCall(Guid VisitId, string ClientReference, string LanguageName, string LanguageTag, DateTime? HelpSince, DateTime? FinishedAt, string LanguageDirection = "ltr");

/// <summary>What the office page shows of its tablets (issue 17 §5, §7), read again every few seconds by its script.</summary>
public sealed record OfficeTablets(int OfficeId, IReadOnlyList<ClientCall> Help, IReadOnlyList<ClientCall> Waiting, int PollSeconds);

public sealed class ClientCalls(AppDbContext db, ScopeService scopes, LanguageCatalog languages, ClientModeOptions options, TimeProvider clock)
{
    /// <summary>Null when the office is not in the user's scope.</summary>
    public async Task<OfficeTablets?> ForOfficeAsync(int officeId, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        if (!await db.Offices.VisibleTo(scope).AnyAsync(o => o.Id == officeId, ct))
        {
            return null;
        }

        var since = clock.GetUtcNow().UtcDateTime.AddDays(-1);
        var rows = await (from v in db.Set<ClientVisit>()
                          join d in db.DiagnosticDrafts on v.DraftId equals d.Id
                          join c in db.Clients on d.ClientId equals c.Id
                          where v.OfficeId == officeId && v.SeenAt == null && v.StartedAt >= since
                                && ((v.HelpRequestedAt != null && v.ClearedAt == null) || v.FinishedAt != null)
                          orderby v.StartedAt
                          select new { v.Id, c.Reference, v.Language, v.HelpRequestedAt, v.FinishedAt }).Take(50).ToListAsync(ct);
        var calls = rows.Select(r => new ClientCall(r.Id, r.Reference, languages.Find(r.Language)?.Name ?? r.Language, languages.Find(r.Language)?.HtmlLang ?? "fr", r.HelpRequestedAt, r.FinishedAt, languages.Find(r.Language)?.Direction ?? "ltr")).ToList();
        return new OfficeTablets(officeId, [.. calls.Where(c => c.HelpSince is not null && c.FinishedAt is null)], [.. calls.Where(c => c.FinishedAt is not null)], options.OfficePollSeconds);
    }

    /// <summary>A visit of an office in the user's scope; null for a missing or foreign one alike.</summary>
    public async Task<ClientVisit?> FindAsync(int officeId, Guid visitId, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var offices = db.Offices.VisibleTo(scope).Select(o => o.Id);
        return await db.Set<ClientVisit>().FirstOrDefaultAsync(v => v.Id == visitId && v.OfficeId == officeId && offices.Contains(v.OfficeId), ct);
    }

    public Task SaveAsync(CancellationToken ct) => db.SaveChangesAsync(ct);

    public DateTime NowUtc => clock.GetUtcNow().UtcDateTime;
}

/// <summary>The office page's panel of tablets, drawn by name from the office page (the Offices area never names this one).</summary>
public sealed class ClientModePanelViewComponent(ClientCalls calls) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(int officeId)
    {
        var model = await calls.ForOfficeAsync(officeId, HttpContext.RequestAborted);
        return model is null ? Content(string.Empty) : View("/Features/ClientMode/Staff/_Panel.cshtml", model);
    }
}
