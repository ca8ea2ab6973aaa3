using Aiguillage.Domain;
using Aiguillage.Domain.Offices;

namespace Aiguillage.Domain.Tests.Offices;

public sealed class OfficeTests
{
    private static PointOfContact Register(string address = "8 TER AVENUE DE LA LIBERATION") => new(
        "07933A", "SAINT ETIENNE GRAND POSTE", OfficeType.BureauDePoste, null, address, null, null, "42000", "ST ETIENNE",
        "42218", "FRANCE", "42", "84", 45.437099, 4.390958, "3631");

    [Fact]
    public void A_new_office_is_not_yet_in_the_programme()
    {
        var office = new Office(Register());
        Assert.Equal(ProgrammeStatus.NotEnrolled, office.Status);
        Assert.Equal(Weekdays.None, office.PresenceDays);
    }

    [Fact]
    public void The_same_register_line_changes_nothing_and_a_new_one_keeps_the_programme_data()
    {
        var office = new Office(Register());
        office.SetProgramme(ProgrammeStatus.Pilot, new DateOnly(2019, 1, 7), null);
        Assert.False(office.UpdateFromRegister(Register()));
        Assert.True(office.UpdateFromRegister(Register("2 PLACE DE LA MAIRIE")));
        Assert.Equal("2 PLACE DE LA MAIRIE", office.Address);
        Assert.Equal(ProgrammeStatus.Pilot, office.Status);
    }

    [Fact]
    public void Another_site_code_cannot_overwrite_an_office()
    {
        var office = new Office(Register());
        var other = Register() with { SiteCode = "08013A" };
        Assert.Equal("office.site-code-mismatch", Assert.Throws<DomainException>(() => office.UpdateFromRegister(other)).Code);
    }

    [Theory]
    [InlineData(ProgrammeStatus.Pilot, null, null, "office.pilot-date-required")]
    [InlineData(ProgrammeStatus.Active, "2019-01-07", null, "office.active-date-required")]
    [InlineData(ProgrammeStatus.Pilot, "2019-01-07", "2019-09-02", "office.pilot-not-active")]
    [InlineData(ProgrammeStatus.Active, "2019-09-02", "2019-01-07", "office.dates-out-of-order")]
    public void Programme_dates_must_make_sense(ProgrammeStatus status, string? pilot, string? active, string code)
    {
        var office = new Office(Register());
        var error = Assert.Throws<DomainException>(() => office.SetProgramme(status, Date(pilot), Date(active)));
        Assert.Equal(code, error.Code);
        Assert.Equal(ProgrammeStatus.NotEnrolled, office.Status);
    }

    [Fact]
    public void An_office_can_become_active_without_a_pilot()
    {
        var office = new Office(Register());
        office.SetProgramme(ProgrammeStatus.Active, null, new DateOnly(2020, 1, 6));
        Assert.Equal(ProgrammeStatus.Active, office.Status);
    }

    [Fact]
    public void Presence_days_and_machines_refuse_unknown_values()
    {
        var office = new Office(Register());
        Assert.Throws<DomainException>(() => office.SetPresenceDays((Weekdays)128));
        Assert.Throws<DomainException>(() => office.SetMachines((SelfServiceMachines)1024));
        office.SetPresenceDays(Weekdays.Monday | Weekdays.Thursday);
        Assert.Equal("lundi et jeudi", office.PresenceDays.ToFrench());
    }

    [Theory]
    [InlineData(Weekdays.None, "aucun jour")]
    [InlineData(Weekdays.Wednesday, "mercredi")]
    [InlineData(Weekdays.Monday | Weekdays.Tuesday | Weekdays.Friday, "lundi, mardi et vendredi")]
    public void Days_read_as_french(Weekdays days, string expected) => Assert.Equal(expected, days.ToFrench());

    private static DateOnly? Date(string? value) => value is null ? null : DateOnly.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
}
