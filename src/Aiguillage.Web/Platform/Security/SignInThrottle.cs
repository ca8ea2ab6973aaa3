using System.Security.Cryptography;
using System.Text;
using Aiguillage.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Aiguillage.Web.Platform.Security;

/// <summary>
/// Failed sign-ins counted under a key: one typed address from one client address, or one typed address from
/// anywhere. The key is a SHA-256 of the normalised address (and client address): a typed address that is no
/// account's may be anyone's, and is not kept in clear.
/// </summary>
public sealed class SignInThrottleEntry
{
    public string Key { get; set; } = string.Empty;

    public int Failures { get; set; }

    public DateTime LastFailureAt { get; set; }

    /// <summary>No attempt is checked before then (a growing delay).</summary>
    public DateTime? WaitUntil { get; set; }

    /// <summary>The typed address is locked from everywhere until its account's second factor or an admin lifts it.</summary>
    public bool Locked { get; set; }
}

internal sealed class SignInThrottleEntryConfiguration : IEntityTypeConfiguration<SignInThrottleEntry>
{
    public void Configure(EntityTypeBuilder<SignInThrottleEntry> builder)
    {
        builder.ToTable("SignInThrottles");
        builder.HasKey(e => e.Key);
        builder.Property(e => e.Key).HasMaxLength(64);
        builder.HasIndex(e => e.LastFailureAt);
    }
}

/// <summary>Where an attempt stands before its password is checked.</summary>
public readonly record struct SignInGate(TimeSpan Wait, bool AccountLocked);

/// <summary>
/// Throttles password guessing without letting a stranger keep a mediator off the counter (issue 16 §13). Identity's
/// lockout locked the account for everyone after five failures, so anyone could lock anyone; here:
/// <list type="bullet">
/// <item>from one client address, after <see cref="FreeFailures"/> failures on one typed address, each new attempt
/// waits longer (<see cref="Delay"/>: 30 s, 1, 2, 4, 8, then 15 minutes at most) — a stranger elsewhere slows only
/// themselves, and the mediator at the office signs in as usual;</item>
/// <item>from everywhere, after <c>Security:AccountLockAfterFailures</c> failures in a day (100 by default: a
/// distributed guess), the typed address is locked: only a sign-in completed with the account's second factor, or an
/// admin's new provisional password, lifts it.</item>
/// </list>
/// Unknown addresses are counted exactly like accounts, so the answers tell no account apart.
/// </summary>
public sealed class SignInThrottle(AppDbContext db, TimeProvider clock, IConfiguration configuration)
{
    public const int FreeFailures = 5;

    /// <summary>Failures are forgotten a day after the last one.</summary>
    public static readonly TimeSpan Memory = TimeSpan.FromHours(24);

    private static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(15);

    public int AccountLockAfterFailures => Math.Max(FreeFailures + 1, configuration.GetValue("Security:AccountLockAfterFailures", 100));

