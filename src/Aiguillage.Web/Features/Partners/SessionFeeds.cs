using System.Globalization;
using Aiguillage.Domain.Partners;
using Aiguillage.Domain.Partners.Standard;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Territories;
using Aiguillage.Web.Platform.Web;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Partners;

/// <summary>Where a public session takes place: a partner's place or a post office, with what a visitor needs to get there.</summary>
public sealed record PublicVenue(string Kind, string Id, string Name, string? Address, string? PostCode, string Commune, double Latitude, double Longitude);

/// <summary>
/// One workshop session as published (issue 21 §3): only what the partner publishes anyway — never who is enrolled,
/// how many referrals it holds, nor anything about a client. A cancelled session stays, marked cancelled, with no seat.
/// </summary>
public sealed record PublicSession(
    Guid Id, string Title, IReadOnlyList<string> Services, string Level, string Fee, IReadOnlyList<string> Languages, IReadOnlyList<string> Accessibility,
    DateTimeOffset StartsAt, DateTimeOffset EndsAt, int Seats, int SeatsLeft, bool Cancelled, PublicVenue Venue, int PartnerId, string PartnerName, double? DistanceKm);

/// <summary>What a public feed asks for, as typed in its query string; checked by <see cref="SessionFeeds"/>.</summary>
public sealed class SessionFeedRequest
{
    public string? Insee { get; set; }

    public double? RadiusKm { get; set; }

    public List<string> Services { get; set; } = [];

    /// <summary>One place's sessions (its id in the directory).</summary>
    public string? Place { get; set; }

    /// <summary>One partner's sessions.</summary>
    public int? Partner { get; set; }
}

/// <summary>
/// The upcoming workshop sessions with their free seats, for everyone (issue 21 §3): a JSON feed near a commune, an
/// iCalendar (RFC 5545, Ical.Net) per place and per partner, and the embeddable widget. No account; answers are cached
/// briefly (<see cref="PartnersSetup.PublicSessionsCache"/>), so a town's website cannot load the database.
/// </summary>
public sealed class SessionFeeds(AppDbContext db, TerritoryDirectory territories, StandardSchema schema, TimeProvider clock)
{
    /// <summary>How far ahead the feeds look, and how far back a calendar keeps past sessions (so that they do not vanish from an agenda).</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromDays(90);

    public static readonly TimeSpan CalendarPast = TimeSpan.FromDays(30);

    public const int MaxSessions = 500;

    /// <summary>The sessions a request asks for, or its faults field by field (French, the query's names).</summary>
    public async Task<(string? Label, IReadOnlyList<PublicSession>? Sessions, Dictionary<string, string[]> Errors)> FindAsync(SessionFeedRequest r, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var unknown = r.Services.Where(s => !schema.Services.Contains(s)).ToList();
        if (unknown.Count > 0 || r.Services.Count > 20)
        {
            errors["services"] = [$"Service inconnu du standard : {string.Join(", ", unknown.Take(3))}. Services possibles : {string.Join(", ", schema.Services.Order(StringComparer.Ordinal))}."];
        }

        var radius = r.RadiusKm ?? PlaceFinder.DefaultRadiusKm;
        if (radius is < 1 or > PlaceSearch.MaxRadiusKm || double.IsNaN(radius))
        {
            errors["radiusKm"] = [$"Le rayon va de 1 à {PlaceSearch.MaxRadiusKm:0} km."];
        }

        var now = clock.GetUtcNow().UtcDateTime;
        string? label = null;
        GeoPoint? origin = null;
        IQueryable<WorkshopSession> sessions = db.WorkshopSessions.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(r.Place))
        {
            var place = await db.Places.AsNoTracking().Where(p => p.Id == r.Place.Trim()).Select(p => new { p.Id, p.Name }).FirstOrDefaultAsync(ct);
            if (place is null)
            {
                errors["place"] = [$"Aucun lieu « {r.Place} » dans l'annuaire."];
            }
            else
            {
                label = place.Name;
                sessions = sessions.Where(s => s.PlaceId == place.Id);
            }
        }
        else if (r.Partner is { } partnerId)
        {
            var partner = await db.Partners.AsNoTracking().Where(p => p.Id == partnerId).Select(p => p.Name).FirstOrDefaultAsync(ct);
            if (partner is null)
            {
                errors["partner"] = [$"Aucun partenaire numéro {partnerId}."];
            }
            else
            {
                label = partner;
                sessions = sessions.Where(s => db.Workshops.Any(w => w.Id == s.WorkshopId && w.PartnerId == partnerId));
            }
        }
        else if (!string.IsNullOrWhiteSpace(r.Insee))
        {
            if (territories.FindCommune(r.Insee.Trim().ToUpperInvariant()) is { Latitude: { } lat, Longitude: { } lon } commune)
            {
                origin = new GeoPoint(lat, lon);
                label = commune.Name;
                var dLat = radius / 111.0;
                var dLon = radius / (111.0 * Math.Max(0.1, Math.Cos(lat * Math.PI / 180)));
                sessions = sessions.Where(s => s.Latitude >= lat - dLat && s.Latitude <= lat + dLat && s.Longitude >= lon - dLon && s.Longitude <= lon + dLon);
            }
            else
            {
                errors["insee"] = [$"Aucune commune localisée avec le code INSEE « {r.Insee} »."];
            }
        }
        else
        {
            errors["insee"] = ["Indiquez une commune (code INSEE, par exemple 42218), un lieu (place) ou un partenaire (partner)."];
        }

        if (errors.Count > 0)
        {
            return (null, null, errors);
        }

