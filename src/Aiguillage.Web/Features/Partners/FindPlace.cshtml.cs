using Aiguillage.Web.Features.Offices;
using Aiguillage.Domain.Partners;
using Aiguillage.Domain.Partners.Standard;
using Aiguillage.Web.Features.Diagnostics;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Partners;

/// <summary>« Trouver un lieu » : help places near the client for their needs, from a result or by hand.</summary>
[Authorize(Policy = Policies.OfficeReader)]
public sealed class FindPlaceModel(PlaceFinder finder, AppDbContext db, ScopeService scopes, QuestionnaireCatalog catalog, StandardSchema schema) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public PlaceSearchRequest Search { get; set; } = new();

    /// <summary>A diagnostic to start from: its office and the services its needs map to.</summary>
    [BindProperty(SupportsGet = true, Name = "diagnostic")]
    public Guid? DiagnosticId { get; set; }

    public IReadOnlyCollection<string> Services { get; private set; } = [];

    public PlaceSearchResult? Result { get; private set; }

    /// <summary>The offices the field offers (the user's own, in the programme).</summary>
    public IReadOnlyList<Offices.OfficeChoice> Offices { get; private set; } = [];

    public IReadOnlySet<string> PartnerPlaces { get; private set; } = new HashSet<string>();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Services = schema.Services.Order().ToList();
        Offices = await db.Offices.AsNoTracking().VisibleTo(await scopes.GetAsync(ct)).InProgramme().ChoicesAsync(ct);
        if (DiagnosticId is { } id)
        {
            // Starting from a diagnostic reads one client's needs: mediators and admins only; a manager gets 404, as
            // for a diagnostic outside their scope (issue 15 §1).
            if (!User.IsInRole(Platform.Security.Roles.Mediator) && !User.IsInRole(Platform.Security.Roles.Admin))
            {
                return NotFound();
            }

            if (await db.FindScoredAsync(await scopes.GetAsync(ct), catalog, id, ct) is not { } scored)
            {
                return NotFound();
            }

            Search.Office ??= scored.Office.SiteCode;
            if (Search.Services.Count == 0)
            {
                Search.Services = [.. scored.Services];
            }
        }

        var asked = DiagnosticId is not null || Request.Query.Count > 0;
        if (!asked)
        {
            return Page();
        }

        if (!ModelState.IsValid)
        {
            // A value that could not be read (« 25:00 » for an hour) is refused, not silently ignored.
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var (result, errors) = await finder.SearchAsync(Search, ct);
        foreach (var (field, messages) in errors)
        {
            ModelState.AddModelError($"Search.{char.ToUpperInvariant(field[0])}{field[1..]}", messages[0]);
        }

        if (result is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Result = result;

        // Only places run by a partner on the platform can receive a referral; others are shown for the client to go to.
        var ids = result.Matches.Select(m => m.Place.Id).ToList();
        PartnerPlaces = (await db.Places.Where(p => ids.Contains(p.Id) && p.PartnerId != null).Select(p => p.Id).ToListAsync(ct)).ToHashSet();
        return Page();
    }
}
