using Aiguillage.Domain.Partners;
using Aiguillage.Domain.Partners.OpeningHours;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Web;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Partners;

/// <summary>
/// The help places and upcoming workshop sessions, in memory, for the search (issue 23 §3: the 10 nearest among 100,000
/// places in under a millisecond; reading them from the database took 4.3 ms at p95). Places sit in a grid of
/// <see cref="CellDegrees"/>° cells; a search reads the cells its circle's box covers and ranks them with the domain's
/// <see cref="PlaceSearch.Rank"/>, as before. Each instance keeps its own copy and, at every search, reads the two
/// version stamps that database triggers bump at every write to places and partners (<see cref="VersionStamp.Places"/>)
/// and to sessions, workshops and offices (<see cref="VersionStamp.Sessions"/>), whichever instance or tool wrote
/// (docs/adr/0025). A copy whose stamp moved is read again before the search answers: a place edited anywhere is
/// found at its new address at the next search. Sessions change often (each booking takes a seat) and are few, so they
/// are read apart from the places.
/// </summary>
public sealed class PlaceIndex(SchoolHolidayCalendar schoolCalendar) : IDisposable
{
    /// <summary>About 11 km of latitude: a 5 km first circle reads a handful of cells.</summary>
    public const double CellDegrees = 0.1;

    /// <summary>Sessions that started this long before the copy was read are left out of it.</summary>
    private static readonly TimeSpan PastSessions = TimeSpan.FromDays(7);

    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile PlacesCopy? places;
    private volatile SessionsCopy? sessions;

    /// <summary>Reads of the database since start (for tests and the benchmark: a search that reads nothing new reads none).</summary>
    public int Loads { get; private set; }

    public sealed class PlacesCopy(long version, PlaceCandidate[] places, Dictionary<long, int[]> cells)
    {
        public long Version { get; } = version;

        public int Count => places.Length;

        /// <summary>The places whose cell meets the box (then <see cref="PlaceSearch.Rank"/> keeps those inside the circle).</summary>
        public IEnumerable<PlaceCandidate> In(double minLat, double maxLat, double minLon, double maxLon)
        {
            for (var la = Cell(minLat); la <= Cell(maxLat); la++)
            {
                for (var lo = Cell(minLon); lo <= Cell(maxLon); lo++)
                {
                    if (cells.TryGetValue(Key(la, lo), out var members))
                    {
                        foreach (var i in members)
                        {
                            yield return places[i];
                        }
                    }
                }
            }
        }
    }

    public sealed record SessionEntry(Guid Id, string? PlaceId, int? OfficeId, string? OfficeName, string? OfficeCommune, string? OfficeSiteCode,
        double Latitude, double Longitude, DateTime StartsAtUtc, SessionCandidate Candidate);

    /// <summary>Upcoming sessions (not cancelled), soonest first.</summary>
    public sealed record SessionsCopy(long Version, DateTime From, SessionEntry[] Sessions);

