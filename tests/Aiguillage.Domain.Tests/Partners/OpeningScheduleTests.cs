using System.Text.RegularExpressions;
using Aiguillage.Domain.Partners.OpeningHours;

namespace Aiguillage.Domain.Tests.Partners;

public sealed partial class OpeningScheduleTests
{
    private static readonly List<string> Corpus = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Data", "opening-hours", "horaires-real-values.tsv"))
        .Skip(1).Select(l => l.Split('\t')[0]).ToList();

    /// <summary>The tokens of the OSM subset real data uses; free French text contains other words.</summary>
    [GeneratedRegex("^(?:Mo|Tu|We|Th|Fr|Sa|Su|PH|off|[0-9:,\\- ;])+$")]
    private static partial Regex OsmTokens();

    private static OpeningSchedule Schedule(string value) => OpeningSchedule.Parse(value).Schedule ?? throw new InvalidOperationException(OpeningSchedule.Parse(value).Problem);

    [Fact]
    public void Every_value_of_the_real_corpus_is_understood_or_flagged_and_free_text_is_never_guessed()
    {
        Assert.Equal(281, Corpus.Count);
        foreach (var value in Corpus)
        {
            var parsed = OpeningSchedule.Parse(value);
            Assert.Equal(value, parsed.Raw);
            Assert.True(parsed.IsUnderstood == OsmTokens().IsMatch(value), $"« {value} » : {parsed.Problem}");
            if (parsed.Schedule is { } schedule)
            {
                Assert.False(string.IsNullOrWhiteSpace(schedule.ToFrench()));
                var monday = new DateTime(2026, 11, 30, 0, 0, 0);
                for (var hour = 0; hour < 24 * 7; hour += 5)
                {
                    _ = schedule.IsOpen(monday.AddHours(hour));
                }

                Assert.NotNull(schedule.NextOpening(monday));
            }
            else
            {
                Assert.False(string.IsNullOrEmpty(parsed.Problem));
            }
        }

        Assert.Equal(15, Corpus.Count(v => !OpeningSchedule.Parse(v).IsUnderstood));
    }

    [Theory]
    [InlineData("Mo-Fr 09:00-12:00,14:00-17:00", "du lundi au vendredi, de 9 h à 12 h et de 14 h à 17 h")]
    [InlineData("Mo-Fr 08:30-12:00; We off", "le lundi, le mardi, le jeudi et le vendredi, de 8 h 30 à 12 h")]
    [InlineData("Mo 09:30-12:30,13:30-15:30; PH off", "le lundi, de 9 h 30 à 12 h 30 et de 13 h 30 à 15 h 30 ; fermé les jours fériés")]
    [InlineData("09:00-12:00,14:00-17:30", "tous les jours, de 9 h à 12 h et de 14 h à 17 h 30")]
    [InlineData("Mo-Sa 09:00-12:00; Tu-Fr 09:00-12:00,14:00-17:00; We off", "le lundi et le samedi, de 9 h à 12 h ; le mardi, le jeudi et le vendredi, de 9 h à 12 h et de 14 h à 17 h")]
    [InlineData("Tu,We 10:00-12:00,13:30-18:00; Th,Fr 13:30-18:00; Sa 10:00-12:00,13:30-17:00", "le mardi et le mercredi, de 10 h à 12 h et de 13 h 30 à 18 h ; le jeudi et le vendredi, de 13 h 30 à 18 h ; le samedi, de 10 h à 12 h et de 13 h 30 à 17 h")]
    [InlineData("24/7", "tous les jours, toute la journée")]
    [InlineData("mo-fr 09:00 - 12:00", "du lundi au vendredi, de 9 h à 12 h")]
    public void Schedules_read_in_french(string value, string french) => Assert.Equal(french, Schedule(value).ToFrench());

