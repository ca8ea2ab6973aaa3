using Aiguillage.Domain.Territories;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Aiguillage.Web.Platform.Territories;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Admin;

public sealed record AccountRow(string Id, string Email, string DisplayName, string? Role, string Scope, bool IsDisabled, bool IsLockedOut);

/// <summary>Accounts as the admin pages list them, with their role and scope in words.</summary>
public static class AccountDirectory
{
    public static async Task<IReadOnlyList<AccountRow>> ListAsync(AppDbContext db, TerritoryDirectory territories, DateTimeOffset now, string? onlyId, CancellationToken ct)
    {
        var users = await db.Users.AsNoTracking().Include(u => u.Offices)
            .Where(u => onlyId == null || u.Id == onlyId)
            .OrderBy(u => u.DisplayName).ToListAsync(ct);
        // Locked from everywhere after a flood of failed sign-ins (issue 16 §13): shown as blocked, lifted by a new password.
        var keys = users.Where(u => u.NormalizedEmail != null).ToDictionary(u => u.Id, u => Platform.Security.SignInThrottle.AccountKey(u.NormalizedEmail!));
        var lockedKeys = keys.Values.ToList();
        var locked = (await db.Set<Platform.Security.SignInThrottleEntry>().AsNoTracking().Where(e => lockedKeys.Contains(e.Key) && e.Locked).Select(e => e.Key).ToListAsync(ct)).ToHashSet();
        var roleOf = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name })
            .ToDictionaryAsync(x => x.UserId, x => x.Name, ct);
        var officeIds = users.SelectMany(u => u.Offices.Select(o => o.OfficeId)).Distinct().ToList();
        var sites = await db.Offices.Where(o => officeIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => $"{o.Name} ({o.SiteCode})", ct);
        var partners = await db.Partners.ToDictionaryAsync(p => p.Id, p => p.Name, ct);

        return users.Select(u =>
        {
            var role = roleOf.GetValueOrDefault(u.Id);
            var scope = role switch
            {
                Roles.Admin => "France entière",
                Roles.Mediator => u.Offices.Count == 0 ? "aucun bureau" : string.Join(", ", u.Offices.Select(o => sites.GetValueOrDefault(o.OfficeId))),
                Roles.PartnerStaff => u.PartnerId is { } p ? partners.GetValueOrDefault(p) ?? "?" : "aucune organisation",
                Roles.Manager => u.TerritoryLevel is { } l ? (l == TerritoryLevel.Office ? $"bureau {u.TerritoryCode}" : territories.Describe(l, u.TerritoryCode)) : "aucun territoire",
                _ => "—",
            };
            return new AccountRow(u.Id, u.Email ?? string.Empty, u.DisplayName, role, scope, u.IsDisabled, u.LockoutEnd > now || (keys.TryGetValue(u.Id, out var key) && locked.Contains(key)));
        }).ToList();
    }
}
