using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Aiguillage.Testing;
using Aiguillage.Web.Features.ClientMode;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Aiguillage.Browser.Tests;

/// <summary>
/// Issue 17 in real Chromium: a client alone on the office tablet, in each of the ten languages, to the end screen
/// and the mediator's « Clients en attente »; read aloud with the device's voice (speech synthesis stubbed in the
/// page) or the server's audio; the help call reaching the office page without a reload; the inactivity warning and
/// clearing on a fake clock. Every client screen: axe-core finds nothing, at most 60 KB, no outside request.
/// </summary>
public abstract class ClientModeBrowserScenarios(BrowserFixture fixture)
{
    /// <summary>UI.md §5: a page of the flow transfers at most 60 KB (HTML + CSS + JS).</summary>
    protected const int MaxPageBytes = 60 * 1024;

    protected const string ExitCode = "4821";

    protected BrowserFixture F
    {
        get
        {
            Assert.SkipWhen(fixture.SkipReason is not null, fixture.SkipReason ?? string.Empty);
            return fixture;
        }
    }

    protected ClientLanguage Language(string code) => F.App.Services.GetRequiredService<LanguageCatalog>().Find(code)!;

    /// <summary>
    /// Replaces the device's speech synthesis before any script of the page runs: its voices are the given languages,
    /// and what it is asked to say is kept in <c>window.__spoken</c> (text and language of each utterance).
    /// </summary>
    protected static string SpeechStub(params string[] voices) => """
        (() => {
          const voices = VOICES.map(lang => ({ lang, name: 'Voix de test ' + lang, default: false, localService: true, voiceURI: lang }));
          window.__spoken = [];
          const synth = {
            speaking: false, pending: false, paused: false,
            getVoices: () => voices,
            cancel: () => {},
            speak: u => { window.__spoken.push({ text: u.text, lang: u.lang }); if (u.onend) { Promise.resolve().then(() => u.onend()); } },
            addEventListener: () => {},
          };
          Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
          window.SpeechSynthesisUtterance = function (text) { this.text = text; this.lang = ''; this.voice = null; };
        })();
        """.Replace("VOICES", JsonSerializer.Serialize(voices), StringComparison.Ordinal);

    /// <summary>A tablet of a new office of its own (its panel shows only this test's clients), and its mediator's office page.</summary>
    protected async Task<(IPage Tablet, IPage Office, int OfficeId, Weighed Weight)> TabletAsync(params string[] voices)
    {
        var office = await F.App.CreateOfficeAsync(name: "SAINT CHAMOND");
        var mediator = await F.App.CreateMediatorAsync(office);
        var staff = await F.NewPageAsync(mediator);
        await staff.GotoAsync($"/bureaux/{office.Id}");

        var tablet = await F.NewPageAsync(mediator);
        await tablet.Context.AddInitScriptAsync(SpeechStub(voices));
        var weight = new Weighed(tablet);
        await tablet.GotoAsync($"/bureaux/{office.Id}");
        await tablet.LoadsNewPageAsync(() => tablet.GetByRole(AriaRole.Link, new() { Name = "Passer la tablette à un client" }).ClickAsync());
        await tablet.AssertNoViolationsAsync();
        await tablet.GetByLabel("Code pour quitter le mode client (facultatif)").FillAsync(ExitCode);
        await tablet.LoadsNewPageAsync(() => tablet.GetByRole(AriaRole.Button, new() { Name = "Passer la tablette au client" }).ClickAsync());
        await tablet.AssertAtAsync("/client");
        return (tablet, staff, office.Id, weight);
    }

    /// <summary>What each screen transfers, and every request it makes.</summary>
    protected sealed class Weighed
    {
        public Weighed(IPage page)
        {
            // Playwright may raise events from another thread than the test's: collections that take concurrent writes.
            page.Request += (_, request) => Requests.Enqueue(request.Url);
            page.Response += (_, response) =>
            {
                var length = response.Headers.TryGetValue("content-length", out var l) ? long.Parse(l, CultureInfo.InvariantCulture) : 0;
                Bytes[new Uri(response.Url).AbsolutePath] = length;
            };
        }

        public ConcurrentQueue<string> Requests { get; } = new();

        public ConcurrentDictionary<string, long> Bytes { get; } = new();
    }