    [Fact]
    public void A_later_rule_replaces_earlier_ones_for_its_days()
    {
        var schedule = Schedule("Mo-Fr 08:30-12:00,13:30-17:00; Th off");
        Assert.True(schedule.IsOpen(new DateTime(2026, 12, 2, 9, 0, 0)));    // Wednesday
        Assert.False(schedule.IsOpen(new DateTime(2026, 12, 3, 9, 0, 0)));   // Thursday: off
        Assert.False(schedule.IsOpen(new DateTime(2026, 12, 2, 12, 30, 0))); // lunch break
        Assert.False(schedule.IsOpen(new DateTime(2026, 12, 2, 17, 0, 0)));  // the end is excluded
    }

    [Fact]
    public void Public_holidays_close_when_the_value_says_PH_off()
    {
        var schedule = Schedule("Mo 09:30-12:30,13:30-15:30; PH off");
        Assert.True(schedule.IsOpen(new DateTime(2026, 11, 30, 10, 0, 0)));  // an ordinary Monday
        Assert.False(schedule.IsOpen(new DateTime(2026, 4, 6, 10, 0, 0)));   // Easter Monday 2026
        Assert.Equal(new DateTime(2026, 4, 13, 9, 30, 0), schedule.NextOpening(new DateTime(2026, 4, 6, 8, 0, 0)));
        Assert.True(Schedule("Mo 09:30-12:30").IsOpen(new DateTime(2026, 4, 6, 10, 0, 0)));   // without PH, holidays are ordinary days
    }

    [Theory]
    [InlineData(2026, 4, 6)]
    [InlineData(2026, 5, 14)]
    [InlineData(2026, 5, 25)]
    [InlineData(2027, 3, 29)]
    [InlineData(2026, 7, 14)]
    [InlineData(2026, 11, 11)]
    public void French_public_holidays_are_known(int year, int month, int day) =>
        Assert.True(FrenchPublicHolidays.IsHoliday(new DateOnly(year, month, day)));

    [Fact]
    public void Next_opening_and_spans_past_midnight()
    {
        Assert.Equal(new DateTime(2026, 12, 1, 9, 0, 0), Schedule("Tu 09:00-12:00").NextOpening(new DateTime(2026, 11, 30, 15, 0, 0)));
        Assert.Equal(new DateTime(2026, 12, 8, 9, 0, 0), Schedule("Tu 09:00-12:00").NextOpening(new DateTime(2026, 12, 1, 9, 0, 0)));
        var night = Schedule("Fr 22:00-02:00");
        Assert.True(night.IsOpen(new DateTime(2026, 12, 5, 1, 0, 0)));       // Saturday 1 a.m.
        Assert.False(night.IsOpen(new DateTime(2026, 12, 5, 3, 0, 0)));
        Assert.Equal("le vendredi, de 22 h à 2 h", night.ToFrench());
        Assert.Null(Schedule("Mo off").NextOpening(new DateTime(2026, 11, 30, 8, 0, 0)));
    }

    [Theory]
    [InlineData("mardi matin 9h-10h30", "jour non reconnu")]
    [InlineData("Mo-Fr 9:00-12:00", "horaire non reconnu")]
    [InlineData("Mo-Fr 09:00-25:61", "heure impossible")]
    [InlineData("Mo-Fr 09:00-12:00 \"sur rendez-vous", "guillemet fermant")]
    [InlineData("Mo-Fr sunrise-12:00", "heure variable")]
    [InlineData("Mo-Fr 08:00-sunset", "heure variable")]
    [InlineData("Mo-Fr 10:00-16:00/01:30", "périodique")]
    [InlineData("Dec 25 +Su 10:00-12:00", "jour de la semaine")]
    [InlineData("Feb 30 off", "un jour de Feb attendu de 1 à 29")]
    [InlineData("Mo[6] 10:00-12:00", "un rang dans le mois attendu de 1 à 5")]
    [InlineData("week 54 Mo 10:00-12:00", "une semaine attendu de 1 à 53")]
    [InlineData("Mo-Fr 09:00-12:00 ||", "une règle manque")]
    [InlineData("Mo 09:00-12:00 ||; Sa 10:00-12:00", "une règle manque")]
    [InlineData("Jan-easter 10:00-12:00", "d'un mois à un mois")]
    [InlineData("Dec 24-2027 Jan 02 off", "une année sur la fin")]
    [InlineData("Jan 24/7", "un pas de jours demande une période")]
    [InlineData("Mo 10:00-12:00 \U0001F600", "« \U0001F600 »")]
    [InlineData("Mo-Fr 09:00-12:00; Sa 10:00 à 12:00", "« Sa 10:00 à 12:00 » : horaire non reconnu")]
    [InlineData("", "vides")]
    public void Values_outside_the_supported_syntax_are_kept_and_flagged_with_a_reason(string value, string reason)
    {
        var parsed = OpeningSchedule.Parse(value);
        Assert.False(parsed.IsUnderstood);
        Assert.Equal(value, parsed.Raw);
        Assert.Contains(reason, parsed.Problem, StringComparison.Ordinal);
    }

