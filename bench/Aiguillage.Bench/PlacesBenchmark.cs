using System.Diagnostics;
using System.Globalization;
using System.Text;
using Aiguillage.Domain.Partners;
using Aiguillage.Web.Features.Partners;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Territories;
using Microsoft.EntityFrameworkCore;

/// <summary>
/// Issue 5: generate N places in the national standard spread over the real communes, import them from CSV into a
/// fresh SQLite database, then measure the search of the 10 nearest matching places from random communes.
/// Baselines in the same run: reading and splitting the CSV (import), and a primary-key lookup (search).
/// </summary>
internal static class PlacesBenchmark
{
    private static readonly string[] Services =
    [
        "Aide aux démarches administratives", "Maîtrise des outils numériques du quotidien", "Insertion professionnelle via le numérique",
        "Utilisation sécurisée du numérique", "Parentalité et éducation avec le numérique",
    ];

    /// <summary>False when a generated place was rejected: then no figure is printed.</summary>
    public static async Task<bool> RunAsync(TerritoryDirectory territories, int count)
    {
        var random = new Random(42);
        var communes = Enumerable.Range(1, 99_999).Select(i => territories.FindCommune(i.ToString("00000", CultureInfo.InvariantCulture)))
            .Where(c => c is { Latitude: not null } && c.PostCodes.Count > 0).Select(c => c!).ToList();
        var csv = new StringBuilder("id,pivot,nom,commune,code_postal,code_insee,adresse,latitude,longitude,horaires,date_maj,services,frais_a_charge\\n".Replace("\\n", "\n", StringComparison.Ordinal));
        for (var i = 0; i < count; i++)
        {
            var c = communes[random.Next(communes.Count)];
            var lat = c.Latitude!.Value + ((random.NextDouble() - 0.5) * 0.02);
            var lon = c.Longitude!.Value + ((random.NextDouble() - 0.5) * 0.02);
            var services = string.Join('|', Services.Where(_ => random.Next(3) == 0).DefaultIfEmpty(Services[0]));
            csv.Append(CultureInfo.InvariantCulture, $"lieu-{i},43493312300029,Lieu {i},\"{c.Name}\",{c.PostCodes[0]},{c.InseeCode},{i} rue de la Poste,{lat:0.000000},{lon:0.000000},Mo-Fr 09:00-12:00,2026-01-05,{services},Gratuit\n");
        }

        var text = csv.ToString();
        Console.WriteLine($"generated {count:N0} places over {communes.Count:N0} communes ({text.Length / 1024 / 1024} MB of CSV)");

        var baseline = Stopwatch.StartNew();
        var fields = text.Split('\n').Sum(l => l.Split(',').Length);
        baseline.Stop();
        Console.WriteLine($"baseline  read+split CSV        {baseline.ElapsedMilliseconds,8} ms ({fields:N0} fields)");

        var path = Path.Combine(Path.GetTempPath(), $"aiguillage-places-{Guid.NewGuid():N}.db");
        var options = new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite($"Data Source={path}").Options;
        await using (var db = new SqliteAppDbContext(options))
        {
            await DatabaseSetup.MigrateAsync(db);
            var schema = PlaceStandard.LoadSchema(Path.Combine(AppContext.BaseDirectory, "Content", "mednum-standard", "schema.json"));
            var import = Stopwatch.StartNew();
            var report = await new PlaceStandard(db, new ReadSide(db, new Microsoft.AspNetCore.Http.HttpContextAccessor()), schema, TimeProvider.System).ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), "lieux.csv");
            import.Stop();
            if (report.Rejected.Count > 0 || report.Created != count)
            {
                // A rejected place is a failed request: the time would measure the refusals (issue 23 §1).
                Console.WriteLine($"REFUSED: import created {report.Created:N0} of {count:N0} places, {report.Rejected.Count} rejected ({string.Join("; ", report.Rejected.Take(3).Select(r => $"line {r.Line}: {r.Reason}"))}); no figure is printed.");
                return false;
            }