    /// <summary>The screen is the client's, in the language's <c>lang</c> and <c>dir</c>, accessible, light, self-contained.</summary>
    protected async Task CheckScreenAsync(IPage page, Weighed weight, ClientLanguage? language)
    {
        Assert.Equal(language?.HtmlLang ?? "fr", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal(language?.Direction ?? "ltr", await page.GetAttributeAsync("html", "dir"));
        Assert.Equal(0, await page.Locator(".site-header, nav").CountAsync());
        await page.AssertNoViolationsAsync();
        var html = System.Text.Encoding.UTF8.GetByteCount(await page.ContentAsync());
        var assets = weight.Bytes.Where(b => b.Key.EndsWith(".css", StringComparison.Ordinal) || b.Key.EndsWith(".js", StringComparison.Ordinal)).Sum(b => b.Value);
        Assert.True(html + assets <= MaxPageBytes, $"{page.Url} weighs {html + assets} bytes, more than 60 KB");
        Assert.All(weight.Requests, url => Assert.StartsWith(F.BaseUrl, url, StringComparison.Ordinal));
    }

    protected static async Task<float> XAsync(ILocator locator) => (await locator.BoundingBoxAsync())!.X;

    /// <summary>A client alone on the tablet in one language, from the language screen to the end, the office page and the handout.</summary>
    protected async Task WholeVisitAsync(string code)
    {
        var l = Language(code);
        var (tablet, office, officeId, weight) = await TabletAsync();
        await CheckScreenAsync(tablet, weight, null);

        // Each language written in itself, never a flag; the one chosen leads to the first question.
        Assert.Equal(10, await tablet.Locator("button.language").CountAsync());
        Assert.Equal(0, await tablet.Locator("img").CountAsync());
        var choice = tablet.Locator($"button.language[value='{code}']");
        Assert.Equal(l.Name, (HttpHelpers.Words(await choice.TextContentAsync()))!.Trim());
        Assert.Equal(l.HtmlLang, await choice.GetAttributeAsync("lang"));
        await tablet.LoadsNewPageAsync(() => choice.ClickAsync());

        for (var n = 1; n <= 15; n++)
        {
            await tablet.AssertAtAsync($"/client/questions/{n}");
            await CheckScreenAsync(tablet, weight, l);
            Assert.Equal(l.Format("ui.step", n, 15), (HttpHelpers.Words(await tablet.Locator(".step-text").TextContentAsync()))!.Trim());
            Assert.Equal(15, await tablet.Locator(".steps li").CountAsync());
            Assert.True(await tablet.Locator(".client-nav .back").IsVisibleAsync(), "« Retour » is always there");
            Assert.Equal(await tablet.Locator(".card").CountAsync(), await tablet.Locator(".card .card-picto svg").CountAsync());

            if (n == 1)
            {
                // Mirrored for a right-to-left language: « Retour » on the right of « Continuer », the first step on the right.
                var back = await XAsync(tablet.Locator(".client-nav .back"));
                var next = await XAsync(tablet.Locator(".client-nav .next"));
                var first = await XAsync(tablet.Locator(".steps li").First);
                var last = await XAsync(tablet.Locator(".steps li").Last);
                if (l.Direction == "rtl")
                {
                    Assert.True(back > next && first > last, $"{code}: not mirrored (back {back}, next {next}, first step {first}, last {last})");
                }
                else
                {
                    Assert.True(back < next && first < last, $"{code}: back {back}, next {next}, first step {first}, last {last}");
                }

                // « Continuer » without an answer: the error in the client's language, on the same screen.
                await tablet.LoadsNewPageAsync(() => tablet.Locator(".client-nav .next").ClickAsync());
                await tablet.AssertAtAsync("/client/questions/1");
                Assert.False(string.IsNullOrWhiteSpace(HttpHelpers.Words(await tablet.Locator("#answer-error").TextContentAsync())));
                await CheckScreenAsync(tablet, weight, l);
            }

            // The whole card is the target: a tap on its words chooses it.
            var cards = tablet.Locator(".card");
            var card = cards.Nth(n % await cards.CountAsync());
            await card.Locator(".card-label").ClickAsync();
            Assert.True(await card.Locator("input").IsCheckedAsync());
            await tablet.LoadsNewPageAsync(() => tablet.Locator(".client-nav .next").ClickAsync());
        }

        await tablet.AssertAtAsync("/client/besoins");
        await CheckScreenAsync(tablet, weight, l);
        await tablet.Locator(".card .card-label").First.ClickAsync();
        await tablet.LoadsNewPageAsync(() => tablet.Locator(".client-nav .next").ClickAsync());

        await tablet.AssertAtAsync("/client/fin");
        await CheckScreenAsync(tablet, weight, l);
        Assert.Equal(l.Text("ui.end.title"), (HttpHelpers.Words(await tablet.Locator("h1").TextContentAsync()))!.Trim());
        Assert.Equal(3, await tablet.Locator(".end-steps li svg").CountAsync());
        Assert.Equal(l.Text("ui.end.mediator"), (HttpHelpers.Words(await tablet.Locator(".end-mediator").TextContentAsync()))!.Trim());
        var reference = (await tablet.Locator(".end-reference .reference").TextContentAsync())!.Trim();
        Assert.Matches("^[A-Z0-9]{3}-[A-Z0-9]{3}$", reference);
        var screen = await tablet.Locator("main").InnerTextAsync();
        Assert.DoesNotContain("Très éloigné", screen, StringComparison.Ordinal);
        Assert.DoesNotContain("Niveau", screen, StringComparison.Ordinal);
        if (code == "ar")
        {
            await tablet.ScreenshotAsync("mode-client-fin-ar");
        }

        // The office page shows the client waiting, without a reload; the mediator opens the result in the workspace.
        var waiting = office.GetByRole(AriaRole.Link, new() { Name = $"Voir le résultat du client {reference}" });
        await waiting.WaitForAsync();
        Assert.Contains(l.Name, HttpHelpers.Words(await office.Locator("#client-mode-panel").InnerTextAsync()), StringComparison.Ordinal);
        await office.AssertNoViolationsAsync();
        await office.LoadsNewPageAsync(() => waiting.ClickAsync());
        await office.AssertAtAsync("/resultat");

        // « Mon parcours numérique » in the language chosen on the tablet, the French beside it (French alone for French).
        await office.GotoAsync(office.Url.Replace("/resultat", "/parcours", StringComparison.Ordinal));
        await office.AssertNoViolationsAsync();
        if (code == "fr")
        {
            Assert.Equal(0, await office.Locator(".handout-column").CountAsync());
        }
        else
        {
            // Headings in both languages; the sentences only the client reads in their language alone.
            var headings = string.Join(" ", await office.Locator("article.handout h2").AllInnerTextsAsync());
            Assert.Contains(l.Text("handout.where"), headings, StringComparison.Ordinal);
            Assert.Contains("Où j'en suis", headings, StringComparison.Ordinal);
            var referenceLine = office.Locator($".handout-own[lang='{l.HtmlLang}'][dir='{l.Direction}'] .handout-reference");
            Assert.Contains(l.Text("handout.reference").Split("{0}")[0].Trim(), HttpHelpers.Words(await referenceLine.InnerTextAsync()), StringComparison.Ordinal);
            await office.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
            if (code == "ar")
            {
                await office.ScreenshotAsync("parcours-bilingue-ar");
            }

            // Printed: each pair side by side, the client's language first in the sheet's (French) order, on the
            // left; within its cell Arabic runs right to left.
            var pair = office.Locator(".handout-pair").First;
            var client = await pair.Locator(".handout-column").First.BoundingBoxAsync();
            var french = await pair.Locator(".handout-column").Last.BoundingBoxAsync();
            Assert.True(client!.X + client.Width <= french!.X + 1 && Math.Abs(client.Y - french.Y) < 1, $"{code}: the columns are not side by side");
            Assert.Equal(l.Direction, await pair.Locator(".handout-column").First.EvaluateAsync<string>("e => getComputedStyle(e).direction"));
            await office.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Screen });
        }

