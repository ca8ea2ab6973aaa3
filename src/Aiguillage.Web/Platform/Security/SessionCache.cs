using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Aiguillage.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Aiguillage.Web.Platform.Security;

/// <summary>
/// What <see cref="SessionValidator"/> reads of an account at every request (security stamp, disabled, two-factor,
/// must change password), kept per instance (issue 23 §2): reading it from the database was a round trip per request,
/// the largest cost of a request on PostgreSQL. An entry holds while the accounts' <see cref="VersionStamp"/> is the one
/// read with it. The counter is read again at most every <see cref="SecurityOptions.SessionCacheSeconds"/>, and at once
/// after this instance changed an account (<see cref="SessionCacheInvalidation"/>). So a sign-out, a disabled account
/// or a changed role ends the session at its next request on the instance that made the change, and within that
/// interval (1 s by default) on every other instance. 0 turns the cache off: one read per request, as before.
/// </summary>
public sealed class SessionCache(TimeProvider clock, SecurityOptions options) : IDisposable
{
    /// <summary>Past this many accounts the cache starts again empty: a bound, far above the accounts a programme has.</summary>
    private const int MaxEntries = 20_000;

    public sealed record Account(string? SecurityStamp, bool IsDisabled, bool TwoFactorEnabled, bool MustChangePassword);

    private sealed record Entry(Account Account, long Version);

    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim versionGate = new(1, 1);

    // Bumped by every invalidation: a read that began before one must not store what it read (it may predate the
    // change), nor the counter it read.
    private long generation;
    private long version;
    private long versionReadAtTicks = long.MinValue;

    private TimeSpan Interval => TimeSpan.FromSeconds(Math.Max(0, options.SessionCacheSeconds));

    /// <summary>The account's session columns, or null when it no longer exists.</summary>
    public async Task<Account?> FindAsync(AppDbContext db, string userId, CancellationToken ct)
    {
        if (Interval == TimeSpan.Zero)
        {
            return await ReadAsync(db, userId, ct);
        }

        var started = Interlocked.Read(ref generation);
        var current = await VersionAsync(db, ct);
        if (entries.TryGetValue(userId, out var entry) && entry.Version == current)
        {
            return entry.Account;
        }

        var account = await ReadAsync(db, userId, ct);
        if (account is null)
        {
            entries.TryRemove(userId, out _);
        }
        else if (Interlocked.Read(ref generation) == started)
        {
            if (entries.Count >= MaxEntries)
            {
                entries.Clear();
            }

            entries[userId] = new Entry(account, current);

            // An invalidation between the check above and the store: the row read may predate the change.
            if (Interlocked.Read(ref generation) != started)
            {
                entries.TryRemove(userId, out _);
            }
        }

        return account;
    }

    /// <summary>This instance changed an account: forget every entry and read the counter again at the next request.</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref generation);
        Interlocked.Exchange(ref versionReadAtTicks, long.MinValue);
        entries.Clear();
    }

    private int _reads;

    /// <summary>Accounts read from the database since start (for tests: a request served from memory reads none).</summary>
    public int Reads => Volatile.Read(ref _reads);

    private Task<Account?> ReadAsync(AppDbContext db, string userId, CancellationToken ct)
    {
        Interlocked.Increment(ref _reads);
        return db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new Account(u.SecurityStamp, u.IsDisabled, u.TwoFactorEnabled, u.MustChangePassword)).FirstOrDefaultAsync(ct);
    }

    private async ValueTask<long> VersionAsync(AppDbContext db, CancellationToken ct)
    {
        if (Fresh())
        {
            return Interlocked.Read(ref version);
        }

        // One request reads the counter; the others wait for it rather than all asking the database at once.
        await versionGate.WaitAsync(ct);
        try
        {
            if (!Fresh())
            {
                var started = Interlocked.Read(ref generation);
                var read = await VersionStamp.ReadAsync(db, VersionStamp.Accounts, ct);
                Interlocked.Exchange(ref version, read);
                if (Interlocked.Read(ref generation) == started)
                {
                    Interlocked.Exchange(ref versionReadAtTicks, clock.GetUtcNow().UtcTicks);

                    // The same race once more: an invalidation right after the check forces the next read again.
                    if (Interlocked.Read(ref generation) != started)
                    {
                        Interlocked.Exchange(ref versionReadAtTicks, long.MinValue);
                    }
                }

                return read;
            }

            return Interlocked.Read(ref version);
        }
        finally
        {
            versionGate.Release();
        }
    }

    public void Dispose() => versionGate.Dispose();

    private bool Fresh()
    {
        var readAt = Interlocked.Read(ref versionReadAtTicks);
        return readAt != long.MinValue && clock.GetUtcNow().UtcTicks - readAt < Interval.Ticks;
    }
}

/// <summary>
/// Tells this instance's <see cref="SessionCache"/> when it changed an account's session columns: after the save, or,
/// inside a transaction, after the commit (until then other requests must keep seeing the old row, and do).
/// The triggers bump the counter for every other instance.
/// </summary>
public sealed class SessionCacheInvalidation(SessionCache cache) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private static readonly string[] SessionColumns =
        [nameof(AppUser.SecurityStamp), nameof(AppUser.IsDisabled), nameof(AppUser.TwoFactorEnabled), nameof(AppUser.MustChangePassword)];

    private readonly ConditionalWeakTable<DbContext, object> pending = [];

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => Saved(eventData.Context);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    // A value that changed, not a column marked modified: Identity's UpdateAsync marks every column of the account at
    // each sign-in, and emptying the cache at every sign-in would bring back a read per request (hostile review). An
    // account updated while detached (original values unknown) is still caught by the triggers, within the interval.
    private void Note(DbContext? context)
    {
        if (context is not null && context.ChangeTracker.Entries<AppUser>().Any(e =>
                e.State is EntityState.Deleted || (e.State is EntityState.Modified && SessionColumns.Any(c => Changed(e.Property(c))))))
        {
            pending.AddOrUpdate(context, this);
        }
    }

    private static bool Changed(Microsoft.EntityFrameworkCore.ChangeTracking.PropertyEntry property) =>
        property.IsModified && !Equals(property.OriginalValue, property.CurrentValue);

    private void Saved(DbContext? context)
    {
        if (context is not null && pending.TryGetValue(context, out _))
        {
            // Even inside a transaction: entries read meanwhile are dropped again at the commit.
            cache.Invalidate();
            if (context.Database.CurrentTransaction is null)
            {
                pending.Remove(context);
            }
        }
    }

    private void Committed(DbContext? context)
    {
        if (context is not null && pending.Remove(context))
        {
            cache.Invalidate();
        }
    }

    private void Forget(DbContext? context)
    {
        if (context is not null)
        {
            pending.Remove(context);
        }
    }
}
