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

/// <summary>Where a result is: a partner's help place, or a post office that hosts workshop sessions.</summary>
public enum VenueKind
{
    Place = 0,
    Office = 1,
}

/// <summary>What a client can afford: anything, free only, or paid with a pass numérique.</summary>
public enum FeeFilter
{
    Any = 0,
    Free = 1,
    PassNumerique = 2,
}

/// <summary>An upcoming session of a workshop, in Paris local time, with the seats still free.</summary>
public sealed record SessionCandidate(Guid Id, Guid WorkshopId, string Title, IReadOnlyList<string> Services, WorkshopLevel Level, WorkshopFee Fee,
    IReadOnlyList<string> Languages, IReadOnlyList<string> Accessibility, DateTime StartsAtParis, DateTime EndsAtParis, int SeatsLeft);

/// <summary>
/// What the search needs to know of a place (or of an office hosting sessions: it has no services of its own and
/// is found only through its sessions).
/// </summary>
public sealed record PlaceCandidate(string Id, string Name, string Commune, GeoPoint Location, IReadOnlyList<string> Services, string? Hours,
    IReadOnlyList<string> Fees, IReadOnlyList<string> SpecificSupport, bool AcceptsPassNumerique = false,
    IReadOnlyList<SessionCandidate>? Sessions = null, VenueKind Kind = VenueKind.Place, SchoolHolidays? SchoolHolidays = null);

/// <summary>
/// What the client needs: services of the national standard (any of them), within a radius, what they can afford,
/// a language, a specific support, and when they are free (a day, a time window, or both).
/// </summary>
public sealed record PlaceQuery(GeoPoint Origin, IReadOnlyList<string> Services, double RadiusKm, int Limit, FeeFilter Fee = FeeFilter.Any,
    string? Language = null, string? Accessibility = null, DayOfWeek? Day = null, TimeOnly? FreeFrom = null, TimeOnly? FreeUntil = null)
{
    public bool HasTimeFilter => Day is not null || FreeFrom is not null || FreeUntil is not null;
}

/// <summary>
/// A place found, how far, when it next opens, why it matches (plain French), and its upcoming sessions that suit
/// the client.
/// </summary>
public sealed record PlaceMatch(PlaceCandidate Place, double DistanceKm, IReadOnlyList<string> Reasons, DateTime? NextOpening, string? HoursFrench,
    bool HoursFlagged, IReadOnlyList<SessionCandidate> Sessions, bool PlaceMatches);

/// <summary>
/// The search rule. A venue within the radius is kept when the place itself suits the client (its services, fees,
/// specific support and opening hours, from the national standard) or when one of its upcoming workshop sessions
/// does (the workshop's themes, fee, languages and accessibility, and a start within the client's free time, with
/// seats left). Offices are kept only through their sessions.
/// </summary>
public static class PlaceSearch
{
    public const double MaxRadiusKm = 200;
    public const int MaxLimit = 50;
    public const int SessionsShown = 3;

    /// <summary>The matching places nearest first (then the soonest available), at most <see cref="PlaceQuery.Limit"/>.</summary>
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

