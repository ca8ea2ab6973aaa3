using System.Globalization;
using System.Text.RegularExpressions;

namespace Aiguillage.Domain.Partners.OpeningHours;

/// <summary>An opening interval of one day, in minutes from midnight; the end may pass midnight (up to 48 h).</summary>
public readonly record struct TimeSpanMinutes(int Start, int End);

/// <summary>One rule of an opening_hours value: the days it selects, its hours, and whether it closes them.</summary>
public sealed record OpeningRule(IReadOnlySet<DayOfWeek> Days, bool PublicHolidays, bool AllDays, IReadOnlyList<TimeSpanMinutes> Spans, bool Off);

/// <summary>What parsing a value gave: a schedule, or the raw text flagged with the reason it was not understood.</summary>
public sealed record OpeningHoursValue(string Raw, OpeningSchedule? Schedule, string? Problem)
{
    public bool IsUnderstood => Schedule is not null;
}

/// <summary>
/// Opening hours in the OpenStreetMap <c>opening_hours</c> syntax used by the national standard's <c>horaires</c>
/// field (https://wiki.openstreetmap.org/wiki/Key:opening_hours/specification), as far as real data uses it:
/// weekday lists and ranges, several time spans, <c>off</c>/<c>closed</c>, <c>PH</c> (French public holidays),
/// <c>24/7</c>, rules without weekdays, and <c>;</c> where a later rule replaces earlier ones for the days it selects.
/// Anything else — free French text, comments, months, weeks — is not guessed: the value is kept and flagged.
/// </summary>
public sealed partial class OpeningSchedule
{
    private static readonly string[] DayCodes = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];
    private static readonly DayOfWeek[] DayOrder = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];
    private static readonly string[] FrenchDays = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];

    [GeneratedRegex(@"^(?<h1>\d{2}):(?<m1>\d{2})-(?<h2>\d{2}):(?<m2>\d{2})$")]
    private static partial Regex SpanPattern();

    [GeneratedRegex(@"\s*([,\-])\s*")]
    private static partial Regex SeparatorSpaces();

    private OpeningSchedule(IReadOnlyList<OpeningRule> rules)
    {
        Rules = rules;
    }

    public IReadOnlyList<OpeningRule> Rules { get; }

    /// <summary>Never throws: a value that is not understood comes back flagged, with the raw text kept.</summary>
    public static OpeningHoursValue Parse(string? raw)
    {
        var text = raw?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            return new(raw ?? string.Empty, null, "horaires vides");
        }

        if (text.Length > 500)
        {
            return new(raw!, null, "horaires trop longs (500 caractères au plus)");
        }

        var rules = new List<OpeningRule>();
        foreach (var part in text.Split(';'))
        {
            var rule = part.Trim();
            if (rule.Length == 0)
            {
                continue;
            }

            var (parsed, problem) = ParseRule(rule);
            if (parsed is null)
            {
                return new(raw!, null, $"« {rule} » : {problem}");
            }

            rules.Add(parsed);
        }

        return rules.Count == 0 ? new(raw!, null, "aucune règle") : new(raw!, new OpeningSchedule(rules), null);
    }

    private static (OpeningRule? Rule, string? Problem) ParseRule(string rule)
    {
        if (rule == "24/7")
        {
            return (new OpeningRule(new HashSet<DayOfWeek>(DayOrder), true, true, [new TimeSpanMinutes(0, 1440)], false), null);
        }

        var tokens = SeparatorSpaces().Replace(rule, "$1").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var index = 0;
        var days = new HashSet<DayOfWeek>();
        var publicHolidays = false;
        var allDays = true;
        if (index < tokens.Length && char.IsLetter(tokens[index][0]) && !IsModifier(tokens[index]))
        {
            allDays = false;
            foreach (var item in tokens[index].Split(','))
            {
                if (item.Equals("PH", StringComparison.OrdinalIgnoreCase))
                {
                    publicHolidays = true;
                    continue;
                }

                var ends = item.Split('-');
                var from = DayIndex(ends[0]);
                var to = ends.Length == 2 ? DayIndex(ends[1]) : from;
                if (from < 0 || to < 0 || ends.Length > 2)
                {
                    return (null, $"jour non reconnu « {item} » (attendu : Mo, Tu, We, Th, Fr, Sa, Su ou PH)");
                }

                // A range may wrap around the week (Sa-Mo).
                for (var d = from; ; d = (d + 1) % 7)
                {
                    days.Add(DayOrder[d]);
                    if (d == to)
                    {
                        break;
                    }
                }
            }

            index++;
        }

        var spans = new List<TimeSpanMinutes>();
        if (index < tokens.Length && char.IsDigit(tokens[index][0]))
        {
            foreach (var item in tokens[index].Split(','))
            {
                var match = SpanPattern().Match(item);
                if (!match.Success)
                {
                    return (null, $"horaire non reconnu « {item} » (attendu : 09:00-12:00)");
                }

                int Minutes(string h, string m) => (int.Parse(match.Groups[h].Value, CultureInfo.InvariantCulture) * 60) + int.Parse(match.Groups[m].Value, CultureInfo.InvariantCulture);
                var start = Minutes("h1", "m1");
                var end = Minutes("h2", "m2");
                if (start >= 1440 || int.Parse(match.Groups["m1"].Value, CultureInfo.InvariantCulture) > 59 || int.Parse(match.Groups["m2"].Value, CultureInfo.InvariantCulture) > 59 || end > 2880)
                {
                    return (null, $"heure impossible dans « {item} »");
                }

                // An end at or before the start runs past midnight (22:00-02:00).
                spans.Add(new TimeSpanMinutes(start, end <= start ? end + 1440 : end));
            }

            index++;
        }

        var off = false;
        if (index < tokens.Length && IsModifier(tokens[index]))
        {
            off = !tokens[index].Equals("open", StringComparison.OrdinalIgnoreCase);
            index++;
        }

        if (index < tokens.Length)
        {
            return (null, $"élément non reconnu « {tokens[index]} »");
        }

        if (off && spans.Count > 0)
        {
            return (null, "fermeture sur une partie de journée non prise en charge");
        }

        if (allDays && spans.Count == 0 && !off)
        {
            return (null, "règle sans jour ni horaire");
        }

        // Days without hours mean the whole day (OSM specification).
        if (spans.Count == 0 && !off)
        {
            spans.Add(new TimeSpanMinutes(0, 1440));
        }

        if (allDays)
        {
            days.UnionWith(DayOrder);
        }

        return (new OpeningRule(days, publicHolidays || allDays, allDays, spans, off), null);
    }

    private static bool IsModifier(string token) =>
        token.Equals("off", StringComparison.OrdinalIgnoreCase) || token.Equals("closed", StringComparison.OrdinalIgnoreCase) || token.Equals("open", StringComparison.OrdinalIgnoreCase);

    private static int DayIndex(string code) => Array.FindIndex(DayCodes, d => d.Equals(code, StringComparison.OrdinalIgnoreCase));

    /// <summary>The opening spans of a date after applying every rule in order (a later rule replaces earlier ones).</summary>
    public IReadOnlyList<TimeSpanMinutes> SpansOn(DateOnly date)
    {
        var holiday = FrenchPublicHolidays.IsHoliday(date);
        IReadOnlyList<TimeSpanMinutes> spans = [];
        foreach (var rule in Rules)
        {
            if (rule.AllDays || rule.Days.Contains(date.DayOfWeek) || (holiday && rule.PublicHolidays))
            {
                spans = rule.Off ? [] : rule.Spans;
            }
        }

        return spans;
    }

    /// <summary>Whether the place is open at this local (Europe/Paris) time.</summary>
    public bool IsOpen(DateTime local)
    {
        var date = DateOnly.FromDateTime(local);
        var minute = (local.Hour * 60) + local.Minute;
        return SpansOn(date).Any(s => s.Start <= minute && minute < s.End)
            || SpansOn(date.AddDays(-1)).Any(s => s.End > 1440 && minute < s.End - 1440);
    }

    /// <summary>The next time it opens after this local time (within two weeks), or null if it never does.</summary>
    public DateTime? NextOpening(DateTime local)
    {
        var today = DateOnly.FromDateTime(local);
        for (var offset = 0; offset <= 14; offset++)
        {
            var date = today.AddDays(offset);
            foreach (var span in SpansOn(date).OrderBy(s => s.Start))
            {
                var opening = date.ToDateTime(TimeOnly.MinValue).AddMinutes(span.Start);
                if (opening > local)
                {
                    return opening;
                }
            }
        }

        return null;
    }

    /// <summary>« du lundi au vendredi, de 9 h à 12 h et de 14 h à 17 h ; le samedi, de 9 h à 12 h ; fermé les jours fériés ».</summary>
    public string ToFrench()
    {
        // The weekly pattern, as the rules give it for ordinary (non-holiday) days.
        var week = DayOrder.Select(day => (Day: day, Spans: WeekdaySpans(day))).ToList();
        var groups = week.Where(w => w.Spans.Count > 0)
            .GroupBy(w => string.Join('|', w.Spans))
            .Select(g => (Days: g.Select(w => Array.IndexOf(DayOrder, w.Day)).ToList(), g.First().Spans))
            .OrderBy(g => g.Days[0]);
        var parts = groups.Select(g => $"{DaysFrench(g.Days)}, {SpansFrench(g.Spans)}").ToList();
        if (parts.Count == 0)
        {
            parts.Add("fermé");
        }

        var holidayRule = Rules.LastOrDefault(r => r.PublicHolidays && !r.AllDays);
        if (holidayRule is not null)
        {
            parts.Add(holidayRule.Off ? "fermé les jours fériés" : $"les jours fériés, {SpansFrench(holidayRule.Spans)}");
        }

        return string.Join(" ; ", parts);
    }

    private List<TimeSpanMinutes> WeekdaySpans(DayOfWeek day)
    {
        IReadOnlyList<TimeSpanMinutes> spans = [];
        foreach (var rule in Rules.Where(r => r.AllDays || r.Days.Contains(day)))
        {
            spans = rule.Off ? [] : rule.Spans;
        }

        return [.. spans];
    }

    private static string DaysFrench(List<int> days)
    {
        var runs = new List<(int From, int To)>();
        foreach (var d in days.Order())
        {
            if (runs.Count > 0 && runs[^1].To == d - 1)
            {
                runs[^1] = (runs[^1].From, d);
            }
            else
            {
                runs.Add((d, d));
            }
        }

        if (runs.Count == 1 && runs[0] == (0, 6))
        {
            return "tous les jours";
        }

        // Runs of three days or more read « du lundi au mercredi »; shorter ones are named day by day.
        var words = runs.SelectMany(r => r.To - r.From >= 2
            ? [$"du {FrenchDays[r.From]} au {FrenchDays[r.To]}"]
            : Enumerable.Range(r.From, r.To - r.From + 1).Select(d => $"le {FrenchDays[d]}")).ToList();
        return JoinFrench(words);
    }

    private static string SpansFrench(IReadOnlyList<TimeSpanMinutes> spans) =>
        spans.Count == 1 && spans[0] == new TimeSpanMinutes(0, 1440) ? "toute la journée"
        : JoinFrench([.. spans.Select(s => $"de {Clock(s.Start)} à {Clock(s.End > 1440 ? s.End - 1440 : s.End)}")]);

    private static string Clock(int minutes)
    {
        var h = minutes / 60;
        var m = minutes % 60;
        return m == 0 ? $"{h} h" : $"{h} h {m:00}";
    }

    private static string JoinFrench(List<string> items) => items.Count switch
    {
        0 => string.Empty,
        1 => items[0],
        _ => string.Join(", ", items.Take(items.Count - 1)) + " et " + items[^1],
    };
}
