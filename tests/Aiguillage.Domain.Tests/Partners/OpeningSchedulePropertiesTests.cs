using Aiguillage.Domain.Partners.OpeningHours;
using FsCheck;
using FsCheck.Fluent;

namespace Aiguillage.Domain.Tests.Partners;

/// <summary>
/// Hostile values (FsCheck): pieces of the grammar in any order, with stray characters. Parsing never throws, and a
/// value it accepts never throws when read, evaluated or searched — a place's hours never make a page answer 500.
/// </summary>
public sealed class OpeningSchedulePropertiesTests
{
    private static readonly string[] Pieces =
    [
        "Mo", "Tu", "We", "Su", "PH", "SH", "Jan", "Feb", "Dec", "easter", "week", "off", "open", "unknown", "closed", "\"sur rendez-vous\"", "\"", "24/7",
        "00:00", "09:00", "12:00", "17:00", "23:59", "24:00", "26:00", "48:00", "-", "+", ",", ";", "||", "|", "[", "]", "/", ":", "1", "-1", "2", "5", "6", "29", "30", "31",
        "53", "54", "01", "2026", "2999", "1900", "day", "days", "sunrise", "(", "é", " ",
    ];

    private static readonly Arbitrary<string> AnyValue = Gen.Choose(1, 14).SelectMany(n => Gen.ArrayOf(Gen.Elements(Pieces), n))
        .SelectMany(parts => Gen.ArrayOf(Gen.Elements(" ", string.Empty), parts.Length).Select(spaces => string.Concat(parts.Zip(spaces, (p, s) => p + s))))
        .ToArbitrary();

    private static readonly SchoolHolidays ZoneA = SchoolHolidayCalendar.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "calendar", "vacances-scolaires.csv"))).ForZone(SchoolZone.A);

    private static readonly DateTime[] Moments =
    [
        new(2026, 12, 31, 23, 30, 0), new(2027, 1, 1, 0, 0, 0), new(2028, 2, 29, 12, 0, 0), new(2026, 4, 5, 9, 0, 0), new(2999, 12, 31, 23, 0, 0), new(1900, 1, 1, 0, 0, 0),
    ];

    [Fact]
    public void No_value_makes_parsing_or_reading_throw()
    {
        Prop.ForAll(AnyValue, value =>
        {
            var parsed = OpeningSchedule.Parse(value);
            if (parsed.Schedule is not { } schedule)
            {
                return !string.IsNullOrEmpty(parsed.Problem);
            }

            _ = schedule.ToFrench();
            foreach (var moment in Moments)
            {
                _ = schedule.IsOpen(moment, ZoneA);
                _ = schedule.NextOpening(moment, ZoneA);
                var day = schedule.IntervalsOn(DateOnly.FromDateTime(moment), ZoneA);
                if (day.Any(i => i.Start < 0 || i.End > 1440 || i.Start >= i.End || i.State == OpeningState.Closed) || day.Zip(day.Skip(1)).Any(p => p.First.End > p.Second.Start))
                {
                    return false;
                }
            }

            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(3000));
    }
}
