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
    [InlineData("Mo-Fr 09:00-12:00 \"sur rendez-vous\"", "élément non reconnu")]
    [InlineData("Jan-Jun Mo 09:00-12:00", "jour non reconnu")]
    [InlineData("Mo 12:00-14:00 off", "non prise en charge")]
    [InlineData("", "vides")]
    public void Values_outside_the_supported_syntax_are_kept_and_flagged_with_a_reason(string value, string reason)
    {
        var parsed = OpeningSchedule.Parse(value);
        Assert.False(parsed.IsUnderstood);
        Assert.Equal(value, parsed.Raw);
        Assert.Contains(reason, parsed.Problem, StringComparison.Ordinal);
    }
}
