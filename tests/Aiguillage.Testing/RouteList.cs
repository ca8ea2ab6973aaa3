using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Aiguillage.Testing;

/// <summary>The app's own routes (its endpoint list), each made into an address to call: tests that must cover every page and endpoint.</summary>
public static partial class RouteList
{
    /// <summary>Every route but the client's screens and the error pages, with <paramref name="id"/> for an int and a new guid for a guid.</summary>
    public static IReadOnlyList<string> OutsideClientScreens(IServiceProvider services, int id) =>
        [.. services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/')).Distinct()
            // The client's screens, the error page, and the public accessibility statement their footer links to.
            .Where(r => r != "/client" && !r.StartsWith("/client/", StringComparison.Ordinal) && !r.StartsWith("/erreur", StringComparison.Ordinal) && r != "/accessibilite")
            .Select(r => Parameter().Replace(Typed().Replace(r, m => m.Value.Contains("guid", StringComparison.Ordinal) ? Guid.NewGuid().ToString() : id.ToString(CultureInfo.InvariantCulture)), "x")
                .Replace("//", "/", StringComparison.Ordinal))];

    [GeneratedRegex("\\{[^}]*(int|guid)[^}]*\\}")]
    private static partial Regex Typed();

    [GeneratedRegex("\\{[^}]*\\}")]
    private static partial Regex Parameter();
}
