using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

/// <summary>
/// Issue 16 §13: a wrong password on an existing account took ~83 ms, an unknown address ~6 ms, which told which
/// accounts exist. The real app (Release build, SQLite, Production settings) answers sign-ins in four series,
/// interleaved so that the machine's noise falls on all alike:
/// <list type="number">
/// <item>an existing account, wrong password;</item>
/// <item>an unknown address;</item>
/// <item>an existing account, an attempt made while its growing delay runs (not checked);</item>
/// <item>baseline: <c>GET /health/live</c>, the same server with no work.</item>
/// </list>
/// Each attempt comes from its own client address (X-Forwarded-For from the loopback proxy, trusted by default), so
/// that series 1 and 2 are never slowed by the throttle. Prints medians and p90; refuses to print a figure when any
/// answer is not the one expected.
/// </summary>
internal static class SignInTimingBenchmark
{
    private const string Email = "timing@aiguillage.invalid";
    private const string Password = "Banc-d-essai-timing-2026!";

    public static async Task<int> RunAsync(string root, int rounds)
    {
        var web = Path.Combine(root, "src", "Aiguillage.Web");
        var dll = Path.Combine(web, "bin", "Release", "net10.0", "Aiguillage.Web.dll");
        if (!File.Exists(dll))
        {
            Console.Error.WriteLine($"Build the app first: dotnet build -c Release src/Aiguillage.Web ({dll} is missing)");
            return 2;
        }

        var folder = Directory.CreateTempSubdirectory("aiguillage-timing-");
        var database = Path.Combine(folder.FullName, "timing.db");
        var url = $"http://127.0.0.1:{5290 + Random.Shared.Next(100)}";
        Process Start(params string[] arguments) => BenchApp.Start(dll, web, new Dictionary<string, string>
        {
            ["ConnectionStrings__Aiguillage"] = $"Data Source={database}",
            ["Mail__Runner"] = "false",
            ["Urls"] = url,
            ["PublicUrl"] = url,
            ["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true",
            ["RateLimiting__SignInPerMinute"] = "1000000",
            ["Security__AccountLockAfterFailures"] = "1000000",
        }, arguments);

        using (var create = Start("admin", "create", "--email", Email))
        {
            await create.StandardInput.WriteLineAsync(Password);
            create.StandardInput.Close();
            await create.WaitForExitAsync();
        }

        using var server = Start();
        try
        {
            using var handler = new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
            using var http = new HttpClient(handler) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
            await WaitReadyAsync(http);
            var page = await http.GetStringAsync(new Uri("/connexion", UriKind.Relative));
            var token = Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
            var address = 0;
            string NextAddress() => $"10.{(address / 65536) % 256}.{(address / 256) % 256}.{address++ % 256}";

            async Task<(double Ms, bool AsExpected)> SignInAsync(string email, string from, string expected)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/connexion")
                {
                    Content = new FormUrlEncodedContent([new("Input.Email", email), new("Input.Password", "pas-le-bon-mot-de-passe"), new("__RequestVerificationToken", token)]),
                };
                request.Headers.Add("X-Forwarded-For", from);
                var watch = Stopwatch.StartNew();
                using var response = await http.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                watch.Stop();
                return (watch.Elapsed.TotalMilliseconds, response.StatusCode == HttpStatusCode.UnprocessableEntity && body.Contains(expected, StringComparison.Ordinal));
            }

            var series = new[] { new List<double>(), new List<double>(), new List<double>(), new List<double>() };
            var unexpected = 0;
            for (var round = 0; round < rounds + 10; round++)
            {
                // A client address whose delay runs for the existing account: five failures (not measured), then an
                // attempt inside the 30-second wait.
                var waiting = NextAddress();
                for (var i = 0; i < 5; i++)
                {
                    unexpected += (await SignInAsync(Email, waiting, "incorrect")).AsExpected ? 0 : 1;
                }

                var results = new[]
                {
                    await SignInAsync(Email, NextAddress(), "incorrect"),
                    await SignInAsync($"personne-{Guid.NewGuid():N}@nulle-part.invalid", NextAddress(), "incorrect"),
                    await SignInAsync(Email, waiting, "Trop d&#x27;essais"),
                };
                var live = Stopwatch.StartNew();
                using (var response = await http.GetAsync(new Uri("/health/live", UriKind.Relative)))
                {
                    live.Stop();
                    unexpected += response.IsSuccessStatusCode ? 0 : 1;
                }

                unexpected += results.Count(r => !r.AsExpected);
                if (round < 10)
                {
                    continue;   // warm-up: JIT, first hash, connection pools
                }

                for (var s = 0; s < 3; s++)
                {
                    series[s].Add(results[s].Ms);
                }

                series[3].Add(live.Elapsed.TotalMilliseconds);
            }

            if (unexpected > 0)
            {
                Console.WriteLine($"{unexpected} answers were not the expected ones: no figure printed.");
                return 1;
            }

            string[] names = ["existing account, wrong password", "unknown address", "existing account, delay running", "baseline GET /health/live"];
            for (var s = 0; s < 4; s++)
            {
                var sorted = series[s].Order().ToList();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{names[s],-36} median {sorted[sorted.Count / 2],7:F1} ms   p90 {sorted[(int)(sorted.Count * 0.9)],7:F1} ms   ({sorted.Count} attempts)"));
            }

            var known = series[0].Order().ElementAt(series[0].Count / 2);
            var unknown = series[1].Order().ElementAt(series[1].Count / 2);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"unknown / existing (medians): {unknown / known:P0}"));
            return 0;
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            folder.Delete(recursive: true);
        }
    }

    private static async Task WaitReadyAsync(HttpClient http)
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
}
