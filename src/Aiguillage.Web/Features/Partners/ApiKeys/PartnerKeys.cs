using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Aiguillage.Domain.Partners;
using Aiguillage.Web.Platform.Audit;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Aiguillage.Web.Features.Partners.ApiKeys;

/// <summary>
/// Partners' API keys (issue 21 §4): made and revoked by the partner's staff, used as <c>Authorization: Bearer agl_…</c>
/// on <c>/api/</c> only. A key signs its caller in as staff of its partner — the same roles, scope and rules as a
/// person of that partner — so every endpoint checks it as it checks them; a read-only key gets no role on a request
/// that writes, so it is refused (403) wherever a write is. Every call is journaled; the API's rate limit applies per key.
/// </summary>
public static class PartnerKeys
{
    public const string Scheme = "cle-partenaire";

    public const string KeyClaim = "aiguillage:cle";

    public const string Marker = "agl_";

    /// <summary>A new key and what is kept of it: its prefix, and the hash of the whole.</summary>
    public static (string Key, string Prefix, string Hash) Create()
    {
        var prefix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5));
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var key = $"{Marker}{prefix}_{secret}";
        return (key, prefix, Hash(key));
    }

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>The prefix of a key as typed, or null when it is not one of ours.</summary>
    public static string? PrefixOf(string key) =>
        key.StartsWith(Marker, StringComparison.Ordinal) && key.Length is > 20 and < 100 && key.IndexOf('_', Marker.Length) is var cut && cut > Marker.Length
            ? key[Marker.Length..cut] : null;

    /// <summary>A request that brings a key: the cookie scheme forwards it here (PartnersSetup).</summary>
    public static bool Brings(HttpContext context) =>
        context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Reads the bearer key, finds it by its prefix, compares hashes in constant time, and builds the partner's principal.</summary>
public sealed class PartnerKeyHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AppDbContext db, IServiceScopeFactory scopes, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        if (!Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.Fail("Une clé d'API ne sert que pour l'API.");
        }

        var key = header["Bearer ".Length..].Trim();
        if (PartnerKeys.PrefixOf(key) is not { } prefix)
        {
            return AuthenticateResult.Fail("Clé d'API illisible.");
        }

        var stored = await db.Set<PartnerApiKey>().AsNoTracking().FirstOrDefaultAsync(k => k.Prefix == prefix && k.RevokedAt == null, Context.RequestAborted);
        if (stored is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(PartnerKeys.Hash(key)), Encoding.ASCII.GetBytes(stored.SecretHash)))
        {
            return AuthenticateResult.Fail("Clé d'API inconnue ou révoquée.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var writes = !(HttpMethods.IsGet(Request.Method) || HttpMethods.IsHead(Request.Method) || HttpMethods.IsOptions(Request.Method));
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, $"cle:{stored.Id}"),
            new("name", $"Clé d'API « {stored.Name} »"),
            new(AppClaimsFactory.PartnerClaim, stored.PartnerId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(PartnerKeys.KeyClaim, stored.Id.ToString()),
        };
        if (!writes || stored.Access == ApiKeyAccess.ReadWrite)
        {
            claims.Add(new(ClaimTypes.Role, Roles.PartnerStaff));
        }

        // Every call, in the journal, with its answer: written as the answer starts, in a scope of its own, and not for
        // a call the rate limit turned away (a looping key must not grow the journal at the limit's pace).
        var call = $"{Request.Method} {Request.Path}";
        var keyId = stored.Id;
        Response.OnStarting(async () =>
        {
            if (Response.StatusCode == StatusCodes.Status429TooManyRequests)
            {
                return;
            }

            await using var scope = scopes.CreateAsyncScope();
            var said = $"{call} → {Response.StatusCode}";
            await scope.ServiceProvider.GetRequiredService<AuditLog>().RecordAsync(Domain.Audit.AuditAction.ApiKeyUsed, $"cle:{keyId}", said.Length > 100 ? said[..100] : said, userId: $"cle:{keyId}");
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<PartnerApiKey>().Where(k => k.Id == keyId && (k.LastUsedAt == null || k.LastUsedAt < now.AddMinutes(-1)))
                .ExecuteUpdateAsync(u => u.SetProperty(k => k.LastUsedAt, now));
        });
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, PartnerKeys.Scheme, "name", ClaimTypes.Role)), PartnerKeys.Scheme));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    }
}
