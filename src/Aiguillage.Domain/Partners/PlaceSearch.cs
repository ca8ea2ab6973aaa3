using System.Globalization;
using Aiguillage.Domain.Partners.OpeningHours;

namespace Aiguillage.Domain.Partners;

/// <summary>A point on Earth (WGS84).</summary>
public readonly record struct GeoPoint(double Latitude, double Longitude)
{
    private const double EarthRadiusKm = 6371.0088;

    /// <summary>Great-circle distance (haversine formula), in kilometres.</summary>
    public double DistanceKm(GeoPoint other)
    {
        static double Rad(double degrees) => degrees * Math.PI / 180;
        var dLat = Rad(other.Latitude - Latitude);
        var dLon = Rad(other.Longitude - Longitude);
        var a = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2)) + (Math.Cos(Rad(Latitude)) * Math.Cos(Rad(other.Latitude)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2));
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }
}

/// <summary>What the search needs to know of a place.</summary>
public sealed record PlaceCandidate(string Id, string Name, string Commune, GeoPoint Location, IReadOnlyList<string> Services, string? Hours, IReadOnlyList<string> Fees, IReadOnlyList<string> SpecificSupport);

/// <summary>
/// What the client needs: services of the national standard (any of them), within a radius, optionally free of
/// charge, with a specific support (e.g. « Langues étrangères (anglais) »), open on a day the client is free.
/// </summary>
public sealed record PlaceQuery(GeoPoint Origin, IReadOnlyList<string> Services, double RadiusKm, int Limit, bool FreeOnly = false, string? Support = null, DayOfWeek? Day = null);

/// <summary>A place found, how far, when it next opens, and why it matches, in plain French.</summary>
public sealed record PlaceMatch(PlaceCandidate Place, double DistanceKm, IReadOnlyList<string> Reasons, DateTime? NextOpening, string? HoursFrench, bool HoursFlagged);

public static class PlaceSearch
{
    public const double MaxRadiusKm = 200;
    public const int MaxLimit = 50;

    /// <summary>The matching places nearest first (then the soonest open), at most <see cref="PlaceQuery.Limit"/>.</summary>
    public static IReadOnlyList<PlaceMatch> Rank(IEnumerable<PlaceCandidate> candidates, PlaceQuery query, DateTime nowParis)
    {
        var matches = new List<PlaceMatch>();
        foreach (var place in candidates)
        {
            var distance = query.Origin.DistanceKm(place.Location);
            if (distance > query.RadiusKm)
            {
                continue;
            }

            if (query.Services.Count > 0 && !place.Services.Any(query.Services.Contains))
            {
                continue;
            }

            if (query.FreeOnly && !place.Fees.Contains("Gratuit"))
            {
                continue;
            }

            if (query.Support is not null && !place.SpecificSupport.Contains(query.Support))
            {
                continue;
            }

            if (query.Day is { } day && (place.Hours is null || OpeningSchedule.Parse(place.Hours).Schedule is not { } s || !OpensOn(s, day, nowParis)))
            {
                continue;
            }

            matches.Add(new PlaceMatch(place, distance, [], null, null, false));
        }

        // Reasons and hours only for the places kept: the ranking itself reads no opening hours.
        return [.. matches.OrderBy(m => m.DistanceKm).Take(query.Limit).Select(m => Describe(m, query, nowParis)).OrderBy(m => m.DistanceKm).ThenBy(m => m.NextOpening ?? DateTime.MaxValue)];
    }

    private static PlaceMatch Describe(PlaceMatch match, PlaceQuery query, DateTime nowParis)
    {
        var place = match.Place;
        var french = CultureInfo.GetCultureInfo("fr-FR");
        var reasons = new List<string> { $"à {match.DistanceKm.ToString("0.0", french)} km" };
        reasons.AddRange(place.Services.Where(query.Services.Contains).Select(s => $"propose « {s} »"));
        if (query.FreeOnly)
        {
            reasons.Add("gratuit");
        }

        if (query.Support is not null)
        {
            reasons.Add($"accueil adapté : {query.Support}");
        }

        if (query.Day is { } d)
        {
            reasons.Add($"ouvert le {french.DateTimeFormat.GetDayName(d)}");
        }

        var hours = place.Hours is null ? null : OpeningSchedule.Parse(place.Hours);
        return match with { Reasons = reasons, NextOpening = hours?.Schedule?.NextOpening(nowParis), HoursFrench = hours?.Schedule?.ToFrench(), HoursFlagged = hours is { IsUnderstood: false } };
    }

    private static bool OpensOn(OpeningSchedule schedule, DayOfWeek day, DateTime nowParis)
    {
        var date = DateOnly.FromDateTime(nowParis);
        var next = date.AddDays(((int)day - (int)date.DayOfWeek + 7) % 7);
        return schedule.SpansOn(next).Count > 0 || schedule.SpansOn(next.AddDays(7)).Count > 0;
    }
}
