using Aiguillage.Domain.Clients;
using Aiguillage.Domain.Diagnostics;
using Aiguillage.Testing;
using Aiguillage.Web.Features.Diagnostics;
using Aiguillage.Web.Features.Steering;
using Aiguillage.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aiguillage.Web.Tests.Steering;

/// <summary>
/// Issue 23 §5: on PostgreSQL the diagnostics are folded by SQL behind a watermark (Features/Steering/PostgresDiagnosticFold,
/// docs/adr/0027). Its cells must be the very cells <see cref="CellCounter"/> counts from the same diagnostics — the
/// month and the week in Paris time across the clock changes and at midnight, bands, profiles without answers, needs,
/// the progress of clients seen again —, and the watermark must never pass a row that is not committed yet.
/// </summary>
public sealed class SetBasedFoldTests(PostgresApp app) : EngineTests(app), IClassFixture<PostgresApp>
{
    private static readonly string[] DiagnosticKinds = [CubeKind.Level, CubeKind.Matrix, CubeKind.Profile, CubeKind.Need, CubeKind.Office, CubeKind.Area, CubeKind.Week, CubeKind.Progress];

    /// <summary>Instants where Paris time changes day, week, month or offset (UTC).</summary>
    private static readonly DateTime[] Edges =
    [
        new(2025, 10, 26, 0, 59, 59, DateTimeKind.Utc), new(2025, 10, 26, 1, 0, 0, DateTimeKind.Utc),     // 02:59:59 CEST, then 02:00 CET
        new(2026, 3, 29, 0, 59, 59, DateTimeKind.Utc), new(2026, 3, 29, 1, 0, 0, DateTimeKind.Utc),       // 01:59:59 CET, then 03:00 CEST
        new(2026, 1, 31, 22, 59, 59, DateTimeKind.Utc), new(2026, 1, 31, 23, 0, 0, DateTimeKind.Utc),     // 31 January 23:59:59, then 1 February
        new(2026, 6, 30, 21, 59, 59, DateTimeKind.Utc), new(2026, 6, 30, 22, 0, 0, DateTimeKind.Utc),     // 30 June 23:59:59, then 1 July
        new(2026, 3, 1, 22, 59, 59, DateTimeKind.Utc), new(2026, 3, 1, 23, 0, 0, DateTimeKind.Utc),       // Sunday 23:59:59, then Monday
        new(2025, 12, 31, 23, 30, 0, DateTimeKind.Utc),                                                   // already 2026 in Paris
    ];

    private static readonly DateTime Received = new(2026, 11, 30, 12, 0, 0, DateTimeKind.Utc);

    private static QuestionnaireDefinition Definition() =>
        QuestionnaireCatalog.Load(Path.Combine(AppContext.BaseDirectory, "Content", "questionnaires", "aisance-numerique-v1.json")).Definition;

