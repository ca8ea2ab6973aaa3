using System.Globalization;

namespace Aiguillage.Domain.Partners.OpeningHours;

/// <summary>An opening interval of one day, in minutes from midnight; the end may pass midnight (up to 48 h).</summary>
public readonly record struct TimeSpanMinutes(int Start, int End);

/// <summary>What a rule says of the times it selects (OSM rule modifiers).</summary>
public enum OpeningState
{
    Open = 0,
    Closed = 1,

    /// <summary><c>unknown</c>, or a rule that gives only a comment (« sur rendez-vous »): maybe open, ask first.</summary>
    Unknown = 2,
}

/// <summary>A part of one day, in minutes from midnight (0–1440), open or unknown, with the rule's comment.</summary>
public readonly record struct OpeningInterval(int Start, int End, OpeningState State, string? Comment);

/// <summary>How a rule joins the rules before it: <c>;</c> replaces them for its days, <c>,</c> adds to them, <c>||</c> fills what they leave.</summary>
public enum RuleSeparator
{
    Normal = 0,
    Additional = 1,
    Fallback = 2,
}

/// <summary>Years <c>2026</c>, <c>2026-2028</c>, <c>2026-2030/2</c>, <c>2026+</c>.</summary>
public sealed record YearRange(int From, int To, int Step);

/// <summary>A date without a year, or with one: <c>Dec 25</c>, <c>2026 Dec 25</c>, <c>Jan</c> (no day), <c>easter</c>, with a day offset.</summary>
public sealed record DateSpec(int? Year, int Month, int? Day, bool Easter, int OffsetDays);

/// <summary>Months or dates: <c>Jan-Mar</c>, <c>Dec</c>, <c>Dec 25</c>, <c>Dec 24-26</c>, <c>Dec 24-Jan 02</c>, <c>Dec 01-31/2</c>.</summary>
public sealed record MonthdayRange(DateSpec From, DateSpec To, int Step);

/// <summary>ISO weeks: <c>week 01-10</c>, <c>week 01-53/2</c>.</summary>
public sealed record WeekRange(int From, int To, int Step);

/// <summary>Weekdays 0 (Monday) to 6 (Sunday), a range that may wrap (<c>Sa-Mo</c>), or one weekday's occurrences in the month (<c>Mo[1]</c>, <c>Fr[-1]</c>).</summary>
public sealed record WeekdayRange(int From, int To, IReadOnlyList<(int From, int To)> Nth, int OffsetDays)
{
    /// <summary>Whether the range names this weekday (0 = Monday), wrapping round the week when it ends before it starts.</summary>
    public bool Contains(int day) => From <= To ? day >= From && day <= To : day >= From || day <= To;
}

public enum HolidayKind
{
    /// <summary><c>PH</c>: French public holidays.</summary>
    Public = 0,

    /// <summary><c>SH</c>: school holidays of the place's zone.</summary>
    School = 1,
}

public sealed record HolidayItem(HolidayKind Kind, int OffsetDays);

/// <summary><c>09:00-12:00</c>; an end past midnight runs into the next day; <c>17:00+</c> has an open end.</summary>
public sealed record OpeningTimeSpan(int Start, int End, bool OpenEnd);

/// <summary>
/// One rule of an opening_hours value: its selectors (years, months and dates, weeks, weekdays and holidays, times),
/// what it says of them (open, closed, unknown), its comment and how it joins the rules before it.
/// </summary>
public sealed record OpeningRule(RuleSeparator Separator, IReadOnlyList<YearRange> Years, IReadOnlyList<MonthdayRange> Monthdays, IReadOnlyList<WeekRange> Weeks,
    IReadOnlyList<WeekdayRange> Weekdays, IReadOnlyList<HolidayItem> Holidays, bool HolidaysAndWeekdays, IReadOnlyList<OpeningTimeSpan> Times,
    OpeningState State, string? Comment, bool TwentyFourSeven)
{
    public bool HasWideRange => Years.Count > 0 || Monthdays.Count > 0 || Weeks.Count > 0;

    public bool HasDaySelector => Weekdays.Count > 0 || Holidays.Count > 0;

    public bool UsesSchoolHolidays => Holidays.Any(h => h.Kind == HolidayKind.School);
}

/// <summary>What parsing a value gave: a schedule, or the raw text flagged with the reason it was not understood.</summary>
public sealed record OpeningHoursValue(string Raw, OpeningSchedule? Schedule, string? Problem)
{
    public bool IsUnderstood => Schedule is not null;
}

