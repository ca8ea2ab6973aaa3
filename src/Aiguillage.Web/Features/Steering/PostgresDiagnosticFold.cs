using System.Data.Common;
using Aiguillage.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Steering;

/// <summary>
/// The diagnostics' fold on PostgreSQL (issue 23 §5, docs/adr/0027): set-based, in the database, behind a watermark
/// instead of a « Counted » flag written on every row.
/// <para>
/// Each diagnostic row carries the id of the transaction that inserted it (<c>"Xid"</c>, set by a trigger on insert,
/// whoever writes: EF, COPY, a copy from another database). The watermark is the (transaction, id) pair of the last row folded. Rows are folded in
/// that order, and only below a bound under which every transaction of this database has ended, so no row can still
/// appear below the watermark: transactions commit out of order, and a row of a transaction still running is left for
/// the next pass. The bound ignores transactions of other databases of the server (a test suite's neighbours, another
/// application), which cannot write our rows.
/// </para>
/// <para>
/// The cells are computed by SQL from the same rules as <see cref="CellCounter"/> (month and week in Paris time,
/// know-how band, « équipé mais n'utilise pas », profile defaults, distinct needs, the level at the client's previous
/// diagnostic); a test folds the same diagnostics both ways and compares every cell (SetBasedFoldTests). SQLite keeps
/// the fold by rows: it has no time zones, and its single writer makes the « Counted » flag cheap.
/// </para>
/// </summary>
internal static class PostgresDiagnosticFold
{
    /// <summary>
    /// Folds the next <paramref name="size"/> diagnostics in watermark order, in one transaction; returns how many rows
    /// it passed (rows counted before the watermark existed are passed, not counted again).
    /// </summary>
    public static async Task<int> FoldAsync(AppDbContext db, int size, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);

        // The watermark row, locked: one folder at a time, the others wait here, then read where it left off.
        var (xid, id, tableOid, current, currentOid) = await ReadWatermarkAsync(db, ct);
        if (tableOid != currentOid || xid > current)
        {
            // A restore (pg_restore, a logical copy: the table has another OID), or a server whose transaction counter
            // is behind the watermark: rows written since may carry ids below it, and cannot be told apart from the
            // rows folded before. The diagnostics' cells are counted again from nothing, in this transaction. They are
            // derived from the diagnostics (progress from the history as it is now); a published month keeps its
            // frozen figures. Rewriting every row takes minutes at millions of rows: no command timeout here, and the
            // requests that change a diagnostic wait meanwhile. A rare event: after a restore.
            await ExecuteAsync(db, """
                DELETE FROM "SteeringCells" WHERE "Kind" IN ('level', 'matrix', 'profile', 'need', 'office', 'area', 'week', 'progress');
                UPDATE "Diagnostics" SET "Counted" = false, "Xid" = 0 WHERE "Counted" OR "Xid" <> 0;
                UPDATE "SteeringWatermarks" SET "Xid" = -1, "Id" = '00000000-0000-0000-0000-000000000000', "TableOid" = @oid WHERE "Source" = 'diagnostics';
                """, timeout: 0, ct, ("oid", currentOid));
            (xid, id) = (-1, Guid.Empty);
        }

        var bound = await BoundAsync(db, ct);

        // The batch's grouping, distinct needs and sorted upsert of a live slice are done in memory rather than spilled
        // to disk (the default is 4 MB; a backlog's slices of hundreds of thousands of rows spill some); for this
        // transaction only.
        await ExecuteAsync(db, "SET LOCAL work_mem = '64MB'", ct);

