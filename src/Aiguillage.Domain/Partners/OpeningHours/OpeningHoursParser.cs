using System.Globalization;

namespace Aiguillage.Domain.Partners.OpeningHours;

/// <summary>The reading of an opening_hours value: tokens, then the grammar of the OSM specification, rule by rule.</summary>
public sealed partial class OpeningSchedule
{
    private enum TokenKind
    {
        Word,
        Number,
        Time,
        Comment,
        Symbol,
    }

    private readonly record struct Token(TokenKind Kind, string Text, int Value, int Position);

    private static class Tokenizer
    {
        /// <summary>Words, numbers, times (hh:mm, in minutes), comments and symbols; whitespace only separates.</summary>
        public static (List<Token>? Tokens, string? Problem) Read(string text)
        {
            var tokens = new List<Token>();
            var i = 0;
            while (i < text.Length)
            {
                var c = text[i];
                if (char.IsWhiteSpace(c))
                {
                    i++;
                    continue;
                }

                var start = i;
                if (char.IsLetter(c))
                {
                    while (i < text.Length && char.IsLetter(text[i]))
                    {
                        i++;
                    }

                    tokens.Add(new Token(TokenKind.Word, text[start..i], 0, start));
                }
                else if (char.IsAsciiDigit(c))
                {
                    while (i < text.Length && char.IsAsciiDigit(text[i]))
                    {
                        i++;
                    }

                    if (i + 1 < text.Length && text[i] == ':' && char.IsAsciiDigit(text[i + 1]))
                    {
                        var hours = text[start..i];
                        i++;
                        var minuteStart = i;
                        while (i < text.Length && char.IsAsciiDigit(text[i]))
                        {
                            i++;
                        }

                        var minutes = text[minuteStart..i];
                        if (hours.Length != 2 || minutes.Length != 2)
                        {
                            return (null, $"horaire non reconnu « {text[start..i]} » (attendu : 09:00-12:00)");
                        }

                        var h = int.Parse(hours, CultureInfo.InvariantCulture);
                        var m = int.Parse(minutes, CultureInfo.InvariantCulture);
                        if (m > 59 || h > 48 || (h * 60) + m > 2880)
                        {
                            return (null, $"heure impossible dans « {text[start..i]} »");
                        }

                        tokens.Add(new Token(TokenKind.Time, text[start..i], (h * 60) + m, start));
                    }
                    else
                    {
                        var digits = text[start..i];
                        tokens.Add(new Token(TokenKind.Number, digits, digits.Length > 6 ? int.MaxValue : int.Parse(digits, CultureInfo.InvariantCulture), start));
                    }
                }
                else if (c == '"')
                {
                    var end = text.IndexOf('"', i + 1);
                    if (end < 0)
                    {
                        return (null, "commentaire sans guillemet fermant");
                    }

                    var comment = text[(i + 1)..end].Trim();
                    if (comment.Length == 0)
                    {
                        return (null, "commentaire vide");
                    }

                    tokens.Add(new Token(TokenKind.Comment, comment, 0, start));
                    i = end + 1;
                }
                else if (c == '|' && i + 1 < text.Length && text[i + 1] == '|')
                {
                    tokens.Add(new Token(TokenKind.Symbol, "||", 0, start));
                    i += 2;
                }
                else if (c is '-' or '+' or ',' or ';' or ':' or '[' or ']' or '/')
                {
                    tokens.Add(new Token(TokenKind.Symbol, c.ToString(), 0, start));
                    i++;
                }
                else
                {
                    var shown = char.IsSurrogate(c) && i + 1 < text.Length ? text.Substring(i, 2) : c.ToString();
                    return (null, $"caractère non reconnu « {shown} »");
                }
            }

            return (tokens, null);
        }
    }

    private sealed class ParseException(string message) : Exception(message);

    private sealed class Parser(string text, List<Token> tokens)
    {
        private static readonly HashSet<string> VariableTimes = new(["sunrise", "sunset", "dawn", "dusk"], StringComparer.OrdinalIgnoreCase);
        private int pos;
        private int ruleStart;

        private Token? Peek(int ahead = 0) => pos + ahead < tokens.Count ? tokens[pos + ahead] : null;

        private bool IsSymbol(string symbol, int ahead = 0) => Peek(ahead) is { Kind: TokenKind.Symbol } t && t.Text == symbol;

