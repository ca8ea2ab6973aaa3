using Aiguillage.Domain.Offices;
using Aiguillage.Domain.Territories;

namespace Aiguillage.Web.Features.Offices;

public static class OfficeQueries
{
    /// <summary>
    /// The offices this user may see — the query form of <see cref="UserScope.CanSeeOffice"/>. Every office
    /// page and endpoint starts from it, so a foreign office is simply not found (404).
    /// </summary>
    public static IQueryable<Office> VisibleTo(this IQueryable<Office> offices, UserScope scope)
    {
        var ids = scope.OfficeIds.ToList();
        var code = scope.TerritoryCode;
        return scope.Kind switch
        {
            ScopeKind.Offices => offices.Where(o => ids.Contains(o.Id)),
            ScopeKind.Territory => scope.Level switch
            {
                TerritoryLevel.Nation => offices,
                TerritoryLevel.Region => offices.Where(o => o.RegionCode == code),
                TerritoryLevel.Department => offices.Where(o => o.DepartmentCode == code),
                TerritoryLevel.Office => offices.Where(o => ids.Contains(o.Id)),
                _ => offices.Where(o => false),
            },
            _ => offices.Where(o => false),
        };
    }

    public static IQueryable<Office> InProgramme(this IQueryable<Office> offices) =>
        offices.Where(o => o.Status != ProgrammeStatus.NotEnrolled);

    /// <summary>Free-text search on the name, the town or the site code (case-insensitive on both engines).</summary>
    public static IQueryable<Office> Matching(this IQueryable<Office> offices, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return offices;
        }

        var t = text.Trim().ToUpperInvariant();

        // ToUpper() is translated to SQL on both engines; string.Equals(…, StringComparison) is not (CA1862 does not apply to queries).
#pragma warning disable CA1862
        return offices.Where(o => o.Name.ToUpper().Contains(t) || o.City.ToUpper().Contains(t) || o.SiteCode.ToUpper() == t);
#pragma warning restore CA1862
    }
}
