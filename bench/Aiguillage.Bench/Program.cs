using System.Diagnostics;
using Aiguillage.Web.Platform.Imports;
using Aiguillage.Web.Features.Offices;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Territories;
using Microsoft.EntityFrameworkCore;

// Office import at national scale: the whole La Poste file (17,972 lines) into an empty database, then again
// (every line unchanged). Baseline measured in the same run: reading and splitting the same file, no validation,
// no database. Quote ratios, not absolute figures: the machine is shared (RECIPES.md).
var territories = new TerritoryDirectory(AppContext.BaseDirectory);
if (args.Length > 0 && args[0] == "places")
{
    return await PlacesBenchmark.RunAsync(territories, args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000) ? 0 : 1;
}

if (args.Length > 0 && args[0] == "signin-timing")
{
    return await SignInTimingBenchmark.RunAsync(FindRoot(), args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100);
}

if (args.Length > 0 && args[0] == "failover")
{
    return await FailoverBenchmark.RunAsync(FindRoot(), args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20);
}

if (args.Length > 0 && args[0] == "crash")
{
    return await CrashBenchmark.RunAsync(FindRoot(), args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 50);
}

var officesFile = Path.Combine(FindRoot(), "tests", "Aiguillage.Web.Tests", "Data", "points-de-contact-2025.csv");
if (args.Length > 0 && args[0] == "quality")
{
    var count = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000;
    if (args.Length < 3 || args[2] != "postgresql-only")
    {
        await QualityBenchmark.RunAsync(territories, officesFile, count, () =>
            new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite($"Data Source={Path.Combine(Path.GetTempPath(), $"aiguillage-quality-{Guid.NewGuid():N}.db")}").Options), "sqlite");
    }

    if (Environment.GetEnvironmentVariable("AIGUILLAGE_BENCH_POSTGRES") is { Length: > 0 } connection)
    {
        await QualityBenchmark.RunAsync(territories, officesFile, count, () =>
            new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql(new Npgsql.NpgsqlConnectionStringBuilder(connection) { Database = $"aiguillage_quality_{Guid.NewGuid():N}" }.ConnectionString).Options), "postgresql");
    }

    return 0;
}

if (args.Length > 0 && args[0] == "store")
{
    var batches = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 200;
    var size = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 64;
    var ok = await StoreBenchmark.RunAsync(territories, officesFile, batches, size, () =>
        new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite($"Data Source={Path.Combine(Path.GetTempPath(), $"aiguillage-store-{Guid.NewGuid():N}.db")}").Options), "sqlite");
    if (Environment.GetEnvironmentVariable("AIGUILLAGE_BENCH_POSTGRES") is { Length: > 0 } connection)
    {
        ok &= await StoreBenchmark.RunAsync(territories, officesFile, batches, size, () =>
            new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql(new Npgsql.NpgsqlConnectionStringBuilder(connection) { Database = $"aiguillage_store_{Guid.NewGuid():N}" }.ConnectionString).Options), "postgresql");
    }

    return ok ? 0 : 1;
}

if (args.Length > 0 && args[0] == "steering")
{
    var count = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000;
    if (args.Length < 3 || args[2] != "postgresql-only")
    {
        await SteeringBenchmark.RunAsync(territories, officesFile, count, () =>
        new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite($"Data Source={Path.Combine(Path.GetTempPath(), $"aiguillage-steering-{Guid.NewGuid():N}.db")}").Options), "sqlite");
    }

    if (Environment.GetEnvironmentVariable("AIGUILLAGE_BENCH_POSTGRES") is { Length: > 0 } connection)
    {
        await SteeringBenchmark.RunAsync(territories, officesFile, count, () =>
            new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql(new Npgsql.NpgsqlConnectionStringBuilder(connection) { Database = $"aiguillage_steering_{Guid.NewGuid():N}" }.ConnectionString).Options), "postgresql");
    }

    return 0;
}

var file = args.Length > 0 ? args[0] : officesFile;

var baseline = Time(() =>
{
    var fields = 0;
    foreach (var line in File.ReadLines(file))
    {
        fields += line.Split(',').Length;
    }

    return Task.FromResult(fields);
});
Console.WriteLine($"baseline  read+split            {baseline.TotalMilliseconds,8:F0} ms");

var engines = new List<(string Name, Func<AppDbContext> Create)>
{
    ("sqlite", () =>
    {
        var path = Path.Combine(Path.GetTempPath(), $"aiguillage-bench-{Guid.NewGuid():N}.db");
        return new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite($"Data Source={path}").Options);
    }),
};
if (Environment.GetEnvironmentVariable("AIGUILLAGE_BENCH_POSTGRES") is { Length: > 0 } pg)
{
    engines.Add(("postgresql", () =>
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(pg) { Database = $"aiguillage_bench_{Guid.NewGuid():N}" };
        return new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql(builder.ConnectionString).Options);
    }));
}

foreach (var (name, create) in engines)
{
    await using var db = create();
    await db.Database.EnsureDeletedAsync();
    await DatabaseSetup.MigrateAsync(db);
    ImportReport? report = null;
    var first = await TimeAsync(async () => report = await new OfficeImporter(db, territories).ImportAsync(File.OpenRead(file)));
    Console.WriteLine($"{name,-11}first import  {report!.Created,6} created {first.TotalMilliseconds,8:F0} ms  ({first / baseline:F1}× baseline)");
    db.ChangeTracker.Clear();
    var second = await TimeAsync(async () => report = await new OfficeImporter(db, territories).ImportAsync(File.OpenRead(file)));
    Console.WriteLine($"{name,-11}re-import     {report!.Unchanged,6} unchanged {second.TotalMilliseconds,6:F0} ms  ({second / baseline:F1}× baseline)");
    await db.Database.EnsureDeletedAsync();
}

return 0;

static TimeSpan Time(Func<Task<int>> action)
{
    var watch = Stopwatch.StartNew();
    action().GetAwaiter().GetResult();
    return watch.Elapsed;
}

static async Task<TimeSpan> TimeAsync(Func<Task> action)
{
    var watch = Stopwatch.StartNew();
    await action();
    return watch.Elapsed;
}

static string FindRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Aiguillage.slnx")))
    {
        dir = dir.Parent;
    }

    return dir?.FullName ?? throw new InvalidOperationException("Aiguillage.slnx not found above " + AppContext.BaseDirectory);
}
