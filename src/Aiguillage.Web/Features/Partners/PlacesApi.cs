using Aiguillage.Domain.Partners;
using Aiguillage.Web.Platform.Security;

namespace Aiguillage.Web.Features.Partners;

/// <summary>The directory exported in the national standard (admins).</summary>
public static class PlacesApi
{
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
        }).RequireAuthorization(Policies.Admin).WithTags("Lieux").WithName("ExportPlaces");
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
        }).RequireAuthorization(Policies.OfficeReader).WithTags("Lieux").WithName("SearchPlaces");
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
