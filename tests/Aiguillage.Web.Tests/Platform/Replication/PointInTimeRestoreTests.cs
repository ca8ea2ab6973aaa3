using System.Net;
using System.Text;
using Aiguillage.Testing;
using Aiguillage.Testing.Replication;
using Aiguillage.Web.Tests.Diagnostics;
using Npgsql;

namespace Aiguillage.Web.Tests.Platform.Replication;

/// <summary>
/// Issue 22, point-in-time restore as docs/operations.md gives it: a base backup and the WAL archive bring the
/// database back to a noted moment — every diagnostic acknowledged before it, none after.
/// </summary>
public sealed class PointInTimeRestoreTests
{
    [Fact]
    public async Task A_restore_to_a_noted_time_holds_exactly_the_diagnostics_acknowledged_before_it()
    {
        var skip = TestEnvironment.SkipReason(PostgresBinaries.Folder is not null, PostgresBinaries.Missing);
        Assert.SkipWhen(skip is not null, skip ?? string.Empty);
        var root = PostgresBinaries.NewFolder(Path.Combine(Path.GetTempPath(), "aiguillage-pitr-" + Guid.NewGuid().ToString("N")[..12]));
        PostgresServer? source = null;
        PostgresServer? restored = null;
        try
        {
            source = await PostgresServer.InitPrimaryAsync(root, "source");
            await source.ExecuteAsync("CREATE DATABASE aiguillage");
            var connection = new NpgsqlConnectionStringBuilder(source.ConnectionString("aiguillage")) { Pooling = true }.ConnectionString;
            await using var app = new InstanceApp(connection);
            var office = await app.CreateOfficeAsync();
            var mediator = await app.CreateMediatorAsync(office);
            using var client = await app.SignedInAsync(mediator);

            async Task<List<Guid>> PostAsync(int count)
            {
                var ids = new List<Guid>();
                for (var i = 0; i < count; i++)
                {
                    var body = DiagnosticsApiTests.Submission(office);
                    using var response = await client.PostAsync(new Uri("/api/v1/diagnostics", UriKind.Relative), new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
                    Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                    ids.Add(Guid.Parse((string)body["id"]!));
                }

                return ids;
            }

            await source.BaseBackupAsync(Path.Combine(root, "sauvegarde"));
            var before = await PostAsync(12);
            var noted = await source.ScalarAsync<string>("SELECT clock_timestamp()::text");
            var after = await PostAsync(9);
            await source.ArchiveCurrentWalAsync();

            restored = await PostgresServer.RestoreAsync(Path.Combine(root, "sauvegarde"), source.ArchiveDirectory, "restauree", noted!);
            var ids = new List<Guid>();
            await using (var read = new NpgsqlConnection(restored.ConnectionString("aiguillage")))
            {
                await read.OpenAsync();
                await using var command = new NpgsqlCommand("SELECT \"Id\" FROM \"Diagnostics\"", read);
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    ids.Add(reader.GetGuid(0));
                }
            }

            Assert.Equal(before.Order(), ids.Order());
            Assert.Empty(after.Intersect(ids));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            foreach (var server in new[] { source, restored })
            {
                if (server is not null)
                {
                    await server.KillAsync();
                }
            }

            Directory.Delete(root, recursive: true);
        }
    }
}
