using System.Globalization;
using System.Security.Claims;
using Aiguillage.Domain.Territories;
using Aiguillage.Web.Platform.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Aiguillage.Web.Platform.Security;

/// <summary>
/// The session carries the display name and the account's scope, so that no request has to reload them.
/// Any change of role or scope renews the account's security stamp, which ends its sessions at their next
/// request (<see cref="SessionValidator"/>): a session's scope is therefore never stale.
/// </summary>
public sealed class AppClaimsFactory(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options, AppDbContext db)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    public const string DisplayNameClaim = "name";
    public const string OfficeClaim = "aiguillage:office";
    public const string PartnerClaim = "aiguillage:partner";
    public const string TerritoryLevelClaim = "aiguillage:territory-level";
    public const string TerritoryCodeClaim = "aiguillage:territory-code";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(DisplayNameClaim, user.DisplayName));
        var officeIds = await db.UserOffices.Where(o => o.UserId == user.Id).Select(o => o.OfficeId).ToListAsync();
        foreach (var officeId in officeIds)
        {
            identity.AddClaim(new Claim(OfficeClaim, officeId.ToString(CultureInfo.InvariantCulture)));
        }

        if (user.PartnerId is { } partnerId)
        {
            identity.AddClaim(new Claim(PartnerClaim, partnerId.ToString(CultureInfo.InvariantCulture)));
        }

        if (user.TerritoryLevel is { } level)
        {
            identity.AddClaim(new Claim(TerritoryLevelClaim, level.ToString()));
            var code = level == TerritoryLevel.Office
                ? (await db.Offices.Where(o => o.SiteCode == user.TerritoryCode).Select(o => (int?)o.Id).FirstOrDefaultAsync())?.ToString(CultureInfo.InvariantCulture)
                : user.TerritoryCode;
            if (code is not null)
            {
                identity.AddClaim(new Claim(TerritoryCodeClaim, code));
            }
        }

        return identity;
    }
}
