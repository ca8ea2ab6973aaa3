using Aiguillage.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aiguillage.Web.Features.Partners.Embed;

/// <summary>
/// The embeddable list of sessions (issue 21 §3): <c>/integrer/seances?insee=42218&amp;rayon=20&amp;service=…</c>, or
/// <c>?lieu=…</c>, or <c>?partenaire=…</c>, for a partner's or a town's website to show in a frame. No account, no script,
/// no form; the free seats and a cancellation said in words; cached like the JSON feed.
/// </summary>
[AllowAnonymous]
[Frameable]
[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = PartnersSetup.PublicSessionsCache)]
public sealed class SessionsModel(SessionFeeds feeds, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "insee")]
    public string? Insee { get; set; }

    [BindProperty(SupportsGet = true, Name = "rayon")]
    public double? RadiusKm { get; set; }

    [BindProperty(SupportsGet = true, Name = "service")]
    public List<string> Services { get; set; } = [];

    [BindProperty(SupportsGet = true, Name = "lieu")]
    public string? Place { get; set; }

    [BindProperty(SupportsGet = true, Name = "partenaire")]
    public int? Partner { get; set; }

    public string Title { get; private set; } = "Ateliers numériques";

    public IReadOnlyList<PublicSession> Sessions { get; private set; } = [];

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public string? CalendarUrl { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var (key, entry) in ModelState.Where(e => e.Value?.Errors.Count > 0))
        {
            errors[key] = [$"« {entry!.AttemptedValue} » n'est pas un nombre."];
        }

        if (errors.Count == 0)
        {
            var (label, sessions, found) = await feeds.FindAsync(new SessionFeedRequest { Insee = Insee, RadiusKm = RadiusKm, Services = Services, Place = Place, Partner = Partner }, ct);
            if (found.ContainsKey("place") || found.ContainsKey("partner"))
            {
                return NotFound();   // an unknown place or partner, as anywhere
            }

            errors = found;
            if (sessions is not null)
            {
                // The widget lists what is still to come; the feeds of a place or a partner also keep the last 30 days, for agendas.
                Sessions = [.. sessions.Where(s => s.EndsAt > clock.GetUtcNow())];
                Title = Place is not null || Partner is not null ? $"Ateliers numériques — {label}" : $"Ateliers numériques près de {label}";
                CalendarUrl = Place is { } place ? $"/api/v1/places/{Uri.EscapeDataString(place)}/seances.ics" : Partner is { } partner ? $"/api/v1/partners/{partner}/seances.ics" : null;
            }
        }

        Errors = errors.ToDictionary(e => e.Key switch { "radiusKm" => "rayon", "services" => "service", "place" => "lieu", "partner" => "partenaire", _ => e.Key }, e => e.Value);
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }

    public static string FieldLabel(string field) => field switch
    {
        "insee" => "Commune (insee)",
        "rayon" => "Rayon en km (rayon)",
        "service" => "Service (service)",
        "lieu" => "Lieu (lieu)",
        "partenaire" => "Partenaire (partenaire)",
        _ => field,
    };
}