    /// <summary>The wait before the next attempt after <paramref name="failures"/> failures from one place.</summary>
    public static TimeSpan Delay(int failures) =>
        failures < FreeFailures ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Min(MaxDelay.TotalSeconds, 30 * Math.Pow(2, Math.Min(failures - FreeFailures, 10))));

    public static string PairKey(string normalizedEmail, string? clientAddress) => Hash($"pair|{normalizedEmail}|{clientAddress ?? "inconnue"}");

    public static string AccountKey(string normalizedEmail) => Hash($"account|{normalizedEmail}");

    public async Task<SignInGate> CheckAsync(string normalizedEmail, string? clientAddress, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var keys = new[] { PairKey(normalizedEmail, clientAddress), AccountKey(normalizedEmail) };
        var entries = await db.Set<SignInThrottleEntry>().AsNoTracking().Where(e => keys.Contains(e.Key)).ToListAsync(ct);
        var pair = entries.FirstOrDefault(e => e.Key == keys[0]);
        var account = entries.FirstOrDefault(e => e.Key == keys[1]);
        var wait = pair?.WaitUntil is { } until && until > now ? until - now : TimeSpan.Zero;
        return new SignInGate(wait, account?.Locked == true);
    }

    /// <summary>Counts a failed attempt from this client address and from everywhere.</summary>
    public async Task FailedAsync(string normalizedEmail, string? clientAddress, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var pair = await CountAsync(PairKey(normalizedEmail, clientAddress), now, ct);
        var wait = Delay(pair.Failures);
        await db.Set<SignInThrottleEntry>().Where(e => e.Key == pair.Key)
            .ExecuteUpdateAsync(u => u.SetProperty(e => e.WaitUntil, wait > TimeSpan.Zero ? now + wait : null), ct);
        var account = await CountAsync(AccountKey(normalizedEmail), now, ct);
        if (account.Failures >= AccountLockAfterFailures && !account.Locked)
        {
            await db.Set<SignInThrottleEntry>().Where(e => e.Key == account.Key).ExecuteUpdateAsync(u => u.SetProperty(e => e.Locked, true), ct);
        }
    }

    /// <summary>A sign-in completed (with its second factor when it has one): its counts and its lock end.</summary>
    public async Task SucceededAsync(string normalizedEmail, string? clientAddress, CancellationToken ct)
    {
        var keys = new[] { PairKey(normalizedEmail, clientAddress), AccountKey(normalizedEmail) };
        await db.Set<SignInThrottleEntry>().Where(e => keys.Contains(e.Key)).ExecuteDeleteAsync(ct);
    }

    /// <summary>An admin lifts the lock of an account (a new provisional password).</summary>
    public async Task LiftAsync(string normalizedEmail, CancellationToken ct)
    {
        var key = AccountKey(normalizedEmail);
        await db.Set<SignInThrottleEntry>().Where(e => e.Key == key).ExecuteDeleteAsync(ct);
    }

    /// <summary>Forgets counts a day old (a lock stays until lifted).</summary>
    public async Task<int> PurgeAsync(CancellationToken ct)
    {
        var before = clock.GetUtcNow().UtcDateTime - Memory;
        return await db.Set<SignInThrottleEntry>().Where(e => e.LastFailureAt < before && !e.Locked).ExecuteDeleteAsync(ct);
    }

    /// <summary>One more failure under the key, atomically (two attempts at once both count); the count restarts after a day.</summary>
    private async Task<SignInThrottleEntry> CountAsync(string key, DateTime now, CancellationToken ct)
    {
        var forgotten = now - Memory;
        var set = db.Set<SignInThrottleEntry>();
        for (var attempt = 0; ; attempt++)
        {
            var updated = await set.Where(e => e.Key == key)
                .ExecuteUpdateAsync(u => u.SetProperty(e => e.Failures, e => e.LastFailureAt < forgotten && !e.Locked ? 1 : e.Failures + 1).SetProperty(e => e.LastFailureAt, now), ct);
            if (updated == 0)
            {
                set.Add(new SignInThrottleEntry { Key = key, Failures = 1, LastFailureAt = now });
                try
                {
                    await db.SaveChangesAsync(ct);
                }
                catch (DbUpdateException) when (attempt < 3)
                {
                    // Another attempt created it first: count on it.
                    db.ChangeTracker.Clear();
                    continue;
                }
                finally
                {
                    db.ChangeTracker.Clear();
                }
            }

            return await set.AsNoTracking().FirstAsync(e => e.Key == key, ct);
        }
    }

    private static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

/// <summary>Each day, forgets failed sign-ins a day old (a lock from everywhere stays until lifted).</summary>
public sealed class SignInThrottlePurge(SignInThrottle throttle) : Notifications.IDailyJob
{
    public string Name => "sign-in-throttle-purge";

    public Task RunAsync(CancellationToken ct) => throttle.PurgeAsync(ct);
}