        private bool IsWord(string word, int ahead = 0) => Peek(ahead) is { Kind: TokenKind.Word } t && t.Text.Equals(word, StringComparison.OrdinalIgnoreCase);

        private static int DayIndex(Token? t) => t is { Kind: TokenKind.Word } w ? Array.FindIndex(DayCodes, d => d.Equals(w.Text, StringComparison.OrdinalIgnoreCase)) : -1;

        private static int MonthIndex(Token? t) => t is { Kind: TokenKind.Word } w ? Array.FindIndex(MonthCodes, m => m.Equals(w.Text, StringComparison.OrdinalIgnoreCase)) : -1;

        private static bool IsHoliday(Token? t) => t is { Kind: TokenKind.Word } w && (w.Text.Equals("PH", StringComparison.OrdinalIgnoreCase) || w.Text.Equals("SH", StringComparison.OrdinalIgnoreCase));

        private static bool IsYear(Token? t) => t is { Kind: TokenKind.Number, Text.Length: 4 };

        private bool StartsDate(int ahead = 0) =>
            MonthIndex(Peek(ahead)) >= 0 || IsWord("easter", ahead) || (IsYear(Peek(ahead)) && (MonthIndex(Peek(ahead + 1)) >= 0 || IsWord("easter", ahead + 1)));

        private Token Next()
        {
            var t = Peek() ?? throw Fail("la valeur s'arrête au milieu d'une règle");
            pos++;
            return t;
        }

        private ParseException Fail(string problem)
        {
            // Name the rule where it went wrong: from its start to the next « ; » or « || ».
            var start = ruleStart < tokens.Count ? tokens[ruleStart].Position : text.Length;
            var end = text.Length;
            for (var k = Math.Max(ruleStart, pos); k < tokens.Count; k++)
            {
                if (tokens[k] is { Kind: TokenKind.Symbol, Text: ";" or "||" })
                {
                    end = tokens[k].Position;
                    break;
                }
            }

            var rule = text[start..end].Trim();
            return new ParseException(rule.Length == 0 ? problem : $"« {rule} » : {problem}");
        }

        private int Number(int min, int max, string what)
        {
            var t = Next();
            return t.Kind == TokenKind.Number && t.Value >= min && t.Value <= max ? t.Value : throw Fail($"{what} attendu de {min} à {max}, lu « {t.Text} »");
        }

        public (List<OpeningRule>? Rules, string? Problem) ParseAll()
        {
            try
            {
                var rules = new List<OpeningRule>();
                var separator = RuleSeparator.Normal;
                while (true)
                {
                    while (IsSymbol(";"))
                    {
                        pos++;
                        separator = RuleSeparator.Normal;
                    }

                    if (Peek() is null)
                    {
                        break;
                    }

                    ruleStart = pos;
                    rules.Add(ParseRule(rules.Count == 0 ? RuleSeparator.Normal : separator));
                    if (Peek() is not { } t)
                    {
                        break;
                    }

                    separator = t switch
                    {
                        { Kind: TokenKind.Symbol, Text: ";" } => RuleSeparator.Normal,
                        { Kind: TokenKind.Symbol, Text: "||" } => RuleSeparator.Fallback,
                        { Kind: TokenKind.Symbol, Text: "," } => RuleSeparator.Additional,
                        _ => throw Fail($"élément non reconnu « {t.Text} »"),
                    };
                    pos++;
                    if (separator != RuleSeparator.Normal && (Peek() is null || IsSymbol(";") || IsSymbol("||") || IsSymbol(",")))
                    {
                        throw Fail("une règle manque après « , » ou « || »");
                    }
                }

                return rules.Count == 0 ? (null, "aucune règle") : (rules, null);
            }
            catch (ParseException e)
            {
                return (null, e.Message);
            }
        }

