using System.ComponentModel.DataAnnotations;
using Aiguillage.Domain.Clients;
using Aiguillage.Domain.Offices;
using Aiguillage.Web.Features.Offices;
using Aiguillage.Web.Platform.Audit;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Clients;

/// <summary>
/// A returning client who lost their paper (issue 18): found by the first name and the phone or e-mail they gave when
/// they consented to be contacted, in this user's offices only, each search written in the journal. Sent by POST so
/// that a phone number never sits in an address, a history or a server log.
/// </summary>
[Authorize(Policy = Policies.DiagnosticWriter)]
public sealed class FindClientModel(AppDbContext db, ScopeService scopes, ClientRegistry clients, AuditLog audit) : PageModel
{
    public Office Office { get; private set; } = null!;

    [BindProperty]
    [Required(ErrorMessage = "Indiquez le prénom que le client a donné.")]
    [StringLength(ContactDetails.MaxFirstName, ErrorMessage = "Le prénom fait 50 caractères au plus.")]
    public string? FirstName { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Indiquez le téléphone ou l'adresse e-mail que le client a donné.")]
    [StringLength(254, ErrorMessage = "Le téléphone ou l'adresse e-mail fait 254 caractères au plus.")]
    public string? Contact { get; set; }

    /// <summary>Null before a search; the clients found after one (often none, sometimes one).</summary>
    public IReadOnlyList<Found>? Results { get; private set; }

    public sealed record Found(Guid Id, string Reference, string FirstName, DateTime FirstSeen, DateTime? LastDiagnostic);

    public async Task<IActionResult> OnGetAsync(int officeId, CancellationToken ct) => await LoadAsync(officeId, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(int officeId, CancellationToken ct)
    {
        if (!await LoadAsync(officeId, ct))
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var found = await clients.SearchAsync(FirstName!, Contact!, ct);
        if (found is null)
        {
            ModelState.AddModelError(nameof(Contact), "Indiquez un numéro de téléphone français (par exemple 06 12 34 56 78) ou une adresse e-mail (nom@exemple.fr).");
            return Page();
        }

        // The journal says that this office looked someone up, and whom it found: never what was typed.
        foreach (var client in found)
        {
            audit.Add(Domain.Audit.AuditAction.ClientSearched, $"client:{client.Id}", $"bureau:{Office.Id}");
        }

        if (found.Count == 0)
        {
            audit.Add(Domain.Audit.AuditAction.ClientSearched, "client:aucun", $"bureau:{Office.Id}");
        }

        await db.SaveChangesAsync(ct);

        var ids = found.Select(c => c.Id).ToList();
        var filled = await db.Diagnostics.Where(d => d.ClientId != null && ids.Contains(d.ClientId.Value))
            .Select(d => new { ClientId = d.ClientId!.Value, d.FilledAt }).ToListAsync(ct);
        Results = [.. found.Select(c => new Found(c.Id, c.Reference, c.FirstName!, c.CreatedAt,
            filled.Where(f => f.ClientId == c.Id).Select(f => (DateTime?)f.FilledAt).Max()))];
        return Page();
    }

    private async Task<bool> LoadAsync(int officeId, CancellationToken ct)
    {
        var office = await db.Offices.VisibleTo(await scopes.GetAsync(ct)).FirstOrDefaultAsync(o => o.Id == officeId, ct);
        Office = office!;
        return office is not null;
    }
}
