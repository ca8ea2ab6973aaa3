namespace Aiguillage.Domain.Offices;

/// <summary>
/// One change of an office's place in the programme, from the day it takes effect. The roll-out is counted from
/// these: an office that left the programme is no longer counted from the day it left, and still counted for the
/// months it was active (issue 8).
/// </summary>
public sealed class ProgrammeStatusChange
{
    private ProgrammeStatusChange()
    {
        RecordedBy = string.Empty;
    }

    public ProgrammeStatusChange(int officeId, ProgrammeStatus status, DateOnly effectiveOn, string recordedBy, DateTime recordedAtUtc) : this()
    {
        if (!Enum.IsDefined(status))
        {
            throw new DomainException("office.status-invalid", "Choisissez un statut dans la liste.", nameof(Status));
        }

        OfficeId = officeId;
        Status = status;
        EffectiveOn = effectiveOn;
        RecordedBy = recordedBy;
        RecordedAt = recordedAtUtc;
    }

    public long Id { get; private set; }

    public int OfficeId { get; private set; }

    public ProgrammeStatus Status { get; private set; }

    public DateOnly EffectiveOn { get; private set; }

    public DateTime RecordedAt { get; private set; }

    public string RecordedBy { get; private set; }

    /// <summary>
    /// The status an office had on a day, from its changes (the latest in effect by then; of two on the same day, the
    /// one recorded last). Before its first change an office was not in the programme.
    /// </summary>
    public static ProgrammeStatus StatusOn(IEnumerable<ProgrammeStatusChange> changes, DateOnly day) =>
        changes.Where(c => c.EffectiveOn <= day).OrderBy(c => c.EffectiveOn).ThenBy(c => c.RecordedAt).ThenBy(c => c.Id).LastOrDefault()?.Status ?? ProgrammeStatus.NotEnrolled;

    /// <summary>A corrected start date of the same status (an admin fixing a typo): the change takes it, not a new line.</summary>
    public void Correct(DateOnly effectiveOn, string recordedBy, DateTime nowUtc) => (EffectiveOn, RecordedBy, RecordedAt) = (effectiveOn, recordedBy, nowUtc);

    /// <summary>
    /// The changes to record when an office's programme fields move from <paramref name="before"/> to
    /// <paramref name="after"/>, given its <paramref name="latest"/> recorded change: a new status takes effect from its
    /// start date (today for leaving the programme), after the state the office had when nothing was recorded yet
    /// (offices set before the history existed); the same status with another start date corrects the latest change.
    /// </summary>
    public static IReadOnlyList<ProgrammeStatusChange> ForChange(int officeId, (ProgrammeStatus Status, DateOnly? PilotSince, DateOnly? ActiveSince) before,
        (ProgrammeStatus Status, DateOnly? PilotSince, DateOnly? ActiveSince) after, ProgrammeStatusChange? latest, DateOnly today, string recordedBy, DateTime nowUtc)
    {
        if (before == after)
        {
            return [];
        }

        static DateOnly? Since((ProgrammeStatus Status, DateOnly? PilotSince, DateOnly? ActiveSince) s) =>
            s.Status switch { ProgrammeStatus.Active => s.ActiveSince, ProgrammeStatus.Pilot => s.PilotSince, _ => null };

        if (before.Status == after.Status)
        {
            if (latest is not null && latest.Status == after.Status)
            {
                latest.Correct(Since(after) ?? latest.EffectiveOn, recordedBy, nowUtc);
                return [];
            }

            return Since(after) is { } corrected ? [new(officeId, after.Status, corrected, recordedBy, nowUtc)] : [];
        }

        var changes = new List<ProgrammeStatusChange>();
        if (latest is null && Since(before) is { } was)
        {
            changes.Add(new(officeId, before.Status, was, recordedBy, nowUtc));
        }

        changes.Add(new(officeId, after.Status, Since(after) ?? today, recordedBy, nowUtc));
        return changes;
    }
}