        // One statement: the batch in watermark order, its cells by the rules of CellCounter.Add and DiagnosticFacts.Of
        // (see the class comment), added to the cells by upsert, and the watermark moved to the batch's last row. No
        // temporary table: the live fold runs every few seconds, and each one would write to the catalog.
        var passed = await ScalarAsync<long>(db, """
            WITH batch AS MATERIALIZED (
                SELECT d."Id", d."Xid", d."Counted", d."OfficeId", o."DepartmentCode" AS dept, d."Mode" AS mode,
                       (d."FilledAt" AT TIME ZONE 'Europe/Paris') AS local_at, d."FilledAt" AS filled_at, d."Level" AS level,
                       d."Illectronisme" AS illect, d."EquipmentScore" AS equipment, d."KnowHowPercent" AS know_how,
                       d."Profile", d."Needs", d."ClientId" AS client_id
                FROM "Diagnostics" d JOIN "Offices" o ON o."Id" = d."OfficeId"
                WHERE (d."Xid", d."Id") > (@xid, @id) AND d."Xid" < @bound
                ORDER BY d."Xid", d."Id"
                LIMIT @size),
            f AS MATERIALIZED (
                SELECT b."Id", b."OfficeId", b.dept, b.mode, b.filled_at, b.level, b.illect, b.equipment, b.client_id, b."Needs",
                       date_trunc('month', b.local_at)::date AS month, to_char(date_trunc('week', b.local_at), 'YYYY-MM-DD') AS monday,
                       LEAST(GREATEST(b.know_how / 25, 0), 4) AS band,
                       COALESCE(b."Profile"::jsonb ->> 'ageBand', 'nsp') AS age, COALESCE(b."Profile"::jsonb ->> 'gender', 'nsp') AS gender,
                       CASE WHEN b.equipment >= 2 AND b.know_how < 40 THEN '1' ELSE '0' END AS ebnu
                FROM batch b WHERE NOT b."Counted"),
            needs AS (SELECT DISTINCT f."Id", f.month, f.dept, f.mode, n.need FROM f CROSS JOIN LATERAL jsonb_array_elements_text(f."Needs"::jsonb) AS n(need)),
            progress AS (
                SELECT f.month, f.dept, f.mode, p.level AS previous, f.level FROM f
                JOIN LATERAL (SELECT x."Level" AS level FROM "Diagnostics" x
                              WHERE x."ClientId" = f.client_id AND x."FilledAt" < f.filled_at AND x."Id" <> f."Id"
                              ORDER BY x."FilledAt" DESC, x."Level" DESC LIMIT 1) p ON true
                WHERE f.client_id IS NOT NULL),
            cells AS (
                SELECT 'level' AS kind, month, CASE WHEN GROUPING(dept) = 1 THEN '' ELSE dept END AS dept, 0 AS office, mode,
                       level::text AS d1, CASE WHEN illect THEN '1' ELSE '0' END AS d2, '' AS d3, count(*) AS n
                FROM f GROUP BY GROUPING SETS ((month, dept, mode, level, illect), (month, mode, level, illect))
                UNION ALL
                SELECT 'matrix', month, CASE WHEN GROUPING(dept) = 1 THEN '' ELSE dept END, 0, mode, equipment::text, band::text, '', count(*)
                FROM f GROUP BY GROUPING SETS ((month, dept, mode, equipment, band), (month, mode, equipment, band))
                UNION ALL
                SELECT 'profile', month, CASE WHEN GROUPING(dept) = 1 THEN '' ELSE dept END, 0, mode, age, gender, ebnu, count(*)
                FROM f GROUP BY GROUPING SETS ((month, dept, mode, age, gender, ebnu), (month, mode, age, gender, ebnu))
                UNION ALL
                SELECT 'week', month, CASE WHEN GROUPING(dept) = 1 THEN '' ELSE dept END, 0, mode, monday, '', '', count(*)
                FROM f GROUP BY GROUPING SETS ((month, dept, mode, monday), (month, mode, monday))
                UNION ALL
                SELECT 'need', month, CASE WHEN GROUPING(dept) = 1 THEN '' ELSE dept END, 0, mode, need, '', '', count(*)
                FROM needs GROUP BY GROUPING SETS ((month, dept, mode, need), (month, mode, need))
                UNION ALL
                SELECT 'progress', month, CASE WHEN GROUPING(dept) = 1 THEN '' ELSE dept END, 0, mode, previous::text, level::text, '', count(*)
                FROM progress GROUP BY GROUPING SETS ((month, dept, mode, previous, level), (month, mode, previous, level))
                UNION ALL
                SELECT 'office', month, dept, "OfficeId", mode, '', '', '', count(*)
                FROM f GROUP BY month, dept, "OfficeId", mode
                UNION ALL
                SELECT 'area', month, dept, 0, mode, '', '', '', count(*)
                FROM f GROUP BY month, dept, mode),
            added AS (
                INSERT INTO "SteeringCells" ("Kind", "Month", "DepartmentCode", "OfficeId", "Mode", "D1", "D2", "D3", "Count")
                SELECT kind, month, dept, office, mode, d1, d2, d3, n FROM cells
                ORDER BY kind, month, dept, office, mode, d1, d2, d3
                ON CONFLICT ("Kind", "Month", "DepartmentCode", "OfficeId", "Mode", "D1", "D2", "D3")
                DO UPDATE SET "Count" = "SteeringCells"."Count" + excluded."Count"
                RETURNING 1),
            moved AS (
                UPDATE "SteeringWatermarks" w SET "Xid" = last."Xid", "Id" = last."Id"
                FROM (SELECT "Xid", "Id" FROM batch ORDER BY "Xid" DESC, "Id" DESC LIMIT 1) last
                WHERE w."Source" = 'diagnostics'
                RETURNING 1)
            SELECT (SELECT count(*) FROM batch) + 0 * ((SELECT count(*) FROM added) + (SELECT count(*) FROM moved))
            """, StatementTimeout(db, size), ct, ("xid", xid), ("id", id), ("bound", bound), ("size", size));
        await transaction.CommitAsync(ct);
        return (int)passed;
    }

    /// <summary>Whether a diagnostic filled before <paramref name="before"/> is not in the cells yet.</summary>
    public static async Task<bool> AnyUnfoldedAsync(AppDbContext db, DateTime before, CancellationToken ct)
    {
        // Sent as it is, a DateTime of another kind would be compared in the session's time zone.
        if (before.Kind != DateTimeKind.Utc)
        {
            throw new ArgumentException("A UTC instant is expected.", nameof(before));
        }

        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(ct);
        }

        try
        {
            return await ScalarAsync<bool>(db, """
                SELECT EXISTS (SELECT 1 FROM "Diagnostics" d, "SteeringWatermarks" w
                               WHERE w."Source" = 'diagnostics' AND (d."Xid", d."Id") > (w."Xid", w."Id") AND NOT d."Counted" AND d."FilledAt" < @before)
                """, ct, ("before", before));
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
    }

    /// <summary>The watermark, locked, with what it is checked against: this transaction's id and the table's OID now.</summary>
    private static async Task<(long Xid, Guid Id, long TableOid, long CurrentXid, long CurrentOid)> ReadWatermarkAsync(AppDbContext db, CancellationToken ct)
    {
        await using var command = Command(db, """
            SELECT "Xid", "Id", "TableOid", pg_current_xact_id()::text::bigint, '"Diagnostics"'::regclass::oid::bigint
            FROM "SteeringWatermarks" WHERE "Source" = 'diagnostics' FOR UPDATE
            """, StatementTimeout(db, SteeringCube.LargestSlice), []);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            throw new InvalidOperationException("The steering watermark row is missing: the migration SteeringWatermark creates it.");
        }

        return (reader.GetInt64(0), reader.GetGuid(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
    }

    /// <summary>
    /// The transaction id under which every transaction of this database has ended: the smallest id still running here,
    /// or the next id to be given out. A running transaction is known to be another database's only when the server
    /// says so: a session of another database holds it (<c>pg_stat_activity.backend_xid</c>), or it is prepared there
    /// (<c>pg_prepared_xacts</c>). One not seen there — it ended meanwhile, or it is being given its id, or the server
    /// hides it from this role — counts as ours, which only delays the fold. Both views name a transaction by its 32-bit
    /// id, the snapshot by its 64-bit one (epoch and id): they are compared modulo 2³².
    /// </summary>
    private static async Task<long> BoundAsync(AppDbContext db, CancellationToken ct)
    {
        var snapshot = await ScalarAsync<string>(db, "SELECT pg_current_snapshot()::text", ct);
        return await ScalarAsync<long>(db, """
            SELECT LEAST(pg_snapshot_xmax(@snapshot::pg_snapshot)::text::bigint,
                         COALESCE((SELECT min(x::text::bigint) FROM pg_snapshot_xip(@snapshot::pg_snapshot) AS x
                                   WHERE x::text::bigint % 4294967296 NOT IN (
                                       SELECT a.backend_xid::text::bigint FROM pg_stat_activity a
                                       WHERE a.backend_xid IS NOT NULL
                                         AND a.datid IS DISTINCT FROM (SELECT oid FROM pg_database WHERE datname = current_database())
                                       UNION ALL
                                       SELECT p.transaction::text::bigint FROM pg_prepared_xacts p WHERE p.database <> current_database())),
                                  9223372036854775807))
            """, ct, ("snapshot", snapshot));
    }

    /// <summary>
    /// EF's timeout, or a second per thousand rows for a large batch: the runner grows its slices up to a million rows
    /// when diagnostics wait in numbers (<see cref="SteeringCube.MaxSliceSize"/>), which can take more than EF's 30 s.
    /// A folder waiting for the watermark row waits as long as the largest slice may take (17 minutes at most).
    /// </summary>
    private static int StatementTimeout(AppDbContext db, int size)
    {
        int seconds;
        if (db.Database.GetCommandTimeout() is { } configured)
        {
            seconds = configured;
        }
        else
        {
            // The connection string's (Npgsql's 30 s unless told), as a command made on this connection gets it.
            using var probe = db.Database.GetDbConnection().CreateCommand();
            seconds = probe.CommandTimeout;
        }

        return seconds == 0 ? 0 : Math.Max(seconds, size / 1000);   // 0: none
    }

    private static Task<T> ScalarAsync<T>(AppDbContext db, string sql, CancellationToken ct, params (string Name, object Value)[] parameters) =>
        ScalarAsync<T>(db, sql, null, ct, parameters);

    private static async Task<T> ScalarAsync<T>(AppDbContext db, string sql, int? timeout, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(db, sql, timeout, parameters);
        return (T)(await command.ExecuteScalarAsync(ct))!;
    }

    private static Task ExecuteAsync(AppDbContext db, string sql, CancellationToken ct, params (string Name, object Value)[] parameters) =>
        ExecuteAsync(db, sql, null, ct, parameters);

    private static async Task ExecuteAsync(AppDbContext db, string sql, int? timeout, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(db, sql, timeout, parameters);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static DbCommand Command(AppDbContext db, string sql, int? timeout, (string Name, object Value)[] parameters)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;

        // EF's timeout, as its own commands, unless told (a first full fold of millions of rows sets a longer one: the
        // benchmark; the recount after a restore has none).
        if ((timeout ?? db.Database.GetCommandTimeout()) is { } seconds)
        {
            command.CommandTimeout = seconds;
        }

        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
