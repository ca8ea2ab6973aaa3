using System.Globalization;

namespace Aiguillage.Domain.Partners.OpeningHours;

/// <summary>The three holiday zones of metropolitan France's school calendar.</summary>
public enum SchoolZone
{
    A = 0,
    B = 1,
    C = 2,
}

/// <summary>One holiday of one zone, its first and last day inclusive.</summary>
public sealed record SchoolHolidayPeriod(SchoolZone Zone, string Name, DateOnly First, DateOnly Last);

/// <summary>
/// The school holidays of one zone (what <c>SH</c> means in an <c>opening_hours</c> value for a place of that zone).
/// After <see cref="KnownUntil"/> nothing is known: a date there is not a school holiday, and callers say it is unknown.
/// </summary>
public sealed class SchoolHolidays
{
    private readonly List<SchoolHolidayPeriod> periods;

    internal SchoolHolidays(SchoolZone zone, IEnumerable<SchoolHolidayPeriod> periods, DateOnly knownFrom, DateOnly knownUntil)
    {
        Zone = zone;
        this.periods = [.. periods.OrderBy(p => p.First)];
        KnownFrom = knownFrom;
        KnownUntil = knownUntil;
    }

    public SchoolZone Zone { get; }

    public DateOnly KnownFrom { get; }

    public DateOnly KnownUntil { get; }

    public IReadOnlyList<SchoolHolidayPeriod> Periods => periods;

    public bool IsKnown(DateOnly date) => date >= KnownFrom && date <= KnownUntil;

    public bool IsHoliday(DateOnly date) => NameOn(date) is not null;

    /// <summary>The holiday's name on that date (« Vacances de Noël »), or null on a school day or an unknown date.</summary>
    public string? NameOn(DateOnly date)
    {
        foreach (var p in periods)
        {
            if (p.First > date)
            {
                break;
            }

            if (date <= p.Last)
            {
                return p.Name;
            }
        }

        return null;
    }
}

/// <summary>
/// The national school calendar read from its file (<c>zone;vacances;premier_jour;dernier_jour</c>, see
/// Content/calendar/SOURCE.md), and the zone of each metropolitan department.
/// </summary>
public sealed class SchoolHolidayCalendar
{
    private readonly Dictionary<SchoolZone, SchoolHolidays> zones;

    private SchoolHolidayCalendar(IReadOnlyList<SchoolHolidayPeriod> periods)
    {
        Periods = periods;
        var from = periods.Min(p => p.First);
        var until = periods.Max(p => p.Last);
        zones = Enum.GetValues<SchoolZone>().ToDictionary(z => z, z => new SchoolHolidays(z, periods.Where(p => p.Zone == z), from, until));
        KnownUntil = until;
    }

    public IReadOnlyList<SchoolHolidayPeriod> Periods { get; }

    /// <summary>The last date the calendar knows.</summary>
    public DateOnly KnownUntil { get; }

    /// <summary>Reads the file's text; a malformed line throws with its number, so a bad file stops the app at start-up.</summary>
    public static SchoolHolidayCalendar Parse(string text)
    {
        var lines = text.Split('\n');
        if (lines.Length == 0 || lines[0].Trim() != "zone;vacances;premier_jour;dernier_jour")
        {
            throw new FormatException("Calendrier scolaire : la première ligne doit être « zone;vacances;premier_jour;dernier_jour ».");
        }

        var periods = new List<SchoolHolidayPeriod>();
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var cells = line.Split(';');
            if (cells.Length != 4 || !Enum.TryParse<SchoolZone>(cells[0], out var zone) || !Enum.IsDefined(zone) || cells[1].Trim().Length == 0
                || !DateOnly.TryParseExact(cells[2], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first)
                || !DateOnly.TryParseExact(cells[3], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var last) || last < first)
            {
                throw new FormatException($"Calendrier scolaire, ligne {i + 1} : attendu « A;Vacances de Noël;2026-12-19;2027-01-03 » (zone A, B ou C, premier et dernier jour).");
            }

            periods.Add(new SchoolHolidayPeriod(zone, cells[1].Trim(), first, last));
        }

        return periods.Count == 0 ? throw new FormatException("Calendrier scolaire vide.") : new SchoolHolidayCalendar(periods);
    }

    public SchoolHolidays ForZone(SchoolZone zone) => zones[zone];

    /// <summary>The holidays for a place from its commune's INSEE code; null in Corsica, overseas, or without a code.</summary>
    public SchoolHolidays? ForCommune(string? inseeCode) => SchoolZones.OfCommune(inseeCode) is { } zone ? zones[zone] : null;
}

/// <summary>
/// The zone of each metropolitan department, by its académie (the zones in force since the school year 2015-2016, as the
/// national calendar on education.gouv.fr lists them; Caen and Rouen, merged into Normandie in 2020, were both in B):
/// A — Besançon, Bordeaux, Clermont-Ferrand, Dijon, Grenoble, Limoges, Lyon, Poitiers;
/// B — Aix-Marseille, Amiens, Lille, Nancy-Metz, Nantes, Nice, Normandie, Orléans-Tours, Reims, Rennes, Strasbourg;
/// C — Créteil, Montpellier, Paris, Toulouse, Versailles.
/// Corsica and the overseas académies fix their own calendars: no zone.
/// </summary>
public static class SchoolZones
{
    private static readonly Dictionary<string, SchoolZone> ByDepartment = Build();

    private static Dictionary<string, SchoolZone> Build()
    {
        var map = new Dictionary<string, SchoolZone>(StringComparer.Ordinal);
        void Add(SchoolZone zone, string departments)
        {
            foreach (var d in departments.Split(' '))
            {
                map.Add(d, zone);
            }
        }

        // Zone A: Besançon · Bordeaux · Clermont-Ferrand · Dijon · Grenoble · Limoges · Lyon · Poitiers.
        Add(SchoolZone.A, "25 39 70 90 24 33 40 47 64 03 15 43 63 21 58 71 89 07 26 38 73 74 19 23 87 01 42 69 16 17 79 86");

        // Zone B: Aix-Marseille · Amiens · Lille · Nancy-Metz · Nantes · Nice · Normandie · Orléans-Tours · Reims · Rennes · Strasbourg.
        Add(SchoolZone.B, "04 05 13 84 02 60 80 59 62 54 55 57 88 44 49 53 72 85 06 83 14 27 50 61 76 18 28 36 37 41 45 08 10 51 52 22 29 35 56 67 68");

        // Zone C: Créteil · Montpellier · Paris · Toulouse · Versailles.
        Add(SchoolZone.C, "77 93 94 11 30 34 48 66 75 09 12 31 32 46 65 81 82 78 91 92 95");
        return map;
    }

    /// <summary>The 94 metropolitan departments outside Corsica, each in one zone.</summary>
    public static IReadOnlyCollection<string> Departments => ByDepartment.Keys;

    public static SchoolZone? OfDepartment(string? department) =>
        department is not null && ByDepartment.TryGetValue(department, out var zone) ? zone : null;

    /// <summary>From a commune's INSEE code (« 42218 » → Loire → A); Corsica (2A, 2B) and overseas (97x) have none.</summary>
    public static SchoolZone? OfCommune(string? inseeCode) =>
        inseeCode is { Length: 5 } code && !code.StartsWith("97", StringComparison.Ordinal) ? OfDepartment(code[..2]) : null;
}
