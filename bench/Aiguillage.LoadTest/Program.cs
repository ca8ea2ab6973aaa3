using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Npgsql;

// Posts valid diagnostics to a running instance at a chosen concurrency for a chosen time, and prints throughput
// and latency percentiles; in the same run, the throughput of a bare endpoint of the same server (/health/live,
// no work) and the raw rate of single-row durable inserts into the same engine (baseline for the storage cost).
var options = Options.Parse(args);
Console.WriteLine($"target {options.Url}, {options.Concurrency} clients, {options.Seconds} s per phase, office {options.Office}");
// Issue 23 §1: a figure measured against limits other than the app's is said so, next to the figure.
Console.WriteLine(options.Lifted is { Length: > 0 } lifted ? $"limits lifted for this run: {lifted}" : "limits: as the app ships them");

using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency, UseCookies = true, CookieContainer = new CookieContainer() };
using var http = new HttpClient(handler) { BaseAddress = new Uri(options.Url), Timeout = TimeSpan.FromSeconds(30) };
await SignInAsync(http, options);
var cookie = handler.CookieContainer.GetCookieHeader(new Uri(options.Url));

var bare = await RunAsync("bare endpoint (GET /health/live)", options, cookie, _ => new HttpRequestMessage(HttpMethod.Get, "/health/live"), HttpStatusCode.OK);
var posts = await RunAsync("POST /api/v1/diagnostics", options, cookie, _ => new HttpRequestMessage(HttpMethod.Post, "/api/v1/diagnostics")
{
    Content = new StringContent(Submission(options.Office, Guid.NewGuid()), Encoding.UTF8, "application/json"),
}, HttpStatusCode.Created, options.TracePosts);
var raw = options.Sqlite is not null ? RawSqliteInserts(options.Sqlite, options.Seconds)
    : options.Postgres is not null ? await RawPostgresInsertsAsync(options.Postgres, options.Seconds) : (double?)null;

// A benchmark whose requests failed measured the failures, not the work (issue 23 §1: 429s were once counted as
// stored diagnostics): no figure then, the errors by status instead, and a failing exit code.
var failed = new[] { ("bare endpoint", bare), ("POST /api/v1/diagnostics", posts) }.Where(p => p.Item2.Errors > 0).ToList();
if (failed.Count > 0)
{
    Console.WriteLine();
    foreach (var (phase, result) in failed)
    {
        Console.WriteLine($"REFUSED: {phase}: {result.Errors} requests failed ({string.Join(", ", result.ErrorsByStatus.OrderByDescending(e => e.Value).Select(e => $"{e.Value} × {e.Key}"))}); no figure is printed.");
    }

    return 1;
}

Console.WriteLine();
Console.WriteLine("summary");
Console.WriteLine($"  stored diagnostics/s      {posts.Rate,10:F0}   p50 {posts.P50,6:F1} ms   p99 {posts.P99,6:F1} ms   errors {posts.Errors}");
Console.WriteLine($"  bare endpoint requests/s  {bare.Rate,10:F0}   p50 {bare.P50,6:F1} ms   p99 {bare.P99,6:F1} ms");
if (raw is not null)
{
    Console.WriteLine($"  raw durable inserts/s     {raw,10:F0}   (one row per transaction, one connection)");
}

Console.WriteLine($"  diagnostics / bare        {posts.Rate / bare.Rate,10:P0}");
if (posts.ServerCpuMicroseconds is { } postCpu && bare.ServerCpuMicroseconds is { } bareCpu)
{
    Console.WriteLine($"  server CPU per request    {postCpu,10:F0} µs a diagnostic, {bareCpu:F0} µs a bare request");
}

