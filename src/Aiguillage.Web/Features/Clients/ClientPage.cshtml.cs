using System.Security.Claims;
using Aiguillage.Domain;
using Aiguillage.Domain.Clients;
using Aiguillage.Domain.Diagnostics;
using Aiguillage.Domain.Activity;
using Aiguillage.Domain.Orientation;
using Aiguillage.Domain.Referrals;
using Aiguillage.Web.Features.Diagnostics;
using Aiguillage.Web.Features.Offices;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Aiguillage.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Clients;

/// <summary>A client's page: their timeline, and their contact details under consent (given, then withdrawable).</summary>
[Authorize(Policy = Policies.DiagnosticWriter)]
public sealed class ClientPageModel(AppDbContext db, ScopeService scopes, ClientRegistry clients, ActionCatalogue catalogue, TimeProvider clock, Platform.Audit.AuditLog audit, Submissions submissions) : PageModel
{
    /// <summary>The creating form's own id (issue 15 §2): the same form sent twice creates one record.</summary>
    [BindProperty(Name = Submissions.FieldName)]
    public Guid? SubmissionId { get; set; }

    public Client Client { get; private set; } = null!;

    public IReadOnlyList<TimelineEntry> Timeline { get; private set; } = [];

    public sealed record TimelineEntry(DateTime At, string What, string Where, string? Link);

    [BindProperty]
    public bool Agreed { get; set; }

    [BindProperty]
    public string? FirstName { get; set; }

    /// <summary>Withdrawing erases the details for good: the mediator ticks that the client asks for it.</summary>
    [BindProperty]
    public bool Confirm { get; set; }

    [BindProperty]
    public string? Phone { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        await audit.RecordAsync(Domain.Audit.AuditAction.ClientViewed, $"client:{id}", $"bureau:{Client.OfficeId}", ct: ct);
        return Page();
    }

    public Task<IActionResult> OnPostConsentAsync(Guid id, CancellationToken ct) =>
        submissions.OnceAsync(this, "clients/consentement", SubmissionId, () => ConsentOnceAsync(id, ct), ct);

    private async Task<IActionResult> ConsentOnceAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (!Agreed)
        {
            ModelState.AddModelError(nameof(Agreed), "Cochez la case seulement si le client a donné son accord après avoir lu ou entendu le texte.");
            return Page();
        }

        var refused = Refusals.Try(() =>
        {
            Client.GiveConsent(ConsentText.CurrentVersion, FirstName ?? string.Empty, Phone, Email, UserId, clock.GetUtcNow().UtcDateTime);
            audit.Add(Domain.Audit.AuditAction.ConsentGiven, $"client:{id}", $"bureau:{Client.OfficeId}");
        }, string.Empty);
        if (refused is not null)
        {
            ModelState.AddModelError(refused.Field, refused.Message);
            return Page();
        }

        await db.SaveChangesAsync(ct);
        return LocalRedirect($"/clients/{id}");
    }

    public async Task<IActionResult> OnPostWithdrawAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (!Confirm)
        {
            ModelState.AddModelError(nameof(Confirm), "Cochez la case pour confirmer que le client retire son accord : ses coordonnées seront effacées.");
            return Page();
        }

        // The invitations still waiting go with the details they were for.
        var pending = new[] { Domain.Clients.ContactDetails.PhoneForms(Client.Phone)?.International, Client.Email };
        var refused = Refusals.Try(() =>
        {
            Client.WithdrawConsent(UserId, clock.GetUtcNow().UtcDateTime);
            Platform.Notifications.Outbox.CancelPending(db, pending);
            audit.Add(Domain.Audit.AuditAction.ConsentWithdrawn, $"client:{id}", $"bureau:{Client.OfficeId}");
        }, string.Empty);
        if (refused is not null)
        {
            ModelState.AddModelError(string.Empty, refused.Message);
            return Page();
        }

        await db.SaveChangesAsync(ct);
        return LocalRedirect($"/clients/{id}");
    }

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var client = await clients.FindByIdAsync(id, ct);
        if (client is null)
        {
            return false;
        }

        Client = client;
        var scope = await scopes.GetAsync(ct);
        var diagnostics = await db.DiagnosticsVisibleTo(scope).AsNoTracking().Where(x => x.Diagnostic.ClientId == id)
            .Select(x => new { x.Diagnostic.Id, x.Diagnostic.FilledAt, x.Diagnostic.Level, x.Diagnostic.Mode, x.Office.Name }).ToListAsync(ct);
        var actions = await (from a in db.RecordedActions.AsNoTracking()
                             join o in db.Offices on a.OfficeId equals o.Id
                             where a.ClientId == id
                             select new { a.OccurredAt, a.Kind, a.CatalogueActionId, o.Name }).ToListAsync(ct);
        var visibleOffices = db.Offices.VisibleTo(scope).Select(o => o.Id);
        var referralEvents = await (from e in db.ReferralEvents.AsNoTracking()
                                    join r in db.Referrals on e.ReferralId equals r.Id
                                    join p in db.Partners on r.PartnerId equals p.Id
                                    join o in db.Offices on r.OfficeId equals o.Id
                                    where r.ClientId == id && visibleOffices.Contains(r.OfficeId)
                                    select new { e.At, e.To, e.Reason, r.Id, Partner = p.Name, Office = o.Name }).ToListAsync(ct);
        Timeline = [.. referralEvents.Select(e => new TimelineEntry(e.At, $"Orientation vers {e.Partner} : {e.To.Label()}{(e.Reason is { } reason ? $" ({reason.Label()})" : "")}", e.Office, $"/orientations/{e.Id}"))
            .Concat(diagnostics.Select(d => new TimelineEntry(d.FilledAt, $"Diagnostic {d.Mode.Label()} : niveau {d.Level}", d.Name, $"/diagnostics/{d.Id}/resultat"))
            .Concat(actions.Select(a => new TimelineEntry(a.OccurredAt, $"{a.Kind.Label()}{(a.CatalogueActionId is null ? "" : " : " + catalogue.Find(a.CatalogueActionId)?.Title)}", a.Name, null)))
            ).OrderByDescending(e => e.At)];
        return true;
    }
}
