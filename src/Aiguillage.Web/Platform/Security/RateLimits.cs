using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Aiguillage.Web.Platform.Security;

/// <summary>
/// Rate limits (issue 9 §4): sign-in attempts per client address, and API calls per account (per address when
/// anonymous), each in a one-minute window. Beyond, 429 with Retry-After: an API call gets a French problem+json, a
/// page the French error page. Guessing one account's password is also stopped by Identity's lockout; these limits
/// stop a flood. Behind a reverse proxy, the proxy must pass the client address (docs/operations.md).
/// </summary>
public static class RateLimits
{
    public const string SignInPath = "/connexion";

    public const string RedeemPath = "/partenaire/pass-numerique";

    /// <summary>
    /// A named policy for a page of a feature that checks a password or a code outside the sign-in (the tablet's exit,
    /// issue 17): the sign-in's budget per address, opted into with <c>[EnableRateLimiting(RateLimits.PasswordCheck)]</c>.
    /// </summary>
    public const string PasswordCheck = "password-check";

    public static IServiceCollection AddRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var signIn = configuration.GetValue("RateLimiting:SignInPerMinute", 30);
        var api = configuration.GetValue("RateLimiting:ApiPerMinute", 600);
        var redeem = configuration.GetValue("RateLimiting:RedeemPerMinute", 30);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(PasswordCheck, context => HttpMethods.IsPost(context.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter($"mot-de-passe:{context.Connection.RemoteIpAddress}", _ => Window(signIn))
                : RateLimitPartition.GetNoLimiter("libre"));
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var address = context.Connection.RemoteIpAddress?.ToString() ?? "inconnue";
                // The password, the authenticator code (/connexion/code) and the current password asked to change it
                // share one budget per address: guessing any of them is as slow as guessing the first.
                if (HttpMethods.IsPost(context.Request.Method) && (context.Request.Path.StartsWithSegments(SignInPath, StringComparison.OrdinalIgnoreCase)
                    || context.Request.Path.StartsWithSegments(TwoFactor.PasswordPath, StringComparison.OrdinalIgnoreCase)
                    // The current code asked to switch the second factor off: no guessing it faster than a sign-in code.
                    || context.Request.Path.StartsWithSegments(TwoFactor.SetupPath, StringComparison.OrdinalIgnoreCase)))
                {
                    return RateLimitPartition.GetFixedWindowLimiter($"connexion:{address}", _ => Window(signIn));
                }

                // Redeeming a cheque takes its check code: no guessing codes faster than a partner types cheques (issue 16 §10).
                if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path.StartsWithSegments(RedeemPath, StringComparison.OrdinalIgnoreCase))
                {
                    var who = context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? address;
                    return RateLimitPartition.GetFixedWindowLimiter($"pass:{who}", _ => Window(redeem));
                }

                if (PlatformSetup.IsApi(context.Request))
                {
                    var who = context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? address;
                    return RateLimitPartition.GetFixedWindowLimiter($"api:{who}", _ => Window(api));
                }

                return RateLimitPartition.GetNoLimiter("libre");
            });
            o.OnRejected = async (rejected, ct) =>
            {
                var response = rejected.HttpContext.Response;
                var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? (int)Math.Ceiling(retryAfter.TotalSeconds) : 60;
                response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                if (PlatformSetup.IsApi(rejected.HttpContext.Request))
                {
                    await Results.Problem(title: "Trop de demandes", detail: $"Trop de demandes en une minute : réessayez dans {seconds} secondes.",
                        statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(rejected.HttpContext);
                }

                // Pages: no body, so the status code page shows the French error page (« Trop de demandes »).
            };
        });
        return services;
    }

    private static FixedWindowRateLimiterOptions Window(int permits) => new()
    {
        PermitLimit = Math.Max(1, permits),
        Window = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