            IReadOnlyList<SessionCandidate> sessions = place.Sessions is not { Count: > 0 } all
                ? []
                : [.. all.Where(s => SessionSuits(s, query, nowParis)).OrderBy(s => s.StartsAtParis).Take(SessionsShown)];
            var placeMatches = place.Kind == VenueKind.Place && PlaceSuits(place, query, nowParis);
            if (placeMatches || sessions.Count > 0)
            {
                matches.Add(new PlaceMatch(place, distance, [], null, null, false, sessions, placeMatches));
            }
        }

        // Reasons and hours only for the places kept: the ranking itself reads no opening hours.
        return [.. matches.OrderBy(m => m.DistanceKm).Take(query.Limit).Select(m => Describe(m, query, nowParis)).OrderBy(m => m.DistanceKm).ThenBy(m => Availability(m) ?? DateTime.MaxValue)];
    }

    /// <summary>The soonest the client can be helped there: the next opening, or the next suitable session.</summary>
    private static DateTime? Availability(PlaceMatch m)
    {
        var session = m.Sessions.Count > 0 ? m.Sessions[0].StartsAtParis : (DateTime?)null;
        return (m.PlaceMatches ? m.NextOpening : null, session) switch
        {
            ({ } a, { } b) => a < b ? a : b,
            ({ } a, null) => a,
            (null, var b) => b,
        };
    }

    private static bool PlaceSuits(PlaceCandidate place, PlaceQuery query, DateTime nowParis)
    {
        if (query.Services.Count > 0 && !place.Services.Any(query.Services.Contains))
        {
            return false;
        }

        var feeOk = query.Fee switch
        {
            FeeFilter.Free => place.Fees.Contains("Gratuit"),
            FeeFilter.PassNumerique => place.AcceptsPassNumerique,
            _ => true,
        };
        if (!feeOk)
        {
            return false;
        }

        if (query.Language is { } language && WorkshopVocabulary.PlaceSupportFor(language) is { } support && !place.SpecificSupport.Contains(support))
        {
            return false;
        }

        if (query.Accessibility is { } accessibility && !place.SpecificSupport.Contains(accessibility))
        {
            return false;
        }

        return !query.HasTimeFilter || (place.Hours is not null && OpeningSchedule.Parse(place.Hours).Schedule is { } s && OpensWhenFree(s, place.SchoolHolidays, query, nowParis));
    }

    private static bool SessionSuits(SessionCandidate session, PlaceQuery query, DateTime nowParis)
    {
        if (session.StartsAtParis <= nowParis || session.SeatsLeft <= 0)
        {
            return false;
        }

        if (query.Services.Count > 0 && !session.Services.Any(query.Services.Contains))
        {
            return false;
        }

        var feeOk = query.Fee switch
        {
            FeeFilter.Free => session.Fee == WorkshopFee.Free,
            FeeFilter.PassNumerique => session.Fee == WorkshopFee.PassNumeriqueAccepted,
            _ => true,
        };
        if (!feeOk
            || (query.Language is { } language && !session.Languages.Contains(language))
            || (query.Accessibility is { } accessibility && !session.Accessibility.Contains(accessibility))
            || (query.Day is { } day && session.StartsAtParis.DayOfWeek != day))
        {
            return false;
        }

        // The whole session has to fit in the client's free time.
        var from = query.FreeFrom ?? TimeOnly.MinValue;
        var until = query.FreeUntil ?? TimeOnly.MaxValue;
        return TimeOnly.FromDateTime(session.StartsAtParis) >= from
            && session.EndsAtParis.Date == session.StartsAtParis.Date
            && TimeOnly.FromDateTime(session.EndsAtParis) <= until;
    }

    private static PlaceMatch Describe(PlaceMatch match, PlaceQuery query, DateTime nowParis)
    {
        var place = match.Place;
        var french = CultureInfo.GetCultureInfo("fr-FR");
        var reasons = new List<string> { $"à {match.DistanceKm.ToString("0.0", french)} km" };
        if (match.PlaceMatches)
        {
            reasons.AddRange(place.Services.Where(query.Services.Contains).Select(s => $"propose « {s} »"));
            reasons.AddRange(query.Fee switch
            {
                FeeFilter.Free => ["gratuit"],
                FeeFilter.PassNumerique => ["accepte le pass numérique"],
                _ => [],
            });
            if (query.Language is { } language && WorkshopVocabulary.PlaceSupportFor(language) is { } support)
            {
                reasons.Add($"accueil adapté : {support}");
            }

            if (query.Accessibility is not null)
            {
                reasons.Add($"accueil adapté : {query.Accessibility}");
            }

            if (query.HasTimeFilter)
            {
                reasons.Add("ouvert " + FreeTimeInFrench(query, french));
            }
        }

        if (match.Sessions.Count > 0)
        {
            var first = match.Sessions[0];
            reasons.Add(match.Sessions.Count == 1
                ? $"une séance d'atelier qui convient : « {first.Title} » le {first.StartsAtParis.ToString("dddd d MMMM", french)}"
                : $"{match.Sessions.Count} séances d'atelier qui conviennent, la première « {first.Title} » le {first.StartsAtParis.ToString("dddd d MMMM", french)}");
        }

        var hours = place.Hours is null ? null : OpeningSchedule.Parse(place.Hours);
        return match with { Reasons = reasons, NextOpening = hours?.Schedule?.NextOpening(nowParis, place.SchoolHolidays), HoursFrench = hours?.Schedule is { } s ? HoursFrench(s, place.SchoolHolidays, nowParis) : null, HoursFlagged = hours is { IsUnderstood: false } };
    }

    /// <summary>
    /// The hours in French; when they depend on school holidays the app does not know for this place (Corsica,
    /// overseas, or past the calendar's last date), the reader is told, since « next opening » may then be wrong.
    /// </summary>
    public static string HoursFrench(OpeningSchedule schedule, SchoolHolidays? school, DateTime nowParis)
    {
        var today = DateOnly.FromDateTime(nowParis);
        return schedule.UsesSchoolHolidays && (school is null || !school.IsKnown(today) || !school.IsKnown(today.AddDays(14)))
            ? schedule.ToFrench() + " (dates des vacances scolaires inconnues ici : à vérifier auprès du lieu)"
            : schedule.ToFrench();
    }

    /// <summary>« le samedi entre 9 h et 12 h », « le mardi », « entre 14 h et 18 h ».</summary>
    public static string FreeTimeInFrench(PlaceQuery query, CultureInfo french)
    {
        static string Hour(TimeOnly t) => t.Minute == 0 ? $"{t.Hour} h" : $"{t.Hour} h {t.Minute:00}";
        var parts = new List<string>();
        if (query.Day is { } day)
        {
            parts.Add($"le {french.DateTimeFormat.GetDayName(day)}");
        }

        if (query.FreeFrom is not null || query.FreeUntil is not null)
        {
            parts.Add($"entre {Hour(query.FreeFrom ?? TimeOnly.MinValue)} et {(query.FreeUntil is { } u ? Hour(u) : "minuit")}");
        }

        return string.Join(" ", parts);
    }

    /// <summary>Open at some point of the client's free time, on their day (or on any day of the coming week).</summary>
    private static bool OpensWhenFree(OpeningSchedule schedule, SchoolHolidays? school, PlaceQuery query, DateTime nowParis)
    {
        var from = query.FreeFrom is { } f ? (f.Hour * 60) + f.Minute : 0;
        var until = query.FreeUntil is { } u ? (u.Hour * 60) + u.Minute : 1440;
        var today = DateOnly.FromDateTime(nowParis);
        for (var offset = 0; offset < 14; offset++)
        {
            var date = today.AddDays(offset);
            if ((query.Day is null || date.DayOfWeek == query.Day) && schedule.SpansOn(date, school).Any(s => s.Start < until && s.End > from))
            {
                return true;
            }
        }

        return false;
    }
}
