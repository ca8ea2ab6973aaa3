using Aiguillage.Web.Features.Offices;
using Aiguillage.Web.Platform.Imports;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Aiguillage.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Partners;

/// <summary>Admins import a file of places in the national standard and export the directory.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class AdminPlacesModel(AppDbContext db, PlaceStandard standard, Submissions submissions, DataInclusionFiles dataInclusion) : PageModel
{
    /// <summary>The creating form's own id (issue 15 §2): the same form sent twice creates one record.</summary>
    [BindProperty(Name = Submissions.FieldName)]
    public Guid? SubmissionId { get; set; }

    /// <summary>Rejected lines listed on the page; the rest are counted.</summary>
    public const int ShownRejections = 200;

    public int PlaceCount { get; private set; }

    public ImportReport? Report { get; private set; }

    [BindProperty]
    public IFormFile? Upload { get; set; }

    [BindProperty]
    public string? PlaceId { get; set; }

    [BindProperty]
    public int? PartnerId { get; set; }

    public IReadOnlyList<Aiguillage.Domain.Partners.Partner> Partners { get; private set; } = [];

    public string? Attached { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>Attaches a place (by its standard id) to the partner organisation that runs it.</summary>
    public async Task<IActionResult> OnPostAttachAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var place = string.IsNullOrWhiteSpace(PlaceId) ? null : await db.Places.FirstOrDefaultAsync(p => p.Id == PlaceId.Trim(), ct);
        if (place is null)
        {
            ModelState.AddModelError(nameof(PlaceId), "Aucun lieu avec cet identifiant (colonne id du fichier importé).");
        }

        if (PartnerId is null || Partners.All(p => p.Id != PartnerId))
        {
            ModelState.AddModelError(nameof(PartnerId), "Choisissez l'organisation partenaire.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        place!.AttachTo(PartnerId);
        await db.SaveChangesAsync(ct);
        Attached = $"Le lieu « {place.Name} » est rattaché à {Partners.First(p => p.Id == PartnerId).Name}.";
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        PlaceCount = await db.Places.CountAsync(ct);
        Partners = await db.Partners.AsNoTracking().OrderBy(p => p.Name).ToListAsync(ct);
    }

    public Task<IActionResult> OnPostAsync(CancellationToken ct) =>
        submissions.OnceWithoutTransactionAsync(this, "admin/lieux", SubmissionId, () => CreateOnceAsync(ct), ct);

    private async Task<IActionResult> CreateOnceAsync(CancellationToken ct)
    {
        if (Upload is null || Upload.Length == 0)
        {
            ModelState.AddModelError(nameof(Upload), "Choisissez un fichier CSV ou JSON au format du standard.");
        }
        else if (!Upload.FileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) && !Upload.FileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            ModelState.AddModelError(nameof(Upload), "Le fichier doit finir par .csv ou .json.");
        }
        else
        {
            try
            {
                await using var stream = Upload.OpenReadStream();
                using var buffer = new MemoryStream();
                await stream.CopyToAsync(buffer, ct);
                buffer.Position = 0;

                // A JSON file of data·inclusion (structures and services) is converted to the standard (issue 21 §1).
                var json = Upload.FileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? TryParse(buffer.ToArray()) : null;
                Report = json is not null && DataInclusionFiles.Recognises(json)
                    ? await dataInclusion.ImportAsync(json, ct: ct)
                    : await standard.ImportAsync(buffer, Upload.FileName, ct: ct);
            }
            catch (ImportFileException e)
            {
                ModelState.AddModelError(nameof(Upload), e.Message);
            }
        }

        await LoadAsync(ct);
        return Page();
    }

    private static System.Text.Json.Nodes.JsonNode? TryParse(byte[] bytes)
    {
        try
        {
            return System.Text.Json.Nodes.JsonNode.Parse(bytes);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;   // the standard's import says what is wrong with it
        }
    }
}
