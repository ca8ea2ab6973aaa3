using System.Security.Claims;
using Aiguillage.Web.Platform.Web;
using Microsoft.AspNetCore.Identity;

namespace Aiguillage.Web.Features.ClientMode;

/// <summary>
/// The lock of a tablet in client mode (issue 17 §1), held in the mediator's own session cookie as a claim: the
/// cookie is signed and encrypted, so the client cannot take the claim out; deleting the cookie signs the mediator
/// out, which leaves nothing open either. While the claim is there every page and endpoint outside the client's
/// screens answers 404, exactly as a missing one — not a 403 that would say a staff page is there.
/// </summary>
public sealed class ClientModeLock : IRequestGate
{
    public const string ClaimType = "aiguillage:tablette";

    /// <summary>What a locked session may reach: the client's screens, the error page those answers render, and the public accessibility statement every footer links to.</summary>
    private static readonly PathString[] Open = ["/client", "/erreur", "/accessibilite"];

    public static Guid? TabletOf(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && Guid.TryParse(user.FindFirstValue(ClaimType), out var id) ? id : null;

    public ValueTask<bool> StopAsync(HttpContext context)
    {
        if (TabletOf(context.User) is null)
        {
            return ValueTask.FromResult(false);
        }

        PageChrome.HideStaffChrome(context);
        if (Open.Any(p => context.Request.Path.StartsWithSegments(p)))
        {
            return ValueTask.FromResult(false);
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return ValueTask.FromResult(true);
    }

    /// <summary>
    /// Identity rebuilds the principal from the database every few minutes (security stamp check); the lock must
    /// survive it, or a client waiting ten minutes would find the staff pages open.
    /// </summary>
    public static Task CarryOver(SecurityStampRefreshingPrincipalContext context)
    {
        var tablet = context.CurrentPrincipal?.FindFirst(ClaimType);
        if (tablet is not null && context.NewPrincipal?.Identity is ClaimsIdentity identity && !identity.HasClaim(c => c.Type == ClaimType))
        {
            identity.AddClaim(new Claim(ClaimType, tablet.Value));
        }

        return Task.CompletedTask;
    }
}