if (posts.MachineCpuMicroseconds is { } postAll && bare.MachineCpuMicroseconds is { } bareAll)
{
    Console.WriteLine($"  machine CPU per request   {postAll,10:F0} µs a diagnostic, {bareAll:F0} µs a bare request (bare / diagnostic {bareAll / postAll:P0})");
    Console.WriteLine($"    of which load generator {posts.GeneratorCpuMicroseconds,10:F0} µs a diagnostic, {bare.GeneratorCpuMicroseconds:F0} µs a bare request");
}

return 0;

static async Task SignInAsync(HttpClient http, Options o)
{
    var page = await http.GetStringAsync("/connexion");
    var token = Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
    using var response = await http.PostAsync("/connexion", new FormUrlEncodedContent(
    [
        new("Input.Email", o.Email), new("Input.Password", o.Password), new("__RequestVerificationToken", token),
    ]));
    if (response.RequestMessage?.RequestUri?.AbsolutePath.StartsWith("/connexion", StringComparison.Ordinal) == true)
    {
        throw new InvalidOperationException($"sign-in of {o.Email} failed");
    }
}

static async Task<Phase> RunAsync(string name, Options o, string cookie, Func<int, HttpRequestMessage> request, HttpStatusCode expected, string? traceFile = null)
{
    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = o.Concurrency, UseCookies = false })
    { BaseAddress = new Uri(o.Url), Timeout = TimeSpan.FromSeconds(30) };
    var latencies = new ConcurrentBag<double>();
    var errors = 0;
    var errorsByStatus = new ConcurrentDictionary<string, int>();
    var warmUntil = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 2;
    var end = warmUntil + (Stopwatch.Frequency * o.Seconds);
    var workers = Enumerable.Range(0, o.Concurrency).Select(async worker =>
    {
        var local = new List<double>();
        while (true)
        {
            var start = Stopwatch.GetTimestamp();
            if (start >= end)
            {
                break;
            }

            using var message = request(worker);
            message.Headers.Add("Cookie", cookie);

            HttpResponseMessage? response = null;
            string? failure = null;
            try
            {
                response = await http.SendAsync(message);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                failure = e.GetType().Name;
            }

            using (response)
            {
                var stop = Stopwatch.GetTimestamp();
                // Warm-up included: a failure is a failure whenever it happens.
                failure ??= response!.StatusCode == expected ? null : ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
                if (failure is not null)
                {
                    Interlocked.Increment(ref errors);
                    errorsByStatus.AddOrUpdate(failure, 1, (_, n) => n + 1);
                }

                if (start < warmUntil)
                {
                    continue;
                }

                local.Add((stop - start) * 1000.0 / Stopwatch.Frequency);
            }

        }

        foreach (var l in local)
        {
            latencies.Add(l);
        }
    }).ToList();
    // Issue 23 §2, « measure, don't guess »: the server's CPU time over the measured window (after the warm-up), from
    // /proc, divided by the requests answered in it — what one request costs the server, whatever the machine's load.
    var (machine, generator) = (double.NaN, double.NaN);
    var cpu = o.ServerPid is { } pid ? Task.Run(async () =>
    {
        await Task.Delay(TimeSpan.FromSeconds(2));
        // --trace-posts: where the server's time goes during the measured window (dotnet-trace, in the repository's tool
        // manifest: run from the repository). A traced run's figures are slower than an untraced one's.
        using var trace = traceFile is null ? null : Process.Start(new ProcessStartInfo("dotnet",
            ["dotnet-trace", "collect", "-p", pid.ToString(CultureInfo.InvariantCulture), "--profile", "dotnet-sampled-thread-time",
             "--duration", TimeSpan.FromSeconds(o.Seconds).ToString(@"dd\:hh\:mm\:ss", CultureInfo.InvariantCulture), "-o", traceFile])
            { RedirectStandardOutput = true, RedirectStandardError = true });
        // Its progress lines are drained, not read: an undrained pipe that fills would stall the tracer, and this wait.
        trace?.BeginOutputReadLine();
        trace?.BeginErrorReadLine();
        var before = ServerCpuSeconds(pid);
        var (machineBefore, selfBefore) = (MachineBusySeconds(), ServerCpuSeconds(Environment.ProcessId));
        await Task.Delay(TimeSpan.FromSeconds(o.Seconds));
        var spent = ServerCpuSeconds(pid) - before;
        (machine, generator) = (MachineBusySeconds() - machineBefore, ServerCpuSeconds(Environment.ProcessId) - selfBefore);
        if (trace is not null)
        {
            await trace.WaitForExitAsync();
            if (trace.ExitCode != 0)
            {
                Console.WriteLine($"dotnet-trace exited with {trace.ExitCode}: no profile (run dotnet tool restore)");
            }
        }

        return spent;
    }) : Task.FromResult(double.NaN);
    await Task.WhenAll(workers);
    var sorted = latencies.Order().ToArray();
    var cpuSeconds = await cpu;
    double? PerRequest(double seconds) => double.IsNaN(seconds) || sorted.Length == 0 ? null : seconds * 1e6 / sorted.Length;
    var phase = new Phase(sorted.Length / (double)o.Seconds, Percentile(sorted, 0.50), Percentile(sorted, 0.99), errors, errorsByStatus,
        PerRequest(cpuSeconds), PerRequest(machine), PerRequest(generator));
    Console.WriteLine($"{name}: {sorted.Length} requests in {o.Seconds} s after 2 s warm-up → {phase.Rate:F0}/s, p50 {phase.P50:F1} ms, p99 {phase.P99:F1} ms, {errors} errors"
        + (phase.ServerCpuMicroseconds is { } us ? $", server CPU {us:F0} µs/request" : string.Empty)
        + (phase.MachineCpuMicroseconds is { } all && phase.GeneratorCpuMicroseconds is { } own
            ? $", machine CPU {all:F0} µs/request (load generator {own:F0}, other processes {Math.Max(0, all - own - phase.ServerCpuMicroseconds ?? 0):F0})" : string.Empty));
    return phase;
}

