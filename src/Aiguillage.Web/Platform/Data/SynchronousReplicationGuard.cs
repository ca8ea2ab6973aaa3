using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Aiguillage.Web.Platform.Data;

/// <summary>
/// Turns PostgreSQL's « canceling wait for synchronous replication » warning into a failure (issue 22). With
/// <c>synchronous_standby_names</c> set, a commit waits for the standby; when that wait is cancelled (Npgsql's command
/// timeout while the standby is away), PostgreSQL reports the commit as done — « the transaction has already committed
/// locally, but might not have been replicated to the standby » — and only a WARNING tells. The warning is recognised by
/// its source (<c>syncrep.c</c>), which does not depend on the server's language; the statement or commit it came with
/// then throws <see cref="SynchronousReplicationNotConfirmedException"/>, so nothing the standby lacks is acknowledged.
/// See https://www.postgresql.org/docs/15/warm-standby.html#SYNCHRONOUS-REPLICATION.
/// </summary>
public sealed class SynchronousReplicationGuard : DbConnectionInterceptor, IDbCommandInterceptor, IDbTransactionInterceptor
{
    public static readonly SynchronousReplicationGuard Instance = new();

    /// <summary>
    /// Before a replay is acknowledged (the same id sent again, found stored): the row may be one whose commit the standby
    /// never confirmed — the first attempt answered 503 — and the replay only reads it. A write of its own (one row of
    /// « VersionStamps », 'confirmations') comes later in the WAL than that row, and its commit waits for the standby:
    /// once the standby confirms it, it has the row too; if it cannot, the guard throws and the replay answers 503 as
    /// well. A transaction that writes nothing would not wait (PostgreSQL's RecordTransactionCommit skips the wait when
    /// no WAL was written, even with a transaction id). Nothing on SQLite, nor inside a transaction (its commit waits).
    /// </summary>
    public static async Task ConfirmReplicatedAsync(DbContext db, CancellationToken ct)
    {
        if (db.Database.IsNpgsql() && db.Database.CurrentTransaction is null)
        {
            await db.Database.ExecuteSqlRawAsync("UPDATE \"VersionStamps\" SET \"Version\" = \"Version\" + 1 WHERE \"Name\" = 'confirmations'", ct);
        }
    }

    private sealed class Flag
    {
        public volatile bool NotConfirmed;
    }

    private static readonly ConditionalWeakTable<DbConnection, Flag> Flags = [];

    public static bool IsSyncReplicationWarning(PostgresNotice notice) =>
        notice.InvariantSeverity == "WARNING" && string.Equals(notice.File, "syncrep.c", StringComparison.Ordinal);

    private static void Watch(DbConnection connection)
    {
        if (connection is NpgsqlConnection npgsql && !Flags.TryGetValue(connection, out _))
        {
            var flag = Flags.GetValue(connection, _ => new Flag());
            npgsql.Notice += (_, e) =>
            {
                if (IsSyncReplicationWarning(e.Notice))
                {
                    flag.NotConfirmed = true;
                }
            };
        }
    }

    private static void Check(DbConnection? connection)
    {
        if (connection is not null && Flags.TryGetValue(connection, out var flag) && flag.NotConfirmed)
        {
            flag.NotConfirmed = false;
            throw new SynchronousReplicationNotConfirmedException();
        }
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Watch(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Watch(connection);
        return Task.CompletedTask;
    }

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Check(command.Connection);
        return result;
    }

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Check(command.Connection);
        return ValueTask.FromResult(result);
    }

    public object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        Check(command.Connection);
        return result;
    }

    public ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        Check(command.Connection);
        return ValueTask.FromResult(result);
    }

    // A statement that returns rows (EF's INSERT … RETURNING) ends when its reader is closed: the warning comes then.
    public InterceptionResult DataReaderClosing(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
    {
        Check(command.Connection);
        return result;
    }

    public ValueTask<InterceptionResult> DataReaderClosingAsync(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
    {
        Check(command.Connection);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        Check(command.Connection);
        return result;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Check(eventData.Context?.Database.GetDbConnection() ?? transaction.Connection);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Check(eventData.Context?.Database.GetDbConnection() ?? transaction.Connection);
        return Task.CompletedTask;
    }
}