        await office.GotoAsync($"/bureaux/{officeId}");
        Assert.Equal(0, await waiting.CountAsync());

        // « Terminer » clears the screen for the next person.
        await tablet.LoadsNewPageAsync(() => tablet.Locator(".client-nav .next").ClickAsync());
        await tablet.AssertAtAsync("/client");
        await tablet.Context.CloseAsync();
        await office.Context.CloseAsync();
    }
}

/// <summary>Every scenario on SQLite; the languages one by one.</summary>
public sealed class ClientModeBrowserTests(BrowserFixture fixture) : ClientModeBrowserScenarios(fixture), IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData("fr")]
    [InlineData("fr-FALC")]
    [InlineData("ar")]
    [InlineData("uk")]
    [InlineData("en")]
    [InlineData("prs")]
    [InlineData("es")]
    [InlineData("pt")]
    [InlineData("ro")]
    [InlineData("tr")]
    public Task A_client_answers_alone_in_their_language_to_the_end_screen_and_the_mediator_sees_them_waiting(string code) => WholeVisitAsync(code);

    [Fact]
    public async Task Listen_reads_the_question_and_its_options_with_the_devices_voice_and_reads_each_question_when_asked()
    {
        var (tablet, office, _, _) = await TabletAsync("fr-FR", "en-GB");
        await tablet.LoadsNewPageAsync(() => tablet.Locator("button.language[value='fr']").ClickAsync());
        var listen = tablet.Locator(".listen");
        await listen.WaitForAsync();
        var speech = await listen.GetAttributeAsync("data-speech");
        Assert.Contains((HttpHelpers.Words(await tablet.Locator("h1").TextContentAsync()))!.Trim(), speech, StringComparison.Ordinal);
        foreach (var option in await tablet.Locator(".card-label").AllTextContentsAsync())
        {
            Assert.Contains(option.Trim(), speech, StringComparison.Ordinal);
        }

        await tablet.GetByRole(AriaRole.Button, new() { Name = "Écouter" }).ClickAsync();
        Assert.Equal([speech!, "fr-FR"], await tablet.EvaluateAsync<string[]>("() => [window.__spoken[0].text, window.__spoken[0].lang]"));

        // « Lire automatiquement chaque question »: the next screen reads itself, with no tap.
        await tablet.Locator(".autoread-box").CheckAsync();
        await tablet.WaitForFunctionAsync("() => window.__spoken.length === 2");
        await tablet.Locator(".card .card-label").First.ClickAsync();
        await tablet.LoadsNewPageAsync(() => tablet.Locator(".client-nav .next").ClickAsync());
        await tablet.AssertAtAsync("/client/questions/2");
        await tablet.WaitForFunctionAsync("() => window.__spoken.length === 1");
        Assert.Equal(await tablet.Locator(".listen").GetAttributeAsync("data-speech"), await tablet.EvaluateAsync<string>("() => window.__spoken[0].text"));
        await tablet.Context.CloseAsync();
        await office.Context.CloseAsync();
    }

    [Fact]
    public async Task Without_a_voice_for_the_language_listen_plays_the_servers_audio_and_without_either_there_is_no_button()
    {
        // The device speaks only French: Arabic comes from the server (espeak-ng), when it is installed.
        var (tablet, office, _, _) = await TabletAsync("fr-FR");
        await tablet.LoadsNewPageAsync(() => tablet.Locator("button.language[value='ar']").ClickAsync());
        var listen = tablet.Locator(".listen");
        if (F.App.Services.GetRequiredService<SpeechEngine>().IsAvailable)
        {
            await listen.WaitForAsync();
            var audio = await tablet.RunAndWaitForResponseAsync(
                () => tablet.Locator(".listen-button").ClickAsync(), r => r.Url.Contains("/client/audio/questions/1", StringComparison.Ordinal));
            Assert.True(audio.Status is 200 or 206, $"the audio answered {audio.Status}");
            Assert.Equal("audio/wav", audio.Headers["content-type"]);
            Assert.Equal(0, await tablet.EvaluateAsync<int>("() => window.__spoken.length"));
        }
        else
        {
            Assert.True(await listen.IsHiddenAsync());
        }

        // The end screen has no audio of the server: with no Arabic voice on the device, no button at all.
        for (var n = 1; n <= 15; n++)
        {
            await tablet.Locator(".card .card-label").First.ClickAsync();
            await tablet.LoadsNewPageAsync(() => tablet.Locator(".client-nav .next").ClickAsync());
        }

        await tablet.LoadsNewPageAsync(() => tablet.Locator(".client-nav .next").ClickAsync());
        await tablet.AssertAtAsync("/client/fin");
        Assert.Equal(string.Empty, await tablet.Locator(".listen").GetAttributeAsync("data-audio") ?? string.Empty);
        Assert.True(await tablet.Locator(".listen").IsHiddenAsync());
        await tablet.Context.CloseAsync();
        await office.Context.CloseAsync();
    }

    [Fact]
    public async Task The_help_call_reaches_the_office_page_without_a_reload_and_the_mediator_answers_it()
    {
        var (tablet, office, _, weight) = await TabletAsync();
        await tablet.LoadsNewPageAsync(() => tablet.Locator("button.language[value='ar']").ClickAsync());
        var ar = Language("ar");
        var origin = await office.EvaluateAsync<double>("() => performance.timeOrigin");
        var before = tablet.Url;

        await tablet.GetByRole(AriaRole.Button, new() { Name = ar.Text("ui.help") }).ClickAsync();
        await tablet.Locator("#help-status").Filter(new() { HasText = ar.Text("ui.help.sent") }).WaitForAsync();
        Assert.Equal(before, tablet.Url);

        var call = office.Locator(".help-calls");
        await call.WaitForAsync();
        Assert.Contains("العربية", HttpHelpers.Words(await call.InnerTextAsync()), StringComparison.Ordinal);
        Assert.Equal(origin, await office.EvaluateAsync<double>("() => performance.timeOrigin"));
        await office.AssertNoViolationsAsync();
        await office.LoadsNewPageAsync(() => call.GetByRole(AriaRole.Button).First.ClickAsync());
        Assert.Equal(0, await office.Locator(".help-calls").CountAsync());

        // The mediator takes the tablet back with the office code: the exit screen is theirs, in French.
        await tablet.LoadsNewPageAsync(() => tablet.GetByRole(AriaRole.Link, new() { Name = "Espace médiateur" }).ClickAsync());
        await tablet.AssertAtAsync("/client/sortie");
        await CheckScreenAsync(tablet, weight, null);
        await tablet.GetByLabel("Code ou mot de passe").FillAsync("0000");
        await tablet.LoadsNewPageAsync(() => tablet.GetByRole(AriaRole.Button, new() { Name = "Quitter le mode client" }).ClickAsync());
        await tablet.AssertAtAsync("/client/sortie");
        await CheckScreenAsync(tablet, weight, null);
        await tablet.GetByLabel("Code ou mot de passe").FillAsync(ExitCode);
        await tablet.LoadsNewPageAsync(() => tablet.GetByRole(AriaRole.Button, new() { Name = "Quitter le mode client" }).ClickAsync());
        Assert.Matches("/bureaux/[0-9]+$", new Uri(tablet.Url).AbsolutePath);
        await tablet.Context.CloseAsync();
        await office.Context.CloseAsync();
    }

    [Fact]
    public async Task After_inactivity_the_screen_warns_then_clears_and_back_shows_nothing_of_the_client()
    {
        var (tablet, office, _, weight) = await TabletAsync();

        // The page's clock is Playwright's: time moves only when the test says so, never by waiting.
        // With a fake clock the pages' time origin is not to be trusted: URL waits here, not LoadsNewPageAsync.
        await tablet.Clock.InstallAsync();
        await tablet.Locator("button.language[value='uk']").ClickAsync();
        await tablet.WaitForURLAsync("**/client/questions/1", Navigation.Parsed);
        var uk = Language("uk");
        await tablet.Locator(".card .card-label").First.ClickAsync();
        await tablet.Locator(".client-nav .next").ClickAsync();
        await tablet.WaitForURLAsync("**/client/questions/2", Navigation.Parsed);
        var question = (await tablet.Locator("h1").TextContentAsync())!.Trim();

        // 240 s without a touch clears; the warning comes 90 s before (at least 60 s, issue 17 §6).
        var dialog = tablet.Locator("#idle-warning");
        Assert.False(await dialog.IsVisibleAsync());
        await tablet.Clock.FastForwardAsync("02:31");
        await dialog.WaitForAsync();
        Assert.Equal(uk.Text("ui.idle.title"), (HttpHelpers.Words(await dialog.Locator("h2").TextContentAsync()))!.Trim());
        Assert.Equal("idle-continue", await tablet.EvaluateAsync<string>("() => document.activeElement.id"));
        await tablet.AssertNoViolationsAsync();
        await tablet.GetByRole(AriaRole.Button, new() { Name = uk.Text("ui.idle.continue") }).ClickAsync();
        await dialog.WaitForAsync(new() { State = WaitForSelectorState.Hidden });

        // « Je continue » started the count again: 2 min 31 s later the warning again, then the screen clears.
        await tablet.Clock.FastForwardAsync("02:31");
        await dialog.WaitForAsync();
        await tablet.Clock.FastForwardAsync("01:40");
        await tablet.WaitForURLAsync("**/client", Navigation.Parsed);
        await CheckScreenAsync(tablet, weight, null);

        // « Retour » of the browser: the language screen again, nothing of the previous client.
        await tablet.GoBackAsync();
        await tablet.WaitForURLAsync("**/client", Navigation.Parsed);
        var shown = await tablet.Locator("body").InnerTextAsync();
        Assert.DoesNotContain(question, shown, StringComparison.Ordinal);
        // Nothing in the browser's storage but the staff pages' own moment of last activity (session.js, written on the
        // office page before the tablet was handed over): no answer, no language, nothing of the client.
        Assert.Equal(string.Empty, await tablet.EvaluateAsync<string>(
            "() => Object.keys(localStorage).concat(Object.keys(sessionStorage)).filter(k => k !== 'aiguillage.derniere-activite').join(' ')"));
        Assert.Matches("^[0-9]*$", await tablet.EvaluateAsync<string>("() => localStorage.getItem('aiguillage.derniere-activite') || ''"));
        await tablet.Context.CloseAsync();
        await office.Context.CloseAsync();
    }

    [Fact]
    public async Task At_the_counter_the_mediator_turns_the_screen_to_the_clients_language_and_takes_it_back()
    {
        var office = await F.App.CreateOfficeAsync(name: "FIRMINY");
        var page = await F.NewPageAsync(await F.App.CreateMediatorAsync(office));
        var weight = new Weighed(page);
        await page.GotoAsync($"/bureaux/{office.Id}/diagnostic");
        await page.LoadsNewPageAsync(() => page.Locator("main form button[type=submit]").ClickAsync());
        await page.AssertAtAsync("/questions/1");
        await page.AssertNoViolationsAsync();

        // Dari, right to left, on the client's screen; the answer given there is the draft's.
        await page.GetByLabel("Tourner l'écran vers le client : la question dans sa langue").SelectOptionAsync("prs");
        await page.LoadsNewPageAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Montrer au client" }).ClickAsync());
        await page.AssertAtAsync("/lecture/1");
        await CheckScreenAsync(page, weight, Language("prs"));
        var chosen = await page.Locator(".card input").Nth(1).GetAttributeAsync("value");
        await page.Locator(".card .card-label").Nth(1).ClickAsync();
        await page.LoadsNewPageAsync(() => page.Locator(".client-nav .next").ClickAsync());
        await page.AssertAtAsync("/lecture/2");
        await CheckScreenAsync(page, weight, Language("prs"));

        // The mediator takes the screen back, on the same question, in French.
        await page.LoadsNewPageAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Écran du médiateur" }).ClickAsync());
        await page.AssertAtAsync("/questions/2");
        Assert.Equal("fr", await page.GetAttributeAsync("html", "lang"));
        await page.GotoAsync(page.Url.Replace("/questions/2", "/questions/1", StringComparison.Ordinal));
        Assert.True(await page.Locator($"input[name=Answer][value='{chosen}']").IsCheckedAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task From_the_locked_tablet_the_browser_reaches_no_staff_page_or_endpoint_of_the_apps_route_list()
    {
        var (tablet, office, officeId, _) = await TabletAsync();
        var urls = RouteList.OutsideClientScreens(F.App.Services, officeId);
        Assert.Contains($"/bureaux/{officeId}", urls);
        var answered = new List<string>();
        foreach (var url in urls)
        {
            foreach (var method in new[] { "GET", "POST" })
            {
                // The page's own cookies: what a script or a typed address on the tablet would get.
                var response = await tablet.APIRequest.FetchAsync(url, new() { Method = method, MaxRedirects = 0 });
                if (response.Status != 404)
                {
                    answered.Add($"{method} {url} {response.Status}");
                }
            }
        }

        Assert.True(answered.Count == 0, "Answered from the locked tablet:\n" + string.Join('\n', answered));

        // The language screen itself still answers.
        Assert.Equal(200, (await tablet.APIRequest.GetAsync("/client")).Status);
        await tablet.Context.CloseAsync();
        await office.Context.CloseAsync();
    }
}

/// <summary>The Arabic visit of issue 17's « Done when » on PostgreSQL too (the other scenarios do not depend on the engine).</summary>
public sealed class ClientModeBrowserTests_PostgreSql(PostgresBrowserFixture fixture) : ClientModeBrowserScenarios(fixture), IClassFixture<PostgresBrowserFixture>
{
    [Fact]
    public Task A_client_answers_alone_in_arabic_to_the_end_screen_and_the_mediator_prints_the_bilingual_handout() => WholeVisitAsync("ar");
}