        private OpeningRule ParseRule(RuleSeparator separator)
        {
            if (Peek() is { Kind: TokenKind.Number, Value: 24 } && IsSymbol("/", 1) && Peek(2) is { Kind: TokenKind.Number, Value: 7 })
            {
                pos += 3;
                var (allState, allComment) = ParseModifier();
                return new OpeningRule(separator, [], [], [], [], [], false, [new OpeningTimeSpan(0, 1440, false)], allState ?? (allComment is null ? OpeningState.Open : OpeningState.Unknown), allComment, true);
            }

            var years = new List<YearRange>();
            var monthdays = new List<MonthdayRange>();
            var weeks = new List<WeekRange>();
            if (IsYear(Peek()) && !StartsDate())
            {
                ParseYears(years);
            }

            if (StartsDate())
            {
                ParseMonthdays(monthdays);
            }

            if (IsWord("week"))
            {
                pos++;
                ParseWeeks(weeks);
            }

            if ((years.Count > 0 || monthdays.Count > 0 || weeks.Count > 0) && IsSymbol(":"))
            {
                pos++;
            }

            var weekdays = new List<WeekdayRange>();
            var holidays = new List<HolidayItem>();
            var and = false;
            if (DayIndex(Peek()) >= 0 || IsHoliday(Peek()))
            {
                and = ParseWeekdaySelector(weekdays, holidays);
            }

            var times = new List<OpeningTimeSpan>();
            if (Peek() is { Kind: TokenKind.Time })
            {
                ParseTimes(times);
            }
            else if (Peek() is { Kind: TokenKind.Word } w && VariableTimes.Contains(w.Text))
            {
                throw Fail($"heure variable « {w.Text} » (lever ou coucher du soleil) non prise en charge");
            }

            var (state, comment) = ParseModifier();
            var selected = years.Count > 0 || monthdays.Count > 0 || weeks.Count > 0 || weekdays.Count > 0 || holidays.Count > 0 || times.Count > 0;
            if (!selected && state is null && comment is null)
            {
                throw Peek() switch
                {
                    { Kind: TokenKind.Word } t => Fail($"jour non reconnu « {t.Text} » (attendu : Mo, Tu, We, Th, Fr, Sa, Su, PH, SH, un mois comme Jan, ou week)"),
                    { Kind: TokenKind.Number } t => Fail($"horaire non reconnu « {t.Text} » (attendu : 09:00-12:00)"),
                    { } t => Fail($"élément non reconnu « {t.Text} »"),
                    null => Fail("règle vide"),
                };
            }

            // A comment alone leaves the state unknown (« sur rendez-vous »), as the reference implementation reads it.
            return new OpeningRule(separator, years, monthdays, weeks, weekdays, holidays, and, times, state ?? (comment is null ? OpeningState.Open : OpeningState.Unknown), comment, false);
        }

        private (OpeningState? State, string? Comment) ParseModifier()
        {
            OpeningState? state = null;
            if (Peek() is { Kind: TokenKind.Word } w)
            {
                state = w.Text.ToLowerInvariant() switch
                {
                    "open" => OpeningState.Open,
                    "off" or "closed" => OpeningState.Closed,
                    "unknown" => OpeningState.Unknown,
                    _ => null,
                };
                if (state is not null)
                {
                    pos++;
                }
            }

            string? comment = null;
            if (Peek() is { Kind: TokenKind.Comment } c)
            {
                comment = c.Text;
                pos++;
            }

            return (state, comment);
        }

        private void ParseYears(List<YearRange> years)
        {
            while (true)
            {
                var from = Number(1900, 2999, "une année");
                var to = from;
                var step = 1;
                if (IsSymbol("+"))
                {
                    pos++;
                    to = 9999;
                }
                else if (IsSymbol("-") && IsYear(Peek(1)))
                {
                    pos++;
                    to = Number(from, 2999, "une année de fin");
                }

                if (IsSymbol("/"))
                {
                    pos++;
                    step = Number(1, 100, "un pas d'années");
                }

                years.Add(new YearRange(from, to, step));
                if (IsSymbol(",") && IsYear(Peek(1)) && !StartsDate(1))
                {
                    pos++;
                    continue;
                }

                return;
            }
        }

        private DateSpec ParseDate()
        {
            int? year = IsYear(Peek()) ? Number(1900, 2999, "une année") : null;
            if (IsWord("easter"))
            {
                pos++;
                return new DateSpec(year, 0, null, true, ParseDayOffset());
            }

            var month = MonthIndex(Peek());
            if (month < 0)
            {
                throw Fail($"mois non reconnu « {Peek()?.Text} » (attendu : Jan, Feb, Mar, Apr, May, Jun, Jul, Aug, Sep, Oct, Nov, Dec)");
            }

            pos++;
            int? day = null;
            if (Peek() is { Kind: TokenKind.Number, Text.Length: <= 2 })
            {
                day = Number(1, DateTime.DaysInMonth(2024, month + 1), $"un jour de {MonthCodes[month]}");
            }

            return new DateSpec(year, month + 1, day, false, day is null ? 0 : ParseDayOffset());
        }

