namespace Aiguillage.Web.Platform.Web;

/// <summary>
/// Security headers on every answer (issue 2 §6): a CSP without inline script, no framing, no MIME sniffing,
/// no referrer leak. Pages use only same-origin CSS and scripts (UI.md: no CDN, no third-party request).
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The same policy for a page any site may frame (<see cref="FrameableAttribute"/>).</summary>
    public static readonly string FrameablePolicy = ContentSecurityPolicy.Replace("frame-ancestors 'none'", "frame-ancestors *", StringComparison.Ordinal);

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            var frameable = context.GetEndpoint()?.Metadata.GetMetadata<FrameableAttribute>() is not null && context.User.Identity?.IsAuthenticated != true;
            headers.ContentSecurityPolicy = frameable ? FrameablePolicy : ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            if (!frameable)
            {
                headers.XFrameOptions = "DENY";
            }

            headers["Referrer-Policy"] = "no-referrer";
            headers["Permissions-Policy"] = "camera=(), geolocation=(), microphone=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";

            // A signed-in page may show a client's details: the browser keeps none of it, so « back » on a shared
            // device (the office tablet handed to a client, issue 17) asks the server again, which may refuse.
            if (context.User.Identity?.IsAuthenticated == true && !headers.ContainsKey("Cache-Control")
                && context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
            {
                headers.CacheControl = "no-store";
            }
            if (context.Request.IsHttps)
            {
                // Served over HTTPS (directly, or behind a declared proxy that says so): browsers keep to HTTPS for a
                // year (issue 16 §16). Not sent over plain HTTP, where it means nothing and would pin a test host.
                headers.StrictTransportSecurity = "max-age=31536000";
            }

            return Task.CompletedTask;
        });
        await next();
    });
}
