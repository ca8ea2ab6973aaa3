namespace Aiguillage.Domain.Offices;

/// <summary>Where an office stands in the programme's roll-out.</summary>
public enum ProgrammeStatus
{
    NotEnrolled = 0,
    Pilot = 1,
    Active = 2,
}

public static class ProgrammeStatuses
{
    public static string Label(this ProgrammeStatus status) => status switch
    {
        ProgrammeStatus.NotEnrolled => "Hors programme",
        ProgrammeStatus.Pilot => "Pilote",
        ProgrammeStatus.Active => "Actif",
        _ => status.ToString(),
    };
}