// utime + stime of /proc/<pid>/stat (fields 14 and 15, after the parenthesised command), in USER_HZ = 100 ticks a second on Linux.
static double ServerCpuSeconds(int pid)
{
    var stat = File.ReadAllText($"/proc/{pid}/stat");
    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
}

// The machine's busy time from /proc/stat's first line: user, nice, system, irq and softirq (idle, iowait and steal are
// not work done here), in USER_HZ. Over a window it tells what a request costs the whole machine: the server, the load
// generator, and the rest (PostgreSQL's processes, which the server's own figure leaves out). /proc counts in ticks of
// 10 ms: on SQLite « other processes » is within a tick of zero, and is printed as 0 when the rounding makes it negative.
static double MachineBusySeconds()
{
    var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
    long Field(int i) => long.Parse(fields[i], CultureInfo.InvariantCulture);
    return (Field(1) + Field(2) + Field(3) + Field(6) + Field(7)) / 100.0;
}

static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

static double RawSqliteInserts(string folder, int seconds)
{
    var path = Path.Combine(folder, $"raw-inserts-{Guid.NewGuid():N}.db");
    using (var connection = new SqliteConnection($"Data Source={path}"))
    {
        connection.Open();
        Exec(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE t (id TEXT PRIMARY KEY, body TEXT NOT NULL);");
        var body = new string('x', 600);
        var count = 0;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            using var tx = connection.BeginTransaction();
            using var insert = connection.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = "INSERT INTO t (id, body) VALUES ($id, $body)";
            insert.Parameters.AddWithValue("$id", Guid.NewGuid().ToString());
            insert.Parameters.AddWithValue("$body", body);
            insert.ExecuteNonQuery();
            tx.Commit();
            count++;
        }

        Console.WriteLine($"raw SQLite inserts (WAL, synchronous=FULL): {count / watch.Elapsed.TotalSeconds:F0}/s");
        SqliteConnection.ClearAllPools();
        return count / watch.Elapsed.TotalSeconds;
    }
}

