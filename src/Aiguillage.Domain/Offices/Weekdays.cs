namespace Aiguillage.Domain.Offices;

/// <summary>Days of the week a mediator is present in an office (a set, stored as bit flags).</summary>
[Flags]
public enum Weekdays
{
    None = 0,
    Monday = 1,
    Tuesday = 2,
    Wednesday = 4,
    Thursday = 8,
    Friday = 16,
    Saturday = 32,
}

public static class WeekdaysExtensions
{
    public static readonly IReadOnlyList<(Weekdays Day, string Label)> All =
    [
        (Weekdays.Monday, "lundi"),
        (Weekdays.Tuesday, "mardi"),
        (Weekdays.Wednesday, "mercredi"),
        (Weekdays.Thursday, "jeudi"),
        (Weekdays.Friday, "vendredi"),
        (Weekdays.Saturday, "samedi"),
    ];

    /// <summary>« lundi, mardi et jeudi », or « aucun jour » when empty.</summary>
    public static string ToFrench(this Weekdays days)
    {
        var names = All.Where(d => days.HasFlag(d.Day)).Select(d => d.Label).ToList();
        return names.Count switch
        {
            0 => "aucun jour",
            1 => names[0],
            _ => string.Join(", ", names.Take(names.Count - 1)) + " et " + names[^1],
        };
    }
}
