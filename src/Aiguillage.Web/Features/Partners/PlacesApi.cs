using Aiguillage.Domain.Partners;
using Aiguillage.Web.Platform.Security;

namespace Aiguillage.Web.Features.Partners;

/// <summary>The directory exported in the national standard (admins).</summary>
public static class PlacesApi
{
    /// <summary>An unknown place or partner answers 404, as anywhere; the calendar of a known one may be empty.</summary>
    private static async Task<IResult> CalendarAsync(SessionFeeds feeds, SessionFeedRequest request, CancellationToken ct)
    {
        var (label, sessions, _) = await feeds.FindAsync(request, ct);
        return sessions is null
            ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Introuvable", detail: request.Place is not null ? "Aucun lieu de ce nom dans l'annuaire." : "Aucun partenaire de ce numéro.")
            : Results.Text(feeds.Calendar(label!, sessions), "text/calendar; charset=utf-8");
    }

    public static IEndpointRouteBuilder MapPlacesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/places/export", async (string? format, PlaceStandard standard, DataInclusionFiles dataInclusion, Platform.Audit.AuditLog audit, CancellationToken ct) =>
        {
            if (format is not (null or "csv" or "json" or "data-inclusion"))
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["format"] = ["Le format est « csv », « json » ou « data-inclusion »."] });
            }

            await audit.RecordAsync(Domain.Audit.AuditAction.Exported, $"export:lieux-{format ?? "csv"}", ct: ct);
            return format switch
            {
                "json" => Results.Text(await standard.ExportJsonAsync(ct), "application/json; charset=utf-8"),
                // Structures and services of data·inclusion (schemas v1.0.8), issue 21 §1.
                "data-inclusion" => Results.Text((await dataInclusion.ExportAsync(ct)).ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), "application/json; charset=utf-8"),
                _ => Results.Text(await standard.ExportCsvAsync(ct), "text/csv; charset=utf-8"),
            };
        }).RequireAuthorization(Policies.Admin).WithTags("Lieux").WithName("ExportPlaces")
            .WithSummary("L'annuaire des lieux au format du standard national (csv, json) ou de data·inclusion (administrateurs)")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv").ProducesValidationProblem();
        // Issue 21 §3: the public feeds of sessions and free seats, no account, cached for everyone alike.
        app.MapGet("/api/v1/sessions", async ([AsParameters] SessionFeedQuery q, SessionFeeds feeds, CancellationToken ct) =>
        {
            if (q.ToRequest(out var request) is { Count: > 0 } unreadable)
            {
                return Results.ValidationProblem(unreadable, title: "Demande de séances invalide");
            }

            var (label, sessions, errors) = await feeds.FindAsync(request, ct);
            if (errors.ContainsKey("place") || errors.ContainsKey("partner"))
            {
                // An unknown place or partner answers 404, as on the calendars and the widget.
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Introuvable", detail: string.Join(" ", errors.Values.SelectMany(v => v)));
            }

            return sessions is null
                ? Results.ValidationProblem(errors, title: "Demande de séances invalide")
                : Results.Ok(new { Origin = label, Sessions = sessions });
        }).AllowAnonymous().CacheOutput(PartnersSetup.PublicSessionsCache).WithTags("Séances publiques").WithName("PublicSessions")
            .WithSummary("Les séances à venir et leurs places libres, près d'une commune, d'un lieu ou d'un partenaire (sans compte)")
            .Produces(StatusCodes.Status200OK).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/api/v1/places/{placeId}/seances.ics", async (string placeId, SessionFeeds feeds, CancellationToken ct) =>
            await CalendarAsync(feeds, new SessionFeedRequest { Place = placeId }, ct))
            .AllowAnonymous().CacheOutput(PartnersSetup.PublicSessionsCache).WithTags("Séances publiques").WithName("PlaceCalendar")
            .WithSummary("Le calendrier iCalendar des séances d'un lieu (sans compte)").Produces(StatusCodes.Status200OK, contentType: "text/calendar").ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/api/v1/partners/{partnerId:int}/seances.ics", async (int partnerId, SessionFeeds feeds, CancellationToken ct) =>
            await CalendarAsync(feeds, new SessionFeedRequest { Partner = partnerId }, ct))
            .AllowAnonymous().CacheOutput(PartnersSetup.PublicSessionsCache).WithTags("Séances publiques").WithName("PartnerCalendar")
            .WithSummary("Le calendrier iCalendar des séances d'un partenaire (sans compte)").Produces(StatusCodes.Status200OK, contentType: "text/calendar").ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/api/v1/places/search", async ([AsParameters] PlaceSearchQuery q, PlaceFinder finder, CancellationToken ct) =>
        {
            var (result, errors) = await finder.SearchAsync(q.ToRequest(), ct);
            return result is null
                ? Results.ValidationProblem(errors, title: "Recherche invalide")
                : Results.Ok(new
                {
                    result.Origin,
                    Places = result.Matches.Select(m => new
                    {
                        m.Place.Id, m.Place.Name, m.Place.Commune, DistanceKm = Math.Round(m.DistanceKm, 1), m.Place.Services,
                        Kind = m.Place.Kind == VenueKind.Office ? "bureau" : "lieu",
                        Hours = m.HoursFrench ?? m.Place.Hours, HoursUnderstood = !m.HoursFlagged, m.NextOpening, m.Reasons,
                        Sessions = m.Sessions.Select(s => new
                        {
                            s.Id, s.Title, StartsAt = s.StartsAtParis, EndsAt = s.EndsAtParis, s.SeatsLeft, Level = s.Level.Label(), Fee = s.Fee.Label(), s.Languages, s.Accessibility,
                        }),
                    }),
                });
        }).RequireAuthorization(Policies.OfficeReader).WithTags("Lieux").WithName("SearchPlaces")
            .WithSummary("Les lieux d'aide et les séances près d'un bureau, d'une commune ou d'un point, pour les besoins d'un client")
            .Produces(StatusCodes.Status200OK).ProducesValidationProblem();
        return app;
    }
}