        /// <summary>« +2 days », « -1 day » after a date, a n-th weekday or PH.</summary>
        private int ParseDayOffset()
        {
            if ((IsSymbol("+") || IsSymbol("-")) && Peek(1) is { Kind: TokenKind.Number } && (IsWord("day", 2) || IsWord("days", 2)))
            {
                var sign = Next().Text == "-" ? -1 : 1;
                var n = Number(0, 366, "un nombre de jours");
                pos++;
                return sign * n;
            }

            if ((IsSymbol("+") || IsSymbol("-")) && DayIndex(Peek(1)) >= 0)
            {
                throw Fail("décalage par jour de la semaine (« +Su ») non pris en charge");
            }

            return 0;
        }

        private void ParseMonthdays(List<MonthdayRange> monthdays)
        {
            while (true)
            {
                var first = ParseDate();
                var to = first;
                var step = 1;
                if (IsSymbol("-") && !(Peek(1) is { Kind: TokenKind.Number } && (IsWord("day", 2) || IsWord("days", 2))))
                {
                    if (Peek(1) is { Kind: TokenKind.Number, Text.Length: <= 2 } && first.Day is not null && !first.Easter)
                    {
                        pos++;
                        to = first with { Day = Number(1, DateTime.DaysInMonth(2024, first.Month), $"un jour de {MonthCodes[first.Month - 1]}"), OffsetDays = 0 };
                        to = to with { OffsetDays = ParseDayOffset() };
                    }
                    else if (StartsDate(1))
                    {
                        pos++;
                        to = ParseDate();
                    }
                    else
                    {
                        throw Fail($"fin de période non reconnue « {Peek(1)?.Text} »");
                    }

                    if ((first.Day is null && !first.Easter) != (to.Day is null && !to.Easter))
                    {
                        throw Fail("une période va d'un mois à un mois, ou d'une date à une date");
                    }

                    if (to.Year is not null && first.Year is null)
                    {
                        throw Fail("une année sur la fin d'une période demande une année sur son début");
                    }
                }

                if (IsSymbol("/") && Peek(1) is { Kind: TokenKind.Number })
                {
                    pos++;
                    step = Number(1, 366, "un pas de jours");
                    if (first.Day is null || first == to)
                    {
                        throw Fail("un pas de jours demande une période de dates (Dec 01-31/7)");
                    }
                }

                monthdays.Add(new MonthdayRange(first, to, step));
                if (IsSymbol(",") && StartsDate(1))
                {
                    pos++;
                    continue;
                }

                return;
            }
        }

        private void ParseWeeks(List<WeekRange> weeks)
        {
            while (true)
            {
                var from = Number(1, 53, "une semaine");
                var to = from;
                var step = 1;
                if (IsSymbol("-"))
                {
                    pos++;
                    to = Number(from, 53, "une semaine de fin");
                }

                if (IsSymbol("/"))
                {
                    pos++;
                    step = Number(1, 53, "un pas de semaines");
                }

                weeks.Add(new WeekRange(from, to, step));
                if (IsSymbol(",") && Peek(1) is { Kind: TokenKind.Number })
                {
                    pos++;
                    continue;
                }

                return;
            }
        }

        /// <summary>Weekdays and holidays joined by commas (either); holidays then weekdays without a comma (both). Returns whether both are required.</summary>
        private bool ParseWeekdaySelector(List<WeekdayRange> weekdays, List<HolidayItem> holidays)
        {
            ParseDayList(weekdays, holidays, allowHolidays: true);
            if (holidays.Count > 0 && weekdays.Count == 0 && DayIndex(Peek()) >= 0)
            {
                ParseDayList(weekdays, holidays, allowHolidays: false);
                return true;
            }

            return false;
        }

