using Aiguillage.Testing;
using Microsoft.Playwright;

namespace Aiguillage.Browser.Tests;

/// <summary>The assisted diagnostic in real Chromium: by keyboard only, accessible, light, and self-contained.</summary>
public abstract class AssistedDiagnosticBrowserTests(BrowserFixture fixture)
{
    /// <summary>UI.md §5: a page of the flow transfers at most 60 KB (HTML + CSS + JS).</summary>
    private const int MaxPageBytes = 60 * 1024;

    private static readonly string[] Beginner = ["oui-peu", "non", "un-seul", "oui-aide", "avec-aide", "pas-concerne", "non", "avec-aide", "non", "non", "seul", "non", "pas-toujours", "un-peu-inquiet", "parfois"];

    private BrowserFixture F
    {
        get
        {
            Assert.SkipWhen(fixture.SkipReason is not null, fixture.SkipReason ?? string.Empty);
            return fixture;
        }
    }

    /// <summary>Presses Tab until the focused element matches the selector (a keyboard user's way to reach it).</summary>
    private static async Task TabToAsync(IPage page, string selector)
    {
        for (var i = 0; i < 40; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) ?? false", selector))
            {
                return;
            }
        }

        throw new InvalidOperationException($"Tab never reached {selector} on {page.Url}");
    }

    private static async Task ContinueAsync(IPage page)
    {
        await TabToAsync(page, "button[type=submit].button-primary");
        await page.EnterAndLoadAsync();
    }

    [Fact]
    public async Task A_whole_diagnostic_by_keyboard_only_to_its_result_every_page_accessible_light_and_self_contained()
    {
        var page = await F.NewPageAsync(F.Mediator);
        // Playwright may raise events from another thread than the test's: collections that take concurrent writes.
        var requests = new System.Collections.Concurrent.ConcurrentQueue<IRequest>();
        var bytes = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();
        page.Request += (_, request) => requests.Enqueue(request);
        page.Response += (_, response) =>
        {
            var length = response.Headers.TryGetValue("content-length", out var l) ? long.Parse(l, System.Globalization.CultureInfo.InvariantCulture) : 0;
            bytes[response.Url] = length;
        };

        async Task CheckPageAsync()
        {
            await page.AssertNoViolationsAsync();
            var html = await page.ContentAsync();
            var css = bytes.Where(b => b.Key.Contains(".css", StringComparison.Ordinal)).Sum(b => b.Value);
            Assert.True(System.Text.Encoding.UTF8.GetByteCount(html) + css <= MaxPageBytes, $"{page.Url} weighs more than 60 KB");
        }

        await page.GotoAsync($"/bureaux/{F.Office.Id}");
        await TabToAsync(page, $"a[href='/bureaux/{F.Office.Id}/diagnostic']");
        await page.EnterAndLoadAsync();
        await page.AssertAtAsync("/diagnostic");
        await CheckPageAsync();
        await ContinueAsync(page);

        for (var i = 0; i < Beginner.Length; i++)
        {
            await page.AssertAtAsync($"/questions/{i + 1}");
            Assert.Equal($"Question {i + 1} sur 15", HttpHelpers.Words(await page.Locator(".step").TextContentAsync()));
            if (i == 0)
            {
                await ContinueAsync(page);   // no answer: the error is shown and named
                Assert.Contains("Choisissez une réponse", HttpHelpers.Words(await page.Locator(".error-summary").TextContentAsync()), StringComparison.Ordinal);
                await CheckPageAsync();
            }

            await TabToAsync(page, "input[type=radio][name=Answer]");
            // In a radio group the arrow keys move the choice; Space selects the focused one.
            while (!await page.EvaluateAsync<bool>("v => document.activeElement.value === v", Beginner[i]))
            {
                await page.Keyboard.PressAsync("ArrowDown");
            }

            await page.Keyboard.PressAsync("Space");
            if (i is 0 or 14)
            {
                await CheckPageAsync();
            }

            await ContinueAsync(page);
        }

        await page.AssertAtAsync("/besoins");
        await TabToAsync(page, "input[value=scolarite]");
        await page.Keyboard.PressAsync("Space");
        await CheckPageAsync();
        await ContinueAsync(page);

        await page.AssertAtAsync("/profil");
        await CheckPageAsync();
        await ContinueAsync(page);

        await page.AssertAtAsync("/recapitulatif");
        await CheckPageAsync();
        await ContinueAsync(page);

        await page.AssertAtAsync("/resultat");
        Assert.Contains("Niveau 3 sur 5 : Débutant", HttpHelpers.Words(await page.Locator("#niveau").TextContentAsync()), StringComparison.Ordinal);
        Assert.Contains("scolarité de vos enfants", HttpHelpers.Words(await page.Locator(".proposals").TextContentAsync()), StringComparison.Ordinal);
        await CheckPageAsync();
        await page.ScreenshotAsync("resultat-diagnostic");

        await TabToAsync(page, "a[href$='/parcours']");
        await page.EnterAndLoadAsync();
        await page.AssertAtAsync("/parcours");
        Assert.Equal("Mon parcours numérique", HttpHelpers.Words(await page.Locator("h1").TextContentAsync()));
        await CheckPageAsync();
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        Assert.False(await page.Locator(".site-header").IsVisibleAsync());
        await page.ScreenshotAsync("parcours-impression");

        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Screen });
        await page.GoBackAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "fiche du client" }).ClickAsync();
        await page.WaitForURLAsync("**/clients/**", Navigation.Parsed);
        await CheckPageAsync();

        // Record what was done, from the first proposal of the result.
        await page.GoBackAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Noter que c'est fait" }).First.ClickAsync();
        await page.WaitForURLAsync("**/activite/action**", Navigation.Parsed);
        await CheckPageAsync();
        await page.GetByLabel("Durée en minutes (accompagnement)").FillAsync("20");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
        await page.WaitForURLAsync("**/activite", Navigation.Parsed);
        Assert.Contains("20 min", HttpHelpers.Words(await page.Locator("tbody").TextContentAsync()), StringComparison.Ordinal);
        await CheckPageAsync();

        Assert.All(requests, r => Assert.StartsWith(F.BaseUrl, r.Url, StringComparison.Ordinal));
    }

    /// <summary>Issue 18: the counter's keyboard, counted. Every key press goes through here.</summary>
    [Fact]
    public async Task A_whole_assisted_diagnostic_by_keyboard_takes_at_most_sixty_key_presses()
    {
        var page = await F.NewPageAsync(F.Mediator);
        var presses = 0;
        async Task PressAsync(string key)
        {
            presses++;
            await page.Keyboard.PressAsync(key);
        }

        async Task<string> FocusedAsync()
        {
            // The browser moves the focus to an autofocus element at its next rendering step, which may come after
            // the document is parsed: wait for it to leave <body> (a condition, not a time), then read where it is.
            try
            {
                await page.WaitForFunctionAsync("() => document.activeElement && document.activeElement !== document.body", null, new() { Timeout = 15_000 });
            }
            catch (TimeoutException)
            {
                // Still on <body>: the assertion below says so.
            }

            return await page.EvaluateAsync<string>("() => { const e = document.activeElement; return e.tagName + '#' + (e.id || '') + '=' + (e.value || ''); }");
        }

        // Where the work is, at each page load: the reference field, then the answer, never the page's top.
        await page.GotoAsync($"/bureaux/{F.Office.Id}/diagnostic");
        Assert.Equal("INPUT#ClientReference=", await FocusedAsync());
        await page.LoadsNewPageAsync(() => PressAsync("Enter"));

        for (var i = 0; i < Beginner.Length; i++)
        {
            await page.AssertAtAsync($"/questions/{i + 1}");
            var values = await page.Locator("form[data-keys] input[name=Answer]").EvaluateAllAsync<string[]>("es => es.map(e => e.value)");
            var n = Array.IndexOf(values, Beginner[i]);
            Assert.StartsWith("INPUT#Answer=", await FocusedAsync(), StringComparison.Ordinal);
            if (i == 0)
            {
                // Enter without an answer: the error summary takes the focus.
                await page.LoadsNewPageAsync(() => PressAsync("Enter"));
                Assert.Equal("DIV#=", await FocusedAsync());
                Assert.Contains("Choisissez une réponse", HttpHelpers.Words(await page.Locator(".error-summary").TextContentAsync()), StringComparison.Ordinal);
            }

            if (i == 1)
            {
                // Tab and Space alone reach and choose any answer.
                for (var t = 0; t < n; t++)
                {
                    await PressAsync("Tab");
                }

                Assert.EndsWith("=" + Beginner[i], await FocusedAsync(), StringComparison.Ordinal);
                await PressAsync("Space");
            }
            else
            {
                // The digit of the answer (announced in the hint).
                Assert.True(await page.Locator("#keys-hint").IsVisibleAsync());
                await PressAsync((n + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            Assert.True(await page.Locator($"input[name=Answer][value='{Beginner[i]}']").IsCheckedAsync(), $"question {i + 1}");
            await page.LoadsNewPageAsync(() => PressAsync("Enter"));
        }

        await page.AssertAtAsync("/besoins");
        Assert.Equal("INPUT#Needs=" + await page.Locator("#Needs").GetAttributeAsync("value"), await FocusedAsync());
        var needs = await page.Locator("form[data-keys] input[name=Needs]").EvaluateAllAsync<string[]>("es => es.map(e => e.value)");
        var need = Array.IndexOf(needs, "scolarite");
        if (need < 9)
        {
            await PressAsync((need + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        else
        {
            // Past the ninth need, Tab goes from need to need and Space ticks.
            for (var t = 0; t < need; t++)
            {
                await PressAsync("Tab");
            }

            await PressAsync("Space");
        }

        Assert.True(await page.Locator("input[name=Needs][value=scolarite]").IsCheckedAsync());
        await page.LoadsNewPageAsync(() => PressAsync("Enter"));

        // The profile is optional: Enter skips it; the summary's button has the focus.
        await page.AssertAtAsync("/profil");
        await page.LoadsNewPageAsync(() => PressAsync("Enter"));
        await page.AssertAtAsync("/recapitulatif");
        await page.LoadsNewPageAsync(() => PressAsync("Enter"));
        await page.AssertAtAsync("/resultat");
        Assert.Contains("scolarité de vos enfants", HttpHelpers.Words(await page.Locator(".proposals").TextContentAsync()), StringComparison.Ordinal);

        TestContext.Current.TestOutputHelper?.WriteLine($"Assisted diagnostic by keyboard: {presses} key presses (target 60)");
        Assert.True(presses <= 60, $"{presses} key presses");
    }

    [Fact]
    public async Task A_paper_sheet_is_printed_then_keyed_on_one_page()
    {
        var page = await F.NewPageAsync(F.Mediator);
        await page.GotoAsync($"/bureaux/{F.Office.Id}/papier");
        await page.AssertNoViolationsAsync();
        var number = await page.Locator(".paper .reference").TextContentAsync();

        await page.GotoAsync($"/bureaux/{F.Office.Id}/papier/saisie");
        await page.AssertNoViolationsAsync();
        await page.GetByLabel("Numéro de la feuille").FillAsync(number!);
        await page.GetByLabel("Date écrite sur la feuille").FillAsync(DateTime.UtcNow.AddDays(-3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        string[] ids = ["E1", "E2", "E3", "E4", "K1", "K2", "K3", "K4", "K5", "K6", "K7", "K8", "K9", "C1", "C2"];
        foreach (var (id, answer) in ids.Zip(Beginner))
        {
            await page.Locator($"input[name='Answers[{id}]'][value='{answer}']").CheckAsync();
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer la feuille" }).ClickAsync();
        await page.WaitForURLAsync("**/resultat", Navigation.Parsed);
        Assert.Contains("Débutant", HttpHelpers.Words(await page.Locator("#niveau").TextContentAsync()), StringComparison.Ordinal);
    }
    [Fact]
    public async Task From_a_result_the_mediator_finds_the_nearest_workshop_session()
    {
        var page = await F.NewPageAsync(F.Mediator);
        var id = Guid.NewGuid();
        string[] ids = ["E1", "E2", "E3", "E4", "K1", "K2", "K3", "K4", "K5", "K6", "K7", "K8", "K9", "C1", "C2"];
        var answers = string.Join(",", ids.Zip(Beginner).Select(a => $"\"{a.First}\":\"{a.Second}\""));
        var json = $"{{\"id\":\"{id}\",\"officeSiteCode\":\"{F.Office.SiteCode}\",\"mode\":\"assisted\",\"questionnaireId\":\"aisance-numerique\",\"questionnaireVersion\":1,"
            + $"\"answers\":{{{answers}}},\"needs\":[\"caf\"],\"filledAt\":\"{DateTime.UtcNow.AddMinutes(-5):O}\"}}";
        var response = await page.APIRequest.PostAsync("/api/v1/diagnostics", new() { Data = json, Headers = new Dictionary<string, string> { ["Content-Type"] = "application/json" } });
        Assert.Equal(201, response.Status);

        await page.GotoAsync($"/diagnostics/{id}/resultat");
        await page.GetByRole(AriaRole.Link, new() { Name = "Trouver un lieu près du client pour ses besoins" }).ClickAsync();
        await page.WaitForURLAsync("**/lieux?diagnostic=**", Navigation.Parsed);
        Assert.Contains("Atelier : faire ses démarches en ligne", HttpHelpers.Words(await page.Locator(".proposal").First.TextContentAsync()), StringComparison.Ordinal);
        await page.AssertNoViolationsAsync();
        await page.ScreenshotAsync("trouver-un-atelier");
    }
}

public sealed class AssistedDiagnosticBrowserTests_Sqlite(BrowserFixture fixture) : AssistedDiagnosticBrowserTests(fixture), IClassFixture<BrowserFixture>;

public sealed class AssistedDiagnosticBrowserTests_PostgreSql(PostgresBrowserFixture fixture) : AssistedDiagnosticBrowserTests(fixture), IClassFixture<PostgresBrowserFixture>;
