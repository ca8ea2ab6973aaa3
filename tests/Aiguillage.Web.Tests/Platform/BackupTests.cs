using System.Net;
using System.Text;
using Aiguillage.Testing;
using Aiguillage.Web.Platform.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Aiguillage.Web.Tests.Platform;

/// <summary>Issue 9 §7: a consistent SQLite backup while diagnostics are being written, checked; a damaged backup is never restored.</summary>
public sealed class BackupTests(SqliteApp app) : EngineTests(app), IClassFixture<SqliteApp>
{
    private static int Count(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM \"Diagnostics\"";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task A_backup_taken_during_writes_is_whole_and_holds_every_diagnostic_acknowledged_before_it_began()
    {
        var office = await App.CreateOfficeAsync();
        using var admin = await App.SignedInAsync(await App.CreateAdminAsync());
        string connectionString;
        using (var scope = App.Services.CreateScope())
        {
            connectionString = scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.GetConnectionString()!;
        }

        var acknowledged = 0;
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var body = Diagnostics.DiagnosticsApiTests.Submission(office);
                using var response = await admin.PostAsync(new Uri("/api/v1/diagnostics", UriKind.Relative), new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                Interlocked.Increment(ref acknowledged);
            }
        });

        while (Volatile.Read(ref acknowledged) < 20)
        {
            await Task.Delay(20);
        }

        var folder = Directory.CreateTempSubdirectory("aiguillage-backup-");
        var backup = Path.Combine(folder.FullName, "sauvegarde.db");
        int before;
        using (var scope = App.Services.CreateScope())
        {
            before = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Diagnostics.CountAsync();
        }

        SqliteBackup.Backup(connectionString, backup);
        await stop.CancelAsync();
        await writer;

        Assert.Equal("ok", SqliteBackup.IntegrityCheck(backup));
        var copied = Count(backup);
        Assert.InRange(copied, before, before + Volatile.Read(ref acknowledged));
        Assert.Throws<IOException>(() => SqliteBackup.Backup(connectionString, backup));   // never over an existing file

        // The same through the command line of the app (« backup FICHIER »).
        Assert.Equal(0, await Aiguillage.Web.Platform.Cli.CommandLine.RunAsync(App.Services, ["backup", Path.Combine(folder.FullName, "commande.db")]));
        Assert.Equal("ok", SqliteBackup.IntegrityCheck(Path.Combine(folder.FullName, "commande.db")));
        Assert.Equal(1, await Aiguillage.Web.Platform.Cli.CommandLine.RunAsync(App.Services, ["backup", backup]));

        // Restored elsewhere, the copy is the database as it was.
        var restored = Path.Combine(folder.FullName, "restauree.db");
        SqliteBackup.Restore(backup, restored);
        Assert.Equal(copied, Count(restored));
        folder.Delete(recursive: true);
    }

    [Fact]
    public async Task A_restored_backup_is_cleaned_of_clients_past_retention_before_the_app_serves_anyone()
    {
        // The live database holds a client last seen 30 months ago (the retention job has not run since it was written).
        var office = await App.CreateOfficeAsync();
        Guid clientId;
        string connectionString;
        using (var scope = App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var old = new Domain.Clients.Client(Guid.NewGuid(), await Features.Clients.ClientRegistry.NewReferenceAsync(db, CancellationToken.None), office.Id, DateTime.UtcNow.AddMonths(-30));
            old.GiveConsent("suivi-v1", "Awa", "0612345678", null, "mediateur", DateTime.UtcNow.AddMonths(-30));
            db.Clients.Add(old);
            await db.SaveChangesAsync();
            clientId = old.Id;
            connectionString = db.Database.GetConnectionString()!;
        }

        var folder = Directory.CreateTempSubdirectory("aiguillage-backup-");
        var backup = Path.Combine(folder.FullName, "sauvegarde.db");
        SqliteBackup.Backup(connectionString, backup);
        var restored = Path.Combine(Path.GetTempPath(), $"aiguillage-restauree-{Guid.NewGuid():N}.db");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Aiguillage"] = $"Data Source={restored}" }).Build();
        Assert.Equal(0, Aiguillage.Web.Platform.Cli.CommandLine.Restore(configuration, folder.FullName, backup));
        Assert.Equal("0612345678", Scalar(restored, $"SELECT \"Phone\" FROM \"Clients\" WHERE \"Id\" = '{clientId.ToString().ToUpperInvariant()}'"));

        // The app started on the restored file: by the time it answers its first request, the client is anonymised.
        await using (var app = new SqliteFileApp(restored))
        {
            using var browser = app.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(new Uri("/health/live", UriKind.Relative))).StatusCode);
            using var scope = app.Services.CreateScope();
            var client = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Clients.AsNoTracking().SingleAsync(c => c.Id == clientId);
            Assert.Equal((null, false), (client.Phone, client.AnonymisedAt is null));
        }

        folder.Delete(recursive: true);
    }

    private static string? Scalar(string path, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar() as string;
    }

    [Fact]
    public void A_damaged_backup_is_refused_and_the_database_left_as_it_was()
    {
        var folder = Directory.CreateTempSubdirectory("aiguillage-backup-");
        var database = Path.Combine(folder.FullName, "base.db");
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString()))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE \"Diagnostics\" (\"Id\" TEXT); INSERT INTO \"Diagnostics\" VALUES ('a');";
            command.ExecuteNonQuery();
        }

        var damaged = Path.Combine(folder.FullName, "abimee.db");
        File.WriteAllBytes(damaged, [.. Encoding.ASCII.GetBytes("SQLite format 3\0"), .. new byte[4096]]);
        var refused = Assert.Throws<InvalidDataException>(() => SqliteBackup.Restore(damaged, database));
        Assert.Contains("rien n'est restauré", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, Count(database));

        // The « restore » command reads the database of the configuration, and refuses the same way.
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Aiguillage"] = $"Data Source={database}" }).Build();
        Assert.Equal(1, Aiguillage.Web.Platform.Cli.CommandLine.Restore(configuration, folder.FullName, damaged));
        Assert.Equal(1, Count(database));
        var good = Path.Combine(folder.FullName, "bonne.db");
        SqliteBackup.Backup($"Data Source={database};Pooling=False", good);
        Assert.Equal(0, Aiguillage.Web.Platform.Cli.CommandLine.Restore(configuration, folder.FullName, good));
        Assert.Equal(1, Count(database));
        Assert.NotEqual("ok", SqliteBackup.IntegrityCheck(Path.Combine(folder.FullName, "absente.db")));
        folder.Delete(recursive: true);
    }
}
