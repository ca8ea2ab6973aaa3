using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

/// <summary>
/// Issue 9 §8, crash safety: the real app (Release build, SQLite) takes diagnostics from four clients and is killed
/// with SIGKILL at a random moment, then started again, many times. At the end: every diagnostic the app acknowledged
/// (201) must be in the database exactly once, and the database must pass its integrity check. Diagnostics in flight
/// when the process died may or may not be there (they were never acknowledged): they are counted apart.
/// </summary>
internal static class CrashBenchmark
{
    private const string Email = "crash@aiguillage.invalid";
    private const string Password = "Banc-d-essai-crash-2026!";

    public static async Task<int> RunAsync(string root, int kills)
    {
        var web = Path.Combine(root, "src", "Aiguillage.Web");
        var dll = Path.Combine(web, "bin", "Release", "net10.0", "Aiguillage.Web.dll");
        if (!File.Exists(dll))
        {
            Console.Error.WriteLine($"Build the app first: dotnet build -c Release src/Aiguillage.Web ({dll} is missing)");
            return 2;
        }

        var folder = Directory.CreateTempSubdirectory("aiguillage-crash-");
        var database = Path.Combine(folder.FullName, "crash.db");
        var port = 5190 + Random.Shared.Next(100);
        var url = $"http://127.0.0.1:{port}";
        Process Start(params string[] arguments) => BenchApp.Start(dll, web, new Dictionary<string, string>
        {
            ["ConnectionStrings__Aiguillage"] = $"Data Source={database}",
            ["Mail__Runner"] = "false",
            ["Urls"] = url,
            ["PublicUrl"] = url,
            ["RateLimiting__ApiPerMinute"] = "1000000",
        }, arguments);

        // An admin account and the national list of offices, through the app's own commands.
        using (var create = Start("admin", "create", "--email", Email))
        {
            await create.StandardInput.WriteLineAsync(Password);
            create.StandardInput.Close();
            await create.WaitForExitAsync();
        }

        using (var import = Start("import", "offices", Path.Combine(root, "tests", "Aiguillage.Web.Tests", "Data", "points-de-contact-2025.csv")))
        {
            await import.WaitForExitAsync();
        }

        string office;
        using (var connection = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT \"SiteCode\" FROM \"Offices\" ORDER BY \"Id\" LIMIT 1";
            office = (string)command.ExecuteScalar()!;
        }

        var acknowledged = new ConcurrentDictionary<Guid, byte>();
        var inFlight = new ConcurrentDictionary<Guid, byte>();
        var refused = 0;
        var watch = Stopwatch.StartNew();
        // One session for the whole run: it survives restarts (keys in the database), and the admin's
        // authenticator code is accepted once, so signing in again after each kill would wait for a new code.
        using var handler = new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer() };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) };
        for (var kill = 1; kill <= kills; kill++)
        {
            using var server = Start();
            await WaitReadyAsync(http);
            if (kill == 1)
            {
                await SignInAsync(http);
            }

            using var stop = new CancellationTokenSource();
            var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var id = Guid.NewGuid();
                    inFlight[id] = 0;
                    try
                    {
                        using var response = await http.PostAsync(new Uri("/api/v1/diagnostics", UriKind.Relative), new StringContent(Submission(office, id), Encoding.UTF8, "application/json"));
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            acknowledged[id] = 0;
                            inFlight.TryRemove(id, out byte _);
                        }
                        else
                        {
                            Interlocked.Increment(ref refused);
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                    {
                        return;   // the server is gone: this one stays « in flight »
                    }
                }
            })).ToList();

            await Task.Delay(300 + Random.Shared.Next(1700));
            server.Kill(entireProcessTree: true);   // SIGKILL: no shutdown, no flush
            await server.WaitForExitAsync();
            await stop.CancelAsync();
            await Task.WhenAll(workers);
            if (kill % 10 == 0)
            {
                Console.WriteLine($"crash      {kill,3} kills, {acknowledged.Count:N0} acknowledged so far ({watch.Elapsed.TotalSeconds:F0} s)");
            }
        }

        // Started once more (recovery of the WAL, migrations), then stopped; the file is checked on its own.
        using (var last = Start())
        {
            await WaitReadyAsync(http);
            last.Kill(entireProcessTree: true);
            await last.WaitForExitAsync();
        }

        var stored = new Dictionary<Guid, int>();
        string integrity;
        using (var connection = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            connection.Open();
            using var check = connection.CreateCommand();
            check.CommandText = "PRAGMA integrity_check";
            integrity = (string)check.ExecuteScalar()!;
            using var read = connection.CreateCommand();
            read.CommandText = "SELECT \"Id\" FROM \"Diagnostics\"";
            using var reader = read.ExecuteReader();
            while (reader.Read())
            {
                var id = Guid.Parse(reader.GetString(0));
                stored[id] = stored.GetValueOrDefault(id) + 1;
            }
        }

        var lost = acknowledged.Keys.Count(id => !stored.ContainsKey(id));
        var duplicated = stored.Count(s => s.Value > 1);
        var inFlightStored = inFlight.Keys.Count(stored.ContainsKey);
        Console.WriteLine($"crash      {kills} SIGKILLs in {watch.Elapsed.TotalSeconds:F0} s: {acknowledged.Count:N0} diagnostics acknowledged, {lost} lost, {duplicated} duplicated; " +
            $"{inFlight.Count} in flight at a kill ({inFlightStored} of them stored), {refused} refused; integrity_check: {integrity}");
        folder.Delete(recursive: true);
        return lost == 0 && duplicated == 0 && integrity == "ok" ? 0 : 1;
    }

    internal static async Task WaitReadyAsync(HttpClient http)
    {
        var until = Stopwatch.StartNew();
        while (until.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the app did not become ready within 60 s");
    }

    internal static async Task SignInAsync(HttpClient http, string email = Email, string password = Password)
    {
        var page = await http.GetStringAsync(new Uri("/connexion", UriKind.Relative));
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var response = await http.PostAsync(new Uri("/connexion", UriKind.Relative), new FormUrlEncodedContent(
        [
            new("Input.Email", email), new("Input.Password", password), new("__RequestVerificationToken", token),
        ]));
        if (response.RequestMessage?.RequestUri?.AbsolutePath.StartsWith("/connexion", StringComparison.Ordinal) == true)
        {
            throw new InvalidOperationException("sign-in of the crash account failed");
        }

        // An admin enrols an authenticator before anything else (issue 9 §4): the benchmark plays the phone.
        if (response.RequestMessage?.RequestUri?.AbsolutePath == "/compte/double-authentification")
        {
            var setup = await response.Content.ReadAsStringAsync();
            var key = Regex.Match(setup, "id=\"cle\">([^<]+)<").Groups[1].Value.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
            var setupToken = Regex.Match(setup, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
            using var enabled = await http.PostAsync(new Uri("/compte/double-authentification?handler=Enable", UriKind.Relative), new FormUrlEncodedContent(
            [
                new("Code", new OtpNet.Totp(OtpNet.Base32Encoding.ToBytes(key)).ComputeTotp()), new("__RequestVerificationToken", setupToken),
            ]));
            if (!enabled.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"two-factor enrolment of the crash account answered {(int)enabled.StatusCode}");
            }
        }
    }

    internal static string Submission(string office, Guid id) => $$"""
        {"id":"{{id}}","officeSiteCode":"{{office}}","mode":"assisted","questionnaireId":"aisance-numerique","questionnaireVersion":1,
         "answers":{"E1":"oui-peu","E2":"non","E3":"un-seul","E4":"oui-aide","K1":"avec-aide","K2":"pas-concerne","K3":"non","K4":"avec-aide",
                    "K5":"non","K6":"non","K7":"seul","K8":"non","K9":"pas-toujours","C1":"un-peu-inquiet","C2":"parfois"},
         "needs":["caf","famille"],"profile":{"ageBand":"65-74","gender":"nsp"},"filledAt":"{{DateTime.UtcNow.AddMinutes(-10).ToString("O", CultureInfo.InvariantCulture)}}"}
        """;
}
