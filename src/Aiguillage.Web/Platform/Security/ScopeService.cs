using System.Security.Claims;
using Aiguillage.Domain.Territories;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Territories;
using System.Globalization;
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

    /// <summary>The scope of the signed-in user, read from the session's claims (see <see cref="AppClaimsFactory"/>).</summary>
    public Task<UserScope> GetAsync(CancellationToken cancellationToken = default)
    {
        _scope ??= http.HttpContext?.User is { } principal ? ScopeOf(principal) : UserScope.Nobody;
        return Task.FromResult(_scope);
    }

    /// <summary>The scope a session carries, given its role.</summary>
    public static UserScope ScopeOf(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true)
        {
            return UserScope.Nobody;
        }

        int? Int(string type) => int.TryParse(principal.FindFirstValue(type), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
        switch (RoleOf(principal))
        {
            case Roles.Admin:
                return UserScope.Nation;
            case Roles.Mediator:
                return UserScope.ForOffices(principal.FindAll(AppClaimsFactory.OfficeClaim)
                    .Select(c => int.Parse(c.Value, NumberStyles.None, CultureInfo.InvariantCulture)));
            case Roles.PartnerStaff when Int(AppClaimsFactory.PartnerClaim) is { } partnerId:
                return UserScope.ForPartner(partnerId);
            case Roles.Manager when Enum.TryParse<TerritoryLevel>(principal.FindFirstValue(AppClaimsFactory.TerritoryLevelClaim), out var level):
                var code = principal.FindFirstValue(AppClaimsFactory.TerritoryCodeClaim);
                return level == TerritoryLevel.Nation || code is not null ? UserScope.ForTerritory(level, code) : UserScope.Nobody;
            default:
                return UserScope.Nobody;
        }
    }

    /// <summary>
    /// The signed-in user's role. What a user may <em>do</em> follows the role, what they may <em>see</em> the scope: an
    /// admin and a national manager both see the nation, only the admin acts (issue 16 §1).
    /// </summary>
    public string? Role => http.HttpContext?.User is { } principal ? RoleOf(principal) : null;

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
            _ => $"Bureaux : {string.Join(", ", names.Take(3))}{(names.Count > 3 ? $" et {Web.Plural.Of(names.Count - 3, "autre", "autres")}" : string.Empty)}",
        };
    }
}