    private static readonly SchoolHolidayCalendar Calendar = SchoolHolidayCalendar.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "calendar", "vacances-scolaires.csv")));

    /// <summary>A week from its Monday, day by day: « 09:00-12:00,14:00-17:00 | … | - », unknown marked « ? », comments quoted.</summary>
    private static string Week(OpeningSchedule schedule, DateOnly monday, SchoolHolidays? school = null) =>
        string.Join(" | ", Enumerable.Range(0, 7).Select(i => schedule.IntervalsOn(monday.AddDays(i), school) is { Count: > 0 } day
            ? string.Join(",", day.Select(v => $"{v.Start / 60:00}:{v.Start % 60:00}-{v.End / 60:00}:{v.End % 60:00}{(v.State == OpeningState.Unknown ? "?" : string.Empty)}{(v.Comment is { } c ? $" \"{c}\"" : string.Empty)}"))
            : "-"));

    [Fact]
    public void Every_value_reads_week_by_week_as_the_reference_implementation_reads_it()
    {
        // Written by tools/opening-hours-reference (opening_hours.js 3.15.0) for the 266 understood values of the real
        // corpus and the specification cases, over Christmas, Easter, 14 July, the winter holidays and an ordinary week.
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Data", "opening-hours", "reference-weeks.tsv")).Skip(1).Select(l => l.Split('\t')).ToList();
        Assert.Equal(266, Corpus.Count(v => OsmTokens().IsMatch(v) && lines.Exists(l => l[0] == v)));
        var differences = new List<string>();
        var guessed = new HashSet<string>();
        foreach (var (value, week, expected) in lines.Select(l => (l[0], DateOnly.Parse(l[1], System.Globalization.CultureInfo.InvariantCulture), l[2])))
        {
            var parsed = OpeningSchedule.Parse(value);

            // The reference corrects some free French text (« MERCREDI 17h - 19h » read as We 17:00-19:00, with a
            // warning); the app never guesses: such a value is kept as written and flagged.
            if (!parsed.IsUnderstood && Corpus.Contains(value) && !OsmTokens().IsMatch(value))
            {
                guessed.Add(value);
                continue;
            }

            var actual = parsed.Schedule is { } schedule ? Week(schedule, week) : parsed.Problem;
            if (actual != expected)
            {
                differences.Add($"« {value} » semaine du {week:yyyy-MM-dd}\n  référence : {expected}\n  lu :        {actual}");
            }
        }

        Assert.True(differences.Count == 0, string.Join("\n", differences));
        Assert.Equal(["MERCREDI 17h - 19h"], guessed);
    }

    public static TheoryData<string, string, SchoolZone?, string> NamedWeeks => new()
    {
        // Christmas 2026: Friday 25 December is a public holiday; 21 December–3 January are school holidays everywhere.
        { "Mo-Fr 09:00-12:00, Sa 10:00-12:00", "2026-12-21", null, "09:00-12:00 | 09:00-12:00 | 09:00-12:00 | 09:00-12:00 | 09:00-12:00 | 10:00-12:00 | -" },
        { "Mo-Fr 09:00-12:00; PH off", "2026-12-21", null, "09:00-12:00 | 09:00-12:00 | 09:00-12:00 | 09:00-12:00 | - | - | -" },
        { "Mo-Fr 09:00-12:00; Dec 24-Jan 02 off", "2026-12-21", null, "09:00-12:00 | 09:00-12:00 | 09:00-12:00 | - | - | - | -" },
        { "Dec 24-Jan 02 off; Mo-Fr 09:00-12:00", "2026-12-21", null, "09:00-12:00 | 09:00-12:00 | 09:00-12:00 | 09:00-12:00 | 09:00-12:00 | - | -" },
        { "week 52 Mo-Fr 10:00-12:00", "2026-12-21", null, "10:00-12:00 | 10:00-12:00 | 10:00-12:00 | 10:00-12:00 | 10:00-12:00 | - | -" },
        { "Fr 22:00-02:00", "2026-12-21", null, "- | - | - | - | 22:00-24:00 | 00:00-02:00 | -" },
        { "Mo-Fr 09:00-12:00; SH off", "2026-12-21", SchoolZone.B, "- | - | - | - | - | - | -" },
        { "Mo-Fr 09:00-12:00; Dec 24 off \"veille de Noël\"", "2026-12-21", null, "09:00-12:00 | 09:00-12:00 | 09:00-12:00 | - | 09:00-12:00 | - | -" },

        // Easter 2026: Monday 6 April is Easter Monday and the first Monday of April; zone A is in its spring holidays.
        { "Mo-Fr 09:00-12:00; PH off", "2026-04-06", null, "- | 09:00-12:00 | 09:00-12:00 | 09:00-12:00 | 09:00-12:00 | - | -" },
        { "Mo-Sa 10:00-12:00; easter -2 days-easter +1 day off", "2026-04-06", null, "- | 10:00-12:00 | 10:00-12:00 | 10:00-12:00 | 10:00-12:00 | 10:00-12:00 | -" },
        { "Mo[1] 14:00-16:00", "2026-04-06", null, "14:00-16:00 | - | - | - | - | - | -" },
        { "Mo-Fr 09:00-12:00; SH off", "2026-04-06", SchoolZone.A, "- | - | - | - | - | - | -" },
        { "Mo-Fr 09:00-12:00; SH off", "2026-04-06", SchoolZone.B, "09:00-12:00 | 09:00-12:00 | 09:00-12:00 | 09:00-12:00 | 09:00-12:00 | - | -" },

        // 14 July 2026 is a Tuesday, in the summer holidays of every zone.
        { "Mo-Fr 09:00-12:00; PH off", "2026-07-13", null, "09:00-12:00 | - | 09:00-12:00 | 09:00-12:00 | 09:00-12:00 | - | -" },
        { "Jan-Jun Mo-Fr 09:00-12:00; Jul-Aug Tu-Th 10:00-12:00", "2026-07-13", null, "- | 10:00-12:00 | 10:00-12:00 | 10:00-12:00 | - | - | -" },
        { "Mo-Fr 09:00-12:00; SH We 14:00-17:00", "2026-07-13", SchoolZone.C, "09:00-12:00 | 09:00-12:00 | 14:00-17:00 | 09:00-12:00 | 09:00-12:00 | - | -" },

        // Winter holidays 2026, week of 9 February: zone A is off (7–22 February), B from Saturday 14, C from 21.
        { "Mo-Fr 09:00-12:00; SH off", "2026-02-09", SchoolZone.A, "- | - | - | - | - | - | -" },
        { "Mo-Fr 09:00-12:00; SH off", "2026-02-09", SchoolZone.C, "09:00-12:00 | 09:00-12:00 | 09:00-12:00 | 09:00-12:00 | 09:00-12:00 | - | -" },
        { "Mo-Fr 14:00-17:00; SH Mo-Fr 09:00-12:00", "2026-02-09", SchoolZone.A, "09:00-12:00 | 09:00-12:00 | 09:00-12:00 | 09:00-12:00 | 09:00-12:00 | - | -" },
        { "Mo-Fr 14:00-17:00; SH Mo-Fr 09:00-12:00", "2026-02-09", SchoolZone.B, "14:00-17:00 | 14:00-17:00 | 14:00-17:00 | 14:00-17:00 | 14:00-17:00 | - | -" },
        { "SH Sa 10:00-12:00", "2026-02-09", SchoolZone.B, "- | - | - | - | - | 10:00-12:00 | -" },
        { "Mo-Fr 14:00-17:00; SH Mo-Fr 09:00-12:00", "2026-02-09", null, "14:00-17:00 | 14:00-17:00 | 14:00-17:00 | 14:00-17:00 | 14:00-17:00 | - | -" },

        // Comments and fallbacks, an ordinary week.
        { "Mo-Fr 09:00-12:00 \"sur rendez-vous\"", "2026-11-30", null, "09:00-12:00? \"sur rendez-vous\" | 09:00-12:00? \"sur rendez-vous\" | 09:00-12:00? \"sur rendez-vous\" | 09:00-12:00? \"sur rendez-vous\" | 09:00-12:00? \"sur rendez-vous\" | - | -" },
        { "Mo-Fr 09:00-12:00 || Sa 10:00-11:00", "2026-11-30", null, "09:00-12:00 | 09:00-12:00 | 09:00-12:00 | 09:00-12:00 | 09:00-12:00 | 10:00-11:00 | -" },
        { "Tu 09:00-12:00 || \"sur rendez-vous\"", "2026-11-30", null, "00:00-24:00? \"sur rendez-vous\" | 00:00-09:00? \"sur rendez-vous\",09:00-12:00,12:00-24:00? \"sur rendez-vous\" | 00:00-24:00? \"sur rendez-vous\" | 00:00-24:00? \"sur rendez-vous\" | 00:00-24:00? \"sur rendez-vous\" | 00:00-24:00? \"sur rendez-vous\" | 00:00-24:00? \"sur rendez-vous\"" },
        { "Mo 17:00+", "2026-11-30", null, "17:00-24:00? | - | - | - | - | - | -" },
    };

    [Theory]
    [MemberData(nameof(NamedWeeks))]
    public void Specification_cases_give_their_open_intervals_over_named_weeks(string value, string monday, SchoolZone? zone, string expected) =>
        Assert.Equal(expected, Week(Schedule(value), DateOnly.Parse(monday, System.Globalization.CultureInfo.InvariantCulture), zone is { } z ? Calendar.ForZone(z) : null));

    [Theory]
    [InlineData("Mo-Fr 09:00-12:00, Sa 10:00-12:00", "du lundi au vendredi, de 9 h à 12 h ; le samedi, de 10 h à 12 h")]
    [InlineData("Mo-Fr 09:00-12:00; Dec 24-Jan 02 off", "du lundi au vendredi, de 9 h à 12 h ; du 24 décembre au 2 janvier : fermé")]
    [InlineData("Mo-Fr 09:00-12:00 \"sur rendez-vous\"", "du lundi au vendredi, de 9 h à 12 h (sur rendez-vous)")]
    [InlineData("Mo-Fr 09:00-12:00 || \"sur rendez-vous\"", "du lundi au vendredi, de 9 h à 12 h ; sinon, sur rendez-vous")]
    [InlineData("Mo-Fr 14:00-17:00; SH Mo-Fr 09:00-12:00", "du lundi au vendredi, de 14 h à 17 h ; pendant les vacances scolaires, du lundi au vendredi, de 9 h à 12 h")]
    [InlineData("Mo[1] 14:00-16:00; Sa[-1] 10:00-12:00", "le premier lundi du mois, de 14 h à 16 h ; le dernier samedi du mois, de 10 h à 12 h")]
    [InlineData("Jan-Jun Mo-Fr 09:00-12:00; Jul-Aug Tu-Th 10:00-12:00", "de janvier à juin, du lundi au vendredi, de 9 h à 12 h ; de juillet à août, du mardi au jeudi, de 10 h à 12 h")]
    [InlineData("Mo-Fr 09:00-12:00; Jul 14 off; Dec 01-24 Sa 10:00-12:00", "du lundi au vendredi, de 9 h à 12 h ; le 14 juillet : fermé ; du 1er au 24 décembre, le samedi, de 10 h à 12 h")]
    [InlineData("week 01-53/2 Mo 14:00-16:00", "une semaine sur 2, les semaines 1 à 53, le lundi, de 14 h à 16 h")]
    [InlineData("Mo-Fr 09:00-12:00; PH off; PH +1 day 10:00-12:00", "du lundi au vendredi, de 9 h à 12 h ; les jours fériés : fermé ; le lendemain des jours fériés, de 10 h à 12 h")]
    [InlineData("Mo 17:00+", "le lundi, à partir de 17 h")]
    [InlineData("Mo[1,3] 14:00-16:00; Sa[-2] 10:00-12:00", "les 1er et 3e lundis du mois, de 14 h à 16 h ; l'avant-dernier samedi du mois, de 10 h à 12 h")]
    [InlineData("Mo-Fr 09:00-12:00; Dec 25 -1 day off", "du lundi au vendredi, de 9 h à 12 h ; la veille du 25 décembre : fermé")]
    [InlineData("Mo-Fr 09:00-12:00; Mo \"sur rendez-vous\"", "du lundi au vendredi, de 9 h à 12 h ; le lundi : sur rendez-vous")]
    [InlineData("PH off; Mo-Fr 09:00-12:00", "les jours fériés : fermé ; du lundi au vendredi, de 9 h à 12 h")]
    [InlineData("Mo-Fr 09:00-12:00; Dec 24 off \"veille de Noël\"", "du lundi au vendredi, de 9 h à 12 h ; le 24 décembre : fermé (veille de Noël)")]
    public void Full_grammar_values_read_in_french_rule_by_rule(string value, string french) => Assert.Equal(french, Schedule(value).ToFrench());

    [Fact]
    public void Dates_that_do_not_exist_every_year_and_offsets_across_new_year()
    {
        Assert.Empty(Schedule("Feb 29 10:00-12:00").IntervalsOn(new DateOnly(2027, 2, 28)));       // not moved to the 28th
        Assert.NotEmpty(Schedule("Feb 29 10:00-12:00").IntervalsOn(new DateOnly(2028, 2, 29)));
        Assert.Empty(Schedule("Mo-Su 10:00-12:00; Jan 01 -1 day off").IntervalsOn(new DateOnly(2026, 12, 31)));
        Assert.Equal(OpeningState.Unknown, Schedule("24/7 \"sur rendez-vous\"").IntervalsOn(new DateOnly(2026, 12, 7))[0].State);
        Assert.Empty(Schedule("24/7").IntervalsOn(DateOnly.MinValue));
        Assert.Null(Schedule("24/7").NextOpening(DateTime.MaxValue));
    }

    [Fact]
    public void Comments_are_kept_in_order_each_once()
    {
        Assert.Equal(["sur rendez-vous", "fermé pour inventaire"], Schedule("Mo-Fr 09:00-12:00 \"sur rendez-vous\"; Sa \"sur rendez-vous\"; Jan 02 off \"fermé pour inventaire\"").Comments);
        Assert.Empty(Schedule("Mo-Fr 09:00-12:00").Comments);
    }

    [Fact]
    public void Unknown_times_are_neither_open_nor_a_next_opening()
    {
        var schedule = Schedule("Mo-Fr 09:00-12:00 \"sur rendez-vous\"; Sa 10:00-12:00");
        Assert.False(schedule.IsOpen(new DateTime(2026, 11, 30, 10, 0, 0)));
        Assert.Equal(new DateTime(2026, 12, 5, 10, 0, 0), schedule.NextOpening(new DateTime(2026, 11, 30, 8, 0, 0)));
    }

    [Fact]
    public void The_next_opening_of_a_monthly_or_seasonal_rule_is_found()
    {
        Assert.Equal(new DateTime(2027, 1, 4, 14, 0, 0), Schedule("Mo[1] 14:00-16:00").NextOpening(new DateTime(2026, 12, 8, 9, 0, 0)));
        Assert.Equal(new DateTime(2026, 9, 1, 9, 0, 0), Schedule("Mo-Fr 09:00-12:00; Jul-Aug off").NextOpening(new DateTime(2026, 7, 1, 13, 0, 0)));
    }

    [Fact]
    public void A_span_past_midnight_is_one_opening_not_two()
    {
        var schedule = Schedule("Fr-Sa 20:00-02:00");
        Assert.True(schedule.IsOpen(new DateTime(2026, 12, 5, 1, 0, 0)));                                                // Saturday 1 a.m., from Friday
        Assert.Equal(new DateTime(2026, 12, 5, 20, 0, 0), schedule.NextOpening(new DateTime(2026, 12, 4, 23, 0, 0)));      // not Saturday 00:00
        Assert.Equal(new DateTime(2026, 12, 11, 20, 0, 0), schedule.NextOpening(new DateTime(2026, 12, 5, 23, 0, 0)));
    }

    [Fact]
    public void School_holidays_of_a_place_come_from_its_department()
    {
        Assert.Equal(SchoolZone.A, SchoolZones.OfCommune("42218"));   // Saint-Étienne, académie de Lyon
        Assert.Equal(SchoolZone.B, SchoolZones.OfCommune("13055"));   // Marseille, Aix-Marseille
        Assert.Equal(SchoolZone.C, SchoolZones.OfCommune("75056"));   // Paris
        Assert.Null(SchoolZones.OfCommune("2A004"));                  // Ajaccio: Corsica has its own calendar
        Assert.Null(SchoolZones.OfCommune("97411"));                  // Saint-Denis de La Réunion
        Assert.Null(SchoolZones.OfCommune(null));
        Assert.Equal(94, SchoolZones.Departments.Count);              // the 96 metropolitan departments but Corsica's two
        Assert.Equal(32, SchoolZones.Departments.Count(d => SchoolZones.OfDepartment(d) == SchoolZone.A));
        Assert.Equal(41, SchoolZones.Departments.Count(d => SchoolZones.OfDepartment(d) == SchoolZone.B));
        Assert.Equal(21, SchoolZones.Departments.Count(d => SchoolZones.OfDepartment(d) == SchoolZone.C));
    }

    [Fact]
    public void The_shipped_school_calendar_is_whole_for_each_zone()
    {
        foreach (var zone in Enum.GetValues<SchoolZone>())
        {
            var periods = Calendar.ForZone(zone).Periods;

            // Three school years of five holidays and an Ascension bridge, the last summer not yet fixed: 17 periods.
            Assert.Equal(17, periods.Count);
            Assert.All(periods.Where(p => p.Name != "Pont de l'Ascension" && p.Name != "Vacances d'été"), p =>
            {
                Assert.Equal(DayOfWeek.Saturday, p.First.DayOfWeek);
                Assert.InRange(p.Last.DayNumber - p.First.DayNumber + 1, 16, 17);   // two weeks and the weekends; 17 with Easter Monday
            });
            Assert.True(periods.Zip(periods.Skip(1)).All(pair => pair.First.Last < pair.Second.First), "périodes qui se chevauchent");
        }

        Assert.Equal("Vacances de Noël", Calendar.ForZone(SchoolZone.A).NameOn(new DateOnly(2026, 12, 25)));
        Assert.Null(Calendar.ForZone(SchoolZone.C).NameOn(new DateOnly(2026, 2, 9)));
        Assert.Equal(new DateOnly(2027, 5, 9), Calendar.KnownUntil);
    }

    [Theory]
    [InlineData("zone;vacances\nA;Noël;2026-12-19;2027-01-03", "première ligne")]
    [InlineData("zone;vacances;premier_jour;dernier_jour\nA;Noël;2026-12-19;2027-01-03\nD;Noël;2026-12-19;2027-01-03", "ligne 3")]
    [InlineData("zone;vacances;premier_jour;dernier_jour\nA;Noël;2027-01-03;2026-12-19", "ligne 2")]
    [InlineData("zone;vacances;premier_jour;dernier_jour\nA;Noël;19/12/2026;2027-01-03", "ligne 2")]
    public void A_malformed_calendar_names_its_line(string text, string where) =>
        Assert.Contains(where, Assert.Throws<FormatException>(() => SchoolHolidayCalendar.Parse(text)).Message, StringComparison.Ordinal);
}
