namespace Aiguillage.Domain.Territories;

/// <summary>Where an office sits, as far as scope checks care: its id, department and region.</summary>
public sealed record OfficeLocation(int OfficeId, string DepartmentCode, string RegionCode);
