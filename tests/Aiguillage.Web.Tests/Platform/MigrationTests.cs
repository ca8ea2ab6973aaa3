using Aiguillage.Testing;
using Aiguillage.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace Aiguillage.Web.Tests.Platform;

/// <summary>
/// Every change to the model has its migration, on each engine. EF checked this at every start of the app, at a cost of
/// ~0.4 s (issue 23 §6); the app now skips it (DatabaseSetup.SkipModelDiffAtStart) and this test does it instead: a
/// model change without `dotnet ef migrations add` for both contexts fails here.
/// </summary>
public abstract class MigrationTests(AppFactory app) : EngineTests(app)
{
    [Fact]
    public void The_model_has_no_change_without_its_migration()
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.False(db.Database.HasPendingModelChanges(),
            $"The {App.Provider} model has changes no migration holds: run dotnet ef migrations add NAME --context {(App.Provider == DatabaseProvider.PostgreSql ? "PostgresAppDbContext" : "SqliteAppDbContext")} (docs/architecture.md « Adding a migration »).");
    }

    /// <summary>
    /// The app runs on the compiled model of src/Aiguillage.Web/CompiledModels (issue 23 §6: building the model at start took
    /// ~0.45 s), which EF finds by itself and never checks against the code. This compares what the compiled model
    /// holds — tables, columns, their types, converters, keys, indexes, foreign keys — with the model the code builds.
    /// </summary>
    [Fact]
    public void The_compiled_model_is_the_model_the_code_builds()
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var compiled = Shape(db.Model);
        var built = Shape(db.GetService<IDesignTimeModel>().Model);
        var (context, folder) = App.Provider == DatabaseProvider.PostgreSql ? ("PostgresAppDbContext", "PostgreSql") : ("SqliteAppDbContext", "Sqlite");
        Assert.True(compiled.SequenceEqual(built),
            $"The compiled {App.Provider} model is not the model the code builds: run dotnet ef dbcontext optimize --project src/Aiguillage.Web --context {context} " +
            $"--output-dir CompiledModels/{folder} --namespace Aiguillage.Web.CompiledModels.{folder} (docs/architecture.md « Adding a migration »).\n" +
            "Only in the compiled model:\n" + string.Join('\n', compiled.Except(built)) + "\nOnly in the code's:\n" + string.Join('\n', built.Except(compiled)));
    }

    private static List<string> Shape(IModel model) =>
    [
        .. model.GetEntityTypes().OrderBy(e => e.Name, StringComparer.Ordinal).SelectMany(e => new[] { $"{e.Name} → {e.GetTableName()}" }
            .Concat(e.GetProperties().Select(p => $"{e.Name}.{p.Name}: {p.ClrType.Name} column {p.GetColumnName()} {p.GetColumnType()} null={p.IsNullable} max={p.GetMaxLength()} converter={p.GetValueConverter()?.GetType().Name} generated={p.ValueGenerated} concurrency={p.IsConcurrencyToken}"))
            .Concat(e.GetKeys().Select(k => $"{e.Name} key ({string.Join(", ", k.Properties.Select(p => p.Name))}) primary={k.IsPrimaryKey()}"))
            .Concat(e.GetIndexes().Select(i => $"{e.Name} index ({string.Join(", ", i.Properties.Select(p => p.Name))}) unique={i.IsUnique} filter={i.GetFilter()} name={i.GetDatabaseName()}"))
            .Concat(e.GetForeignKeys().Select(f => $"{e.Name} foreign key ({string.Join(", ", f.Properties.Select(p => p.Name))}) → {f.PrincipalEntityType.Name} on delete {f.DeleteBehavior}"))
            .Order(StringComparer.Ordinal)),
    ];

    [Fact]
    public async Task Every_migration_is_applied_at_start()
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    /// <summary>
    /// A start skips EF's Migrate when the history holds every migration of the build (issue 23 §6), newer ones too.
    /// One migration missing from the history must make the check answer no, which sends the start through Migrate.
    /// (A new database takes the other path at the first start of every test fixture: a wrong answer there would leave
    /// it without tables.)
    /// </summary>
    [Fact]
    public async Task A_start_skips_Migrate_only_when_the_history_holds_every_migration_of_the_build()
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.True(await DatabaseSetup.AllMigrationsAppliedAsync(db, CancellationToken.None));

        var last = db.Database.GetMigrations().Last();
        await using var connection = await App.OpenOutsideConnectionAsync();
        await using (var delete = connection.CreateCommand())
        {
            delete.CommandText = $"DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = '{last}'";
            Assert.Equal(1, await delete.ExecuteNonQueryAsync());
        }

        try
        {
            Assert.False(await DatabaseSetup.AllMigrationsAppliedAsync(db, CancellationToken.None));
        }
        finally
        {
            await using var insert = connection.CreateCommand();
            insert.CommandText = $"INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\") VALUES ('{last}', 'test')";
            await insert.ExecuteNonQueryAsync();
        }

        Assert.True(await DatabaseSetup.AllMigrationsAppliedAsync(db, CancellationToken.None));

        // A newer build's migration in the history (an older build restarted during a rolling deploy): nothing to apply.
        await using (var future = connection.CreateCommand())
        {
            future.CommandText = "INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\") VALUES ('29991231000000_FromANewerBuild', 'test')";
            await future.ExecuteNonQueryAsync();
        }

        try
        {
            Assert.True(await DatabaseSetup.AllMigrationsAppliedAsync(db, CancellationToken.None));
        }
        finally
        {
            await using var remove = connection.CreateCommand();
            remove.CommandText = "DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = '29991231000000_FromANewerBuild'";
            await remove.ExecuteNonQueryAsync();
        }
    }
}

public sealed class MigrationTests_Sqlite(SqliteApp app) : MigrationTests(app), IClassFixture<SqliteApp>;

public sealed class MigrationTests_PostgreSql(PostgresApp app) : MigrationTests(app), IClassFixture<PostgresApp>;