    /// <summary>
    /// Diagnostics of random answers, profiles and needs over 14 months, at the edges above, some of them clients' second
    /// or third. No row is folded before the last one is written: a client's progress is counted against the diagnostics
    /// the fold knows of (as a paper sheet keyed late does not change the progress already counted), and the app's
    /// background runner, which folds every 2 s, once folded the first transaction's rows before the next ones held their
    /// clients' earlier diagnostics: the expectation, counted from the whole history, then differed (a loaded CI).
    /// </summary>
    private async Task<List<Guid>> SeedAsync(int count, int seed)
    {
        // A transaction of this database, open with an id while the rows are written: the fold's bound stays below it.
        await using var holder = await App.OpenOutsideConnectionAsync();
        await using var holding = await holder.BeginTransactionAsync();
        await using (var command = holder.CreateCommand())
        {
            command.Transaction = holding;
            command.CommandText = "SELECT pg_current_xact_id()";
            await command.ExecuteScalarAsync();
        }

        var offices = new[] { await App.CreateOfficeAsync("42"), await App.CreateOfficeAsync("42"), await App.CreateOfficeAsync("971") };
        var definition = Definition();
        var random = new Random(seed);
        string[] ages = ["15-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+", "nsp"];
        string[] genders = ["femme", "homme", "autre", "nsp"];
        var needs = definition.Needs.Select(n => n.Id).ToArray();
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var clients = Enumerable.Range(0, count / 6).Select(i =>
        {
            var code = string.Concat(Enumerable.Range(0, 6).Select(k => Client.Alphabet[random.Next(Client.Alphabet.Length)]));
            return new Client(Guid.NewGuid(), $"{code[..3]}-{code[3..]}", offices[i % 2].Id, new DateTime(2025, 9, 1, 8, 0, 0, DateTimeKind.Utc));
        }).ToList();
        db.Clients.AddRange(clients);
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var answers = definition.Questions.ToDictionary(q => q.Id, q => q.Options[random.Next(q.Options.Count)].Id);
            var profile = random.Next(5) switch
            {
                0 => new Dictionary<string, string>(),
                1 => new Dictionary<string, string> { ["ageBand"] = ages[random.Next(ages.Length)] },
                _ => new Dictionary<string, string> { ["ageBand"] = ages[random.Next(ages.Length)], ["gender"] = genders[random.Next(genders.Length)] },
            };
            var sheet = new AnswerSheet(answers, [.. Enumerable.Range(0, random.Next(4)).Select(_ => needs[random.Next(needs.Length)]).Distinct()], profile);
            var filled = i < Edges.Length ? Edges[i] : new DateTime(2025, 9, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(random.Next(420 * 24 * 60));
            var office = offices[random.Next(offices.Length)];
            Guid? client = random.Next(3) == 0 ? clients[random.Next(clients.Count)].Id : null;
            var diagnostic = new Diagnostic(Guid.NewGuid(), office.Id, (DiagnosticMode)random.Next(3), definition, "test", sheet, filled, Received, "test", "test", client);
            db.Diagnostics.Add(diagnostic);
            ids.Add(diagnostic.Id);

            // Several transactions, of many rows each: batches end inside a transaction and across two.
            if (i % 200 == 199)
            {
                await db.SaveChangesAsync();
            }
        }

        await db.SaveChangesAsync();
        await holding.RollbackAsync();
        return ids;
    }

