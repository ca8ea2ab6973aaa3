using System.Globalization;
using Aiguillage.Domain.Partners;
using Aiguillage.Domain.Partners.Standard;
using Aiguillage.Web.Features.Offices;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Aiguillage.Web.Platform.Territories;
using Aiguillage.Web.Platform.Web;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Partners;

/// <summary>What a search asks, as typed in a form or a query string; checked by <see cref="PlaceFinder"/>.</summary>
public sealed class PlaceSearchRequest
{
    public string? Office { get; set; }

    public string? Insee { get; set; }

    public string? PostCode { get; set; }

    public double? Lat { get; set; }

    public double? Lon { get; set; }

    public List<string> Services { get; set; } = [];

    public double? RadiusKm { get; set; }

    public int? Limit { get; set; }

    public bool Free { get; set; }

    public string? Support { get; set; }

    public DayOfWeek? Day { get; set; }
}

/// <summary>An upcoming workshop session at a place found.</summary>
public sealed record UpcomingSession(string Title, DateTime StartsAt, DateTime EndsAt, int Seats, WorkshopFee Fee, WorkshopLevel Level);

public sealed record PlaceSearchResult(string Origin, IReadOnlyList<PlaceMatch> Matches, IReadOnlyDictionary<string, IReadOnlyList<UpcomingSession>> Sessions);

/// <summary>Finds help places near an office, a commune or a point, for a client's needs (national standard services).</summary>
public sealed class PlaceFinder(AppDbContext db, ScopeService scopes, TerritoryDirectory territories, StandardSchema schema, TimeProvider clock)
{
    public const double DefaultRadiusKm = 30;
    public const int DefaultLimit = 10;

    /// <summary>The search, or the faults of the request field by field (French).</summary>
    public async Task<(PlaceSearchResult? Result, Dictionary<string, string[]> Errors)> SearchAsync(PlaceSearchRequest r, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var (origin, label) = await OriginAsync(r, errors, ct);
        var radius = r.RadiusKm ?? DefaultRadiusKm;
        if (radius is <= 0 or > PlaceSearch.MaxRadiusKm || double.IsNaN(radius))
        {
            errors["radiusKm"] = [$"Le rayon va de 1 à {PlaceSearch.MaxRadiusKm:0} km."];
        }

        var limit = r.Limit ?? DefaultLimit;
        if (limit is < 1 or > PlaceSearch.MaxLimit)
        {
            errors["limit"] = [$"Le nombre de résultats va de 1 à {PlaceSearch.MaxLimit}."];
        }

        var known = schema.Services;
        var unknown = r.Services.Where(s => !known.Contains(s)).ToList();
        if (unknown.Count > 0 || r.Services.Count > 20)
        {
            errors["services"] = [$"Service inconnu du standard : {string.Join(", ", unknown.Take(3))}."];
        }

        if (r.Support is { Length: > 200 })
        {
            errors["support"] = ["200 caractères au plus."];
        }

        if (r.Day is { } day && !Enum.IsDefined(day))
        {
            errors["day"] = ["Jour inconnu."];
        }

        if (errors.Count > 0 || origin is null)
        {
            return (null, errors);
        }

        var query = new PlaceQuery(origin.Value, r.Services, radius, limit, r.Free, string.IsNullOrWhiteSpace(r.Support) ? null : r.Support, r.Day);
        var matches = await NearAsync(db, query, ParisTime.ToParis(clock.GetUtcNow().UtcDateTime), ct);
        return (new PlaceSearchResult(label, matches, await SessionsAtAsync(matches.Select(m => m.Place.Id).ToList(), r.Services, ct)), errors);
    }

