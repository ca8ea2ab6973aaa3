using System.Diagnostics;
using System.Globalization;
using Aiguillage.Domain.Diagnostics;
using Aiguillage.Web.Features.Diagnostics;
using Aiguillage.Web.Features.Offices;
using Aiguillage.Web.Features.Steering.Quality;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Territories;
using Microsoft.EntityFrameworkCore;

/// <summary>
/// The questionnaire's quality report at scale (issue 20 §3): <c>count</c> diagnostics over a year in 300 real offices
/// (random answers, profiles and modes, built by the domain, stored through EF), then the report for the whole
/// territory and the year — read once into running sums — timed over a few runs. Baselines in the same run: reading the
/// same rows' answers alone (the report's floor: the scan and the JSON of each row), and counting them.
/// </summary>
internal static class QualityBenchmark
{
    public static async Task RunAsync(TerritoryDirectory territories, string officesFile, int count, Func<AppDbContext> create, string engine, int runs = 5)
    {
        await using var db = create();
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
        await db.Database.EnsureDeletedAsync();
        await DatabaseSetup.MigrateAsync(db);
        await new OfficeImporter(db, territories).ImportAsync(File.OpenRead(officesFile));
        var officeIds = await db.Offices.AsNoTracking().OrderBy(o => o.Id).Select(o => o.Id).Take(300).ToListAsync();
        var questionnaire = QuestionnaireCatalog.Load(Path.Combine(AppContext.BaseDirectory, "Content", "questionnaires", "aisance-numerique-v1.json"));
        var definition = questionnaire.Definition;
        var random = new Random(20);
        var end = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
        string[] ages = ["15-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+", "nsp"];
        string[] genders = ["femme", "homme", "autre", "nsp"];
        var modes = new[] { DiagnosticMode.Assisted, DiagnosticMode.Self, DiagnosticMode.Paper };
        var generate = Stopwatch.StartNew();
        for (var done = 0; done < count;)
        {
            var batch = Math.Min(10_000, count - done);
            for (var i = 0; i < batch; i++)
            {
                var answers = definition.Questions.ToDictionary(q => q.Id, q => q.Options[random.Next(q.Options.Count)].Id);
                var profile = new Dictionary<string, string> { ["ageBand"] = ages[random.Next(ages.Length)], ["gender"] = genders[random.Next(genders.Length)] };
                var filled = end.AddMinutes(-random.Next(365 * 24 * 60));
                db.Diagnostics.Add(new Diagnostic(Guid.NewGuid(), officeIds[random.Next(officeIds.Count)], modes[random.Next(3)], definition, questionnaire.Hash,
                    new AnswerSheet(answers, [], profile), filled, filled, "bench", "bench"));
            }

            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
            done += batch;
        }

        Console.WriteLine($"{engine,-11}generated {count:N0} diagnostics over a year in {officeIds.Count} offices in {generate.Elapsed.TotalSeconds:F0} s");
        var (from, to) = (end.AddYears(-1), end);
        var all = db.Offices.Select(o => o.Id);

        async Task<(double Median, double Max)> MeasureAsync(Func<Task> action)
        {
            await action();   // warm-up: the file in the page cache, the query compiled
            var times = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                var watch = Stopwatch.StartNew();
                await action();
                times.Add(watch.Elapsed.TotalSeconds);
            }

            times.Sort();
            return (times[times.Count / 2], times[^1]);
        }

        QualityReport? report = null;
        var counted = await MeasureAsync(async () => await db.Diagnostics.CountAsync(d => d.FilledAt >= from && d.FilledAt < to && all.Contains(d.OfficeId)));
        var read = await MeasureAsync(async () =>
        {
            long rows = 0;
            await foreach (var answers in db.Diagnostics.AsNoTracking().Where(d => d.FilledAt >= from && d.FilledAt < to && all.Contains(d.OfficeId)).Select(d => d.Answers).AsAsyncEnumerable())
            {
                rows += answers.Count > 0 ? 1 : 0;
            }
        });
        var built = await MeasureAsync(async () => report = await QualityReport.BuildAsync(db, definition, all, from, to, CancellationToken.None));
        string F(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);
        Console.WriteLine($"{engine,-11}baseline   count of the year's diagnostics         median {F(counted.Median),7} s  max {F(counted.Max),7} s");
        Console.WriteLine($"{engine,-11}baseline   read the year's answers (JSON) only     median {F(read.Median),7} s  max {F(read.Max),7} s");
        Console.WriteLine($"{engine,-11}report     quality report, nation, 12 months       median {F(built.Median),7} s  max {F(built.Max),7} s  ({report!.Diagnostics:N0} diagnostics, {report.Dif.Count} DIF checks)");
        await db.Database.EnsureDeletedAsync();
    }
}
