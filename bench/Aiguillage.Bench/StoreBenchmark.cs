using System.Diagnostics;
using System.Globalization;
using Aiguillage.Domain.Diagnostics;
using Aiguillage.Web.Features.Diagnostics;
using Aiguillage.Web.Features.Offices;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Territories;
using Microsoft.EntityFrameworkCore;

/// <summary>
/// Issue 23 §2, the write stage alone: the diagnostics' group commit writes a batch (the check for ids already stored,
/// then the insert, one transaction) through <see cref="DiagnosticStore.WriteAsync"/>, which inserts without the change
/// tracker. Baseline in the same run: the same check, then the same batch through the change tracker and
/// <c>SaveChanges</c>, as the store wrote it before. Batches of each kind alternate on one connection
/// (SQLite: WAL, <c>synchronous=FULL</c> as the app sets it), so both share the machine's state. Prints the process's CPU
/// time and the elapsed time per diagnostic for each.
/// </summary>
internal static class StoreBenchmark
{
    public static async Task<bool> RunAsync(TerritoryDirectory territories, string officesFile, int batches, int batchSize, Func<AppDbContext> create, string engine)
    {
        await using var db = create();
        await db.Database.EnsureDeletedAsync();
        await DatabaseSetup.MigrateAsync(db);
        await db.Database.OpenConnectionAsync();
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
        }

        await new OfficeImporter(db, territories).ImportAsync(File.OpenRead(officesFile));
        db.ChangeTracker.Clear();
        var offices = await db.Offices.AsNoTracking().Select(o => o.Id).ToListAsync();
        var definition = QuestionnaireCatalog.Load(Path.Combine(AppContext.BaseDirectory, "Content", "questionnaires", "aisance-numerique-v1.json")).Definition;
        var random = new Random(42);
        var needs = definition.Needs.Select(n => n.Id).ToArray();
        var filled = new DateTime(2026, 11, 2, 9, 0, 0, DateTimeKind.Utc);
        List<Diagnostic> Batch() => [.. Enumerable.Range(0, batchSize).Select(_ =>
        {
            var answers = definition.Questions.ToDictionary(q => q.Id, q => q.Options[random.Next(q.Options.Count)].Id);
            var sheet = new AnswerSheet(answers, [needs[random.Next(needs.Length)]], new Dictionary<string, string> { ["ageBand"] = "65-74" });
            return new Diagnostic(Guid.NewGuid(), offices[random.Next(offices.Count)], DiagnosticMode.Assisted, definition, "bench", sheet, filled, filled, "bench", "bench");
        })];

        async Task ThroughSaveChangesAsync(List<Diagnostic> batch)
        {
            var ids = batch.Select(d => d.Id).ToList();
            var stored = await db.Diagnostics.Where(d => ids.Contains(d.Id)).Select(d => d.Id).ToListAsync();
            db.Diagnostics.AddRange(batch.Where(d => !stored.Contains(d.Id)));
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }

        async Task ThroughStoreAsync(List<Diagnostic> batch)
        {
            var outcomes = await DiagnosticStore.WriteAsync(db, batch);
            if (outcomes.Any(o => o != StoreOutcome.Stored))
            {
                throw new InvalidOperationException("A new diagnostic was taken for a replay.");
            }
        }

        // Warm-up: a few batches each way, not counted.
        for (var i = 0; i < Math.Min(5, batches); i++)
        {
            await ThroughSaveChangesAsync(Batch());
            await ThroughStoreAsync(Batch());
        }

        var process = Process.GetCurrentProcess();
        var (cpuSave, wallSave, cpuStore, wallStore) = (TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);
        for (var i = 0; i < batches; i++)
        {
            // Alternate which goes first, so neither always follows the other's checkpoint.
            foreach (var viaStore in i % 2 == 0 ? new[] { false, true } : [true, false])
            {
                var batch = Batch();
                process.Refresh();
                var cpu = process.TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                await (viaStore ? ThroughStoreAsync(batch) : ThroughSaveChangesAsync(batch));
                watch.Stop();
                process.Refresh();
                if (viaStore)
                {
                    (cpuStore, wallStore) = (cpuStore + (process.TotalProcessorTime - cpu), wallStore + watch.Elapsed);
                }
                else
                {
                    (cpuSave, wallSave) = (cpuSave + (process.TotalProcessorTime - cpu), wallSave + watch.Elapsed);
                }
            }
        }

        var written = await db.Diagnostics.CountAsync();
        var expected = 2 * (Math.Min(5, batches) + batches) * batchSize;
        var n = (double)batches * batchSize;
        string Micro(TimeSpan t) => (t.TotalMicroseconds / n).ToString("F0", CultureInfo.InvariantCulture).PadLeft(6);
        Console.WriteLine($"{engine}: {batches} batches of {batchSize} diagnostics each way, alternated ({written:N0} rows written)");
        Console.WriteLine($"  baseline, check + SaveChanges      CPU {Micro(cpuSave)} µs/diagnostic   elapsed {Micro(wallSave)} µs/diagnostic");
        Console.WriteLine($"  DiagnosticStore.WriteAsync         CPU {Micro(cpuStore)} µs/diagnostic   elapsed {Micro(wallStore)} µs/diagnostic   ({cpuStore / cpuSave:P0} of the baseline's CPU)");
        await db.Database.CloseConnectionAsync();
        await db.Database.EnsureDeletedAsync();
        if (written != expected)
        {
            Console.Error.WriteLine($"  {expected - written} diagnostics were not written: no figure holds.");
            return false;
        }

        return true;
    }
}
