using Aiguillage.Domain.Clients;
using Aiguillage.Domain.Diagnostics;
using Aiguillage.Testing;
using Aiguillage.Web.Features.Diagnostics;
using Aiguillage.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aiguillage.Web.Tests.Diagnostics;

/// <summary>
/// The group commit writes its batches without the change tracker (issue 23 §2, Platform/Data/BulkInsert). Its rows
/// must be the rows <c>SaveChanges</c> writes, column for column, on both engines (answers as JSON, dates, the mode as
/// text, the steering flag left to its default), and a diagnostic stored by another instance between the store's check
/// and its insert must be counted as a replay, not stored twice nor lost with the rest of its batch.
/// </summary>
public abstract class DiagnosticStoreTests(AppFactory app) : EngineTests(app)
{
    private static readonly DateTime Filled = new(2026, 11, 26, 8, 30, 15, 123, DateTimeKind.Utc);
    private static readonly DateTime Received = new(2026, 11, 26, 8, 31, 0, 456, DateTimeKind.Utc);

    /// <summary>The questionnaire the app loaded at start.</summary>
    private QuestionnaireDefinition Definition => App.Services.GetRequiredService<QuestionnaireCatalog>().Current.Definition;

    private Diagnostic Build(int officeId, string requestHash, Guid? clientId = null)
    {
        var definition = Definition;
        var answers = definition.Questions.ToDictionary(q => q.Id, q => q.Options[^1].Id);
        var sheet = new AnswerSheet(answers, [definition.Needs[0].Id, definition.Needs[1].Id], new Dictionary<string, string> { ["ageBand"] = "65-74", ["gender"] = "nsp" });
        return new Diagnostic(Guid.NewGuid(), officeId, DiagnosticMode.Assisted, definition, "hash-du-questionnaire", sheet, Filled, Received, "mediateur-du-test", requestHash, clientId);
    }

    private static async Task<List<Dictionary<string, object?>>> RowsAsync(System.Data.Common.DbConnection connection, string requestHash)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM \"Diagnostics\" WHERE \"RequestHash\" = '{requestHash}'";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<Dictionary<string, object?>>();
        while (await reader.ReadAsync())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i)));
        }

        return rows;
    }

    [Fact]
    public async Task A_stored_batch_is_written_column_for_column_as_SaveChanges_writes_it()
    {
        var office = await App.CreateOfficeAsync();
        var client = new Client(Guid.NewGuid(), "ABC-DEF", office.Id, Received);
        var requestHash = "store-" + Guid.NewGuid().ToString("N");
        var bySaveChanges = Build(office.Id, requestHash, client.Id);
        var byStore = new[] { Build(office.Id, requestHash, client.Id), Build(office.Id, requestHash, client.Id) };
        using (var scope = App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.Clients.Add(client);
            db.Diagnostics.Add(bySaveChanges);
            await db.SaveChangesAsync();
        }

        using (var scope = App.Services.CreateScope())
        {
            var outcomes = await DiagnosticStore.WriteAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), [.. byStore]);
            Assert.Equal([StoreOutcome.Stored, StoreOutcome.Stored], outcomes);
        }

        await using var connection = await App.OpenOutsideConnectionAsync();
        var rows = await RowsAsync(connection, requestHash);
        Assert.Equal(3, rows.Count);
        var reference = rows.Single(r => Equals(r["Id"], ToStored(r["Id"], bySaveChanges.Id)));
        foreach (var row in rows.Where(r => !ReferenceEquals(r, reference)))
        {
            foreach (var (column, value) in reference)
            {
                // The id is each row's own; PostgreSQL's « Xid » is the inserting transaction's (outside the EF model).
                if (column is not ("Id" or "Xid"))
                {
                    Assert.True(Equals(value, row[column]), $"{column}: {value} written by SaveChanges, {row[column]} by the store");
                }
            }
        }

        // And EF reads the store's rows back by their id, whole.
        using (var scope = App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            foreach (var written in byStore)
            {
                var read = await db.Diagnostics.AsNoTracking().SingleAsync(d => d.Id == written.Id);
                Assert.Equal(written.Answers.OrderBy(a => a.Key), read.Answers.OrderBy(a => a.Key));
                Assert.Equal(written.Needs, read.Needs);
                Assert.Equal(written.Profile.OrderBy(a => a.Key), read.Profile.OrderBy(a => a.Key));
                Assert.Equal((Filled, Received, DiagnosticMode.Assisted, client.Id), (read.FilledAt, read.ReceivedAt, read.Mode, read.ClientId));
                Assert.Equal((written.Level, written.KnowHowPercent, written.Illectronisme), (read.Level, read.KnowHowPercent, read.Illectronisme));
                Assert.False(await db.Diagnostics.Where(d => d.Id == written.Id).Select(d => EF.Property<bool>(d, CountedRows.Property)).SingleAsync());
            }
        }
    }

    /// <summary>The id as the outside connection returns it: a Guid on PostgreSQL, its text on SQLite.</summary>
    private static object? ToStored(object? sample, Guid id) => sample is string ? id.ToString().ToUpperInvariant() : id;

    [Fact]
    public async Task A_diagnostic_stored_by_another_instance_meanwhile_is_a_replay_and_the_rest_of_the_batch_is_stored()
    {
        var office = await App.CreateOfficeAsync();
        var requestHash = "race-" + Guid.NewGuid().ToString("N");
        var batch = new List<Diagnostic> { Build(office.Id, requestHash), Build(office.Id, requestHash), Build(office.Id, requestHash) };
        var raced = batch[1];

        StoreOutcome[] outcomes;
        using (var scope = App.Services.CreateScope())
        {
            outcomes = await DiagnosticStore.WriteAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), batch, async () =>
            {
                // The other instance: its own context, its own committed transaction.
                using var other = App.Services.CreateScope();
                var db = other.ServiceProvider.GetRequiredService<AppDbContext>();
                db.Diagnostics.Add(Copy(raced, office.Id, requestHash));
                await db.SaveChangesAsync();
            });
        }

        Assert.Equal([StoreOutcome.Stored, StoreOutcome.AlreadyExists, StoreOutcome.Stored], outcomes);
        using (var scope = App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var stored = await db.Diagnostics.Where(d => d.RequestHash == requestHash).Select(d => d.Id).ToListAsync();
            Assert.Equal(batch.Select(d => d.Id).Order(), stored.Order());
        }
    }

    /// <summary>The same diagnostic (same id), as the other instance received it.</summary>
    private Diagnostic Copy(Diagnostic of, int officeId, string requestHash) =>
        new(of.Id, officeId, of.Mode, Definition, of.QuestionnaireHash, of.Sheet, of.FilledAt, of.ReceivedAt, of.SubmittedBy, requestHash);
}

// Without the background runner: its fold would mark the rows counted on SQLite between the writes and the comparison.
public sealed class DiagnosticStoreTests_Sqlite(Platform.QuietSqliteApp app) : DiagnosticStoreTests(app), IClassFixture<Platform.QuietSqliteApp>;

public sealed class DiagnosticStoreTests_PostgreSql(Platform.QuietPostgresApp app) : DiagnosticStoreTests(app), IClassFixture<Platform.QuietPostgresApp>;
