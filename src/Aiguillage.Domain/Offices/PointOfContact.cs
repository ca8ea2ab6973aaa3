namespace Aiguillage.Domain.Offices;

/// <summary>
/// One La Poste point of contact as described by the national register (open data « points de contact du réseau
/// postal »), after validation. This is the part of an <see cref="Office"/> that the register owns: re-importing
/// the register updates it, never the programme data (status, presence days, machines).
/// </summary>
public sealed record PointOfContact(
    string SiteCode,
    string Name,
    OfficeType Type,
    string? ParentSiteCode,
    string? Address,
    string? AddressComplement,
    string? Locality,
    string PostCode,
    string City,
    string InseeCode,
    string Country,
    string DepartmentCode,
    string RegionCode,
    double Latitude,
    double Longitude,
    string? Phone);
