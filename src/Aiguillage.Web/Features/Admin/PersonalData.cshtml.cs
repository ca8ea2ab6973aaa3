using System.Security.Claims;
using System.Text.Json;
using Aiguillage.Domain;
using Aiguillage.Domain.Audit;
using Aiguillage.Domain.Clients;
using Aiguillage.Web.Features.Clients;
using Aiguillage.Web.Platform.Audit;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Aiguillage.Web.Platform.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Admin;

/// <summary>
/// The rights of the person (issue 9 §3): for the reference a client holds, an admin sees everything kept about them,
/// hands it over as JSON, and erases it (anonymisation, like the retention job). Each is a journal line.
/// </summary>
[Authorize(Policy = Policies.Admin)]
public sealed class PersonalDataModel(AppDbContext db, PersonalDataReport reports, ClientAnonymiser anonymiser, AuditLog audit) : PageModel
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [BindProperty(SupportsGet = true, Name = "reference")]
    public string? Reference { get; set; }

    [BindProperty]
    public bool Confirmed { get; set; }

    /// <summary>The reference just anonymised, to say it was done.</summary>
    [BindProperty(SupportsGet = true, Name = "anonymise")]
    public string? Done { get; set; }

    public PersonalDataReport.Report? Report { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Reference))
        {
            Reference = null;
            return Page();
        }

        var id = await FindAsync(ct);
        if (id is null)
        {
            return Page();
        }

        Report = await reports.BuildAsync(id.Value, ct);
        await audit.RecordAsync(AuditAction.PersonalDataViewed, $"client:{id}", "droit d'accès : page", ct: ct);
        return Page();
    }

    public async Task<IActionResult> OnGetJsonAsync(CancellationToken ct)
    {
        var id = await FindAsync(ct);
        if (id is null)
        {
            return Page();
        }

        var report = await reports.BuildAsync(id.Value, ct);
        await audit.RecordAsync(AuditAction.PersonalDataViewed, $"client:{id}", "droit d'accès : JSON", ct: ct);
        return File(JsonSerializer.SerializeToUtf8Bytes(report, Json), "application/json", $"donnees-client-{report.Client.Reference}.json");
    }

    public async Task<IActionResult> OnPostEraseAsync(CancellationToken ct)
    {
        var id = await FindAsync(ct);
        if (id is null)
        {
            return Page();
        }

        if (!Confirmed)
        {
            ModelState.AddModelError(nameof(Confirmed), "Cochez la case pour confirmer l'effacement : il ne peut pas être annulé.");
            Report = await reports.BuildAsync(id.Value, ct);
            return Page();
        }

        var client = await db.Clients.Include(c => c.Consents).SingleAsync(c => c.Id == id, ct);
        var reference = client.Reference;
        var refused = await Refusals.TryAsync(async () =>
        {
            await anonymiser.AnonymiseAsync(client, User.FindFirstValue(ClaimTypes.NameIdentifier)!, "demande de la personne", ct);
        }, string.Empty);
        if (refused is not null)
        {
            ModelState.AddModelError(nameof(Confirmed), refused.Message);
            Report = await reports.BuildAsync(id.Value, ct);
            return Page();
        }

        return LocalRedirect($"/admin/personnes?anonymise={Uri.EscapeDataString(reference)}");
    }

    /// <summary>The client holding <see cref="Reference"/>; else a field error and 400 (malformed) or 404 (no such client).</summary>
    private async Task<Guid?> FindAsync(CancellationToken ct)
    {
        var typed = Reference?.Trim() ?? string.Empty;
        if (!Client.IsReference(Client.NormaliseReference(typed)))
        {
            ModelState.AddModelError("reference", "Indiquez la référence du client, de la forme ABC-234 (elle figure sur sa feuille de résultat).");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return null;
        }

        var id = await reports.FindAsync(typed, ct);
        if (id is null)
        {
            ModelState.AddModelError("reference", $"Aucun client n'a la référence {Client.NormaliseReference(typed)}. Une référence anonymisée ne mène plus à rien.");
            Response.StatusCode = StatusCodes.Status404NotFound;
        }

        Reference = Client.NormaliseReference(typed);
        return id;
    }
}