/// <summary>
/// Opening hours in the OpenStreetMap <c>opening_hours</c> syntax of the national standard's <c>horaires</c> field
/// (https://wiki.openstreetmap.org/wiki/Key:opening_hours/specification, version 0.7): rules joined by <c>;</c>,
/// <c>,</c> and <c>||</c>; years, months, dates (with <c>easter</c> and day offsets), ISO weeks, weekdays with their
/// n-th occurrence in the month, <c>PH</c> (French public holidays, with offsets) and <c>SH</c> (the school holidays
/// of the place's zone), time spans past midnight and with an open end, <c>open</c>/<c>off</c>/<c>closed</c>/<c>unknown</c>
/// and comments, kept and shown. Not supported, and flagged rather than guessed: sunrise/sunset and other variable
/// times, periodic times (<c>10:00-16:00/01:30</c>), weekday offsets on dates (<c>Dec 25 +Su</c>), free text.
/// The semantics follow the reference implementation (opening_hours.js): a <c>;</c> rule that opens replaces what
/// earlier rules said of its days, a rule that closes (<c>off</c>) closes only its times, a <c>,</c> rule adds, a
/// <c>||</c> rule fills the times the rules before it leave closed.
/// </summary>
public sealed partial class OpeningSchedule
{
    internal static readonly string[] DayCodes = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];
    internal static readonly string[] MonthCodes = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    private static readonly DayOfWeek[] DayOrder = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    private OpeningSchedule(IReadOnlyList<OpeningRule> rules)
    {
        Rules = rules;
        UsesSchoolHolidays = rules.Any(r => r.UsesSchoolHolidays);
    }

    public IReadOnlyList<OpeningRule> Rules { get; }

    /// <summary>Whether a rule says <c>SH</c>: its reading depends on the place's zone and on the calendar's extent.</summary>
    public bool UsesSchoolHolidays { get; }

    /// <summary>The comments of the rules, in order, each once (« sur rendez-vous »).</summary>
    public IReadOnlyList<string> Comments => [.. Rules.Select(r => r.Comment).OfType<string>().Distinct()];

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

        var (tokens, tokenProblem) = Tokenizer.Read(text);
        if (tokens is null)
        {
            return new(raw!, null, tokenProblem);
        }

        var parser = new Parser(text, tokens);
        var (rules, problem) = parser.ParseAll();
        return rules is null ? new(raw!, null, problem) : new(raw!, new OpeningSchedule(rules), null);
    }

    /// <summary>
    /// The day's intervals after every rule in order (open or unknown; what is not listed is closed), including the
    /// part of the day before's spans that runs past midnight. Without <paramref name="school"/>, <c>SH</c> never applies.
    /// </summary>
    public IReadOnlyList<OpeningInterval> IntervalsOn(DateOnly date, SchoolHolidays? school = null)
    {
        var day = new DayState();
        if (date.Year is < MinYear or > MaxYear)
        {
            // Far outside any opening hours a place publishes; keeps every date computation below in range.
            return day.Intervals;
        }

        var yesterday = date.AddDays(-1);
        foreach (var rule in Rules)
        {
            var today = Selects(rule, date, school);
            var spill = rule.Times.Any(t => t.End > 1440) && Selects(rule, yesterday, school);
            if (!today && !spill)
            {
                continue;
            }

            if (rule.Separator == RuleSeparator.Fallback)
            {
                if (rule.State != OpeningState.Closed)
                {
                    foreach (var (start, end, state) in Pieces(rule, today, spill))
                    {
                        day.Fill(start, end, state, rule.Comment);
                    }
                }

                continue;
            }

            if (today && rule.Separator == RuleSeparator.Normal && rule.State != OpeningState.Closed)
            {
                day.Clear();
            }

            foreach (var (start, end, state) in Pieces(rule, today, spill))
            {
                day.Set(start, end, state, rule.Comment);
            }
        }

        return day.Intervals;
    }

    /// <summary>The parts of the day a rule speaks of: its own times today, and what runs past midnight from yesterday.</summary>
    private static IEnumerable<(int Start, int End, OpeningState State)> Pieces(OpeningRule rule, bool today, bool spill)
    {
        if (rule.Times.Count == 0)
        {
            if (today)
            {
                yield return (0, 1440, rule.State);
            }

            yield break;
        }

        foreach (var t in rule.Times)
        {
            if (today)
            {
                if (t.OpenEnd && t.End == t.Start)
                {
                    // « 17:00+ »: from that time, the end is not known: unknown (not open) until midnight.
                    yield return (t.Start, 1440, rule.State == OpeningState.Open ? OpeningState.Unknown : rule.State);
                }
                else
                {
                    yield return (t.Start, Math.Min(t.End, 1440), rule.State);
                    if (t.OpenEnd && rule.State == OpeningState.Open && t.End < 1440)
                    {
                        yield return (t.End, 1440, OpeningState.Unknown);
                    }
                }
            }

            if (spill && t.End > 1440)
            {
                yield return (0, t.End - 1440, rule.State);
            }
        }
    }

    /// <summary>The open spans of a date (not the unknown ones).</summary>
    public IReadOnlyList<TimeSpanMinutes> SpansOn(DateOnly date, SchoolHolidays? school = null) =>
        [.. IntervalsOn(date, school).Where(i => i.State == OpeningState.Open).Select(i => new TimeSpanMinutes(i.Start, i.End))];

    /// <summary>Whether the place is open at this local (Europe/Paris) time.</summary>
    public bool IsOpen(DateTime local, SchoolHolidays? school = null)
    {
        var minute = (local.Hour * 60) + local.Minute;
        return SpansOn(DateOnly.FromDateTime(local), school).Any(s => s.Start <= minute && minute < s.End);
    }

    private const int MinYear = 1800;
    private const int MaxYear = 3500;

    /// <summary>How far « next opening » looks: a monthly rule (<c>Mo[1]</c>) or a summer closure still finds its next day.</summary>
    public const int NextOpeningHorizonDays = 92;

    /// <summary>The next time it opens after this local time (within <see cref="NextOpeningHorizonDays"/>), or null if it does not.</summary>
    public DateTime? NextOpening(DateTime local, SchoolHolidays? school = null)
    {
        var today = DateOnly.FromDateTime(local);
        if (today.Year is < MinYear or > MaxYear)
        {
            return null;
        }

        // A span that starts at midnight continues the day before's when that one ran to midnight: not an opening.
        var openAtMidnight = SpansOn(today.AddDays(-1), school).Any(s => s.End == 1440);
        for (var offset = 0; offset <= NextOpeningHorizonDays; offset++)
        {
            var date = today.AddDays(offset);
            var spans = SpansOn(date, school);
            foreach (var span in spans)
            {
                var opening = date.ToDateTime(TimeOnly.MinValue).AddMinutes(span.Start);
                if (opening > local && !(span.Start == 0 && openAtMidnight))
                {
                    return opening;
                }
            }

            openAtMidnight = spans.Any(s => s.End == 1440);
        }

        return null;
    }

    private static bool Selects(OpeningRule rule, DateOnly date, SchoolHolidays? school)
    {
        if (rule.TwentyFourSeven)
        {
            return true;
        }

        if (rule.Years.Count > 0 && !rule.Years.Any(y => date.Year >= y.From && date.Year <= y.To && (date.Year - y.From) % y.Step == 0))
        {
            return false;
        }

        if (rule.Monthdays.Count > 0 && !rule.Monthdays.Any(m => MonthdayMatches(m, date)))
        {
            return false;
        }

        if (rule.Weeks.Count > 0)
        {
            var week = ISOWeek.GetWeekOfYear(date.ToDateTime(TimeOnly.MinValue));
            if (!rule.Weeks.Any(w => week >= w.From && week <= w.To && (week - w.From) % w.Step == 0))
            {
                return false;
            }
        }

        if (!rule.HasDaySelector)
        {
            return true;
        }

        var weekday = rule.Weekdays.Count > 0 && rule.Weekdays.Any(w => WeekdayMatches(w, date));
        var holiday = rule.Holidays.Count > 0 && rule.Holidays.Any(h => h.Kind == HolidayKind.Public
            ? FrenchPublicHolidays.IsHoliday(date.AddDays(-h.OffsetDays))
            : school?.IsHoliday(date) == true);
        return rule.HolidaysAndWeekdays ? holiday && weekday : holiday || weekday;
    }

    private static int Index(DayOfWeek day) => ((int)day + 6) % 7;

    private static bool WeekdayMatches(WeekdayRange w, DateOnly date)
    {
        var d = date.AddDays(-w.OffsetDays);
        if (!w.Contains(Index(d.DayOfWeek)))
        {
            return false;
        }

        if (w.Nth.Count == 0)
        {
            return true;
        }

        var nth = ((d.Day - 1) / 7) + 1;
        var fromEnd = -(((DateTime.DaysInMonth(d.Year, d.Month) - d.Day) / 7) + 1);
        return w.Nth.Any(n => (nth >= n.From && nth <= n.To) || (fromEnd >= n.From && fromEnd <= n.To));
    }

    private static bool MonthdayMatches(MonthdayRange m, DateOnly date)
    {
        // Whole months (« Jan-Mar », « Dec »), possibly with years.
        if (m.From.Day is null && !m.From.Easter && m.To.Day is null && !m.To.Easter)
        {
            if (m.From.Year is { } fromYear)
            {
                var at = (date.Year * 12) + date.Month - 1;
                var start = (fromYear * 12) + m.From.Month - 1;
                var end = ((m.To.Year ?? fromYear) * 12) + m.To.Month - 1;
                if (end < start)
                {
                    end += 12;
                }

                return at >= start && at <= end;
            }

            return m.From.Month <= m.To.Month
                ? date.Month >= m.From.Month && date.Month <= m.To.Month
                : date.Month >= m.From.Month || date.Month <= m.To.Month;
        }

        bool Within(DateOnly first, DateOnly last) => date >= first && date <= last && (date.DayNumber - first.DayNumber) % m.Step == 0;

        if (m.From.Year is { } year)
        {
            var toYear = m.To.Year ?? year;
            if (m.To.Year is null && Exists(m.To, year) && Resolve(m.To, year) < Resolve(m.From, year))
            {
                toYear = year + 1;
            }

            return Exists(m.From, year) && Exists(m.To, toYear) && Within(Resolve(m.From, year), Resolve(m.To, toYear));
        }

        // Without a year the range recurs: the one that started this year, or last year and runs over New Year.
        foreach (var y in new[] { date.Year - 1, date.Year, date.Year + 1 })
        {
            if (!Exists(m.From, y))
            {
                continue;
            }

            var first = Resolve(m.From, y);
            var endYear = Resolve(m.To, y) < first ? y + 1 : y;
            if (!Exists(m.To, endYear))
            {
                continue;
            }

            var last = Resolve(m.To, endYear);
            if (Within(first, last))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A 29 February exists only in leap years (the reference does not move it to the 28th).</summary>
    private static bool Exists(DateSpec spec, int year) => spec.Easter || spec.Day is not { } day || day <= DateTime.DaysInMonth(year, spec.Month);

    private static DateOnly Resolve(DateSpec spec, int year)
    {
        var baseDate = spec.Easter
            ? FrenchPublicHolidays.EasterSunday(year)
            : new DateOnly(year, spec.Month, Math.Min(spec.Day ?? DateTime.DaysInMonth(year, spec.Month), DateTime.DaysInMonth(year, spec.Month)));
        return baseDate.AddDays(spec.OffsetDays);
    }

    /// <summary>
    /// The day's state as sorted, non-overlapping intervals (closed is the absence of an interval): small lists, as a
    /// day has a handful of spans.
    /// </summary>
    private sealed class DayState
    {
        private readonly List<OpeningInterval> intervals = [];

        public IReadOnlyList<OpeningInterval> Intervals => intervals;

        public void Clear() => intervals.Clear();

        /// <summary>Says what the rule says of [start, end): closed removes, open or unknown replaces.</summary>
        public void Set(int start, int end, OpeningState state, string? comment)
        {
            Cut(start, end);
            if (state != OpeningState.Closed)
            {
                Insert(new OpeningInterval(start, end, state, comment));
            }
        }

        /// <summary>A fallback rule: only where nothing is open or unknown yet.</summary>
        public void Fill(int start, int end, OpeningState state, string? comment)
        {
            var cursor = start;
            foreach (var i in intervals.Where(i => i.End > start && i.Start < end).ToList())
            {
                if (i.Start > cursor)
                {
                    Insert(new OpeningInterval(cursor, i.Start, state, comment));
                }

                cursor = Math.Max(cursor, i.End);
            }

            if (cursor < end)
            {
                Insert(new OpeningInterval(cursor, end, state, comment));
            }
        }

        private void Cut(int start, int end)
        {
            var kept = new List<OpeningInterval>(intervals.Count + 1);
            foreach (var i in intervals)
            {
                if (i.End <= start || i.Start >= end)
                {
                    kept.Add(i);
                    continue;
                }

                if (i.Start < start)
                {
                    kept.Add(i with { End = start });
                }

                if (i.End > end)
                {
                    kept.Add(i with { Start = end });
                }
            }

            intervals.Clear();
            intervals.AddRange(kept);
        }

        private void Insert(OpeningInterval interval)
        {
            intervals.Add(interval);
            intervals.Sort((a, b) => a.Start.CompareTo(b.Start));

            // Touching intervals that say the same thing read as one (« de 9 h à 17 h », not two halves).
            for (var k = intervals.Count - 1; k > 0; k--)
            {
                var (a, b) = (intervals[k - 1], intervals[k]);
                if (a.End == b.Start && a.State == b.State && a.Comment == b.Comment)
                {
                    intervals[k - 1] = a with { End = b.End };
                    intervals.RemoveAt(k);
                }
            }
        }
    }
}
