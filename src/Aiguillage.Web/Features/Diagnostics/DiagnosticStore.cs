using System.Threading.Channels;
using Aiguillage.Domain.Diagnostics;
using Aiguillage.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Diagnostics;

public enum StoreOutcome
{
    Stored,

    /// <summary>A diagnostic with this id was already stored (a replay): the caller compares contents.</summary>
    AlreadyExists,
}

/// <summary>
/// Group commit for diagnostics: requests hand their validated diagnostic to one writer, which stores whatever is
/// waiting in a single transaction and then answers each request. A durable commit (fsync with SQLite's
/// <c>synchronous=FULL</c>) is then paid once per batch instead of once per diagnostic, and writers never queue on
/// SQLite's lock. A request is answered only after its batch is committed: nothing is acknowledged and then lost.
/// See docs/adr/0006 and bench/README.md for the figures.
/// </summary>
public sealed class DiagnosticStore(IServiceScopeFactory scopes, IConfiguration configuration, ILogger<DiagnosticStore> logger) : BackgroundService
{
    private readonly TimeSpan _commitWait = TimeSpan.FromSeconds(configuration.GetValue("Database:CommitWaitSeconds", DatabaseUnavailable.DefaultCommitWaitSeconds));

    /// <summary>Bounded so that one batch stays a short transaction.</summary>
    public const int MaxBatch = 256;

    private readonly Channel<(Diagnostic Diagnostic, TaskCompletionSource<StoreOutcome> Done)> _queue =
        Channel.CreateUnbounded<(Diagnostic, TaskCompletionSource<StoreOutcome>)>(new UnboundedChannelOptions { SingleReader = true });

    public async Task<StoreOutcome> StoreAsync(Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<StoreOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((diagnostic, done)))
        {
            throw new InvalidOperationException("The application is stopping: diagnostics are no longer accepted.");
        }

        // The caller may give up waiting, but the write itself is not cancelled: it either commits or fails whole. Past
        // the bound the request answers 503 (problem+json, Retry-After) rather than hang behind batches that each wait
        // for an absent standby; the same id sent again is stored once.
        try
        {
            return await done.Task.WaitAsync(_commitWait, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new CommitTimedOutException();
        }
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        // Accept nothing new, then let the loop drain what is queued.
        _queue.Writer.TryComplete();
        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<(Diagnostic Diagnostic, TaskCompletionSource<StoreOutcome> Done)>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            try
            {
                var outcomes = await WriteAsync(batch.Select(b => b.Diagnostic).ToList());
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.TrySetResult(outcomes[i]);
                }
            }
            catch (Exception e)
            {
                // Whatever failed, the waiting requests are answered with the error (a 500 each, logged here) and the
                // writer keeps running for the next batch: a dead writer would leave every later request waiting.
                logger.LogError(e, "A batch of {Count} diagnostics could not be stored", batch.Count);
                foreach (var item in batch)
                {
                    item.Done.TrySetException(e);
                }
            }
        }
    }

    private async Task<StoreOutcome[]> WriteAsync(List<Diagnostic> diagnostics)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await WriteAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), diagnostics);
    }

    /// <summary>
    /// Stores a batch in one transaction. <paramref name="afterCheck"/> runs between the check for ids already stored and
    /// the insert: tests put there the write of another instance that races this one.
    /// </summary>
    public static async Task<StoreOutcome[]> WriteAsync(AppDbContext db, List<Diagnostic> diagnostics, Func<Task>? afterCheck = null)
    {
        var ids = diagnostics.Select(d => d.Id).Distinct().ToList();
        var stored = (await db.Diagnostics.Where(d => ids.Contains(d.Id)).Select(d => d.Id).ToListAsync()).ToHashSet();
        var outcomes = new StoreOutcome[diagnostics.Count];
        var inserted = new List<(int Index, Diagnostic Diagnostic)>();
        for (var i = 0; i < diagnostics.Count; i++)
        {
            // Already in the database, or earlier in this same batch: a replay.
            outcomes[i] = stored.Add(diagnostics[i].Id) ? StoreOutcome.Stored : StoreOutcome.AlreadyExists;
            if (outcomes[i] == StoreOutcome.Stored)
            {
                inserted.Add((i, diagnostics[i]));
            }
        }

        if (afterCheck is not null)
        {
            await afterCheck();
        }

        if (inserted.Count == 0)
        {
            return outcomes;
        }

        // New rows without the change tracker (issue 23 §2: EF's SaveChanges of a batch was the largest stage of a
        // diagnostic in the profile, about twice the request's own handling). The transaction is EF's, so its commit
        // still goes through the synchronous-replication guard.
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await BulkInsert.InsertAsync(db, inserted.Select(x => x.Diagnostic).ToList(), CancellationToken.None);
            await transaction.CommitAsync();
            return outcomes;
        }
        catch (Exception failure) when (failure is not (OperationCanceledException or NotSupportedException) && !Aiguillage.Web.Platform.Data.DatabaseUnavailable.Is(failure)
            && !(failure is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 6 }))
        {
            // Another instance stored one of these ids between our check and our insert (the transaction rolled back
            // whole), or any other failure of the batch as a whole: store one by one, and count as a replay each id
            // found stored; a diagnostic that fails alone fails its request. Not when SQLite stayed busy (5) or locked (6)
            // past its timeout: one by one, each would wait that long again, and the writer with them. Nor when BulkInsert
            // refuses the model (a shadow column without a database default): that is a defect to see, not to hide.
        }

        foreach (var (index, diagnostic) in inserted)
        {
            db.Diagnostics.Add(diagnostic);
            try
            {
                await db.SaveChangesAsync();
            }
            catch (DbUpdateException again) when (!Aiguillage.Web.Platform.Data.DatabaseUnavailable.Is(again))
            {
                db.ChangeTracker.Clear();
                if (!await db.Diagnostics.AsNoTracking().AnyAsync(d => d.Id == diagnostic.Id))
                {
                    throw;
                }

                outcomes[index] = StoreOutcome.AlreadyExists;
            }

            db.ChangeTracker.Clear();
        }

        return outcomes;
    }
}
