using System.Net;
using Aiguillage.Domain.ClientMode;
using Aiguillage.Testing;
using Aiguillage.Web.Features.Diagnostics;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Web;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Aiguillage.Web.Tests.ClientMode;

/// <summary>The app with a clock the tests move (Identity's refresh, the tablet's idle time).</summary>
public abstract class ClientModeApp(DatabaseProvider provider) : AppFactory(provider)
{
    // A Tuesday morning in Paris, pinned: nothing here depends on the hour CI runs.
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 10, 8, 30, 0, TimeSpan.Zero));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Mail:Runner", "false");
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
    }
}

public sealed class ClientModeSqliteApp() : ClientModeApp(DatabaseProvider.Sqlite);

public sealed class ClientModePostgresApp() : ClientModeApp(DatabaseProvider.PostgreSql);

/// <summary>
/// Issue 17 §1, §5–7 over HTTP: the tablet lock the server enforces, a whole visit in Arabic saved as it goes, the
/// help call and « Clients en attente » on the office page, the idle clearing, and the mediator taking the tablet back.
/// </summary>
public abstract class ClientModeTests(ClientModeApp app) : EngineTests(app)
{
    private FakeTimeProvider Clock => ((ClientModeApp)App).Clock;

    public static async Task OpenTabletAsync(HttpClient client, int officeId, string? code = "4821", string? reference = null)
    {
        using var opened = await client.PostFormAsync($"/bureaux/{officeId}/mode-client",
            [new("ExitCode", code ?? string.Empty), new("ClientReference", reference ?? string.Empty), new(Submissions.FieldName, Guid.NewGuid().ToString())]);
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.Equal("/client", opened.Headers.Location?.OriginalString);

        // The browser forgets the staff pages it kept: « back » on the tablet asks the server, which refuses.
        Assert.Equal("\"cache\"", string.Join(",", opened.Headers.GetValues("Clear-Site-Data")));
    }

    public static async Task<HttpResponseMessage> ChooseAsync(HttpClient client, string language, Guid? submission = null) =>
        await client.PostFormAsync("/client", [new("langue", language), new(Submissions.FieldName, (submission ?? Guid.NewGuid()).ToString())]);

    private async Task<Domain.Diagnostics.QuestionnaireDefinition> DefinitionAsync()
    {
        await Task.CompletedTask;
        return App.Services.GetRequiredService<QuestionnaireCatalog>().Current.Definition;
    }

    private async Task<List<ClientVisit>> VisitsAsync(int officeId)
    {
        using var scope = App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<ClientVisit>().AsNoTracking().Where(v => v.OfficeId == officeId).ToListAsync();
    }

