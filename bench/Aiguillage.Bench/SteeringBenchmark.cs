using System.Diagnostics;
using System.Globalization;
using Aiguillage.Domain.Diagnostics;
using Aiguillage.Web.Features.Diagnostics;
using Aiguillage.Web.Features.Offices;
using Aiguillage.Web.Features.Steering;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Territories;
using Microsoft.EntityFrameworkCore;

/// <summary>
/// Issue 8: N diagnostics over two years across the real 17,972 points of contact, folded into the steering cells as
/// the app does, then the server time of the national dashboard and of a department dashboard (12 months, all modes).
/// Baseline in the same run: counting the diagnostics of the department straight from the diagnostics table.
/// </summary>
internal static class SteeringBenchmark
{
    private static readonly int BatchSize = int.TryParse(Environment.GetEnvironmentVariable("FOLD_BATCH"), out var b) ? b : 50_000;

    public static async Task RunAsync(TerritoryDirectory territories, string officesFile, int count, Func<AppDbContext> create, string engine)
    {
        await using var db = create();
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));   // at 10 million rows some set-up queries take more than the default 30 s
        await DropAsync(db);
        await DatabaseSetup.MigrateAsync(db);
        await new OfficeImporter(db, territories).ImportAsync(File.OpenRead(officesFile));
        var offices = await db.Offices.AsNoTracking().Select(o => o.Id).ToListAsync();
        var definition = QuestionnaireCatalog.Load(Path.Combine(AppContext.BaseDirectory, "Content", "questionnaires", "aisance-numerique-v1.json")).Definition;
        var random = new Random(42);
        var end = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
        var needs = definition.Needs.Select(n => n.Id).ToArray();
        string[] ages = ["15-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+", "nsp"];
        string[] genders = ["femme", "homme", "autre", "nsp"];
        var modes = new[] { DiagnosticMode.Assisted, DiagnosticMode.Self, DiagnosticMode.Paper };

        var generate = Stopwatch.StartNew();
        IEnumerable<Diagnostic> Generate(int n)
        {
            for (var i = 0; i < n; i++)
            {
                var answers = definition.Questions.ToDictionary(q => q.Id, q => q.Options[random.Next(q.Options.Count)].Id);
                var profile = new Dictionary<string, string> { ["ageBand"] = ages[random.Next(ages.Length)], ["gender"] = genders[random.Next(genders.Length)] };
                var sheet = new AnswerSheet(answers, [.. new[] { needs[random.Next(needs.Length)], needs[random.Next(needs.Length)] }.Distinct()], profile);
                var filled = end.AddMinutes(-random.Next(730 * 24 * 60));
                yield return new Diagnostic(Guid.NewGuid(), offices[random.Next(offices.Count)], modes[random.Next(3)], definition, "bench", sheet, filled, filled, "bench", "bench");
            }
        }

        if (db.Database.IsNpgsql())
        {
            // PostgreSQL: the same diagnostics, built by the domain, written by COPY (10 million through EF would take
            // most of an hour); the columns as the EF model stores them (JSON text for answers, needs and profile).
            var connection = (Npgsql.NpgsqlConnection)db.Database.GetDbConnection();
            await connection.OpenAsync();
            await using (var copy = await connection.BeginBinaryImportAsync(
                "COPY \"Diagnostics\" (\"Id\", \"OfficeId\", \"ClientId\", \"Mode\", \"QuestionnaireId\", \"QuestionnaireVersion\", \"QuestionnaireHash\", \"Answers\", \"Needs\", \"Profile\", " +
                "\"FilledAt\", \"ReceivedAt\", \"SubmittedBy\", \"RequestHash\", \"EquipmentScore\", \"KnowHowPercent\", \"ConfidenceScore\", \"Level\", \"Illectronisme\", \"Counted\") FROM STDIN (FORMAT BINARY)"))
            {
                copy.Timeout = TimeSpan.FromHours(1);   // the default 30 s does not cover writing 10 million rows
                foreach (var d in Generate(count))
                {
                    await copy.StartRowAsync();
                    await copy.WriteAsync(d.Id, NpgsqlTypes.NpgsqlDbType.Uuid);
                    await copy.WriteAsync(d.OfficeId, NpgsqlTypes.NpgsqlDbType.Integer);
                    await copy.WriteNullAsync();
                    await copy.WriteAsync(d.Mode.ToString(), NpgsqlTypes.NpgsqlDbType.Varchar);
                    await copy.WriteAsync(d.QuestionnaireId, NpgsqlTypes.NpgsqlDbType.Varchar);
                    await copy.WriteAsync(d.QuestionnaireVersion, NpgsqlTypes.NpgsqlDbType.Integer);
                    await copy.WriteAsync(d.QuestionnaireHash, NpgsqlTypes.NpgsqlDbType.Varchar);
                    await copy.WriteAsync(System.Text.Json.JsonSerializer.Serialize(d.Answers), NpgsqlTypes.NpgsqlDbType.Varchar);
                    await copy.WriteAsync(System.Text.Json.JsonSerializer.Serialize(d.Needs), NpgsqlTypes.NpgsqlDbType.Varchar);
                    await copy.WriteAsync(System.Text.Json.JsonSerializer.Serialize(d.Profile), NpgsqlTypes.NpgsqlDbType.Varchar);
                    await copy.WriteAsync(d.FilledAt, NpgsqlTypes.NpgsqlDbType.TimestampTz);
                    await copy.WriteAsync(d.ReceivedAt, NpgsqlTypes.NpgsqlDbType.TimestampTz);
                    await copy.WriteAsync(d.SubmittedBy, NpgsqlTypes.NpgsqlDbType.Varchar);
                    await copy.WriteAsync(d.RequestHash, NpgsqlTypes.NpgsqlDbType.Varchar);
                    await copy.WriteAsync(d.EquipmentScore, NpgsqlTypes.NpgsqlDbType.Integer);
                    await copy.WriteAsync(d.KnowHowPercent, NpgsqlTypes.NpgsqlDbType.Integer);
                    await copy.WriteAsync(d.ConfidenceScore, NpgsqlTypes.NpgsqlDbType.Integer);
                    await copy.WriteAsync(d.Level, NpgsqlTypes.NpgsqlDbType.Integer);
                    await copy.WriteAsync(d.Illectronisme, NpgsqlTypes.NpgsqlDbType.Boolean);
                    await copy.WriteAsync(false, NpgsqlTypes.NpgsqlDbType.Boolean);
                }

                await copy.CompleteAsync();
            }

            await db.Database.ExecuteSqlRawAsync("ANALYZE \"Diagnostics\"");
        }
        else
        {
            for (var done = 0; done < count;)
            {
                var batch = Math.Min(10_000, count - done);
                db.Diagnostics.AddRange(Generate(batch));
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
                done += batch;
            }
        }

        Console.WriteLine($"{engine,-11}generated {count:N0} diagnostics over 2 years and {offices.Count:N0} offices in {generate.Elapsed.TotalSeconds:F0} s");

        // Referrals for the funnel: one for every tenth diagnostic (at most 200,000), each for its own client, proposed
        // and sent at once, most contacted within two weeks, some declined. Deeper steps need workshop sessions: left out.
        var referralWatch = Stopwatch.StartNew();
        var partner = new Aiguillage.Domain.Partners.Partner("Association du banc d'essai");
        db.Partners.Add(partner);
        await db.SaveChangesAsync();
        var referralCount = Math.Min(count / 10, 200_000);
        for (var done = 0; done < referralCount;)
        {
            var batch = Math.Min(5_000, referralCount - done);
            for (var i = 0; i < batch; i++)
            {
                var n = done + i;
                var code = string.Concat(Enumerable.Range(0, 6).Select(k => Aiguillage.Domain.Clients.Client.Alphabet[(int)(n / Math.Pow(31, k) % 31)]));
                var created = end.AddMinutes(-random.Next(730 * 24 * 60));
                var officeId = offices[random.Next(offices.Count)];
                var client = new Aiguillage.Domain.Clients.Client(Guid.NewGuid(), $"{code[..3]}-{code[3..]}", officeId, created);
                var referral = new Aiguillage.Domain.Referrals.Referral(Guid.NewGuid(), client.Id, officeId, null, partner.Id, null, null, [needs[random.Next(needs.Length)]], "Débutant", "bench", created);
                var sent = created.AddMinutes(random.Next(60));
                referral.Send(true, "partage-partenaire-v2", "Camille", "06 12 34 56 78", null, "bench", sent);
                if (random.Next(10) < 7)
                {
                    referral.MarkContacted("bench", sent.AddHours(1 + random.Next(24 * 14)));
                }
                else if (random.Next(3) == 0)
                {
                    referral.Decline(Aiguillage.Domain.Referrals.DeclineReason.Unreachable, "bench", sent.AddDays(8));
                }

                db.Clients.Add(client);
                db.Referrals.Add(referral);
            }

            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
            done += batch;
        }

        Console.WriteLine($"{engine,-11}generated {referralCount:N0} referrals with their events in {referralWatch.Elapsed.TotalSeconds:F0} s");
        var fold = Stopwatch.StartNew();
        var cube = new SteeringCube(db, TimeProvider.System) { BatchSize = BatchSize };
        if (db.Database.IsNpgsql() && Environment.GetEnvironmentVariable("FOLD_BATCH") is null)
        {
            // On PostgreSQL, as the background runner folds a backlog: slices of 250 doubling while full and quick, up
            // to SteeringCube.MaxSliceSize (issue 23 §5). FOLD_BATCH=N folds in fixed batches of N instead.
            Console.WriteLine($"{engine,-11}fold as the background runner does: slices from {cube.SliceSize:N0} doubling up to {cube.MaxSliceSize:N0}");
            // Each slice whose size differs from the one before, with its rate: where the doubling stopped, and why.
            var last = 0;
            await cube.FoldPendingDiagnosticsAsync(CancellationToken.None, (size, passed, took) =>
            {
                if (size != last || passed < size)
                {
                    Console.WriteLine($"{engine,-11}  slice of {size,9:N0}: {passed,9:N0} rows in {took.TotalSeconds,6:F1} s ({passed / Math.Max(took.TotalSeconds, 0.001),7:N0}/s)");
                    last = size;
                }
            });
        }
        else
        {
            Console.WriteLine($"{engine,-11}fold in batches of {BatchSize:N0}");
            while (await cube.FoldAsync(CancellationToken.None) > 0)
            {
            }
        }

        var diagnosticsFolded = fold.Elapsed;
        while (await cube.FoldReferralEventsAsync(CancellationToken.None) > 0)
        {
        }

        Console.WriteLine($"{engine,-11}fold: diagnostics {diagnosticsFolded.TotalSeconds:F0} s ({count / diagnosticsFolded.TotalSeconds:N0} diagnostics/s), referral events {(fold.Elapsed - diagnosticsFolded).TotalSeconds:F0} s");
        var cells = await db.SteeringCells.CountAsync();
        Console.WriteLine($"{engine,-11}folded into {cells:N0} cells in {fold.Elapsed.TotalSeconds:F0} s ({count / fold.Elapsed.TotalSeconds:N0} diagnostics/s, with the referral events)");

        var (from, to) = (new DateOnly(2025, 12, 1), new DateOnly(2026, 11, 1));
        async Task<(double P50, double P95)> MeasureAsync(Func<Task> action, int runs = 60)
        {
            var times = new List<double>();
            for (var i = 0; i < runs + 10; i++)
            {
                var watch = Stopwatch.StartNew();
                await action();
                times.Add(watch.Elapsed.TotalMilliseconds);
            }

            var measured = times.Skip(10).Order().ToList();   // the first runs warm the caches
            return (measured[measured.Count / 2], measured[(int)Math.Ceiling(0.95 * measured.Count) - 1]);
        }

        // Where the national report's time goes: every SQL command it sends, timed by EF (its diagnostic events), over
        // the measured runs. Printed below, slowest first.
        var commands = new CommandTimes();
        using var listening = System.Diagnostics.DiagnosticListener.AllListeners.Subscribe(commands);
        var loire = await db.Offices.Where(o => o.DepartmentCode == "42").Select(o => o.Id).ToListAsync();
        var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var baseline = await MeasureAsync(() => db.Diagnostics.CountAsync(d => loire.Contains(d.OfficeId) && d.FilledAt >= start), 20);
        commands.Recording = true;
        var national = await MeasureAsync(() => SteeringReport.BuildAsync(db, definition, new SteeringFilter(null, null, from, to, null), code => code, DateTime.UtcNow, CancellationToken.None, 300));
        commands.Recording = false;
        var department = await MeasureAsync(() => SteeringReport.BuildAsync(db, definition, new SteeringFilter(["42"], null, from, to, null), code => code, DateTime.UtcNow, CancellationToken.None));
        var busiest = await db.Diagnostics.GroupBy(d => d.OfficeId).OrderByDescending(g => g.Count()).Select(g => new { g.Key, Count = g.Count() }).FirstAsync();
        var busiestDepartment = await db.Offices.Where(o => o.Id == busiest.Key).Select(o => o.DepartmentCode).SingleAsync();
        var office = await MeasureAsync(() => SteeringReport.BuildAsync(db, definition, new SteeringFilter([busiestDepartment], busiest.Key, from, to, null),
            code => code, DateTime.UtcNow, CancellationToken.None));
        string F(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);
        Console.WriteLine($"{engine,-11}baseline   count of one department's diagnostics  p50 {F(baseline.P50),7} ms  p95 {F(baseline.P95),7} ms");
        Console.WriteLine($"{engine,-11}dashboard  nation, 12 months                    p50 {F(national.P50),7} ms  p95 {F(national.P95),7} ms  (target p95 < 200 ms)");
        Console.WriteLine($"{engine,-11}dashboard  department 42, 12 months             p50 {F(department.P50),7} ms  p95 {F(department.P95),7} ms  (target p95 < 200 ms)");
        Console.WriteLine($"{engine,-11}dashboard  busiest office ({busiest.Count:N0} diag.), 12 months  p50 {F(office.P50),7} ms  p95 {F(office.P95),7} ms  (counted on the fly)");
        foreach (var (text, total, runs) in commands.Slowest(8))
        {
            Console.WriteLine($"{engine,-11}  nation: {total / runs,6:0.00} ms a command, {runs,4} commands in 70 reports: {text}");
        }

        await DropAsync(db);
    }

    /// <summary>
    /// Drops the benchmark's database. On PostgreSQL an autovacuum worker (the server's, not ours to end) may still be on
    /// the freshly loaded tables: the drop is tried again for up to two minutes.
    /// </summary>
    private static async Task DropAsync(AppDbContext db)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await db.Database.EnsureDeletedAsync();
                return;
            }
            catch (Npgsql.PostgresException e) when (e.SqlState == "42501" && attempt < 60)
            {
                await Task.Delay(TimeSpan.FromSeconds(2));
            }
        }
    }
}

/// <summary>Sums the time of each SQL command EF sends (its « CommandExecuted » diagnostic event), by the command's text.</summary>
internal sealed class CommandTimes : IObserver<System.Diagnostics.DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (double Ms, int Runs)> _times = new();

    public bool Recording { get; set; }

    public IEnumerable<(string Text, double TotalMs, int Runs)> Slowest(int count) =>
        _times.OrderByDescending(t => t.Value.Ms).Take(count).Select(t => (t.Key, t.Value.Ms, t.Value.Runs));

    public void OnNext(System.Diagnostics.DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name)
        {
            listener.Subscribe(this);
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (Recording && value.Value is Microsoft.EntityFrameworkCore.Diagnostics.CommandExecutedEventData executed)
        {
            var text = string.Join(' ', executed.Command.CommandText.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
            text = text.Length > 150 ? text[..150] + "…" : text;
            _times.AddOrUpdate(text, (executed.Duration.TotalMilliseconds, 1), (_, t) => (t.Ms + executed.Duration.TotalMilliseconds, t.Runs + 1));
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }
}
