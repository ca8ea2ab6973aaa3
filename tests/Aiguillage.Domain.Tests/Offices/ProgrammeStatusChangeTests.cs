using Aiguillage.Domain.Offices;

namespace Aiguillage.Domain.Tests.Offices;

public sealed class ProgrammeStatusChangeTests
{
    private static readonly DateTime Now = new(2026, 11, 26, 10, 0, 0, DateTimeKind.Utc);
    private static readonly DateOnly Today = new(2026, 11, 26);

    private static ProgrammeStatusChange Change(ProgrammeStatus status, DateOnly on, int minutes = 0) => new(1, status, on, "admin", Now.AddMinutes(minutes));

    [Fact]
    public void An_office_is_out_of_the_programme_before_its_first_change_and_takes_the_latest_change_in_effect()
    {
        ProgrammeStatusChange[] changes =
        [
            Change(ProgrammeStatus.Pilot, new(2025, 1, 6)),
            Change(ProgrammeStatus.Active, new(2025, 9, 1)),
            Change(ProgrammeStatus.NotEnrolled, new(2026, 3, 15)),
        ];
        Assert.Equal(ProgrammeStatus.NotEnrolled, ProgrammeStatusChange.StatusOn(changes, new(2025, 1, 5)));
        Assert.Equal(ProgrammeStatus.Pilot, ProgrammeStatusChange.StatusOn(changes, new(2025, 8, 31)));
        Assert.Equal(ProgrammeStatus.Active, ProgrammeStatusChange.StatusOn(changes, new(2026, 3, 14)));
        Assert.Equal(ProgrammeStatus.NotEnrolled, ProgrammeStatusChange.StatusOn(changes, new(2026, 3, 15)));
    }

    [Fact]
    public void Of_two_changes_on_the_same_day_the_one_recorded_last_holds()
    {
        var day = new DateOnly(2026, 2, 1);
        Assert.Equal(ProgrammeStatus.Active, ProgrammeStatusChange.StatusOn([Change(ProgrammeStatus.Active, day, 5), Change(ProgrammeStatus.Pilot, day, 1)], day));
    }

    [Fact]
    public void A_first_change_records_the_state_the_office_had_before_the_history_began()
    {
        var changes = ProgrammeStatusChange.ForChange(1, (ProgrammeStatus.Active, new(2019, 1, 7), new(2019, 9, 2)), (ProgrammeStatus.NotEnrolled, null, null), latest: null, Today, "admin", Now);
        Assert.Equal([(ProgrammeStatus.Active, new DateOnly(2019, 9, 2)), (ProgrammeStatus.NotEnrolled, Today)], changes.Select(c => (c.Status, c.EffectiveOn)));
        Assert.Equal(ProgrammeStatus.Active, ProgrammeStatusChange.StatusOn(changes, Today.AddDays(-1)));
        Assert.Equal(ProgrammeStatus.NotEnrolled, ProgrammeStatusChange.StatusOn(changes, Today));
    }

    [Fact]
    public void A_new_status_takes_effect_from_its_own_start_date_and_nothing_is_recorded_when_nothing_changed()
    {
        var pilot = Change(ProgrammeStatus.Pilot, new(2026, 1, 5));
        var active = ProgrammeStatusChange.ForChange(1, (ProgrammeStatus.Pilot, new(2026, 1, 5), null), (ProgrammeStatus.Active, new(2026, 1, 5), new(2026, 6, 1)), pilot, Today, "admin", Now);
        Assert.Equal([(ProgrammeStatus.Active, new DateOnly(2026, 6, 1))], active.Select(c => (c.Status, c.EffectiveOn)));
        Assert.Empty(ProgrammeStatusChange.ForChange(1, (ProgrammeStatus.Pilot, new(2026, 1, 5), null), (ProgrammeStatus.Pilot, new(2026, 1, 5), null), pilot, Today, "admin", Now));
        Assert.Single(ProgrammeStatusChange.ForChange(1, (ProgrammeStatus.NotEnrolled, null, null), (ProgrammeStatus.Pilot, new(2026, 1, 5), null), latest: null, Today, "admin", Now));
    }

    [Fact]
    public void A_corrected_start_date_corrects_the_latest_change_rather_than_adding_one()
    {
        var active = Change(ProgrammeStatus.Active, new(2026, 6, 1));
        Assert.Empty(ProgrammeStatusChange.ForChange(1, (ProgrammeStatus.Active, null, new(2026, 6, 1)), (ProgrammeStatus.Active, null, new(2026, 7, 1)), active, Today, "admin", Now));
        Assert.Equal(new DateOnly(2026, 7, 1), active.EffectiveOn);
        Assert.Equal(ProgrammeStatus.NotEnrolled, ProgrammeStatusChange.StatusOn([active], new(2026, 6, 15)));

        // Never recorded yet: the corrected date is the first line.
        var first = ProgrammeStatusChange.ForChange(1, (ProgrammeStatus.Active, null, new(2019, 9, 2)), (ProgrammeStatus.Active, null, new(2019, 10, 1)), latest: null, Today, "admin", Now);
        Assert.Equal([(ProgrammeStatus.Active, new DateOnly(2019, 10, 1))], first.Select(c => (c.Status, c.EffectiveOn)));
    }

    [Fact]
    public void An_unknown_status_is_refused()
    {
        var e = Assert.Throws<DomainException>(() => new ProgrammeStatusChange(1, (ProgrammeStatus)9, Today, "admin", Now));
        Assert.Equal("Status", e.Field);
    }
}
