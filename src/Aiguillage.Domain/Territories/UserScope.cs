namespace Aiguillage.Domain.Territories;

/// <summary>What a signed-in account may see.</summary>
public enum ScopeKind
{
    /// <summary>Nothing: an account without a valid scope sees no office, partner or territory.</summary>
    None = 0,
    /// <summary>A mediator: the offices they work in.</summary>
    Offices = 1,
    /// <summary>Partner staff: their own partner organisation.</summary>
    Partner = 2,
    /// <summary>A manager: one office, a department, a region or the nation.</summary>
    Territory = 3,
}

/// <summary>
/// The one rule for "may this user see this office / partner / territory" (issue 2 §4). Every page and endpoint
/// asks it, and the web layer turns "no" into a 404 so a foreign id looks exactly like a missing one (DEVELOPERS §5).
/// Immutable and pure: built from the account at each request.
/// </summary>
public sealed class UserScope
{
    private readonly HashSet<int> _officeIds;

    private UserScope(ScopeKind kind, IEnumerable<int>? officeIds, int? partnerId, TerritoryLevel? level, string? territoryCode)
    {
        Kind = kind;
        _officeIds = officeIds is null ? [] : [.. officeIds];
        PartnerId = partnerId;
        Level = level;
        TerritoryCode = territoryCode;
    }

    public static UserScope Nobody { get; } = new(ScopeKind.None, null, null, null, null);

    public static UserScope Nation { get; } = new(ScopeKind.Territory, null, null, TerritoryLevel.Nation, null);

    public static UserScope ForOffices(IEnumerable<int> officeIds) => new(ScopeKind.Offices, officeIds, null, null, null);

    public static UserScope ForPartner(int partnerId) => new(ScopeKind.Partner, null, partnerId, null, null);

    /// <summary>A manager's territory. For <see cref="TerritoryLevel.Office"/> the code is the office id.</summary>
    public static UserScope ForTerritory(TerritoryLevel level, string? code)
    {
        if (level == TerritoryLevel.Nation)
        {
            return Nation;
        }

        if (string.IsNullOrWhiteSpace(code))
        {
            throw new DomainException("scope.code-required", "Un territoire doit être précisé par son code.", "ScopeCode");
        }

        return new(ScopeKind.Territory, level == TerritoryLevel.Office ? [int.Parse(code, System.Globalization.CultureInfo.InvariantCulture)] : null, null, level, code);
    }

    public ScopeKind Kind { get; }

    public IReadOnlySet<int> OfficeIds => _officeIds;

    public int? PartnerId { get; }

    public TerritoryLevel? Level { get; }

    public string? TerritoryCode { get; }

    public bool IsNation => Kind == ScopeKind.Territory && Level == TerritoryLevel.Nation;

    public bool CanSeeOffice(OfficeLocation office) => Kind switch
    {
        ScopeKind.Offices => _officeIds.Contains(office.OfficeId),
        ScopeKind.Territory => Level switch
        {
            TerritoryLevel.Nation => true,
            TerritoryLevel.Region => office.RegionCode == TerritoryCode,
            TerritoryLevel.Department => office.DepartmentCode == TerritoryCode,
            TerritoryLevel.Office => _officeIds.Contains(office.OfficeId),
            _ => false,
        },
        _ => false,
    };

    /// <summary>Partner staff see their own organisation; the nation (admins) sees all.</summary>
    public bool CanSeePartner(int partnerId) => IsNation || (Kind == ScopeKind.Partner && PartnerId == partnerId);

    /// <summary>May this user read figures of a whole department (a region manager sees its departments).</summary>
    public bool CanSeeDepartment(string departmentCode, string regionCode) => Kind == ScopeKind.Territory && Level switch
    {
        TerritoryLevel.Nation => true,
        TerritoryLevel.Region => regionCode == TerritoryCode,
        TerritoryLevel.Department => departmentCode == TerritoryCode,
        _ => false,
    };

    public bool CanSeeRegion(string regionCode) => Kind == ScopeKind.Territory && Level switch
    {
        TerritoryLevel.Nation => true,
        TerritoryLevel.Region => regionCode == TerritoryCode,
        _ => false,
    };
}
