using Aiguillage.Web.Platform.Security;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Aiguillage.Web.Platform.Data;

/// <summary>Which engine runs the application: SQLite embedded by default, PostgreSQL for national scale.</summary>
public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}

public static class DatabaseSetup
{
    public const string DefaultSqlite = "Data Source=data/aiguillage.db";

    public static DatabaseProvider Provider(IConfiguration configuration)
    {
        var value = configuration["Database:Provider"];
        if (string.IsNullOrWhiteSpace(value) || value.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            return DatabaseProvider.Sqlite;
        }

        if (value.Equals("PostgreSql", StringComparison.OrdinalIgnoreCase) || value.Equals("Postgres", StringComparison.OrdinalIgnoreCase))
        {
            return DatabaseProvider.PostgreSql;
        }

        throw new InvalidOperationException($"Database:Provider « {value} » is not supported: use Sqlite or PostgreSql.");
    }

    public static IServiceCollection AddAppDatabase(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var connectionString = configuration.GetConnectionString("Aiguillage");
        switch (Provider(configuration))
        {
            case DatabaseProvider.PostgreSql:
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new InvalidOperationException("Database:Provider is PostgreSql: set ConnectionStrings__Aiguillage (see docs/operations.md).");
                }

                services.AddDbContextPool<AppDbContext, PostgresAppDbContext>((sp, o) => o.UseNpgsql(connectionString).ConfigureWarnings(SkipModelDiffAtStart)
                    .AddInterceptors(Audit.AppendOnlyJournal.Instance, SynchronousReplicationGuard.Instance, sp.GetRequiredService<SessionCacheInvalidation>()));
                if (configuration.GetConnectionString(ReadOnlyDatabase.ConnectionName) is { Length: > 0 } readOnly)
                {
                    services.AddSingleton(new ReadOnlyDatabase(readOnly));
                }

                break;
            default:
                if (!string.IsNullOrWhiteSpace(configuration.GetConnectionString(ReadOnlyDatabase.ConnectionName)))
                {
                    throw new InvalidOperationException($"ConnectionStrings__{ReadOnlyDatabase.ConnectionName} needs Database:Provider PostgreSql: SQLite has no standby (see docs/operations.md).");
                }

                var sqlite = SqliteConnectionString(connectionString ?? DefaultSqlite, contentRoot);
                services.AddDbContextPool<AppDbContext, SqliteAppDbContext>((sp, o) => o.UseSqlite(sqlite).ConfigureWarnings(SkipModelDiffAtStart)
                    .AddInterceptors(SqlitePragmas.Instance, Audit.AppendOnlyJournal.Instance, sp.GetRequiredService<SessionCacheInvalidation>()));
                break;
        }

        // Issue 23 §2: the accounts' session columns kept per instance, dropped when this instance changes one.
        services.AddSingleton<SessionCache>();
        services.AddSingleton<SessionCacheInvalidation>();
        services.AddScoped(sp => new ReadSide(sp.GetRequiredService<AppDbContext>(), sp.GetRequiredService<IHttpContextAccessor>(), sp.GetService<ReadOnlyDatabase>()));
        return services;
    }

    /// <summary>Resolves a relative SQLite file against the content root and makes sure its folder exists.</summary>
    public static string SqliteConnectionString(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource != ":memory:" && !builder.DataSource.StartsWith("file:", StringComparison.Ordinal))
        {
            var path = Path.IsPathRooted(builder.DataSource) ? builder.DataSource : Path.GetFullPath(Path.Combine(contentRoot, builder.DataSource));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            builder.DataSource = path;
        }

        // A busy writer makes others wait instead of failing at once ("database is locked").
        builder.DefaultTimeout = 30;
        return builder.ToString();
    }

    /// <summary>
    /// At every start, EF's Migrate compared the whole model with the last migration's snapshot to warn of a missing
    /// migration: ~0.4 s of a start on an existing database (issue 23 §6). A test does that comparison for both engines
    /// instead (MigrationTests), where a missing migration must fail anyway.
    /// </summary>
    private static void SkipModelDiffAtStart(Microsoft.EntityFrameworkCore.Diagnostics.WarningsConfigurationBuilder warnings) =>
        warnings.Ignore(Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.PendingModelChangesWarning);

    /// <summary>Applies pending migrations; on SQLite switches the file to WAL (a persistent setting).</summary>
    public static async Task MigrateAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        if (!await AllMigrationsAppliedAsync(db, cancellationToken))
        {
            await db.Database.MigrateAsync(cancellationToken);
        }

        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }

    /// <summary>
    /// Whether every migration of this build is in the history table, read by one plain query on the pooled connection
    /// (issue 23 §6). EF's Migrate, with nothing to apply, still cost a start on PostgreSQL an unpooled connection of its
    /// own to learn that the database exists, the creation of its lock table, the lock, and the history table's lookup in
    /// the catalog. Each migration's rows and its history row commit together, so a build that finds all of its own
    /// applied has nothing to do; anything else — no history table yet, no database yet, one migration missing — goes
    /// through Migrate as before, which takes the lock and applies what is missing.
    /// </summary>
    public static async Task<bool> AllMigrationsAppliedAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        HashSet<string> applied;
        try
        {
            applied = await ReadStringsAsync(db, "SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\"", cancellationToken);
        }
        catch (DbException)
        {
            // A new database (no history table, or on PostgreSQL no database): Migrate creates what is missing.
            return false;
        }

        return db.Database.GetMigrations().All(applied.Contains);
    }

    /// <summary>
    /// The first column of a plain query, as a set of non-null strings, read on the context's pooled connection without
    /// EF's query pipeline: at start, compiling a LINQ query costs more than the query (issue 23 §6).
    /// </summary>
    public static async Task<HashSet<string>> ReadStringsAsync(DbContext db, string sql, CancellationToken cancellationToken)
    {
        var values = new HashSet<string>(StringComparer.Ordinal);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = sql;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                values.Add(reader.GetString(0));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return values;
    }

    /// <summary>
    /// Per-connection SQLite settings: <c>synchronous=FULL</c> so a committed write survives a power cut even in WAL
    /// mode (https://www.sqlite.org/pragma.html#pragma_synchronous), foreign keys enforced, and a busy timeout.
    /// </summary>
    private sealed class SqlitePragmas : DbConnectionInterceptor
    {
        public static readonly SqlitePragmas Instance = new();

        private const string Pragmas = "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;";

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
        }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