    [Fact]
    public async Task A_locked_tablet_reaches_only_the_client_screens_every_other_page_and_endpoint_answers_as_absent()
    {
        var office = await App.CreateOfficeAsync();
        var mediator = await App.CreateMediatorAsync(office);
        using var tablet = await App.SignedInAsync(mediator);
        using (var staffPage = await tablet.GetAsync(new Uri($"/bureaux/{office.Id}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, staffPage.StatusCode);
            Assert.True(staffPage.Headers.CacheControl?.NoStore, "a signed-in page the browser could show again after the lock");
        }

        await OpenTabletAsync(tablet, office.Id);

        // A page that does not exist, for comparison: the lock's answers must read exactly like it.
        using var missing = await tablet.GetAsync(new Uri("/cette-page-n-existe-pas", UriKind.Relative));
        var missingBody = await missing.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        // Every route of the app (its own list), with an office id and a diagnostic id put in.
        var urls = RouteList.OutsideClientScreens(App.Services, office.Id);
        Assert.Contains($"/bureaux/{office.Id}", urls);
        Assert.Contains(urls, u => u.StartsWith("/clients/", StringComparison.Ordinal));   // the client's record: a neighbour of « /client », refused too
        Assert.Contains("/api/v1/diagnostics", urls);
        foreach (var url in urls)
        {
            foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post, HttpMethod.Head, HttpMethod.Put, HttpMethod.Delete })
            {
                using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative));
                if (method == HttpMethod.Post)
                {
                    request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
                }

                using var answer = await tablet.SendAsync(request);
                Assert.True(answer.StatusCode == HttpStatusCode.NotFound, $"{method} {url} answered {(int)answer.StatusCode} in client mode");
                if (url.StartsWith("/api/", StringComparison.Ordinal))
                {
                    Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
                }
                else if (method == HttpMethod.Get)
                {
                    Assert.Equal(missingBody, await answer.Content.ReadAsStringAsync());
                }
            }
        }

        // The « page not found » itself carries no staff header, menu or link.
        var page = await HttpHelpers.ParseAsync(missing);
        Assert.Empty(page.QuerySelectorAll("nav, form[action='/deconnexion']"));
        Assert.All(page.QuerySelectorAll("a[href]:not([href^='#']):not([href='/accessibilite'])"), a => Assert.StartsWith("/client", a.GetAttribute("href"), StringComparison.Ordinal));

        // The client screens themselves carry none either.
        var languages = await tablet.GetPageAsync("/client");
        Assert.All(languages.QuerySelectorAll("a[href]:not([href^='#']):not([href='/accessibilite'])"), a => Assert.StartsWith("/client", a.GetAttribute("href"), StringComparison.Ordinal));
        Assert.All(languages.QuerySelectorAll("form[action]"), f => Assert.StartsWith("/client", f.GetAttribute("action"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_lock_holds_when_identity_rebuilds_the_session_ten_minutes_later()
    {
        var office = await App.CreateOfficeAsync();
        var mediator = await App.CreateMediatorAsync(office);
        using var tablet = await App.SignedInAsync(mediator);
        await OpenTabletAsync(tablet, office.Id);

        // Identity rebuilds the principal from the database after 10 minutes; the lock must come along.
        Clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(HttpStatusCode.OK, (await tablet.GetAsync(new Uri("/client", UriKind.Relative))).StatusCode);
        Clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(HttpStatusCode.NotFound, (await tablet.GetAsync(new Uri($"/bureaux/{office.Id}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await tablet.GetAsync(new Uri("/api/v1/places/export", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Only_the_mediators_code_or_password_gives_the_staff_pages_back_and_five_wrong_codes_leave_only_the_password()
    {
        var office = await App.CreateOfficeAsync();
        var mediator = await App.CreateMediatorAsync(office);
        using var tablet = await App.SignedInAsync(mediator);
        await OpenTabletAsync(tablet, office.Id, code: "4821");

        using (var wrong = await tablet.PostFormAsync("/client/sortie", [new("code", "1234")]))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
            Assert.Contains("n'est pas le bon", (await HttpHelpers.ParseAsync(wrong)).Body!.TextContent, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await tablet.GetAsync(new Uri($"/bureaux/{office.Id}", UriKind.Relative))).StatusCode);
        using (var right = await tablet.PostFormAsync("/client/sortie", [new("code", "4821")]))
        {
            Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
            Assert.Equal($"/bureaux/{office.Id}", right.Headers.Location?.OriginalString);
        }

        Assert.Equal(HttpStatusCode.OK, (await tablet.GetAsync(new Uri($"/bureaux/{office.Id}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await tablet.GetAsync(new Uri("/client", UriKind.Relative))).StatusCode);

        // Five wrong codes: the right code no longer opens it; the password does.
        await OpenTabletAsync(tablet, office.Id, code: "4821");
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await tablet.PostFormAsync("/client/sortie", [new("code", "0000")]);
        }

        using (var code = await tablet.PostFormAsync("/client/sortie", [new("code", "4821")]))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, code.StatusCode);
            Assert.Contains("Le code ne peut plus servir", (await HttpHelpers.ParseAsync(code)).Body!.TextContent, StringComparison.Ordinal);
        }

        using (var password = await tablet.PostFormAsync("/client/sortie", [new("code", mediator.Password)]))
        {
            Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await tablet.GetAsync(new Uri($"/bureaux/{office.Id}", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Wrong_codes_sent_at_once_are_all_counted_and_wrong_passwords_never_lock_the_mediators_account()
    {
        var office = await App.CreateOfficeAsync();
        var mediator = await App.CreateMediatorAsync(office);
        using var tablet = await App.SignedInAsync(mediator);
        await OpenTabletAsync(tablet, office.Id, code: "4821");

        // Ten wrong codes at once: each is counted before it is checked, so the right code no longer serves after them.
        var wrong = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => tablet.PostFormAsync("/client/sortie", [new("code", "0000")])));
        Assert.All(wrong, r => Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode));
        foreach (var response in wrong)
        {
            response.Dispose();
        }

        using (var code = await tablet.PostFormAsync("/client/sortie", [new("code", "4821")]))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, code.StatusCode);
        }

        // Six wrong passwords (Identity would lock the account after five): the right one still opens, and digits
        // without a usable code are never tried as a password.
        for (var i = 0; i < 6; i++)
        {
            using var refused = await tablet.PostFormAsync("/client/sortie", [new("code", $"pas-le-bon-mot-de-passe-{i}")]);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        }

        using (var password = await tablet.PostFormAsync("/client/sortie", [new("code", mediator.Password)]))
        {
            Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        }

        using var scope = App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
        var account = await users.FindByEmailAsync(mediator.Email);
        Assert.Equal(0, await users.GetAccessFailedCountAsync(account!));
        Assert.False(await users.IsLockedOutAsync(account!));
    }

    [Fact]
    public async Task A_whole_visit_in_arabic_is_saved_as_it_goes_ends_in_kind_words_and_waits_on_the_office_page()
    {
        var office = await App.CreateOfficeAsync();
        var mediator = await App.CreateMediatorAsync(office);
        using var tablet = await App.SignedInAsync(mediator);
        using var counter = await App.SignedInAsync(mediator);
        await OpenTabletAsync(tablet, office.Id);
        var definition = await DefinitionAsync();

        // A double tap on the language begins one visit.
        var tap = Guid.NewGuid();
        using (var first = await ChooseAsync(tablet, "ar", tap))
        {
            Assert.Equal("/client/questions/1", first.Headers.Location?.OriginalString);
        }

        using (var second = await ChooseAsync(tablet, "ar", tap))
        {
            Assert.Equal("/client/questions/1", second.Headers.Location?.OriginalString);
        }

        Assert.Single(await VisitsAsync(office.Id));

        using (var screen = await tablet.GetAsync(new Uri("/client/questions/1", UriKind.Relative)))
        {
            Assert.True(screen.Headers.CacheControl?.NoStore);
            var html = await HttpHelpers.ParseAsync(screen);
            Assert.Equal("ar", html.DocumentElement.GetAttribute("lang"));
            Assert.Equal("rtl", html.DocumentElement.GetAttribute("dir"));
            Assert.Contains("هاتف", html.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
            Assert.Equal("السؤال ١ من ١٥", html.QuerySelector(".step-text")!.TextContent.Trim());
            Assert.Equal(definition.Questions[0].Options.Count, html.QuerySelectorAll(".card svg.picto").Length);
            Assert.NotNull(html.QuerySelector(".question-picto svg.picto"));
        }

        // No answer: the error in Arabic, nothing saved.
        using (var refused = await tablet.PostFormAsync("/client/questions/1", []))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Contains("اختر", (await HttpHelpers.ParseAsync(refused)).QuerySelector(".client-error")!.TextContent, StringComparison.Ordinal);
        }

        for (var i = 0; i < definition.Questions.Count; i++)
        {
            var question = definition.Questions[i];
            using var answered = await tablet.PostFormAsync($"/client/questions/{i + 1}", [new("Answer", question.Options[^1].Id)]);
            Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
            if (i == 4)
            {
                // Saved on the server as given: the office's « Diagnostics en cours » has the five answers.
                Assert.Contains("5 réponses", (await counter.GetPageAsync($"/bureaux/{office.Id}")).QuerySelector("#en-cours")!.ParentElement!.TextContent, StringComparison.Ordinal);
            }
        }

        using (var needs = await tablet.PostFormAsync("/client/besoins", [new("Needs", "scolarite")]))
        {
            Assert.Equal("/client/fin", needs.Headers.Location?.OriginalString);
        }

        var end = await tablet.GetPageAsync("/client/fin");
        var text = end.Body!.TextContent;
        var reference = end.QuerySelector(".reference")!.TextContent.Trim();
        Assert.Matches("^[0-9A-Z]{3}-[0-9A-Z]{3}$", reference);
        Assert.Contains("المرشد", text, StringComparison.Ordinal);
        Assert.Equal(3, end.QuerySelectorAll(".end-steps li svg.picto").Length);
        foreach (var label in definition.Levels.Select(l => l.Label).Append("Niveau"))
        {
            Assert.DoesNotContain(label, text, StringComparison.Ordinal);
        }

        // The mediator's office page, on the counter's computer: the client waits; « Voir le résultat » opens it and the list empties.
        var office_page = await counter.GetPageAsync($"/bureaux/{office.Id}");
        var waiting = office_page.QuerySelector("#client-mode-panel")!.TextContent;
        Assert.Contains("Clients en attente", waiting, StringComparison.Ordinal);
        Assert.Contains(reference, waiting, StringComparison.Ordinal);
        Assert.Contains("العربية", waiting, StringComparison.Ordinal);
        var link = office_page.QuerySelector($"#client-mode-panel a[href*='/mode-client/clients/']")!.GetAttribute("href")!;
        using (var open = await counter.GetAsync(new Uri(link, UriKind.Relative)))
        {
            Assert.EndsWith("/resultat", open.Headers.Location?.OriginalString, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await counter.GetAsync(open.Headers.Location)).StatusCode);

            // « Mon parcours numérique » prints in Arabic, the language chosen on the tablet, with the French beside it.
            var handout = await counter.GetPageAsync(open.Headers.Location!.OriginalString.Replace("/resultat", "/parcours", StringComparison.Ordinal));
            var arabic = string.Concat(handout.QuerySelectorAll("article.handout [lang=ar][dir=rtl]").Select(e => e.TextContent));
            var french = string.Concat(handout.QuerySelectorAll("article.handout [lang=fr]").Select(e => e.TextContent));
            Assert.Contains("مساري", handout.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
            Assert.Contains("Mon parcours numérique", handout.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
            Assert.Contains(reference, arabic, StringComparison.Ordinal);
            Assert.Contains("المرشد", arabic, StringComparison.Ordinal);
            Assert.Contains("Le médiateur vous aide", french, StringComparison.Ordinal);
            foreach (var label in definition.Levels.Select(l => l.Label))
            {
                Assert.DoesNotContain(label, arabic + french, StringComparison.Ordinal);
            }
        }

        Assert.Contains("Aucun client n'attend", (await counter.GetPageAsync($"/bureaux/{office.Id}")).QuerySelector("#client-mode-panel")!.TextContent, StringComparison.Ordinal);

        // « Terminer »: the next person sees the language screen, nothing of this client.
        using (var done = await tablet.PostFormAsync("/client/fin", [], "/client/geste?handler=effacer"))
        {
            Assert.Equal("/client", done.Headers.Location?.OriginalString);
        }

        using (var back = await tablet.GetAsync(new Uri("/client/fin", UriKind.Relative)))
        {
            Assert.Equal("/client", back.Headers.Location?.OriginalString);
        }

        Assert.DoesNotContain(reference, await tablet.GetStringAsync(new Uri("/client", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_help_call_reaches_the_office_page_and_leaves_it_when_the_mediator_answers()
    {
        var office = await App.CreateOfficeAsync();
        var other = await App.CreateOfficeAsync("32");
        var mediator = await App.CreateMediatorAsync(office);
        using var tablet = await App.SignedInAsync(mediator);
        using var counter = await App.SignedInAsync(mediator);
        using var stranger = await App.SignedInAsync(await App.CreateMediatorAsync(other));
        await OpenTabletAsync(tablet, office.Id);
        using (await ChooseAsync(tablet, "uk"))
        {
        }

        Assert.Contains("Aucun client n'attend", await counter.GetStringAsync(new Uri($"/bureaux/{office.Id}/mode-client/etat", UriKind.Relative)), StringComparison.Ordinal);
        using (var asked = await tablet.PostFormAsync("/client/questions/1", [new("retour", "/client/questions/1")], "/client/geste?handler=aide"))
        {
            Assert.Equal("/client/questions/1", asked.Headers.Location?.OriginalString);
        }

        // The office page's panel, as its script reads it: the call is there, in French for the mediator.
        // The panel's poll is not the mediator's activity: it never renews the session's cookie, the office page does.
        using (var poll = await counter.GetAsync(new Uri($"/bureaux/{office.Id}/mode-client/etat", UriKind.Relative)))
        {
            Assert.False(poll.Headers.Contains("Set-Cookie"), "the office page's poll renewed the session");
        }

        using (var officePage = await counter.GetAsync(new Uri($"/bureaux/{office.Id}", UriKind.Relative)))
        {
            Assert.True(officePage.Headers.Contains("Set-Cookie"));
        }

        var panel = await counter.GetPageAsync($"/bureaux/{office.Id}/mode-client/etat");
        Assert.Contains("Un client demande de l'aide", panel.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Українська", panel.Body!.TextContent, StringComparison.Ordinal);

        // The client's screen says the mediator was told, in their language.
        Assert.Contains("Консультанта повідомлено", (await tablet.GetPageAsync("/client/questions/1")).QuerySelector("#help-status")!.TextContent, StringComparison.OrdinalIgnoreCase);

        // Another office's mediator sees nothing of it: 404 like a missing office.
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(new Uri($"/bureaux/{office.Id}/mode-client/etat", UriKind.Relative))).StatusCode);

        var visit = (await VisitsAsync(office.Id)).Single();
        using (var foreign = await stranger.PostFormAsync($"/bureaux/{other.Id}", [new("visite", visit.Id.ToString())], $"/bureaux/{office.Id}/mode-client/etat?handler=arrive"))
        {
            Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        }

        using (var arrive = await counter.PostFormAsync($"/bureaux/{office.Id}", [new("visite", visit.Id.ToString())], $"/bureaux/{office.Id}/mode-client/etat?handler=arrive"))
        {
            Assert.Equal(HttpStatusCode.Redirect, arrive.StatusCode);
        }

        Assert.DoesNotContain("demande de l'aide", await counter.GetStringAsync(new Uri($"/bureaux/{office.Id}/mode-client/etat", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_visit_left_idle_is_cleared_by_the_server_and_the_next_person_starts_on_the_language_screen()
    {
        var office = await App.CreateOfficeAsync();
        var mediator = await App.CreateMediatorAsync(office);
        using var tablet = await App.SignedInAsync(mediator);
        await OpenTabletAsync(tablet, office.Id);
        using (await ChooseAsync(tablet, "fr"))
        {
        }

        using (await tablet.PostFormAsync("/client/questions/1", [new("Answer", "non")]))
        {
        }

        Clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(HttpStatusCode.OK, (await tablet.GetAsync(new Uri("/client/questions/2", UriKind.Relative))).StatusCode);

        // Past the idle time without a touch (no JavaScript to clear it): the server forgets the visit.
        Clock.Advance(TimeSpan.FromMinutes(5));
        using (var later = await tablet.GetAsync(new Uri("/client/questions/2", UriKind.Relative)))
        {
            Assert.Equal("/client", later.Headers.Location?.OriginalString);
        }

        var visit = (await VisitsAsync(office.Id)).Single();
        Assert.NotNull(visit.ClearedAt);

        // The next person gets a new client; the first one's answers stay in the office's diagnostics in progress.
        using (await ChooseAsync(tablet, "fr"))
        {
        }

        Assert.Equal(2, (await VisitsAsync(office.Id)).Count);
        using var question = await tablet.GetAsync(new Uri("/client/questions/1", UriKind.Relative));
        Assert.Empty((await HttpHelpers.ParseAsync(question)).QuerySelectorAll("input[checked]"));
    }

    [Fact]
    public async Task Client_screens_are_404_for_a_session_without_a_tablet_and_refuse_a_forged_language()
    {
        var office = await App.CreateOfficeAsync();
        var mediator = await App.CreateMediatorAsync(office);
        using var staff = await App.SignedInAsync(mediator);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync(new Uri("/client", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync(new Uri("/client/questions/1", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync(new Uri("/client/audio/questions/1", UriKind.Relative))).StatusCode);

        using var tablet = await App.SignedInAsync(mediator);
        await OpenTabletAsync(tablet, office.Id);
        using (var hostile = await ChooseAsync(tablet, "<script>alert(1)</script>"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, hostile.StatusCode);
        }

        using var forged = await ChooseAsync(tablet, "xx");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, forged.StatusCode);
        Assert.Contains("Choisissez une langue de la liste", (await HttpHelpers.ParseAsync(forged)).Body!.TextContent, StringComparison.Ordinal);
        Assert.Empty(await VisitsAsync(office.Id));

        using var badCode = await staff.PostFormAsync($"/bureaux/{office.Id}/mode-client", [new("ExitCode", "12"), new(Submissions.FieldName, Guid.NewGuid().ToString())]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badCode.StatusCode);
        Assert.Contains("Le code a de 4 à 8 chiffres", (await HttpHelpers.ParseAsync(badCode)).Body!.TextContent, StringComparison.Ordinal);
    }
}

public sealed class ClientModeTests_Sqlite(ClientModeSqliteApp app) : ClientModeTests(app), IClassFixture<ClientModeSqliteApp>;

public sealed class ClientModeTests_PostgreSql(ClientModePostgresApp app) : ClientModeTests(app), IClassFixture<ClientModePostgresApp>;