        private void ParseDayList(List<WeekdayRange> weekdays, List<HolidayItem> holidays, bool allowHolidays)
        {
            while (true)
            {
                if (allowHolidays && IsHoliday(Peek()))
                {
                    var kind = Next().Text.Equals("PH", StringComparison.OrdinalIgnoreCase) ? HolidayKind.Public : HolidayKind.School;
                    holidays.Add(new HolidayItem(kind, kind == HolidayKind.Public ? ParseDayOffset() : 0));
                }
                else
                {
                    var from = DayIndex(Peek());
                    if (from < 0)
                    {
                        throw Fail($"jour non reconnu « {Peek()?.Text} » (attendu : Mo, Tu, We, Th, Fr, Sa, Su ou PH)");
                    }

                    pos++;
                    if (IsSymbol("["))
                    {
                        pos++;
                        var nth = new List<(int, int)>();
                        while (true)
                        {
                            var n = ParseNth();
                            var m = n;
                            if (IsSymbol("-") && (Peek(1) is { Kind: TokenKind.Number } || IsSymbol("-", 1)))
                            {
                                pos++;
                                m = ParseNth();
                            }

                            if (Math.Sign(n) != Math.Sign(m) || m < n)
                            {
                                throw Fail("rang de jour dans le mois impossible");
                            }

                            nth.Add((n, m));
                            if (IsSymbol(","))
                            {
                                pos++;
                                continue;
                            }

                            break;
                        }

                        if (!IsSymbol("]"))
                        {
                            throw Fail("« ] » attendu après le rang du jour dans le mois");
                        }

                        pos++;
                        weekdays.Add(new WeekdayRange(from, from, nth, ParseDayOffset()));
                    }
                    else if (IsSymbol("-") && DayIndex(Peek(1)) >= 0)
                    {
                        pos++;
                        weekdays.Add(new WeekdayRange(from, DayIndex(Next()), [], 0));
                    }
                    else
                    {
                        weekdays.Add(new WeekdayRange(from, from, [], 0));
                    }
                }

                if (IsSymbol(",") && (DayIndex(Peek(1)) >= 0 || (allowHolidays && IsHoliday(Peek(1)))))
                {
                    pos++;
                    continue;
                }

                return;
            }
        }

        private int ParseNth()
        {
            var negative = false;
            if (IsSymbol("-"))
            {
                pos++;
                negative = true;
            }

            var n = Number(1, 5, "un rang dans le mois");
            return negative ? -n : n;
        }

        private void ParseTimes(List<OpeningTimeSpan> times)
        {
            while (true)
            {
                var first = Next();
                if (first.Kind != TokenKind.Time)
                {
                    throw Fail($"horaire non reconnu « {first.Text} » (attendu : 09:00-12:00)");
                }

                if (first.Value >= 1440)
                {
                    throw Fail($"heure impossible dans « {first.Text} »");
                }

                if (IsSymbol("+"))
                {
                    pos++;
                    times.Add(new OpeningTimeSpan(first.Value, first.Value, true));
                }
                else if (IsSymbol("-"))
                {
                    pos++;
                    var second = Peek();
                    if (second is { Kind: TokenKind.Word } v && VariableTimes.Contains(v.Text))
                    {
                        throw Fail($"heure variable « {v.Text} » (lever ou coucher du soleil) non prise en charge");
                    }

                    if (second is not { Kind: TokenKind.Time })
                    {
                        throw Fail($"horaire non reconnu « {first.Text}-{second?.Text} » (attendu : 09:00-12:00)");
                    }

                    pos++;

                    // An end at or before the start runs past midnight (22:00-02:00).
                    var end = second.Value.Value <= first.Value ? second.Value.Value + 1440 : second.Value.Value;
                    if (end > 2880)
                    {
                        throw Fail($"heure impossible dans « {first.Text}-{second.Value.Text} »");
                    }

                    var openEnd = false;
                    if (IsSymbol("+"))
                    {
                        pos++;
                        openEnd = true;
                    }

                    if (IsSymbol("/"))
                    {
                        throw Fail("horaire périodique (« 10:00-16:00/01:30 ») non pris en charge");
                    }

                    times.Add(new OpeningTimeSpan(first.Value, end, openEnd));
                }
                else
                {
                    throw Fail($"horaire non reconnu « {first.Text} » (attendu : 09:00-12:00, ou 17:00+ sans heure de fin)");
                }

                if (IsSymbol(",") && Peek(1) is { Kind: TokenKind.Time })
                {
                    pos++;
                    continue;
                }

                return;
            }
        }
    }
}
