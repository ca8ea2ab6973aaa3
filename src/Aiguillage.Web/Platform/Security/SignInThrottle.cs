using System.Security.Cryptography;
using System.Text;
using Aiguillage.Web.Platform.Data;
using Microsoft.AspNetCore.DataProtection;
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

    /// <summary>The first attempt of the count; it restarts 24 hours later.</summary>
    public DateTime WindowStart { get; set; }

    public DateTime LastFailureAt { get; set; }

    /// <summary>No attempt is checked before then (a growing delay).</summary>
    public DateTime? WaitUntil { get; set; }

    /// <summary>The typed address is locked from everywhere but its known devices, until an admin lifts it or a week passes.</summary>
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

/// <summary>What becomes of an attempt before its password is checked.</summary>
public enum SignInVerdict
{
    /// <summary>Counted (as a failure until it succeeds): check the password.</summary>
    Check,

    /// <summary>The growing delay runs for this address from here: not checked, not counted.</summary>
    Wait,

    /// <summary>Locked from everywhere after a flood: not checked; only a known device or an admin gets in.</summary>
    Locked,
}

/// <summary>
/// Throttles password guessing without letting a stranger keep a mediator off the counter (issue 16 §13, ADR 0019).
/// Identity's lockout locked the account for everyone after five failures, so anyone could lock anyone; here:
/// <list type="bullet">
/// <item>from one client address (an IPv6 address counts by its /64), after <see cref="FreeFailures"/> attempts on one
/// typed address, each new attempt waits longer (<see cref="Delay"/>: 30 s, 1, 2, 4, 8, then 15 minutes at most);</item>
/// <item>from everywhere, <c>Security:AccountLockAfterFailures</c> attempts within 24 hours of the first (100 by
/// default: a distributed guess) lock the typed address; the lock lasts until an admin gives a new provisional
/// password, or a week passes without an attempt;</item>
/// <item>a **known device** — a browser where the account signed in before, proven by a cookie the server signed —
/// is slowed by neither: the mediator's own tablet at the counter always gets its password checked.</item>
/// </list>
/// An attempt is counted before its password is checked, in one conditional update, so that attempts sent in
/// parallel cannot all slip through before the first is counted; a success clears the counts. Unknown addresses
/// are counted exactly like accounts, so the answers tell no account apart.
/// </summary>
public sealed class SignInThrottle(AppDbContext db, TimeProvider clock, IConfiguration configuration, Microsoft.AspNetCore.DataProtection.IDataProtectionProvider protection)
{
    public const int FreeFailures = 5;

    public const string DeviceCookie = "aiguillage-appareil";

    /// <summary>A count restarts 24 hours after its first failure.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    /// <summary>A lock ends a week after the last attempt on it, if no admin lifted it before.</summary>
    public static readonly TimeSpan LockLasts = TimeSpan.FromDays(7);

    private static readonly TimeSpan DeviceRemembered = TimeSpan.FromDays(180);

    private static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(15);

    public int AccountLockAfterFailures => Math.Max(FreeFailures + 1, configuration.GetValue("Security:AccountLockAfterFailures", 100));

    private Microsoft.AspNetCore.DataProtection.IDataProtector Devices => protection.CreateProtector("Aiguillage.SignInThrottle.KnownDevice.v1");

