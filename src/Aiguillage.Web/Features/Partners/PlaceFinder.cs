using System.Globalization;
using Aiguillage.Domain.Partners;
using Aiguillage.Domain.Partners.OpeningHours;
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

    public FeeFilter Fee { get; set; }

    /// <summary>A language of <see cref="WorkshopVocabulary.Languages"/>.</summary>
    public string? Language { get; set; }

    /// <summary>A specific support of <see cref="WorkshopVocabulary.Accessibility"/>.</summary>
    public string? Accessibility { get; set; }

    public DayOfWeek? Day { get; set; }

    /// <summary>The client is free from this time (Paris)…</summary>
    public TimeOnly? From { get; set; }

    /// <summary>…until this time.</summary>
    public TimeOnly? Until { get; set; }
}

public sealed record PlaceSearchResult(string Origin, IReadOnlyList<PlaceMatch> Matches);

/// <summary>Finds help places near an office, a commune or a point, for a client's needs (national standard services).</summary>
public sealed class PlaceFinder(AppDbContext db, ScopeService scopes, TerritoryDirectory territories, StandardSchema schema, PlaceIndex index, TimeProvider clock)
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

        if (!Enum.IsDefined(r.Fee))
        {
            errors["fee"] = ["Tarif inconnu : « Any », « Free » ou « PassNumerique »."];
        }

        var language = string.IsNullOrWhiteSpace(r.Language) ? null : r.Language.Trim();
        if (language is not null && !WorkshopVocabulary.Languages.Contains(language))
        {
            errors["language"] = [$"Langue inconnue. Langues possibles : {string.Join(", ", WorkshopVocabulary.Languages)}."];
        }

        var accessibility = string.IsNullOrWhiteSpace(r.Accessibility) ? null : r.Accessibility.Trim();
        if (accessibility is not null && !WorkshopVocabulary.Accessibility.Contains(accessibility))
        {
            errors["accessibility"] = [$"Accessibilité inconnue. Valeurs possibles : {string.Join(", ", WorkshopVocabulary.Accessibility)}."];
        }

        if (r.Day is { } day && !Enum.IsDefined(day))
        {
            errors["day"] = ["Jour inconnu."];
        }

        if (r.From is { } from && r.Until is { } until && until <= from)
        {
            errors["until"] = ["L'heure de fin de disponibilité doit suivre l'heure de début."];
        }

        if (errors.Count > 0 || origin is null)
        {
            return (null, errors);
        }

        var query = new PlaceQuery(origin.Value, r.Services, radius, limit, r.Fee, language == WorkshopVocabulary.French ? null : language, accessibility, r.Day, r.From, r.Until);
        var matches = await NearAsync(index, db, query, clock.GetUtcNow().UtcDateTime, ct);
        return (new PlaceSearchResult(label, matches), errors);
    }

    /// <summary>How far ahead the search looks for workshop sessions.</summary>
    public static readonly TimeSpan SessionHorizon = TimeSpan.FromDays(90);

    /// <summary>
    /// The places (and offices hosting sessions) matching a query, from this instance's <see cref="PlaceIndex"/> (issue 23
    /// §3): the cells of the circle's box, then the exact great-circle distance and the filters of <see cref="PlaceSearch.Rank"/>.
    /// </summary>
    public static async Task<IReadOnlyList<PlaceMatch>> NearAsync(PlaceIndex index, AppDbContext db, PlaceQuery query, DateTime nowUtc, CancellationToken ct)
    {
        var nowParis = ParisTime.ToParis(nowUtc);
        var horizon = nowUtc + SessionHorizon;
        var (places, sessions) = await index.CurrentAsync(db, nowUtc, ct);

        static (double MinLat, double MaxLat, double MinLon, double MaxLon) Box(GeoPoint origin, double radius)
        {
            var dLat = radius / 111.0;
            var dLon = radius / (111.0 * Math.Max(0.1, Math.Cos(origin.Latitude * Math.PI / 180)));
            return (origin.Latitude - dLat, origin.Latitude + dLat, origin.Longitude - dLon, origin.Longitude + dLon);
        }

        // Sessions are few: taken once for the whole radius (the ranking drops those beyond each step's circle), the
        // 2,000 soonest at most, as the database query they replace.
        var whole = Box(query.Origin, query.RadiusKm);
        var inBox = sessions.Sessions.Where(s => s.StartsAtUtc > nowUtc && s.StartsAtUtc < horizon
            && s.Latitude >= whole.MinLat && s.Latitude <= whole.MaxLat && s.Longitude >= whole.MinLon && s.Longitude <= whole.MaxLon).Take(2000).ToList();
        var byPlace = inBox.Where(s => s.PlaceId is not null).ToLookup(s => s.PlaceId!, s => s.Candidate);
        var offices = inBox.Where(s => s.OfficeId is not null).GroupBy(s => s.OfficeId).Select(g =>
        {
            var o = g.First();
            return new PlaceCandidate(OfficeVenuePrefix + o.OfficeSiteCode, "Bureau de poste " + o.OfficeName, o.OfficeCommune ?? string.Empty, new GeoPoint(o.Latitude, o.Longitude), [], null, [], [], false,
                [.. g.Select(s => s.Candidate)], VenueKind.Office);
        }).ToList();

        // Widen the circle until enough places match: most searches stop at a few kilometres and look at few places.
        IReadOnlyList<PlaceMatch> matches = [];
        foreach (var radius in new[] { 5.0, 10, 20, 50, 100, PlaceSearch.MaxRadiusKm }.Where(r => r < query.RadiusKm).Append(query.RadiusKm))
        {
            var (minLat, maxLat, minLon, maxLon) = Box(query.Origin, radius);
            var candidates = places.In(minLat, maxLat, minLon, maxLon)
                .Select(p => byPlace.Contains(p.Id) ? p with { Sessions = [.. byPlace[p.Id]] } : p)
                .Concat(offices);
            matches = PlaceSearch.Rank(candidates, query with { RadiusKm = radius }, nowParis);
            if (matches.Count >= query.Limit)
            {
                break;
            }
        }

        return matches;
    }

    /// <summary>After places moved (edit, import), their upcoming sessions follow, so that the search finds them where they are.</summary>
    public static async Task RelocateSessionsAsync(AppDbContext db, IReadOnlyCollection<string> placeIds, DateTime nowUtc, CancellationToken ct)
    {
        foreach (var place in await db.Places.AsNoTracking().Where(p => placeIds.Contains(p.Id) && p.Latitude != null && p.Longitude != null)
                     .Select(p => new { p.Id, p.Latitude, p.Longitude }).ToListAsync(ct))
        {
            await db.WorkshopSessions.Where(s => s.PlaceId == place.Id && s.StartsAt > nowUtc && (s.Latitude != place.Latitude || s.Longitude != place.Longitude))
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.Latitude, place.Latitude!.Value).SetProperty(s => s.Longitude, place.Longitude!.Value), ct);
        }
    }

    /// <summary>The id under which an office hosting sessions appears among the results.</summary>
    public const string OfficeVenuePrefix = "bureau:";

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
