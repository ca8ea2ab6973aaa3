using Aiguillage.Web.Features.Offices;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Partners;

/// <summary>Admins import a file of places in the national standard and export the directory.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class AdminPlacesModel(AppDbContext db, PlaceStandard standard) : PageModel
{
    /// <summary>Rejected lines listed on the page; the rest are counted.</summary>
    public const int ShownRejections = 200;

    public int PlaceCount { get; private set; }

    public PlaceImportReport? Report { get; private set; }

    [BindProperty]
    public IFormFile? Upload { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => PlaceCount = await db.Places.CountAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
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
                Report = await standard.ImportAsync(stream, Upload.FileName, ct: ct);
            }
            catch (ImportFileException e)
            {
                ModelState.AddModelError(nameof(Upload), e.Message);
            }
        }

        PlaceCount = await db.Places.CountAsync(ct);
        return Page();
    }
}