        var from = origin is null ? now - CalendarPast : now;
        var found = await ReadAsync(sessions.Where(s => s.EndsAt > from && s.StartsAt < now + Horizon), ct);
        var wanted = r.Services.ToHashSet(StringComparer.Ordinal);
        var result = found
            .Select(s => origin is { } o ? s with { DistanceKm = Math.Round(o.DistanceKm(new GeoPoint(s.Venue.Latitude, s.Venue.Longitude)), 1) } : s)
            .Where(s => s.DistanceKm is null || s.DistanceKm <= radius)
            .Where(s => wanted.Count == 0 || s.Services.Any(wanted.Contains))
            .OrderBy(s => s.StartsAt).ThenBy(s => s.Id).Take(MaxSessions).ToList();
        return (label, result, errors);
    }

    private async Task<List<PublicSession>> ReadAsync(IQueryable<WorkshopSession> sessions, CancellationToken ct)
    {
        var rows = await (from s in sessions
                          join w in db.Workshops on s.WorkshopId equals w.Id
                          join p in db.Partners on w.PartnerId equals p.Id
                          join pl in db.Places on s.PlaceId equals pl.Id into places
                          from pl in places.DefaultIfEmpty()
                          join o in db.Offices on s.OfficeId equals o.Id into offices
                          from o in offices.DefaultIfEmpty()
                          orderby s.StartsAt
                          select new
                          {
                              s.Id, w.Title, w.Services, w.Level, w.Fee, w.Languages, w.Accessibility, s.StartsAt, s.EndsAt, s.Seats, s.SeatsTaken, s.CancelledAt, s.Latitude, s.Longitude,
                              PartnerId = p.Id, PartnerName = p.Name,
                              PlaceId = pl == null ? null : pl.Id, PlaceName = pl == null ? null : pl.Name, PlacePostCode = pl == null ? null : pl.PostCode, PlaceCommune = pl == null ? null : pl.Commune,
                              PlaceFields = pl == null ? null : pl.Fields,
                              OfficeCode = o == null ? null : o.SiteCode, OfficeName = o == null ? null : o.Name, OfficeAddress = o == null ? null : o.Address,
                              OfficePostCode = o == null ? null : o.PostCode, OfficeCity = o == null ? null : o.City,
                          }).Take(MaxSessions * 4).ToListAsync(ct);
        return [.. rows.Select(s => new PublicSession(
            s.Id, s.Title, s.Services, s.Level.Label(), s.Fee.Label(), s.Languages, s.Accessibility,
            ToParis(s.StartsAt), ToParis(s.EndsAt), s.Seats, s.CancelledAt is null ? Math.Max(0, s.Seats - s.SeatsTaken) : 0, s.CancelledAt is not null,
            s.PlaceId is not null
                ? new PublicVenue("lieu", s.PlaceId, s.PlaceName!, s.PlaceFields?.GetValueOrDefault("adresse"), s.PlacePostCode, s.PlaceCommune!, s.Latitude, s.Longitude)
                : new PublicVenue("bureau", s.OfficeCode ?? string.Empty, $"Bureau de poste {s.OfficeName}", s.OfficeAddress, s.OfficePostCode, s.OfficeCity ?? string.Empty, s.Latitude, s.Longitude),
            s.PartnerId, s.PartnerName, null))];
    }

    /// <summary>The sessions as an iCalendar (RFC 5545): one event per session, cancelled ones with STATUS:CANCELLED, the free seats in the description.</summary>
    public string Calendar(string name, IEnumerable<PublicSession> sessions)
    {
        var calendar = new Ical.Net.Calendar { ProductId = "-//Aiguillage//Seances des ateliers//FR", Method = "PUBLISH" };
        calendar.AddProperty("X-WR-CALNAME", $"Ateliers numériques — {name}");
        calendar.AddProperty("X-WR-TIMEZONE", "Europe/Paris");
        var stamp = new CalDateTime(clock.GetUtcNow().UtcDateTime);
        foreach (var s in sessions)
        {
            var where = string.Join(", ", new[] { s.Venue.Name, s.Venue.Address, $"{s.Venue.PostCode} {s.Venue.Commune}".Trim() }.Where(p => !string.IsNullOrWhiteSpace(p)));
            calendar.Events.Add(new CalendarEvent
            {
                Uid = $"{s.Id}@aiguillage",
                DtStamp = stamp,
                DtStart = new CalDateTime(s.StartsAt.UtcDateTime),
                DtEnd = new CalDateTime(s.EndsAt.UtcDateTime),
                Summary = s.Cancelled ? $"Annulé : {s.Title}" : s.Title,
                Location = where,
                Status = s.Cancelled ? Ical.Net.EventStatus.Cancelled : Ical.Net.EventStatus.Confirmed,
                Description = string.Join("\n", new[]
                {
                    $"Thème : {string.Join(", ", s.Services)}",
                    $"Niveau : {s.Level}",
                    $"Tarif : {s.Fee}",
                    $"Langues : {string.Join(", ", s.Languages)}",
                    s.Cancelled ? "Séance annulée." : SeatsText(s.SeatsLeft),
                    $"Organisé par : {s.PartnerName}",
                }),
            });
        }

        return new CalendarSerializer().SerializeToString(calendar) ?? string.Empty;
    }

    private static DateTimeOffset ToParis(DateTime utc)
    {
        var offset = ParisTime.Offset(utc);
        return new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Unspecified) + offset, offset);
    }

    /// <summary>« 3 places libres », « 1 place libre », « Complet » — in words, never by colour alone.</summary>
    public static string SeatsText(int left) => left switch
    {
        0 => "Complet",
        1 => "1 place libre",
        _ => $"{left.ToString(CultureInfo.InvariantCulture)} places libres",
    };
}
