using System.Security.Claims;
using Aiguillage.Web.Platform.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Aiguillage.Web.Platform.Security;

/// <summary>Adds the display name to the session so the header can greet the person by name.</summary>
public sealed class AppClaimsFactory(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    public const string DisplayNameClaim = "name";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(DisplayNameClaim, user.DisplayName));
        return identity;
    }
}
