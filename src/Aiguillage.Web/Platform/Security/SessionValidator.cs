using System.Security.Claims;
using Aiguillage.Web.Platform.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Aiguillage.Web.Platform.Security;

/// <summary>
/// Ends a session at its next request when its account was disabled or its security stamp changed (role, scope or
/// password change). The account's columns come from <see cref="SessionCache"/> (issue 23 §2: no database round trip
/// per request); Identity's own validator, which rebuilds the whole principal, runs only every few minutes. Also renews the cookie (idle timeout) and flags a manager or admin
/// who has not enrolled an authenticator yet.
/// </summary>
public static class SessionValidator
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        await SecurityStampValidator.ValidatePrincipalAsync(context);
        var principal = context.Principal;
        if (principal?.Identity?.IsAuthenticated != true)
        {
            return;
        }

        var services = context.HttpContext.RequestServices;
        var stampClaim = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        var userId = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        var stamp = principal.FindFirstValue(stampClaim);
        var current = userId is null ? null
            : await services.GetRequiredService<SessionCache>().FindAsync(services.GetRequiredService<AppDbContext>(), userId, context.HttpContext.RequestAborted);
        if (current is null || current.IsDisabled || current.SecurityStamp != stamp)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }

        if (current.MustChangePassword)
        {
            context.HttpContext.Items[TwoFactor.MustChangePasswordKey] = true;
        }
        else if (!current.TwoFactorEnabled && TwoFactor.RequiredFor(principal, services.GetRequiredService<SecurityOptions>()))
        {
            context.HttpContext.Items[TwoFactor.MustEnrolKey] = true;
        }

        // Idle timeout (issue 9 §4): every page starts the idle period again, so the session ends exactly IdleTimeout
        // after the last one — what the page's warning counts down. Not a page's own polling: a screen left open would
        // otherwise never idle out. An API call renews a cookie older than a minute only (issue 23 §2: a new cookie is
        // an encryption and a header at every answer); pages count the idle time from page loads, so an API call
        // never shortens what they show.
        var http = context.HttpContext;
        context.ShouldRenew = !IsBackground(http)
            && (!PlatformSetup.IsApi(http.Request) || context.Properties.IssuedUtc is not { } issued
                || services.GetRequiredService<TimeProvider>().GetUtcNow() - issued >= ApiRenewalAge);
    }

    /// <summary>An API call renews a session cookie issued at least this long ago.</summary>
    public static readonly TimeSpan ApiRenewalAge = TimeSpan.FromMinutes(1);

    /// <summary>The cookie's own sliding renewal, held to the same rule.</summary>
    public static Task CheckSlidingAsync(CookieSlidingExpirationContext context)
    {
        if (IsBackground(context.HttpContext))
        {
            context.ShouldRenew = false;
        }

        return Task.CompletedTask;
    }

    private static bool IsBackground(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<BackgroundRequestAttribute>() is not null;
}

/// <summary>
/// Marks a page or endpoint a page's script calls on its own (a poll): it answers as usual but does not count as the
/// person's activity, so it never keeps an unattended session alive (SessionValidator).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class BackgroundRequestAttribute : Attribute;
