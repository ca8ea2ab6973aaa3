using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Aiguillage.Web.Platform.Security;

/// <summary>
/// Whose <c>X-Forwarded-For</c> is believed (issue 16 §14). <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED=true</c> alone
/// makes ASP.NET Core trust the header from anyone (it clears the known proxies), so each forged address got a fresh
/// sign-in budget. Here the trusted senders are only those configured — <c>ForwardedHeaders:KnownProxies</c>
/// (addresses) and <c>ForwardedHeaders:KnownNetworks</c> (CIDR ranges) — and loopback when none is, applied after the
/// framework's own setup so that the environment variable can no longer widen them. A malformed entry stops the app
/// at start, naming the setting.
/// </summary>
public static class TrustedProxies
{
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = configuration.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? [];
        var networks = configuration.GetSection("ForwardedHeaders:KnownNetworks").Get<string[]>() ?? [];
        var addresses = proxies.Select((p, i) => IPAddress.TryParse(p.Trim(), out var a) ? a
            : throw new InvalidOperationException($"ForwardedHeaders:KnownProxies:{i} « {p} » n'est pas une adresse IP.")).ToList();
        var ranges = networks.Select((n, i) => System.Net.IPNetwork.TryParse(n.Trim(), out var r) ? r
            : throw new InvalidOperationException($"ForwardedHeaders:KnownNetworks:{i} « {n} » n'est pas un réseau CIDR (par exemple 10.0.0.0/8).")).ToList();
        services.PostConfigure<ForwardedHeadersOptions>(o =>
        {
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            if (addresses.Count == 0 && ranges.Count == 0)
            {
                o.KnownProxies.Add(IPAddress.Loopback);
                o.KnownProxies.Add(IPAddress.IPv6Loopback);
            }

            addresses.ForEach(o.KnownProxies.Add);
            ranges.ForEach(o.KnownIPNetworks.Add);
        });
        return services;
    }
}
