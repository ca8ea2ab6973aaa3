namespace Aiguillage.Domain.Offices;

/// <summary>
/// A point of the La Poste network taking part (or not yet) in the programme. The register part
/// (<see cref="PointOfContact"/>) comes from La Poste's open data; the programme part (status, mediator days,
/// machines) is ours.
/// </summary>
public sealed class Office
{
    private Office()
    {
        SiteCode = Name = PostCode = City = InseeCode = Country = DepartmentCode = RegionCode = string.Empty;
    }

    public Office(PointOfContact register) : this()
    {
        Apply(register);
    }

    public int Id { get; private set; }

    /// <summary>La Poste site code (<c>identifiant_a</c>), unique in the network.</summary>
    public string SiteCode { get; private set; }

    public string Name { get; private set; }

    public OfficeType Type { get; private set; }

    public string? ParentSiteCode { get; private set; }

    public string? Address { get; private set; }

    public string? AddressComplement { get; private set; }

    public string? Locality { get; private set; }

    public string PostCode { get; private set; }

    public string City { get; private set; }

    public string InseeCode { get; private set; }

    public string Country { get; private set; }

    public string DepartmentCode { get; private set; }

    public string RegionCode { get; private set; }

    public double Latitude { get; private set; }

    public double Longitude { get; private set; }

    public string? Phone { get; private set; }

    public ProgrammeStatus Status { get; private set; }

    /// <summary>First day as a pilot office, if it was one.</summary>
    public DateOnly? PilotSince { get; private set; }

    /// <summary>First day as an active office.</summary>
    public DateOnly? ActiveSince { get; private set; }

    public Weekdays PresenceDays { get; private set; }

    public SelfServiceMachines Machines { get; private set; }

    public Territories.OfficeLocation Location => new(Id, DepartmentCode, RegionCode);

    /// <summary>Updates the register part. Returns false when nothing changed (re-import is a no-op).</summary>
    public bool UpdateFromRegister(PointOfContact register)
    {
        if (register.SiteCode != SiteCode)
        {
            throw new DomainException("office.site-code-mismatch", "Le code site ne correspond pas à ce bureau.");
        }

        if (register == ToPointOfContact())
        {
            return false;
        }

        Apply(register);
        return true;
    }

    public PointOfContact ToPointOfContact() => new(
        SiteCode, Name, Type, ParentSiteCode, Address, AddressComplement, Locality, PostCode, City, InseeCode, Country,
        DepartmentCode, RegionCode, Latitude, Longitude, Phone);

    /// <summary>
    /// Sets where the office stands in the programme. A pilot needs its start date, an active office its start
    /// date; an office can be active without having been a pilot, but not active before it was a pilot.
    /// </summary>
    public void SetProgramme(ProgrammeStatus status, DateOnly? pilotSince, DateOnly? activeSince)
    {
        if (status == ProgrammeStatus.Pilot && pilotSince is null)
        {
            throw new DomainException("office.pilot-date-required", "Indiquez la date de début du pilote.", nameof(PilotSince));
        }

        if (status == ProgrammeStatus.Active && activeSince is null)
        {
            throw new DomainException("office.active-date-required", "Indiquez la date d'entrée dans le programme.", nameof(ActiveSince));
        }

        if (status == ProgrammeStatus.Pilot && activeSince is not null)
        {
            throw new DomainException("office.pilot-not-active", "Un bureau pilote n'a pas encore de date d'entrée dans le programme.", nameof(ActiveSince));
        }

        if (pilotSince is not null && activeSince is not null && activeSince < pilotSince)
        {
            throw new DomainException("office.dates-out-of-order", "La date d'entrée dans le programme ne peut pas précéder le début du pilote.", nameof(ActiveSince));
        }

        Status = status;
        PilotSince = pilotSince;
        ActiveSince = activeSince;
    }

    public void SetPresenceDays(Weekdays days)
    {
        if ((days & ~(Weekdays.Monday | Weekdays.Tuesday | Weekdays.Wednesday | Weekdays.Thursday | Weekdays.Friday | Weekdays.Saturday)) != 0)
        {
            throw new DomainException("office.presence-days-invalid", "Jours de présence invalides.", nameof(PresenceDays));
        }

        PresenceDays = days;
    }

    public void SetMachines(SelfServiceMachines machines)
    {
        var known = SelfServiceMachinesExtensions.All.Aggregate(SelfServiceMachines.None, (all, m) => all | m.Machine);
        if ((machines & ~known) != 0)
        {
            throw new DomainException("office.machines-invalid", "Automates inconnus.", nameof(Machines));
        }

        Machines = machines;
    }

    private void Apply(PointOfContact r)
    {
        SiteCode = r.SiteCode;
        Name = r.Name;
        Type = r.Type;
        ParentSiteCode = r.ParentSiteCode;
        Address = r.Address;
        AddressComplement = r.AddressComplement;
        Locality = r.Locality;
        PostCode = r.PostCode;
        City = r.City;
        InseeCode = r.InseeCode;
        Country = r.Country;
        DepartmentCode = r.DepartmentCode;
        RegionCode = r.RegionCode;
        Latitude = r.Latitude;
        Longitude = r.Longitude;
        Phone = r.Phone;
    }
}
