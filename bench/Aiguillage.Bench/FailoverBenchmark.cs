using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Aiguillage.Testing.Replication;
using Npgsql;

/// <summary>
/// Issue 22: N failovers under load. The real app (Release build, Production settings, background runner on) takes
/// diagnostics from four clients on a PostgreSQL primary with a synchronous standby, started on localhost by the
/// tests' harness; the primary is killed with SIGKILL, the standby promoted, the old primary rewound and re-attached as
/// the new standby, N times. A refused diagnostic is posted again with the same id, as the app's client does.
/// Printed: acknowledged, lost (acknowledged but not on the last primary), duplicated; the unavailability window of
/// each failover, from the kill to the next acknowledged diagnostic (p50, max), and its part after the promotion.
/// Baseline in the same run: one server without replication, killed and restarted in place N times.
/// </summary>
internal static class FailoverBenchmark
{
    private const string Email = "bascule@aiguillage.invalid";
    private const string Password = "Banc-d-essai-bascule-2026!";

    public static async Task<int> RunAsync(string root, int failovers)
    {
        var dll = Path.Combine(root, "src", "Aiguillage.Web", "bin", "Release", "net10.0", "Aiguillage.Web.dll");
        if (!File.Exists(dll))
        {
            Console.Error.WriteLine($"Build the app first: dotnet build -c Release src/Aiguillage.Web ({dll} is missing)");
            return 2;
        }

        if (PostgresBinaries.Folder is null)
        {
            Console.Error.WriteLine(PostgresBinaries.Missing);
            return 2;
        }

        var baseline = await RunOnceAsync(root, dll, failovers, replicated: false);
        var replicated = await RunOnceAsync(root, dll, failovers, replicated: true);
        return baseline && replicated ? 0 : 1;
    }