    /// <summary>The wait before the next attempt after <paramref name="failures"/> attempts from one place.</summary>
    public static TimeSpan Delay(int failures) =>
        failures < FreeFailures ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Min(MaxDelay.TotalSeconds, 30 * Math.Pow(2, Math.Min(failures - FreeFailures, 10))));

    public static string PairKey(string normalizedEmail, string? clientAddress) => Hash($"pair|{normalizedEmail}|{Place(clientAddress)}");

    public static string AccountKey(string normalizedEmail) => Hash($"account|{normalizedEmail}");

    /// <summary>Where an attempt comes from: an IPv4 address, or the /64 network of an IPv6 one (one subscriber holds a whole /64).</summary>
    public static string Place(string? clientAddress)
    {
        if (!System.Net.IPAddress.TryParse(clientAddress, out var ip))
        {
            return "inconnue";
        }

        if (ip.IsIPv4MappedToIPv6)
        {
            ip = ip.MapToIPv4();
        }

        return ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? Convert.ToHexString(ip.GetAddressBytes()[..8]) + "::/64" : ip.ToString();
    }

    /// <summary>Counts the attempt and says whether its password may be checked.</summary>
    public async Task<SignInVerdict> ReserveAsync(string normalizedEmail, string? clientAddress, bool knownDevice, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var set = db.Set<SignInThrottleEntry>();
        var accountKey = AccountKey(normalizedEmail);
        if (!knownDevice && await set.AnyAsync(e => e.Key == accountKey && e.Locked, ct))
        {
            // The flood goes on: the lock lasts a week after its last attempt.
            await set.Where(e => e.Key == accountKey).ExecuteUpdateAsync(u => u.SetProperty(e => e.LastFailureAt, now), ct);
            return SignInVerdict.Locked;
        }

        if (!await CountAsync(PairKey(normalizedEmail, clientAddress), now, onlyIfNotWaiting: !knownDevice, ct))
        {
            return SignInVerdict.Wait;
        }

        await CountAsync(accountKey, now, onlyIfNotWaiting: false, ct);
        var limit = AccountLockAfterFailures;
        await set.Where(e => e.Key == accountKey && e.Failures >= limit && !e.Locked).ExecuteUpdateAsync(u => u.SetProperty(e => e.Locked, true), ct);
        return SignInVerdict.Check;
    }

    /// <summary>A sign-in completed (with its second factor when it has one): its counts end.</summary>
    public async Task SucceededAsync(string normalizedEmail, string? clientAddress, CancellationToken ct)
    {
        var keys = new[] { PairKey(normalizedEmail, clientAddress), AccountKey(normalizedEmail) };
        await db.Set<SignInThrottleEntry>().Where(e => keys.Contains(e.Key)).ExecuteDeleteAsync(ct);
    }

    /// <summary>An admin lifts the lock of an account (a new provisional password, a new account).</summary>
    public async Task LiftAsync(string normalizedEmail, CancellationToken ct)
    {
        var key = AccountKey(normalizedEmail);
        await db.Set<SignInThrottleEntry>().Where(e => e.Key == key).ExecuteDeleteAsync(ct);
    }

    /// <summary>Forgets counts whose window is over, and locks a week without an attempt.</summary>
    public async Task<int> PurgeAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var (windowOver, lockOver) = (now - Window, now - LockLasts);
        return await db.Set<SignInThrottleEntry>().Where(e => (!e.Locked && e.WindowStart < windowOver && (e.WaitUntil == null || e.WaitUntil < now)) || (e.Locked && e.LastFailureAt < lockOver)).ExecuteDeleteAsync(ct);
    }

    /// <summary>Whether this browser holds the server's proof that the account signed in here before.</summary>
    public bool IsKnownDevice(HttpContext context, string normalizedEmail) => KnownAccounts(context).Contains(AccountKey(normalizedEmail));

    /// <summary>Remembers, in a cookie only the server can write, that the account signed in on this browser (up to 20 accounts: a shared office tablet).</summary>
    public void RememberDevice(HttpContext context, string normalizedEmail)
    {
        var keys = KnownAccounts(context).Where(k => k != AccountKey(normalizedEmail)).Prepend(AccountKey(normalizedEmail)).Take(20);
        context.Response.Cookies.Append(DeviceCookie, Devices.Protect(string.Join(',', keys)), new CookieOptions
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            IsEssential = true,
            Expires = clock.GetUtcNow() + DeviceRemembered,
        });
    }

    private List<string> KnownAccounts(HttpContext context)
    {
        if (context.Request.Cookies[DeviceCookie] is not { Length: > 0 } cookie)
        {
            return [];
        }

        try
        {
            return [.. Devices.Unprotect(cookie).Split(',', StringSplitOptions.RemoveEmptyEntries)];
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return [];   // forged, or signed with a key since retired
        }
    }

    /// <summary>
    /// One more attempt under the key, in one conditional update (of attempts at once, each counts once, and none
    /// passes while the key waits); the count restarts 24 hours after its first attempt. False: the key is waiting.
    /// </summary>
    private async Task<bool> CountAsync(string key, DateTime now, bool onlyIfNotWaiting, CancellationToken ct)
    {
        var windowOver = now - Window;
        var (t0, t1, t2, t3, t4, t5) = (now + Delay(FreeFailures), now + Delay(FreeFailures + 1), now + Delay(FreeFailures + 2), now + Delay(FreeFailures + 3), now + Delay(FreeFailures + 4), now + Delay(FreeFailures + 5));
        const int f = FreeFailures - 1;   // the count before the attempt that starts the delay
        var set = db.Set<SignInThrottleEntry>();
        for (var attempt = 0; ; attempt++)
        {
            // Every SET reads the row as it was before the update (SQL's rule, on both engines).
            var updated = await set.Where(e => e.Key == key && (!onlyIfNotWaiting || e.WaitUntil == null || e.WaitUntil <= now))
                .ExecuteUpdateAsync(u => u
                    .SetProperty(e => e.WaitUntil, e => e.WindowStart < windowOver || e.Failures < f ? (DateTime?)null
                        : e.Failures == f ? t0 : e.Failures == f + 1 ? t1 : e.Failures == f + 2 ? t2 : e.Failures == f + 3 ? t3 : e.Failures == f + 4 ? t4 : t5)
                    .SetProperty(e => e.Failures, e => e.WindowStart < windowOver ? 1 : e.Failures + 1)
                    .SetProperty(e => e.WindowStart, e => e.WindowStart < windowOver ? now : e.WindowStart)
                    .SetProperty(e => e.LastFailureAt, now), ct);
            if (updated == 1)
            {
                return true;
            }

            if (await set.AnyAsync(e => e.Key == key, ct))
            {
                return false;   // it exists, so it is waiting
            }

            set.Add(new SignInThrottleEntry { Key = key, Failures = 1, WindowStart = now, LastFailureAt = now });
            try
            {
                await db.SaveChangesAsync(ct);
                return true;
            }
            catch (DbUpdateException failure) when ((attempt < 3) && !Aiguillage.Web.Platform.Data.DatabaseUnavailable.Is(failure))
            {
                // Another attempt created it first: count on it.
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    private static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

/// <summary>Each day, forgets counts whose 24 hours are over, and locks a week without an attempt.</summary>
public sealed class SignInThrottlePurge(SignInThrottle throttle) : Notifications.IDailyJob
{
    public string Name => "sign-in-throttle-purge";

    public Task RunAsync(CancellationToken ct) => throttle.PurgeAsync(ct);
}