    /// <summary>The copies as the database holds them now: the stamps are read, and a copy that is behind is read again.</summary>
    public async Task<(PlacesCopy Places, SessionsCopy Sessions)> CurrentAsync(AppDbContext db, DateTime nowUtc, CancellationToken ct)
    {
        var stamps = await db.VersionStamps.AsNoTracking().Where(v => v.Name == VersionStamp.Places || v.Name == VersionStamp.Sessions)
            .Select(v => new { v.Name, v.Version }).ToListAsync(ct);
        var placesVersion = stamps.Single(s => s.Name == VersionStamp.Places).Version;
        var sessionsVersion = stamps.Single(s => s.Name == VersionStamp.Sessions).Version;
        if (Holds(places, placesVersion) && Holds(sessions, sessionsVersion, nowUtc))
        {
            return (places!, sessions!);
        }

        // One request reads the database; the others wait for its copy rather than all reading at once.
        await gate.WaitAsync(ct);
        try
        {
            // The stamp was read before the rows: a copy is never older than the stamp it carries (a write committed in
            // between makes it newer, and the next search reads it again).
            if (!Holds(places, placesVersion))
            {
                places = await LoadPlacesAsync(db, placesVersion, ct);
                Loads++;
            }

            if (!Holds(sessions, sessionsVersion, nowUtc))
            {
                sessions = await LoadSessionsAsync(db, sessionsVersion, nowUtc - PastSessions, ct);
                Loads++;
            }

            return (places!, sessions!);
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();

    // Equal, not « at least »: a counter that went back (a restore, a failover that lost unconfirmed commits) must not
    // leave a copy of rows the database no longer has (hostile review). A reload too many is harmless.
    private static bool Holds(PlacesCopy? copy, long version) => copy is not null && copy.Version == version;

    private static bool Holds(SessionsCopy? copy, long version, DateTime nowUtc) => copy is not null && copy.Version == version && copy.From <= nowUtc;

    private static int Cell(double degrees) => (int)Math.Floor(degrees / CellDegrees);

    private static long Key(int latitudeCell, int longitudeCell) => ((long)latitudeCell << 32) | (uint)longitudeCell;

    private async Task<PlacesCopy> LoadPlacesAsync(AppDbContext db, long version, CancellationToken ct)
    {
        var accredited = (await db.Partners.AsNoTracking().Where(p => p.AcceptsPassNumerique).Select(p => p.Id).ToListAsync(ct)).ToHashSet();
        var rows = await db.Places.AsNoTracking().Where(p => p.Latitude != null && p.Longitude != null)
            .Select(p => new { p.Id, p.Name, p.Commune, p.Latitude, p.Longitude, p.Services, p.Hours, p.Fees, p.SpecificSupport, p.PartnerId, p.InseeCode })
            .ToListAsync(ct);
        var candidates = new PlaceCandidate[rows.Count];
        var cells = new Dictionary<long, List<int>>();
        for (var i = 0; i < rows.Count; i++)
        {
            var p = rows[i];
            candidates[i] = new PlaceCandidate(p.Id, p.Name, p.Commune, new GeoPoint(p.Latitude!.Value, p.Longitude!.Value), p.Services, p.Hours, p.Fees, p.SpecificSupport,
                p.PartnerId is { } partner && accredited.Contains(partner), SchoolHolidays: p.Hours != null ? schoolCalendar.ForCommune(p.InseeCode) : null);
            var key = Key(Cell(p.Latitude.Value), Cell(p.Longitude.Value));
            if (!cells.TryGetValue(key, out var members))
            {
                cells[key] = members = [];
            }

            members.Add(i);
        }

        return new PlacesCopy(version, candidates, cells.ToDictionary(c => c.Key, c => c.Value.ToArray()));
    }

    private static async Task<SessionsCopy> LoadSessionsAsync(AppDbContext db, long version, DateTime since, CancellationToken ct)
    {
        var rows = await (from s in db.WorkshopSessions.AsNoTracking()
                          where s.StartsAt > since && s.CancelledAt == null
                          join w in db.Workshops on s.WorkshopId equals w.Id
                          join o in db.Offices on s.OfficeId equals o.Id into os
                          from o in os.DefaultIfEmpty()
                          orderby s.StartsAt
                          select new
                          {
                              s.Id, s.WorkshopId, s.PlaceId, s.OfficeId, OfficeName = o != null ? o.Name : null, OfficeCity = o != null ? o.City : null,
                              OfficeSiteCode = o != null ? o.SiteCode : null, s.Latitude, s.Longitude, w.Title, w.Services, w.Level, w.Fee, w.Languages, w.Accessibility,
                              s.StartsAt, s.EndsAt, Left = s.Seats - s.SeatsTaken,
                          }).ToListAsync(ct);
        return new SessionsCopy(version, since, [.. rows.Select(s => new SessionEntry(s.Id, s.PlaceId, s.OfficeId, s.OfficeName, s.OfficeCity, s.OfficeSiteCode, s.Latitude, s.Longitude, s.StartsAt,
            new SessionCandidate(s.Id, s.WorkshopId, s.Title, s.Services, s.Level, s.Fee, s.Languages, s.Accessibility, ParisTime.ToParis(s.StartsAt), ParisTime.ToParis(s.EndsAt), s.Left)))]);
    }
}