    private static async Task<bool> RunOnceAsync(string root, string dll, int failovers, bool replicated)
    {
        var folder = PostgresBinaries.NewFolder(Path.Combine(Path.GetTempPath(), "aiguillage-failover-" + Guid.NewGuid().ToString("N")[..12]));
        var servers = new List<PostgresServer>();
        var started = new List<Process>();
        try
        {
            return await RunOnceAsync(root, dll, failovers, replicated, folder, servers, started);
        }
        finally
        {
            foreach (var process in started)
            {
                try
                {
                    if (!process.HasExited)
                    {
                        process.Kill(entireProcessTree: true);
                        await process.WaitForExitAsync();
                    }
                }
                catch (InvalidOperationException)
                {
                    // Disposed: it had exited and been waited for.
                }
            }

            // Whatever happened: no server left running, no folder left behind.
            NpgsqlConnection.ClearAllPools();
            foreach (var s in servers)
            {
                await s.KillAsync();
            }

            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<bool> RunOnceAsync(string root, string dll, int failovers, bool replicated, string folder, List<PostgresServer> servers, List<Process> started)
    {
        var label = replicated ? "replicated" : "baseline  ";
        var primary = await PostgresServer.InitPrimaryAsync(folder, "noeud_a");
        servers.Add(primary);
        await primary.ExecuteAsync("CREATE DATABASE aiguillage");
        PostgresServer? standby = null;
        if (replicated)
        {
            standby = await primary.CloneStandbyAsync("noeud_b");
            servers.Add(standby);
            await primary.RequireSynchronousStandbyAsync(standby);
        }

        // As docs/operations.md gives it.
        var hosts = string.Join(',', new[] { primary, standby }.OfType<PostgresServer>().Select(s => s.HostAndPort));
        // (Npgsql refuses target session attributes with a single host: the baseline has one.)
        var connection = $"Host={hosts};{(replicated ? "Target Session Attributes=primary;Host Recheck Seconds=1;" : string.Empty)}Timeout=5;Database=aiguillage;Username=postgres";
        var port = PostgresBinaries.FreePort();
        var url = $"http://127.0.0.1:{port}";
        var web = Path.Combine(root, "src", "Aiguillage.Web");
        Process Start(params string[] arguments)
        {
            var process = BenchApp.Start(dll, web, new Dictionary<string, string>
            {
                ["Database__Provider"] = "PostgreSql",
                ["ConnectionStrings__Aiguillage"] = connection,
                ["Mail__OutboxFolder"] = Path.Combine(folder, "outbox"),
                ["Urls"] = url,
                ["PublicUrl"] = url,
                // Lifted, and said: four clients post far more than the 600 API calls a minute an account may make.
                ["RateLimiting__ApiPerMinute"] = "1000000",
            }, arguments, Log);
            started.Add(process);
            return process;
        }

        var log = new ConcurrentQueue<string>();
        void Log(string? line)
        {
            if (line is not null)
            {
                log.Enqueue(line);
            }
        }

        async Task RunAsync(Process command)
        {
            await command.WaitForExitAsync();
            if (command.ExitCode != 0)
            {
                throw new InvalidOperationException("the app's command failed: " + string.Join('\n', log.TakeLast(30)));
            }
        }

        using (var create = Start("admin", "create", "--email", Email))
        {
            await create.StandardInput.WriteLineAsync(Password);
            create.StandardInput.Close();
            await RunAsync(create);
        }

        // Fifty offices of the real file are enough: the benchmark posts to one.
        var offices = Path.Combine(folder, "bureaux.csv");
        await File.WriteAllLinesAsync(offices, File.ReadLines(Path.Combine(root, "tests", "Aiguillage.Web.Tests", "Data", "points-de-contact-2025.csv")).Take(51));
        using (var import = Start("import", "offices", offices))
        {
            await RunAsync(import);
        }

        var office = await primary.ScalarAsync<string>("SELECT \"SiteCode\" FROM \"Offices\" ORDER BY \"Id\" LIMIT 1", "aiguillage")
            ?? throw new InvalidOperationException("no office was imported");

        var watch = Stopwatch.StartNew();
        var acknowledged = new ConcurrentDictionary<Guid, byte>();
        // When each acknowledged request was sent, and when its answer came: a request sent before a kill may be
        // answered just after it (committed before), which says nothing of the outage.
        var acknowledgedAt = new ConcurrentQueue<(long Sent, long Answered)>();
        var answers = new ConcurrentDictionary<string, int>();
        using var handler = new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer() };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
        using var server = Start();
        await CrashBenchmark.WaitReadyAsync(http);
        await CrashBenchmark.SignInAsync(http, Email, Password);
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            var id = Guid.NewGuid();
            // Sent again as it was, byte for byte: the same id with other content is a conflict (409), not a retry.
            var body = CrashBenchmark.Submission(office, id);
            while (!stop.IsCancellationRequested)
            {
                string answer;
                var sent = watch.ElapsedTicks;
                try
                {
                    using var response = await http.PostAsync(new Uri("/api/v1/diagnostics", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
                    answer = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
                    if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK)
                    {
                        acknowledged[id] = 0;
                        acknowledgedAt.Enqueue((sent, watch.ElapsedTicks));
                        id = Guid.NewGuid();
                        body = CrashBenchmark.Submission(office, id);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    answer = e.GetType().Name;
                }

                answers.AddOrUpdate(answer, 1, (_, n) => n + 1);
            }
        })).ToList();

        var windows = new List<double>();
        var afterPromotion = new List<double>();
        for (var failover = 1; failover <= failovers; failover++)
        {
            var before = acknowledged.Count;
            await PostgresServer.WaitUntilAsync(() => Task.FromResult(acknowledged.Count >= before + 200), $"no diagnostic acknowledged before failover {failover}");
            // The moment every process of the server is dead (KillAsync freezes the postmaster, finds its children, then kills all).
            await primary.KillAsync();
            var killedAt = watch.ElapsedTicks;
            if (replicated)
            {
                await standby!.PromoteAsync();
                (primary, standby) = (standby, primary);
            }
            else
            {
                await primary.StartAsync();   // the same server, after its crash recovery
            }

            var promotedAt = watch.ElapsedTicks;
            await PostgresServer.WaitUntilAsync(() => Task.FromResult(acknowledgedAt.Any(a => a.Sent > killedAt)), $"no diagnostic acknowledged after failover {failover}");
            var first = acknowledgedAt.Where(a => a.Sent > killedAt).Min(a => a.Answered);
            windows.Add((first - killedAt) * 1000.0 / Stopwatch.Frequency);
            afterPromotion.Add((first - promotedAt) * 1000.0 / Stopwatch.Frequency);
            if (replicated)
            {
                await standby!.RewindAsStandbyOfAsync(primary);
                await primary.RequireSynchronousStandbyAsync(standby);
            }
        }

        await stop.CancelAsync();
        await Task.WhenAll(workers);
        server.Kill(entireProcessTree: true);
        await server.WaitForExitAsync();

        var stored = new Dictionary<Guid, int>();
        await using (var read = new NpgsqlConnection(primary.ConnectionString("aiguillage")))
        {
            await read.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT \"Id\" FROM \"Diagnostics\"", read);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var id = reader.GetGuid(0);
                stored[id] = stored.GetValueOrDefault(id) + 1;
            }
        }

        var lost = acknowledged.Keys.Count(id => !stored.ContainsKey(id));
        var duplicated = stored.Count(s => s.Value > 1);
        windows.Sort();
        afterPromotion.Sort();
        static double Median(List<double> values) => values.Count == 0 ? 0 : values.Count % 2 == 1 ? values[values.Count / 2] : (values[(values.Count / 2) - 1] + values[values.Count / 2]) / 2;
        var refused = answers.Where(a => a.Key is not ("200" or "201")).OrderByDescending(a => a.Value).Select(a => $"{a.Value:N0} × {a.Key}");
        Console.WriteLine($"failover  {label} {failovers} {(replicated ? "failovers (kill -9 the primary, promote the standby)" : "restarts (kill -9 the only server, start it again)")} in {watch.Elapsed.TotalSeconds:F0} s: " +
            $"{acknowledged.Count:N0} acknowledged, {lost} lost, {duplicated} duplicated");
        Console.WriteLine($"failover  {label} unavailable from the kill to the first acknowledgement of a diagnostic sent after it: p50 {Median(windows):F0} ms, max {windows.Max():F0} ms; " +
            $"of which after the {(replicated ? "promotion" : "restart")}: p50 {Median(afterPromotion):F0} ms, max {afterPromotion.Max():F0} ms");
        Console.WriteLine($"failover  {label} answers other than an acknowledgement: {string.Join(", ", refused.DefaultIfEmpty("none"))}");

        return lost == 0 && duplicated == 0;
    }
}