static async Task<double> RawPostgresInsertsAsync(string connectionString, int seconds)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    // A normal, logged table (issue 23 §2): a TEMP table is never written to the WAL, so its inserts are not durable
    // and would flatter the baseline.
    var table = $"raw_inserts_{Guid.NewGuid():N}";
    await using (var create = new NpgsqlCommand($"CREATE TABLE {table} (id uuid PRIMARY KEY, body text NOT NULL)", connection))
    {
        await create.ExecuteNonQueryAsync();
    }

    var body = new string('x', 600);
    var count = 0;
    var watch = Stopwatch.StartNew();
    while (watch.Elapsed.TotalSeconds < seconds)
    {
        await using var insert = new NpgsqlCommand($"INSERT INTO {table} (id, body) VALUES ($1, $2)", connection);
        insert.Parameters.AddWithValue(Guid.NewGuid());
        insert.Parameters.AddWithValue(body);
        await insert.ExecuteNonQueryAsync();
        count++;
    }

    var rate = count / watch.Elapsed.TotalSeconds;
    await using (var drop = new NpgsqlCommand($"DROP TABLE {table}", connection))
    {
        await drop.ExecuteNonQueryAsync();
    }

    Console.WriteLine($"raw PostgreSQL inserts (autocommit, logged table): {rate:F0}/s");
    return rate;
}

static void Exec(SqliteConnection connection, string sql)
{
    using var command = connection.CreateCommand();
    command.CommandText = sql;
    command.ExecuteNonQuery();
}

static string Submission(string office, Guid id) => $$"""
    {"id":"{{id}}","officeSiteCode":"{{office}}","mode":"assisted","questionnaireId":"aisance-numerique","questionnaireVersion":1,
     "answers":{"E1":"oui-peu","E2":"non","E3":"un-seul","E4":"oui-aide","K1":"avec-aide","K2":"pas-concerne","K3":"non","K4":"avec-aide",
                "K5":"non","K6":"non","K7":"seul","K8":"non","K9":"pas-toujours","C1":"un-peu-inquiet","C2":"parfois"},
     "needs":["caf","famille"],"profile":{"ageBand":"65-74","gender":"nsp"},"filledAt":"{{DateTime.UtcNow.AddMinutes(-10).ToString("O", CultureInfo.InvariantCulture)}}"}
    """;

internal sealed record Phase(double Rate, double P50, double P99, int Errors, IReadOnlyDictionary<string, int> ErrorsByStatus, double? ServerCpuMicroseconds,
    double? MachineCpuMicroseconds, double? GeneratorCpuMicroseconds);

internal sealed record Options(string Url, int Concurrency, int Seconds, string Email, string Password, string Office, string? Sqlite, string? Postgres, string? Lifted, int? ServerPid, string? TracePosts)
{
    public static Options Parse(string[] args)
    {
        string Get(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        return new Options(
            Get("--url", "http://127.0.0.1:5090"),
            int.Parse(Get("--concurrency", "64"), CultureInfo.InvariantCulture),
            int.Parse(Get("--seconds", "10"), CultureInfo.InvariantCulture),
            Get("--email", "mediateur@demo.aiguillage.fr"),
            Get("--password", "Aiguillage-demo-2026"),
            Get("--office", "07933A"),
            args.Contains("--sqlite-folder") ? Get("--sqlite-folder", ".") : null,
            args.Contains("--postgres") ? Get("--postgres", string.Empty) : null,
            args.Contains("--lifted") ? Get("--lifted", string.Empty) : null,
            args.Contains("--server-pid") ? int.Parse(Get("--server-pid", "0"), CultureInfo.InvariantCulture) : null,
            args.Contains("--trace-posts") ? Get("--trace-posts", "posts.nettrace") : null);
    }
}