/// <summary>The query string of <c>GET /api/v1/places/search</c>.</summary>
/// <remarks>Times (<c>from</c>, <c>until</c>) are Paris local times such as <c>14:00</c>; session times in the answer are Paris local too.</remarks>
public sealed record PlaceSearchQuery(string? Office, string? Insee, string? PostCode, double? Lat, double? Lon, string[]? Services, double? RadiusKm, int? Limit,
    FeeFilter? Fee, string? Language, string? Accessibility, DayOfWeek? Day, TimeOnly? From, TimeOnly? Until)
{
    public PlaceSearchRequest ToRequest() => new()
    {
        Office = Office, Insee = Insee, PostCode = PostCode, Lat = Lat, Lon = Lon, Services = [.. Services ?? []], RadiusKm = RadiusKm, Limit = Limit,
        Fee = Fee ?? FeeFilter.Any, Language = Language, Accessibility = Accessibility, Day = Day, From = From, Until = Until,
    };
}

/// <summary>The public feed's query string (<c>?insee=42218&amp;radiusKm=20&amp;services=…</c>).</summary>
public sealed class SessionFeedQuery
{
    public string? Insee { get; set; }

    /// <summary>Text, read here: a number that is not one is said on its field, like every other fault (binding would answer a bare 400).</summary>
    public string? RadiusKm { get; set; }

    public string[]? Services { get; set; }

    public string? Place { get; set; }

    public string? Partner { get; set; }

    /// <summary>The request, and the fields that could not be read (empty when all could).</summary>
    public Dictionary<string, string[]> ToRequest(out SessionFeedRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        double? radius = null;
        if (!string.IsNullOrWhiteSpace(RadiusKm))
        {
            if (double.TryParse(RadiusKm.Replace(',', '.'), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var r))
            {
                radius = r;
            }
            else
            {
                errors["radiusKm"] = ["Le rayon est un nombre de kilomètres, par exemple 20."];
            }
        }

        int? partner = null;
        if (!string.IsNullOrWhiteSpace(Partner))
        {
            if (int.TryParse(Partner, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p))
            {
                partner = p;
            }
            else
            {
                errors["partner"] = ["Le partenaire est désigné par son numéro, par exemple 12."];
            }
        }

        request = new() { Insee = Insee, RadiusKm = radius, Services = [.. Services ?? []], Place = Place, Partner = partner };
        return errors;
    }
}