    /// <summary>
    /// Folds until nothing is left to fold. A transaction of the app's own (a background job) still open holds the
    /// fold back, as it should: then the fold is tried again, until a minute has passed.
    /// </summary>
    private async Task FoldAllAsync()
    {
        using var scope = App.Services.CreateScope();
        var cube = scope.ServiceProvider.GetRequiredService<SteeringCube>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            // Small batches, a prime number of rows: most end in the middle of a transaction's rows.
            while (await cube.FoldAsync(37, CancellationToken.None) > 0)
            {
            }

            if (!await SteeringCube.AnyUnfoldedDiagnosticAsync(db, new DateTime(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc), CancellationToken.None))
            {
                return;
            }

            Assert.True(waited.Elapsed < TimeSpan.FromMinutes(1), "Diagnostics are still not folded after a minute: a transaction of this database stays open.");
            await Task.Delay(20);
        }
    }

    /// <summary>
    /// What <see cref="CellCounter"/> counts (the fold by rows' rules) from every diagnostic in the database, but those
    /// flagged as counted by the fold by rows before the watermark existed (whose cells a migrated database already has,
    /// and a test of this class leaves out).
    /// </summary>
    private async Task<Dictionary<CellKey, long>> ExpectedAsync()
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var diagnostics = await SteeringCube.Diagnostics(db, db.Diagnostics.Where(d => !EF.Property<bool>(d, SteeringCube.CountedProperty))).ToListAsync();
        var previous = await SteeringCube.PreviousLevelsAsync(db, diagnostics, CancellationToken.None);
        var counter = new CellCounter(withNation: true);
        foreach (var d in diagnostics)
        {
            counter.Add(d, previous.TryGetValue(d.Id, out var level) ? level : null);
        }

        return counter.Counts.ToDictionary();
    }

    private async Task<Dictionary<CellKey, long>> CellsAsync()
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return (await db.SteeringCells.AsNoTracking().Where(c => DiagnosticKinds.Contains(c.Kind)).ToListAsync())
            .ToDictionary(c => new CellKey(c.Kind, c.Month, c.DepartmentCode, c.OfficeId, c.Mode, c.D1, c.D2, c.D3), c => c.Count);
    }

    private static void AssertSameCells(Dictionary<CellKey, long> expected, Dictionary<CellKey, long> actual)
    {
        var differences = expected.Keys.Union(actual.Keys)
            .Where(k => expected.GetValueOrDefault(k) != actual.GetValueOrDefault(k))
            .Select(k => $"{k}: by rows {expected.GetValueOrDefault(k)}, by SQL {actual.GetValueOrDefault(k)}").Take(20).ToList();
        Assert.True(differences.Count == 0, $"{differences.Count}+ cells differ:\n" + string.Join('\n', differences));
        Assert.NotEmpty(actual);
    }

    [Fact]
    public async Task The_sql_fold_counts_every_cell_as_the_counter_by_rows_does()
    {
        await SeedAsync(900, seed: 23);
        await FoldAllAsync();
        var expected = await ExpectedAsync();
        AssertSameCells(expected, await CellsAsync());

        // Every kind is exercised, the nation rolls up its departments, and the edges fell where Paris time puts them.
        Assert.All(DiagnosticKinds, kind => Assert.Contains(expected.Keys, k => k.Kind == kind));
        Assert.Contains(expected.Keys, k => k.Kind == CubeKind.Week && k.D1 == "2026-03-02" && k.Month == new DateOnly(2026, 3, 1));
        Assert.Contains(expected.Keys, k => k.Kind == CubeKind.Level && k.Month == new DateOnly(2026, 2, 1));
    }

    [Fact]
    public async Task A_row_of_a_transaction_still_open_is_folded_once_it_commits_never_skipped()
    {
        await SeedAsync(30, seed: 5);
        await FoldAllAsync();
        var office = await App.CreateOfficeAsync("42");
        var definition = Definition();
        Diagnostic Made(DateTime filled) => new(Guid.NewGuid(), office.Id, DiagnosticMode.Assisted, definition, "test", new AnswerSheet(
            definition.Questions.ToDictionary(q => q.Id, q => q.Options[0].Id), [], new Dictionary<string, string>()), filled, Received, "test", "test");

        // A transaction takes its id and writes its row, and stays open; a later one commits a row with a higher id.
        using var slowScope = App.Services.CreateScope();
        var slow = slowScope.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var open = await slow.Database.BeginTransactionAsync();
        slow.Diagnostics.Add(Made(new DateTime(2026, 5, 4, 10, 0, 0, DateTimeKind.Utc)));
        await slow.SaveChangesAsync();
        using (var fastScope = App.Services.CreateScope())
        {
            var fast = fastScope.ServiceProvider.GetRequiredService<AppDbContext>();
            fast.Diagnostics.Add(Made(new DateTime(2026, 5, 5, 10, 0, 0, DateTimeKind.Utc)));
            await fast.SaveChangesAsync();
        }

        // The committed row is behind the open one: the watermark may not pass either yet.
        using (var scope = App.Services.CreateScope())
        {
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<SteeringCube>().FoldAsync(CancellationToken.None));
        }

        var december = new DateTime(2026, 12, 31, 0, 0, 0, DateTimeKind.Utc);
        using (var scope = App.Services.CreateScope())
        {
            Assert.True(await SteeringCube.AnyUnfoldedDiagnosticAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), december, CancellationToken.None));
        }

        await open.CommitAsync();
        await FoldAllAsync();
        AssertSameCells(await ExpectedAsync(), await CellsAsync());
        using (var scope = App.Services.CreateScope())
        {
            Assert.False(await SteeringCube.AnyUnfoldedDiagnosticAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), december, CancellationToken.None));
        }
    }

    [Fact]
    public async Task Rows_counted_by_rows_before_the_watermark_existed_are_not_counted_again()
    {
        await FoldAllAsync();
        var seeded = await SeedAsync(40, seed: 10);

        // Ten of the new rows were counted by the fold by rows (the flag a database migrated from it keeps); their
        // cells are not there, so counting them again would show. The flag is refused to this build by a trigger
        // (a previous build still folding by rows): set here as the migration found it.
        var counted = seeded.Where((_, i) => i % 4 == 0).ToList();

        await using (var connection = await App.OpenOutsideConnectionAsync())
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $$"""
                ALTER TABLE "Diagnostics" DISABLE TRIGGER "Diagnostics_Counted";
                UPDATE "Diagnostics" SET "Counted" = true WHERE "Id" IN ({{string.Join(", ", counted.Select(i => $"'{i}'"))}});
                ALTER TABLE "Diagnostics" ENABLE TRIGGER "Diagnostics_Counted";
                """;
            await command.ExecuteNonQueryAsync();
        }

        await FoldAllAsync();
        AssertSameCells(await ExpectedAsync(), await CellsAsync());
        using var scope = App.Services.CreateScope();
        Assert.Equal(counted.Count, await scope.ServiceProvider.GetRequiredService<AppDbContext>().Diagnostics
            .CountAsync(d => counted.Contains(d.Id) && EF.Property<bool>(d, SteeringCube.CountedProperty)));
    }

    [Fact]
    public async Task A_row_copied_from_another_database_with_its_transaction_id_is_counted()
    {
        var seeded = await SeedAsync(12, seed: 13);
        await FoldAllAsync();

        // As `pg_dump --data-only` or an INSERT … SELECT * from another database writes it: every column given, the
        // transaction id of the source (0 here, behind this database's watermark) among them.
        await using (var connection = await App.OpenOutsideConnectionAsync())
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"""
                CREATE TEMP TABLE copied AS SELECT * FROM "Diagnostics" WHERE "Id" = '{seeded[0]}';
                UPDATE copied SET "Id" = gen_random_uuid(), "Xid" = 0;
                INSERT INTO "Diagnostics" SELECT * FROM copied;
                """;
            await command.ExecuteNonQueryAsync();
        }

        await FoldAllAsync();
        AssertSameCells(await ExpectedAsync(), await CellsAsync());
    }

    [Fact]
    public async Task A_previous_build_still_folding_by_rows_cannot_mark_a_diagnostic_counted()
    {
        await SeedAsync(12, seed: 11);
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var id = await db.Diagnostics.Select(d => d.Id).FirstAsync();
        var refused = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => db.Diagnostics.Where(d => d.Id == id)
            .ExecuteUpdateAsync(u => u.SetProperty(d => EF.Property<bool>(d, SteeringCube.CountedProperty), true)));
        Assert.Contains("steering watermark", refused.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_transaction_open_in_another_database_of_the_server_does_not_hold_the_fold_back()
    {
        await SeedAsync(30, seed: 6);
        await FoldAllAsync();

        // Another database of the same server (a neighbour, another application) has a transaction open with an id.
        string connectionString;
        using (var scope = App.Services.CreateScope())
        {
            connectionString = scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.GetConnectionString()!;
        }

        await using var neighbour = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres" }.ConnectionString);
        await neighbour.OpenAsync();
        await using var neighbours = await neighbour.BeginTransactionAsync();
        await using (var command = new Npgsql.NpgsqlCommand("SELECT pg_current_xact_id()", neighbour, neighbours))
        {
            await command.ExecuteScalarAsync();
        }

        await SeedAsync(12, seed: 7);
        await FoldAllAsync();
        AssertSameCells(await ExpectedAsync(), await CellsAsync());
        await neighbours.RollbackAsync();
    }

    [Theory]
    [InlineData("\"Xid\" = pg_current_xact_id()::text::bigint + 1000000000", 8)]   // a server whose counter is behind the watermark
    [InlineData("\"TableOid\" = 1", 12)]                                           // pg_restore: the table has another OID
    public async Task After_a_restore_every_diagnostic_is_counted_once_again(string restored, int seed)
    {
        await SeedAsync(60, seed);
        await FoldAllAsync();

        // As a restore leaves the watermark row: naming a transaction the server has not reached (rows written since
        // carry lower ids), or another table.
        await using (var connection = await App.OpenOutsideConnectionAsync())
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"""UPDATE "SteeringWatermarks" SET {restored} WHERE "Source" = 'diagnostics'""";
            await command.ExecuteNonQueryAsync();
        }

        await SeedAsync(20, seed + 100);
        await FoldAllAsync();
        AssertSameCells(await ExpectedAsync(), await CellsAsync());
    }
}
