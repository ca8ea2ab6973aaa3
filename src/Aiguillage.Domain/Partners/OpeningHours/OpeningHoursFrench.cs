namespace Aiguillage.Domain.Partners.OpeningHours;

/// <summary>The value read aloud in plain French, as a client or a mediator would say it.</summary>
public sealed partial class OpeningSchedule
{
    private static readonly string[] FrenchDays = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];
    private static readonly string[] FrenchMonths = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];

    /// <summary>
    /// « du lundi au vendredi, de 9 h à 12 h et de 14 h à 17 h ; le samedi, de 9 h à 12 h ; fermé les jours fériés ».
    /// A week-by-week value reads as its week; one with dates, weeks, n-th weekdays, school holidays, comments or
    /// fallbacks reads rule by rule, in order (« du lundi au vendredi, de 9 h à 12 h ; du 24 décembre au 2 janvier : fermé »).
    /// </summary>
    public string ToFrench() => Rules.All(IsWeekly) && HolidaysLast() ? WeekFrench() : string.Join(" ; ", Rules.Select(RuleFrench));

    /// <summary>
    /// The week then « fermé les jours fériés » reads right only when no rule after a PH rule opens days (in
    /// <c>PH off; Mo-Fr 09:00-12:00</c> the later rule opens the holidays that fall on a weekday).
    /// </summary>
    private bool HolidaysLast()
    {
        var firstHoliday = Rules.ToList().FindIndex(r => r.Holidays.Count > 0 && !r.TwentyFourSeven);
        return firstHoliday < 0 || Rules.Skip(firstHoliday + 1).All(r => r.Holidays.Count > 0 || r.State == OpeningState.Closed);
    }

    /// <summary>A rule of the weekly subset real data mostly uses: weekdays, PH, times, open or closed for whole days.</summary>
    private static bool IsWeekly(OpeningRule r) =>
        (r.Separator == RuleSeparator.Normal || (r.Separator == RuleSeparator.Additional && r.State == OpeningState.Open)) && !r.HasWideRange && r.Comment is null && !r.HolidaysAndWeekdays
        && r.State != OpeningState.Unknown && (r.State == OpeningState.Open || r.Times.Count == 0)
        && r.Weekdays.All(w => w.Nth.Count == 0 && w.OffsetDays == 0) && r.Holidays.All(h => h is { Kind: HolidayKind.Public, OffsetDays: 0 })
        && r.Times.All(t => !t.OpenEnd);

    private string WeekFrench()
    {
        var week = Enumerable.Range(0, 7).Select(day => (Day: day, Spans: WeekdaySpans(day))).ToList();
        var groups = week.Where(w => w.Spans.Count > 0)
            .GroupBy(w => string.Join('|', w.Spans))
            .Select(g => (Days: g.Select(w => w.Day).ToList(), g.First().Spans))
            .OrderBy(g => g.Days[0]);
        var parts = groups.Select(g => $"{DaysFrench(g.Days)}, {SpansFrench(g.Spans)}").ToList();
        if (parts.Count == 0)
        {
            parts.Add("fermé");
        }

        var holidayRule = Rules.LastOrDefault(r => r.Holidays.Count > 0 && !r.TwentyFourSeven);
        if (holidayRule is not null)
        {
            parts.Add(holidayRule.State == OpeningState.Closed ? "fermé les jours fériés" : $"les jours fériés, {SpansFrench(RuleSpans(holidayRule))}");
        }

        return string.Join(" ; ", parts);
    }

    /// <summary>The spans of an ordinary (non-holiday) weekday, as the weekly rules give them.</summary>
    private List<TimeSpanMinutes> WeekdaySpans(int day)
    {
        List<TimeSpanMinutes> spans = [];
        foreach (var rule in Rules.Where(r => r.TwentyFourSeven || !r.HasDaySelector || r.Weekdays.Any(w => w.Contains(day))))
        {
            // « , » adds its spans to the day's; « ; » replaces them.
            spans = rule.State == OpeningState.Closed ? []
                : rule.Separator == RuleSeparator.Additional ? [.. spans.Concat(RuleSpans(rule)).Distinct().OrderBy(t => t.Start)]
                : RuleSpans(rule);
        }

        return spans;
    }

    private static List<TimeSpanMinutes> RuleSpans(OpeningRule rule) =>
        rule.Times.Count == 0 ? [new TimeSpanMinutes(0, 1440)] : [.. rule.Times.Select(t => new TimeSpanMinutes(t.Start, t.End))];

    private static string RuleFrench(OpeningRule rule)
    {
        var lead = rule.Separator switch
        {
            RuleSeparator.Additional => "en plus, ",
            RuleSeparator.Fallback => "sinon, ",
            _ => string.Empty,
        };

        var selectors = new List<string>();
        if (rule.TwentyFourSeven)
        {
            selectors.Add("tous les jours");
        }

        selectors.AddRange(rule.Years.Select(YearsFrench));
        if (rule.Monthdays.Count > 0)
        {
            selectors.Add(JoinFrench([.. rule.Monthdays.Select(MonthdayFrench)]));
        }

        if (rule.Weeks.Count > 0)
        {
            selectors.Add(JoinFrench([.. rule.Weeks.Select(WeekFrench)]));
        }

        if (rule.HasDaySelector)
        {
            var holidays = rule.Holidays.Select(HolidayFrench).ToList();
            var weekdays = WeekdaysFrench(rule.Weekdays);
            selectors.Add(rule.HolidaysAndWeekdays
                ? $"{JoinFrench(holidays)}, {weekdays}"
                : JoinFrench([.. holidays, .. weekdays is null ? [] : new[] { weekdays }]));
        }

        var comment = rule.Comment is null ? string.Empty : $" ({rule.Comment})";
        var times = rule.TwentyFourSeven || rule.Times.Count == 0 ? "toute la journée" : TimesFrench(rule.Times);
        if (selectors.Count == 0 && rule.Times.Count == 0)
        {
            // No selector: the rule speaks of every day.
            return lead + (rule.State, rule.Comment) switch
            {
                (OpeningState.Closed, _) => "fermé" + comment,
                (OpeningState.Unknown, { } c) => c,
                (OpeningState.Unknown, null) => "horaires à confirmer",
                _ => "tous les jours, toute la journée" + comment,
            };
        }

        var head = selectors.Count == 0 ? "tous les jours" : string.Join(", ", selectors);
        return lead + rule.State switch
        {
            OpeningState.Closed when rule.Times.Count == 0 => $"{head} : fermé{comment}",
            OpeningState.Closed => $"{head}, fermé {times}{comment}",
            OpeningState.Unknown when rule.Comment is null => $"{head}, {times}, à confirmer",
            OpeningState.Unknown when rule.Times.Count == 0 && !rule.TwentyFourSeven => $"{head} : {rule.Comment}",
            _ => $"{head}, {times}{comment}",
        };
    }

    private static string YearsFrench(YearRange y)
    {
        var range = y.To == 9999 ? $"à partir de {y.From}" : y.From == y.To ? $"en {y.From}" : $"de {y.From} à {y.To}";
        return y.Step > 1 ? $"une année sur {y.Step} {range}" : range;
    }

    private static string DateFrench(DateSpec d)
    {
        string text;
        if (d.Easter)
        {
            text = "le dimanche de Pâques";
        }
        else
        {
            text = d.Day is { } day ? $"le {Ordinal1(day)} {FrenchMonths[d.Month - 1]}" : FrenchMonths[d.Month - 1];
        }

        if (d.Year is { } year)
        {
            text += $" {year}";
        }

        var bare = text.StartsWith("le ", StringComparison.Ordinal) ? text[3..] : text;
        return d.OffsetDays switch
        {
            0 => text,
            1 => $"le lendemain du {bare}",
            -1 => $"la veille du {bare}",
            var n => $"{Math.Abs(n)} jours {(n > 0 ? "après" : "avant")} le {bare}",
        };
    }

    private static string MonthdayFrench(MonthdayRange m)
    {
        var single = m.From == m.To;
        string text;
        if (m.From.Day is null && !m.From.Easter)
        {
            text = single ? $"en {DateFrench(m.From)}" : $"de {DateFrench(m.From)} à {DateFrench(m.To)}";
        }
        else if (single)
        {
            text = DateFrench(m.From);
        }
        else
        {
            static string Bare(string s) => s.StartsWith("le ", StringComparison.Ordinal) ? s[3..] : s;
            text = m.From is { Easter: false, OffsetDays: 0, Day: { } a } && m.To is { Easter: false, OffsetDays: 0, Year: null } && m.From.Year is null && m.To.Month == m.From.Month
                ? $"du {Ordinal1(a)} au {Ordinal1(m.To.Day!.Value)} {FrenchMonths[m.From.Month - 1]}"
                : $"du {Bare(DateFrench(m.From))} au {Bare(DateFrench(m.To))}";
        }

        return m.Step > 1 ? $"{text}, un jour sur {m.Step}" : text;
    }

    private static string WeekFrench(WeekRange w)
    {
        var range = w.From == w.To ? $"la semaine {w.From}" : $"les semaines {w.From} à {w.To}";
        return w.Step > 1 ? $"une semaine sur {w.Step}, {range}" : range;
    }

    private static string HolidayFrench(HolidayItem h) => (h.Kind, h.OffsetDays) switch
    {
        (HolidayKind.School, _) => "pendant les vacances scolaires",
        (_, 0) => "les jours fériés",
        (_, 1) => "le lendemain des jours fériés",
        (_, -1) => "la veille des jours fériés",
        (_, var n) => $"{Math.Abs(n)} jours {(n > 0 ? "après" : "avant")} les jours fériés",
    };

    private static string? WeekdaysFrench(IReadOnlyList<WeekdayRange> weekdays)
    {
        if (weekdays.Count == 0)
        {
            return null;
        }

        var plain = weekdays.Where(w => w.Nth.Count == 0).SelectMany(w => Enumerable.Range(0, 7).Where(w.Contains)).Distinct().ToList();
        var parts = new List<string>();
        if (plain.Count > 0)
        {
            parts.Add(DaysFrench(plain));
        }

        foreach (var w in weekdays.Where(w => w.Nth.Count > 0))
        {
            var ranks = w.Nth.SelectMany(n => Enumerable.Range(n.From, n.To - n.From + 1)).Distinct().ToList();
            static string Rank(int r) => r switch
            {
                1 => "premier",
                > 0 => $"{r}e",
                -1 => "dernier",
                -2 => "avant-dernier",
                _ => $"{-r}e en partant de la fin",
            };

            // « le premier lundi du mois », « l'avant-dernier samedi du mois », « les 1er et 3e lundis du mois ».
            var text = ranks.Count == 1
                ? (ranks[0] == -2 ? "l'" : "le ") + $"{Rank(ranks[0])} {FrenchDays[w.From]} du mois"
                : ranks.All(r => r > 0)
                    ? $"les {JoinFrench([.. ranks.Select(r => r == 1 ? "1er" : $"{r}e")])} {FrenchDays[w.From]}s du mois"
                    : JoinFrench([.. ranks.Select(r => (r == -2 ? "l'" : "le ") + Rank(r))]) + $" {FrenchDays[w.From]} du mois";
            parts.Add(w.OffsetDays == 0 ? text : $"{Math.Abs(w.OffsetDays)} jour{(Math.Abs(w.OffsetDays) > 1 ? "s" : string.Empty)} {(w.OffsetDays > 0 ? "après" : "avant")} {text}");
        }

        return JoinFrench(parts);
    }

    private static string TimesFrench(IReadOnlyList<OpeningTimeSpan> times) =>
        JoinFrench([.. times.Select(t => t.OpenEnd && t.Start == t.End ? $"à partir de {Clock(t.Start)}"
            : $"de {Clock(t.Start)} à {Clock(t.End > 1440 ? t.End - 1440 : t.End)}{(t.OpenEnd ? " (fin non précisée)" : string.Empty)}")]);

    private static string Ordinal1(int day) => day == 1 ? "1er" : day.ToString(System.Globalization.CultureInfo.InvariantCulture);

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

    private static string SpansFrench(List<TimeSpanMinutes> spans) =>
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
