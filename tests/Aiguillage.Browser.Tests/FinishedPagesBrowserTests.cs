using System.Net;
using Aiguillage.Testing;
using Microsoft.Playwright;

namespace Aiguillage.Browser.Tests;

/// <summary>
/// Issue 18, « finished pages »: each role signs in and visits, in Chromium, every page it reaches by links from its
/// home (GET, breadth first). On each: axe-core at zero, no sideways scroll at 390 px, every control at least 44 px
/// tall, French typography (<see cref="Accessibility.FinishedPageFaultsAsync"/>). Pages reached only through a form
/// (the diagnostic's questions, client mode) are checked by the tests that go through those forms, with the same
/// rules, since every axe check runs them.
/// </summary>
public abstract class FinishedPagesBrowserTests(BrowserFixture fixture)
{
    /// <summary>A crawl that grows past this is itself a fault (links that multiply).</summary>
    private const int MaxPages = 200;

    private BrowserFixture F
    {
        get
        {
            Assert.SkipWhen(fixture.SkipReason is not null, fixture.SkipReason ?? string.Empty);
            return fixture;
        }
    }

    /// <summary>The roles crawled; the PostgreSQL run keeps those whose pages show the office's and partner's data.</summary>
    protected virtual bool AllRoles => true;

    [Fact]
    public async Task Every_page_of_every_role_is_accessible_fits_a_phone_has_large_controls_and_french_typography()
    {
        // What a role's pages show when the office has worked: a diagnostic, a referral with consent, cheques.
        var setup = await F.NewPageAsync(F.Mediator);
        await DiagnosticForms.RunLowestAsync(F.App, setup, F.Office);
        await F.App.CreateReferralAsync(F.Office, F.Partner, F.Mediator, followUp: true);
        await F.App.CreateStockAsync(F.Office, 3);
        await setup.Context.CloseAsync();

        var failures = new List<string>();
        var roles = new (string Role, TestAccount? Account)[] { ("anonyme", null), ("médiateur", F.Mediator), ("partenaire", F.PartnerStaff), ("pilote", F.Manager), ("admin", F.Admin) };
        foreach (var (role, account) in roles.Where(r => AllRoles || r.Role is "médiateur" or "partenaire"))
        {
            var page = await F.NewPageAsync(account);
            var start = account is null ? "/connexion" : new Uri(page.Url).PathAndQuery;
            var seen = new HashSet<string>(StringComparer.Ordinal) { Shape(start), "/" };
            var queue = new Queue<string>([start]);
            while (queue.TryDequeue(out var url))
            {
                Assert.True(seen.Count <= MaxPages, $"{role}: more than {MaxPages} pages, links multiply (last: {url}).");

                // Downloads (CSV, XLSX, JSON) are not pages: asked first through the context's client, same cookies.
                var head = await page.Context.APIRequest.GetAsync(url, new() { MaxRedirects = 0 });
                if (head.Status != 200 || head.Headers.GetValueOrDefault("content-type")?.StartsWith("text/html", StringComparison.Ordinal) != true)
                {
                    continue;
                }

                await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.Load });
                try
                {
                    await page.AssertNoViolationsAsync();
                }
                catch (Exception e) when (e is Xunit.Sdk.XunitException)
                {
                    failures.Add($"{role} : {e.Message}");
                }

                foreach (var href in await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))"))
                {
                    // One page of each shape: a referral stands for every referral, a filter for its values.
                    if (Local(href) is { } next && seen.Add(Shape(next)))
                    {
                        queue.Enqueue(next);
                    }
                }
            }

            Assert.True(seen.Count > 3, $"{role}: only {seen.Count} pages reached");
            await page.Context.CloseAsync();
        }

        Assert.True(failures.Count == 0, $"{failures.Count} pages not finished:\n" + string.Join("\n\n", failures));
    }

    /// <summary>« /orientations/{id}?statut » for « /orientations/5f0c…?statut=Sent »: ids and numbers, and the values of the query, left out.</summary>
    private static string Shape(string url)
    {
        var parts = url.Split('?', 2);
        var path = string.Join('/', parts[0].Split('/').Select(s => Guid.TryParse(s, out _) ? "{id}" : s.Length > 0 && s.All(char.IsAsciiDigit) ? "{n}" : s));
        var keys = parts.Length > 1 ? string.Join('&', parts[1].Split('&').Select(q => q.Split('=')[0]).Order(StringComparer.Ordinal)) : string.Empty;
        return keys.Length == 0 ? path : $"{path}?{keys}";
    }

    /// <summary>A link inside the app, as a path and query (null: an anchor, another site, a file of /css or /js).</summary>
    private static string? Local(string href)
    {
        var url = WebUtility.HtmlDecode(href).Split('#')[0];
        return url.Length == 0 || !url.StartsWith('/') || url.StartsWith("//", StringComparison.Ordinal) || url.StartsWith("/css/", StringComparison.Ordinal) || url.StartsWith("/js/", StringComparison.Ordinal)
            ? null
            : url;
    }
}

public sealed class FinishedPagesBrowserTests_Sqlite(BrowserFixture fixture) : FinishedPagesBrowserTests(fixture), IClassFixture<BrowserFixture>;

/// <summary>The same on PostgreSQL, for the mediator and the partner (the pages do not change with the engine; the data they show is read from it).</summary>
public sealed class FinishedPagesBrowserTests_PostgreSql(PostgresBrowserFixture fixture) : FinishedPagesBrowserTests(fixture), IClassFixture<PostgresBrowserFixture>
{
    protected override bool AllRoles => false;
}
