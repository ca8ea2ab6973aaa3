using System.Security.Claims;
using Aiguillage.Domain.Territories;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Territories;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Platform.Security;

/// <summary>
/// Builds the signed-in user's <see cref="UserScope"/> from the database, once per request: the one reusable way
/// to answer "may this user see this office / partner / territory". Read fresh at each request so that an admin's
/// change of scope applies at once.
/// </summary>
public sealed class ScopeService(AppDbContext db, IHttpContextAccessor http, TerritoryDirectory territories)
{
    private UserScope? _scope;
    private string? _description;

    public async Task<UserScope> GetAsync(CancellationToken cancellationToken = default)
    {
        if (_scope is not null)
        {
            return _scope;
        }

        var principal = http.HttpContext?.User;
        var userId = principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null)
        {
            return _scope = UserScope.Nobody;
        }

        var user = await db.Users.AsNoTracking().Include(u => u.Offices).FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
        _scope = user is null ? UserScope.Nobody : await ScopeOfAsync(db, user, RoleOf(principal!), cancellationToken);
        return _scope;
    }

    /// <summary>The scope an account carries, given its role.</summary>
    public static async Task<UserScope> ScopeOfAsync(AppDbContext db, AppUser user, string? role, CancellationToken cancellationToken = default)
    {
        switch (role)
        {
            case Roles.Admin:
                return UserScope.Nation;
            case Roles.Mediator:
                return UserScope.ForOffices(user.Offices.Select(o => o.OfficeId));
            case Roles.PartnerStaff when user.PartnerId is { } partnerId:
                return UserScope.ForPartner(partnerId);
            case Roles.Manager when user.TerritoryLevel is TerritoryLevel.Office:
                var officeId = await db.Offices.Where(o => o.SiteCode == user.TerritoryCode).Select(o => (int?)o.Id).FirstOrDefaultAsync(cancellationToken);
                return officeId is null ? UserScope.Nobody : UserScope.ForTerritory(TerritoryLevel.Office, officeId.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            case Roles.Manager when user.TerritoryLevel is { } level && (level == TerritoryLevel.Nation || user.TerritoryCode is not null):
                return UserScope.ForTerritory(level, user.TerritoryCode);
            default:
                return UserScope.Nobody;
        }
    }

    public static string? RoleOf(ClaimsPrincipal principal) => Roles.All.FirstOrDefault(principal.IsInRole);

    /// <summary>What the header shows: « Bureau : Saint-Étienne Grand Poste », « Territoire : département Loire (42) ».</summary>
    public async Task<string> DescribeAsync(CancellationToken cancellationToken = default)
    {
        if (_description is not null)
        {
            return _description;
        }

        var scope = await GetAsync(cancellationToken);
        _description = scope.Kind switch
        {
            ScopeKind.Offices => await DescribeOfficesAsync(scope, cancellationToken),
            ScopeKind.Partner => "Partenaire : " + await db.Partners.Where(p => p.Id == scope.PartnerId).Select(p => p.Name).FirstOrDefaultAsync(cancellationToken),
            ScopeKind.Territory when scope.Level == TerritoryLevel.Office => "Territoire : " + await DescribeOfficesAsync(scope, cancellationToken),
            ScopeKind.Territory => "Territoire : " + territories.Describe(scope.Level!.Value, scope.TerritoryCode),
            _ => "Aucun périmètre attribué",
        };
        return _description;
    }

    private async Task<string> DescribeOfficesAsync(UserScope scope, CancellationToken cancellationToken)
    {
        var ids = scope.OfficeIds.ToList();
        var names = await db.Offices.Where(o => ids.Contains(o.Id)).OrderBy(o => o.Name).Select(o => o.Name).ToListAsync(cancellationToken);
        return names.Count switch
        {
            0 => "aucun bureau",
            1 => "Bureau : " + names[0],
            _ => $"Bureaux : {string.Join(", ", names.Take(3))}{(names.Count > 3 ? $" et {names.Count - 3} autre(s)" : string.Empty)}",
        };
    }
}
