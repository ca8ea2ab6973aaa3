using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Aiguillage.Testing;
using Aiguillage.Web.Platform.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aiguillage.Web.Tests.Diagnostics;

/// <summary>An app whose requests wait 1 s at most for their diagnostic to commit.</summary>
public sealed class ImpatientSqliteApp() : AppFactory(DatabaseProvider.Sqlite)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Database:CommitWaitSeconds", "1");
    }
}

/// <summary>
/// A request never waits past its bound for its diagnostic to commit (hostile review of issue 22: with the standby
/// away each batch waited the full statement timeout, and a request behind one waited up to a minute, past the proxy's
/// own timeout). Past the bound it answers 503 with Retry-After; the write goes on, and the same diagnostic sent again
/// is found, once. Here another connection holds SQLite's write lock, as a long write would.
/// </summary>
public sealed class DiagnosticCommitBoundTests(ImpatientSqliteApp app) : IClassFixture<ImpatientSqliteApp>
{
    [Fact]
    public async Task A_write_held_past_its_bound_answers_503_and_its_replay_is_stored_once()
    {
        var office = await app.CreateOfficeAsync();
        using var client = await app.SignedInAsync(await app.CreateMediatorAsync(office));
        var body = DiagnosticsApiTests.Submission(office);
        await using (var holder = await app.OpenOutsideConnectionAsync())
        {
            await using (var begin = holder.CreateCommand())
            {
                begin.CommandText = "BEGIN IMMEDIATE";
                await begin.ExecuteNonQueryAsync();
            }

            using var waited = await client.PostAsync(new Uri("/api/v1/diagnostics", UriKind.Relative), new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, waited.StatusCode);
            Assert.Equal("application/problem+json", waited.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(waited.Headers.RetryAfter);
            Assert.Equal(DatabaseUnavailable.Code, (string?)(await waited.Content.ReadFromJsonAsync<JsonObject>())!["code"]);
            await using var rollback = holder.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync();
        }

        // The lock released, the waiting batch commits; the client's retry with the same id finds it.
        var id = Guid.Parse((string)body["id"]!);
        await Aiguillage.Testing.Replication.PostgresServer.WaitUntilAsync(async () =>
        {
            using var scope = app.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Diagnostics.AnyAsync(d => d.Id == id);
        }, "the diagnostic held behind the lock was never stored");
        using var replay = await client.PostAsync(new Uri("/api/v1/diagnostics", UriKind.Relative), new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        using (var scope = app.Services.CreateScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<AppDbContext>().Diagnostics.CountAsync(d => d.Id == id));
        }
    }
}
