using Aiguillage.Web.Platform.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Aiguillage.Testing;

/// <summary>
/// The real application on a fresh database of its own (one per test class): SQLite in a temporary file, or a new
/// PostgreSQL database created for it and dropped afterwards. No demo data: tests build what they need.
/// </summary>
public class AppFactory : WebApplicationFactory<Program>
{
    private readonly string _connectionString;
    private readonly string? _postgresDatabase;
    private readonly string? _sqliteFile;

    /// <summary>
    /// Every file watcher of an app under test polls instead of taking an inotify instance: Linux allows 128 per user
    /// by default, and each app took two (its configuration files, and one more file provider). A test run keeps dozens
    /// of apps alive at once (one per test class and engine); two runs side by side ran out and failed most tests at
    /// their start (« The configured user limit (128) on the number of inotify instances has been reached »), and a
    /// single run on a machine with other watchers can. Read by each file provider when it is made.
    /// </summary>
    static AppFactory() => Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");

    protected AppFactory(DatabaseProvider provider)
    {
        Provider = provider;
        if (provider == DatabaseProvider.PostgreSql)
        {
            SkipReason = TestEnvironment.SkipReason(TestEnvironment.PostgresConnectionString is not null, TestEnvironment.NoPostgres);
            if (SkipReason is not null)
            {
                _connectionString = string.Empty;
                return;
            }

            var admin = new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresConnectionString);
            _postgresDatabase = $"aiguillage_test_{Guid.NewGuid():N}";
            using (var connection = new NpgsqlConnection(admin.ConnectionString))
            {
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = $"CREATE DATABASE \"{_postgresDatabase}\"";
                command.ExecuteNonQuery();
            }

            admin.Database = _postgresDatabase;
            _connectionString = admin.ConnectionString;
        }
        else
        {
            _sqliteFile = Path.Combine(Path.GetTempPath(), $"aiguillage-test-{Guid.NewGuid():N}.db");
            _connectionString = $"Data Source={_sqliteFile}";
        }
    }

    /// <summary>The app on an existing SQLite file (a restored backup), deleted with the app.</summary>
    protected AppFactory(string sqliteFile)
    {
        Provider = DatabaseProvider.Sqlite;
        _sqliteFile = sqliteFile;
        _connectionString = $"Data Source={sqliteFile}";
    }

    /// <summary>
    /// The app on an existing PostgreSQL database it neither creates nor drops: one of several instances on the same
    /// servers (tests/Aiguillage.Testing/Replication), with an optional read-only connection to a standby.
    /// </summary>
    protected AppFactory(string postgresConnectionString, string? readOnlyConnectionString)
    {
        Provider = DatabaseProvider.PostgreSql;
        _connectionString = postgresConnectionString;
        ReadOnlyConnectionString = readOnlyConnectionString;
    }

    public DatabaseProvider Provider { get; }

    /// <summary>The read-only connection (standbys first) the app is given, if any.</summary>
    public string? ReadOnlyConnectionString { get; }

    /// <summary>Where this app writes its e-mails as <c>.eml</c> files (no SMTP server in tests).</summary>
    public string OutboxFolder { get; } = Path.Combine(Path.GetTempPath(), "aiguillage-tests", "outbox-" + Guid.NewGuid().ToString("N"));

    /// <summary>Where this app writes its SMS as <c>.json</c> files (no provider in tests).</summary>
    public string SmsOutboxFolder { get; } = Path.Combine(Path.GetTempPath(), "aiguillage-tests", "sms-" + Guid.NewGuid().ToString("N"));

    /// <summary>The secret the SMS provider's reply webhook sends.</summary>
    public const string SmsInboundSecret = "secret-du-webhook-de-test";

    /// <summary>Why this engine's tests cannot run here (null when they can).</summary>
    public string? SkipReason { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");

        // No watcher on appsettings*.json (see the static constructor). A test never edits these files.
        builder.UseSetting("hostBuilder:reloadConfigOnChange", "false");
        builder.UseSetting("Database:Provider", Provider.ToString());
        builder.UseSetting("ConnectionStrings:Aiguillage", _connectionString);
        if (ReadOnlyConnectionString is not null)
        {
            builder.UseSetting("ConnectionStrings:AiguillageReadOnly", ReadOnlyConnectionString);
        }
        builder.UseSetting("Demo:Seed", "false");
        builder.UseSetting("Mail:OutboxFolder", OutboxFolder);
        builder.UseSetting("Sms:OutboxFolder", SmsOutboxFolder);
        builder.UseSetting("Sms:InboundSecret", SmsInboundSecret);
        builder.UseSetting("PublicUrl", "https://aiguillage.test");
        builder.UseSetting("Mail:PollSeconds", "2");

        // Tests sign in and call the API far more often than people do; RateLimitTests sets low limits of its own.
        builder.UseSetting("RateLimiting:SignInPerMinute", "100000");
        builder.UseSetting("RateLimiting:ApiPerMinute", "100000");
        builder.UseSetting("RateLimiting:RedeemPerMinute", "100000");
        // Test hosts sign managers and admins in hundreds of times; an authenticator code is accepted once, so the
        // requirement is off here and on in TwoFactorTests (the default, and production's).
        builder.UseSetting("Security:TwoFactorRequired", "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Error");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing)
        {
            return;
        }

        if (_sqliteFile is not null)
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in new[] { _sqliteFile, _sqliteFile + "-wal", _sqliteFile + "-shm" })
            {
                File.Delete(file);
            }
        }

        if (_postgresDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            // FORCE cannot end a server process of another role (an autovacuum worker visiting the fresh database):
            // try again a few times, then leave the uniquely named database behind rather than fail the run.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    using var connection = new NpgsqlConnection(TestEnvironment.PostgresConnectionString);
                    connection.Open();
                    using var command = connection.CreateCommand();
                    command.CommandText = $"DROP DATABASE IF EXISTS \"{_postgresDatabase}\" WITH (FORCE)";
                    command.ExecuteNonQuery();
                    break;
                }
                catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ObjectInUse && attempt < 10)
                {
                    Thread.Sleep(300);
                }
                catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ObjectInUse)
                {
                    break;
                }
            }
        }
    }
}

public sealed class SqliteApp() : AppFactory(DatabaseProvider.Sqlite);

public sealed class PostgresApp() : AppFactory(DatabaseProvider.PostgreSql);

public sealed class SqliteFileApp(string file) : AppFactory(file);

/// <summary>One app instance among several on the same PostgreSQL servers.</summary>
public class InstanceApp(string connectionString, string? readOnlyConnectionString = null) : AppFactory(connectionString, readOnlyConnectionString);
