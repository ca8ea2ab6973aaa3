using System.Collections.Concurrent;
using Aiguillage.Domain.Territories;
using Aiguillage.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Offices;

/// <summary>Where an office is, found by its La Poste site code.</summary>
public sealed record LocatedOffice(string SiteCode, string Name, OfficeLocation Location);

/// <summary>
/// Site code → office, kept in memory for a minute: every diagnostic names its office, and offices change only
/// when the register is re-imported or an admin edits one. The scope check itself is not cached: it runs on the
/// fresh location with <see cref="UserScope.CanSeeOffice"/>.
/// </summary>
public sealed class OfficeLocator(IServiceScopeFactory scopes, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, (LocatedOffice? Office, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);

    /// <summary>The office with this site code if this scope may see it; null when unknown or foreign alike.</summary>
    public async Task<LocatedOffice?> FindVisibleAsync(string siteCode, UserScope scope, CancellationToken cancellationToken)
    {
        var code = siteCode.Trim().ToUpperInvariant();
        var now = clock.GetUtcNow();
        if (!_cache.TryGetValue(code, out var entry) || entry.Until <= now)
        {
            await using var services = scopes.CreateAsyncScope();
            var db = services.ServiceProvider.GetRequiredService<AppDbContext>();
            var office = await db.Offices.AsNoTracking().Where(o => o.SiteCode == code)
                .Select(o => new LocatedOffice(o.SiteCode, o.Name, new OfficeLocation(o.Id, o.DepartmentCode, o.RegionCode)))
                .FirstOrDefaultAsync(cancellationToken);
            entry = (office, now + Lifetime);
            if (office is not null)
            {
                // Unknown codes are not remembered: a caller cannot fill the memory with made-up codes.
                _cache[code] = entry;
            }
        }

        return entry.Office is { } found && scope.CanSeeOffice(found.Location) ? found : null;
    }
}
