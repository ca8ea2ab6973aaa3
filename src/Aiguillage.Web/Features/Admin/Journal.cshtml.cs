using System.Globalization;
using Aiguillage.Domain.Audit;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Aiguillage.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Admin;

/// <summary>The audit journal, searched by admins (issue 9 §1): by action, account, subject and period, newest first, 100 lines a page.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class JournalModel(AppDbContext db) : PageModel
{
    public const int PageSize = 100;

    [BindProperty(SupportsGet = true, Name = "action")]
    public AuditAction? Action { get; set; }

    [BindProperty(SupportsGet = true, Name = "compte")]
    public string? Account { get; set; }

    [BindProperty(SupportsGet = true, Name = "sujet")]
    public string? Subject { get; set; }

    [BindProperty(SupportsGet = true, Name = "du")]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "au")]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "avant")]
    public long? Before { get; set; }

    public sealed record Line(long Id, DateTime At, string Who, AuditAction Action, string Subject, string? Scope, AuditOutcome Outcome);

    public IReadOnlyList<Line> Lines { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        // Values that do not bind are reported under the field's id (the error summary links to it).
        foreach (var (name, field) in new[] { ("du", "From"), ("au", "To"), ("avant", "Before") })
        {
            ModelState.MoveErrors(name, field);
        }

        if (Subject is { Length: > AuditEvent.MaxSubject })
        {
            ModelState.AddModelError(nameof(Subject), $"Le sujet compte {AuditEvent.MaxSubject} caractères au plus.");
        }

        if (From > To)
        {
            ModelState.AddModelError(nameof(To), "La date de fin suit la date de début.");
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var query = db.AuditEvents.AsNoTracking();
        if (Action is { } action)
        {
            query = query.Where(e => e.Action == action);
        }

        if (!string.IsNullOrWhiteSpace(Account))
        {
            var email = Account.Trim().ToUpperInvariant();
            var ids = await db.Users.Where(u => u.NormalizedEmail == email).Select(u => u.Id).ToListAsync(ct);
            query = query.Where(e => e.UserId != null && ids.Contains(e.UserId));
        }

        if (!string.IsNullOrWhiteSpace(Subject))
        {
            var subject = Subject.Trim();
            query = query.Where(e => e.Subject == subject);
        }

        if (From is { } from)
        {
            var start = TimeZoneInfo.ConvertTimeToUtc(from.ToDateTime(TimeOnly.MinValue), ParisTime.Zone);
            query = query.Where(e => e.At >= start);
        }

        if (To is { } to)
        {
            var end = TimeZoneInfo.ConvertTimeToUtc(to.AddDays(1).ToDateTime(TimeOnly.MinValue), ParisTime.Zone);
            query = query.Where(e => e.At < end);
        }

        if (Before is { } before)
        {
            query = query.Where(e => e.Id < before);
        }

        var events = await query.OrderByDescending(e => e.Id).Take(PageSize).ToListAsync(ct);
        var userIds = events.Where(e => e.UserId != null).Select(e => e.UserId!).Distinct().ToList();
        var names = await db.Users.Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => $"{u.DisplayName} ({u.Email})", ct);
        Lines = [.. events.Select(e => new Line(e.Id, e.At, e.UserId is null ? "—" : names.GetValueOrDefault(e.UserId) ?? e.UserId, e.Action, e.Subject, e.Scope, e.Outcome))];
        return Page();
    }

    public string NextPage => $"/admin/journal?action={Action}&compte={Uri.EscapeDataString(Account ?? string.Empty)}&sujet={Uri.EscapeDataString(Subject ?? string.Empty)}"
        + $"&du={From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}&au={To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}&avant={Lines[^1].Id}";
}