            Console.WriteLine($"import    {report.Created:N0} created, {report.Rejected.Count} rejected  {import.Elapsed.TotalSeconds,6:F1} s  (target < 5 s, issue 23 §4; {import.Elapsed / baseline.Elapsed:F0}× baseline)");

            // Workshop sessions too: one upcoming session for every 20 places, in the next 90 days, so that the
            // search pays for reading and matching them as it will in production.
            var partner = new Partner("Association du banc d'essai");
            db.Partners.Add(partner);
            await db.SaveChangesAsync();
            var workshop = new Workshop(Guid.NewGuid(), partner.Id);
            workshop.Describe("Atelier d'essai", [Services[0], Services[1]], WorkshopLevel.Beginner, WorkshopFee.Free, 10, schema.Services);
            db.Workshops.Add(workshop);
            var places = await db.Places.AsNoTracking().Select(p => new { p.Id, p.Latitude, p.Longitude }).ToListAsync();
            var sessionTime = new DateTime(2026, 11, 30, 9, 0, 0, DateTimeKind.Utc);
            for (var i = 0; i < count / 20; i++)
            {
                var place = places[random.Next(places.Count)];
                var start = sessionTime.AddDays(1 + random.Next(89)).AddHours(random.Next(8));
                db.WorkshopSessions.Add(new WorkshopSession(Guid.NewGuid(), workshop, start, start.AddHours(2), 10, place.Id, null, sessionTime, new GeoPoint(place.Latitude!.Value, place.Longitude!.Value)));
            }

            await db.SaveChangesAsync();
            Console.WriteLine($"sessions  {count / 20:N0} upcoming workshop sessions at random places");
        }

        await using (var db = new SqliteAppDbContext(options))
        {
            var now = new DateTime(2026, 11, 30, 9, 0, 0, DateTimeKind.Utc);
            var schoolCalendar = SchoolCalendar.Load(AppContext.BaseDirectory);
            using var placeIndex = new PlaceIndex(schoolCalendar);

            // Issue 23 §3: the search reads this instance's copy of places and sessions; reading it is paid once, at the
            // first search after a write, and printed apart.
            var load = Stopwatch.StartNew();
            var (copy, copied) = await placeIndex.CurrentAsync(db, now, CancellationToken.None);
            load.Stop();
            Console.WriteLine($"index     {copy.Count:N0} places and {copied.Sessions.Length:N0} sessions read into memory in {load.ElapsedMilliseconds} ms (once per write to places, per instance)");
            var origins = Enumerable.Range(0, 300).Select(_ => communes[random.Next(communes.Count)]).ToList();
            var lookups = new List<double>();
            var searches = new List<double>();
            var found = 0;
            foreach (var (origin, index) in origins.Select((o, i) => (o, i)))
            {
                var watch = Stopwatch.StartNew();
                _ = await db.Places.AsNoTracking().FirstOrDefaultAsync(p => p.Id == $"lieu-{index}");
                lookups.Add(watch.Elapsed.TotalMilliseconds);

                watch.Restart();
                var query = new PlaceQuery(new GeoPoint(origin.Latitude!.Value, origin.Longitude!.Value), [Services[index % Services.Length]], 30, 10);
                found += (await PlaceFinder.NearAsync(placeIndex, db, query, now, CancellationToken.None)).Count;
                searches.Add(watch.Elapsed.TotalMilliseconds);
            }

            // The first 50 warm the caches (query compilation, pages).
            static double P(List<double> values, double p) => values.Skip(50).Order().ElementAt((int)Math.Ceiling(p * (values.Count - 50)) - 1);
            Console.WriteLine($"baseline  lookup by id          p50 {P(lookups, 0.5),7:F2} ms   p95 {P(lookups, 0.95),7:F2} ms");
            Console.WriteLine($"search    10 nearest, 30 km     p50 {P(searches, 0.5),7:F2} ms   p95 {P(searches, 0.95),7:F2} ms  (target p95 < 1 ms, issue 23 §3; {found / origins.Count:F1} results on average; {placeIndex.Loads} reads of the database into the index)");
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(path);
        return true;
    }
}