    /// <summary>The next three sessions at each place, of workshops on the requested services (any when none asked).</summary>
    private async Task<IReadOnlyDictionary<string, IReadOnlyList<UpcomingSession>>> SessionsAtAsync(List<string> placeIds, List<string> services, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = await (from s in db.WorkshopSessions.AsNoTracking()
                          join w in db.Workshops.AsNoTracking() on s.WorkshopId equals w.Id
                          where s.PlaceId != null && placeIds.Contains(s.PlaceId) && s.StartsAt > now
                          orderby s.StartsAt
                          select new { s.PlaceId, w.Title, w.Services, s.StartsAt, s.EndsAt, s.Seats, w.Fee, w.Level }).Take(500).ToListAsync(ct);
        return rows.Where(r => services.Count == 0 || r.Services.Any(services.Contains))
            .GroupBy(r => r.PlaceId!)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<UpcomingSession>)[.. g.Take(3).Select(r => new UpcomingSession(r.Title, r.StartsAt, r.EndsAt, r.Seats, r.Fee, r.Level))]);
    }

    /// <summary>
    /// The places matching a query: a bounding box in SQL (indexed on latitude, longitude), then the exact
    /// great-circle distance and the filters in memory (<see cref="PlaceSearch.Rank"/>).
    /// </summary>
    public static async Task<IReadOnlyList<PlaceMatch>> NearAsync(AppDbContext db, PlaceQuery query, DateTime nowParis, CancellationToken ct)
    {
        // Widen the circle until enough places match: most searches stop at a few kilometres and read few rows.
        IReadOnlyList<PlaceMatch> matches = [];
        foreach (var radius in new[] { 5.0, 10, 20, 50, 100, PlaceSearch.MaxRadiusKm }.Where(r => r < query.RadiusKm).Append(query.RadiusKm))
        {
            var origin = query.Origin;
            var dLat = radius / 111.0;
            var dLon = radius / (111.0 * Math.Max(0.1, Math.Cos(origin.Latitude * Math.PI / 180)));
            var (minLat, maxLat, minLon, maxLon) = (origin.Latitude - dLat, origin.Latitude + dLat, origin.Longitude - dLon, origin.Longitude + dLon);
            var candidates = await db.Places.AsNoTracking()
                .Where(p => p.Latitude >= minLat && p.Latitude <= maxLat && p.Longitude >= minLon && p.Longitude <= maxLon)
                .Select(p => new { p.Id, p.Name, p.Commune, p.Latitude, p.Longitude, p.Services, p.Hours, p.Fees, p.SpecificSupport })
                .ToListAsync(ct);
            matches = PlaceSearch.Rank(
                candidates.Select(p => new PlaceCandidate(p.Id, p.Name, p.Commune, new GeoPoint(p.Latitude!.Value, p.Longitude!.Value), p.Services, p.Hours, p.Fees, p.SpecificSupport)),
                query with { RadiusKm = radius }, nowParis);
            if (matches.Count >= query.Limit)
            {
                break;
            }
        }

        return matches;
    }

    private async Task<(GeoPoint? Origin, string Label)> OriginAsync(PlaceSearchRequest r, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(r.Office))
        {
            var code = r.Office.Trim().ToUpperInvariant();
            var office = await db.Offices.VisibleTo(await scopes.GetAsync(ct)).Where(o => o.SiteCode == code)
                .Select(o => new { o.Name, o.Latitude, o.Longitude }).FirstOrDefaultAsync(ct);
            if (office is null)
            {
                errors["office"] = [$"Le bureau « {r.Office} » est inconnu ou hors de votre périmètre."];
                return (null, string.Empty);
            }

            return (new GeoPoint(office.Latitude, office.Longitude), office.Name);
        }

        if (!string.IsNullOrWhiteSpace(r.Insee))
        {
            if (territories.FindCommune(r.Insee.Trim().ToUpperInvariant()) is { Latitude: { } lat, Longitude: { } lon } commune)
            {
                return (new GeoPoint(lat, lon), commune.Name);
            }

            errors["insee"] = [$"Aucune commune localisée avec le code INSEE « {r.Insee} »."];
            return (null, string.Empty);
        }

        if (!string.IsNullOrWhiteSpace(r.PostCode))
        {
            if (territories.FindByPostCode(r.PostCode.Trim()) is { Latitude: { } lat, Longitude: { } lon } commune)
            {
                return (new GeoPoint(lat, lon), $"{commune.Name} ({r.PostCode.Trim()})");
            }

            errors["postCode"] = [$"Aucune commune avec le code postal « {r.PostCode} » (5 chiffres)."];
            return (null, string.Empty);
        }

        if (r.Lat is { } latitude && r.Lon is { } longitude)
        {
            if (latitude is < -90 or > 90 || longitude is < -180 or > 180)
            {
                errors["lat"] = ["Coordonnées hors des bornes."];
                return (null, string.Empty);
            }

            return (new GeoPoint(latitude, longitude), string.Create(CultureInfo.InvariantCulture, $"{latitude:0.####}, {longitude:0.####}"));
        }

        errors["office"] = ["Indiquez d'où chercher : un bureau, une commune (code INSEE ou code postal) ou un point (lat, lon)."];
        return (null, string.Empty);
    }

}
