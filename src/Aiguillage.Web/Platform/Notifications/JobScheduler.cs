using Aiguillage.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Platform.Notifications;

/// <summary>
/// Recurring jobs shared by every instance: the job's row says when it runs next; an instance runs it only after
/// claiming the row by a conditional update, so with several instances on PostgreSQL it runs once.
/// </summary>
public sealed class JobScheduler(AppDbContext db, TimeProvider clock)
{
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(15);

    /// <summary>Claims <paramref name="name"/> when due; false when not due or claimed by another instance.</summary>
    public async Task<bool> TryClaimAsync(string name, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (!await db.Set<ScheduledJob>().AnyAsync(j => j.Name == name, ct))
        {
            db.Set<ScheduledJob>().Add(new ScheduledJob { Name = name, NextRunAt = now });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException failure) when (!Aiguillage.Web.Platform.Data.DatabaseUnavailable.Is(failure))
            {
                // Another instance created it first.
            }

            db.ChangeTracker.Clear();
        }

        var leaseUntil = now + Lease;
        return await db.Set<ScheduledJob>()
            .Where(j => j.Name == name && j.NextRunAt <= now && (j.LeaseUntil == null || j.LeaseUntil < now))
            .ExecuteUpdateAsync(u => u.SetProperty(j => j.LeaseUntil, leaseUntil), ct) == 1;
    }

    public async Task CompleteAsync(string name, DateTime nextRunAt, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Set<ScheduledJob>().Where(j => j.Name == name)
            .ExecuteUpdateAsync(u => u.SetProperty(j => j.NextRunAt, nextRunAt).SetProperty(j => j.LeaseUntil, (DateTime?)null).SetProperty(j => j.LastRunAt, now), ct);
    }
}
