using System.Net;
using Aiguillage.Domain.Offices;
using Aiguillage.Testing;
using Aiguillage.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aiguillage.Web.Tests.Diagnostics;

public abstract class AssistedDiagnosticTests(AppFactory app) : EngineTests(app)
{
    /// <summary>Answers of a « Débutant » client who has a phone but little know-how.</summary>
    internal static readonly string[] Beginner = ["oui-peu", "non", "un-seul", "oui-aide", "avec-aide", "pas-concerne", "non", "avec-aide", "non", "non", "seul", "non", "pas-toujours", "un-peu-inquiet", "parfois"];

    internal static readonly string[] Autonomous = ["oui-utilise", "oui-a-moi", "les-deux", "oui-seul", "seul", "seul", "seul", "seul", "seul", "seul", "seul", "seul", "oui", "a-l-aise", "oui"];

    private async Task<string> StartAsync(HttpClient client, Office office, string? reference = null)
    {
        using var response = await client.PostFormAsync($"/bureaux/{office.Id}/diagnostic", [new("ClientReference", reference ?? string.Empty)]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.EndsWith("/questions/1", location, StringComparison.Ordinal);
        return location[..location.IndexOf("/questions", StringComparison.Ordinal)];
    }

    private static async Task AnswerAsync(HttpClient client, string draft, int number, string answer)
    {
        using var response = await client.PostFormAsync($"{draft}/questions/{number}", [new("Answer", answer)]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    /// <summary>Runs the whole flow as the pages would, and returns the result page's address.</summary>
    private static async Task<string> CompleteAsync(HttpClient client, string draft, string[] answers, params string[] needs)
    {
        for (var i = 0; i < answers.Length; i++)
        {
            await AnswerAsync(client, draft, i + 1, answers[i]);
        }

        using var needsPosted = await client.PostFormAsync($"{draft}/besoins", needs.Select(n => KeyValuePair.Create("Needs", n)));
        Assert.Equal($"{draft}/profil", needsPosted.Headers.Location?.OriginalString);
        using var profile = await client.PostFormAsync($"{draft}/profil", [new("Profile[ageBand]", "65-74"), new("Profile[gender]", "nsp")]);
        Assert.Equal($"{draft}/recapitulatif", profile.Headers.Location?.OriginalString);
        using var submitted = await client.PostFormAsync($"{draft}/recapitulatif", []);
        Assert.Equal($"{draft}/resultat", submitted.Headers.Location?.OriginalString);
        return submitted.Headers.Location!.OriginalString;
    }

    [Fact]
    public async Task A_mediator_runs_a_diagnostic_to_its_result_with_proposals_and_reasons()
    {
        var office = await App.CreateOfficeAsync(name: "BUREAU DU PARCOURS");
        using var client = await App.SignedInAsync(await App.CreateMediatorAsync(office));
        var home = await client.GetPageAsync($"/bureaux/{office.Id}");
        Assert.NotNull(home.QuerySelector($"a[href='/bureaux/{office.Id}/diagnostic']"));

        var draft = await StartAsync(client, office);
        var first = await client.GetPageAsync($"{draft}/questions/1");
        Assert.Equal("Question 1 sur 15", first.QuerySelector(".step")?.TextContent);
        Assert.Equal("Avez-vous un téléphone portable qui va sur internet ?", first.QuerySelector("legend h1")?.TextContent);

        var result = await client.GetPageAsync(await CompleteAsync(client, draft, Beginner, "caf", "scolarite"));
        Assert.Contains("Niveau 3 sur 5 : Débutant", result.QuerySelector("#niveau")?.TextContent, StringComparison.Ordinal);
        var proposals = result.QuerySelectorAll(".proposal").Select(p => p.TextContent).ToList();
        Assert.Contains(proposals, p => p.Contains("parce que vous souhaitez suivre la scolarité de vos enfants en ligne", StringComparison.Ordinal));
        Assert.Contains(proposals, p => p.Contains("Accompagner en bureau", StringComparison.Ordinal));

        // Each partner proposal opens the search with this client's office and the proposal's service already chosen;
        // the other tiers have no « Orienter ».
        var refer = result.QuerySelectorAll(".proposal").Where(p => p.QuerySelector(".proposal-tier")!.TextContent == "Orienter vers un partenaire").ToList();
        Assert.NotEmpty(refer);
        Assert.All(refer, p => Assert.Contains("Orienter", p.QuerySelector("a.button-primary")?.TextContent, StringComparison.Ordinal));
        Assert.All(result.QuerySelectorAll(".proposal").Except(refer), p => Assert.Null(p.QuerySelector("a.button-primary")));
        var search = await client.GetPageAsync(refer[0].QuerySelector("a.button-primary")!.GetAttribute("href")!);
        Assert.Equal(office.SiteCode, search.QuerySelector("#Search_Office")?.GetAttribute("value"));
        // The office is chosen from a list (name, commune) rather than typed as a code.
        Assert.Equal("bureaux", search.QuerySelector("#Search_Office")?.GetAttribute("list"));
        Assert.Contains(office.Name, search.QuerySelector($"datalist#bureaux option[value='{office.SiteCode}']")?.TextContent, StringComparison.Ordinal);
        Assert.Single(search.QuerySelectorAll("input[name='Search.Services']:checked"));
        Assert.Equal("3 sur 5", result.QuerySelectorAll("tr").Single(r => r.QuerySelector("th")?.TextContent == "Niveau").QuerySelector("td")!.TextContent);
        Assert.Equal(5, result.QuerySelectorAll(".gauge-step").Length);

        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var stored = await db.Diagnostics.SingleAsync(d => d.OfficeId == office.Id);
        Assert.Equal(2, stored.Level);
        Assert.NotNull(stored.ClientId);
        Assert.Equal(["caf", "scolarite"], stored.Needs);
        Assert.Equal("65-74", stored.Profile["ageBand"]);
        Assert.False(stored.Profile.ContainsKey("gender"));
    }

    [Fact]
    public async Task The_handout_gives_the_level_next_steps_sheets_and_mediator_days_and_no_personal_data()
    {
        var office = await App.CreateOfficeAsync(days: Weekdays.Tuesday | Weekdays.Friday);
        using var client = await App.SignedInAsync(await App.CreateMediatorAsync(office));
        var draft = await StartAsync(client, office);
        await CompleteAsync(client, draft, Beginner, "impots");

        var handout = await client.GetPageAsync($"{draft}/parcours");
        var text = handout.QuerySelector("article.handout")!.TextContent;

        // The level in kind words: the staff's label (« Débutant ») stays on the staff's pages (issue 17 §7).
        Assert.Contains("Vous savez déjà faire plusieurs choses", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Débutant", text, StringComparison.Ordinal);
        Assert.Contains("Déclarer vos impôts en ligne", text, StringComparison.Ordinal);
        Assert.Contains("mardi et vendredi", text, StringComparison.Ordinal);
        Assert.Matches("[A-Z2-9]{3}-[A-Z2-9]{3}", handout.QuerySelector(".reference")!.TextContent);
        // The profile (age band) stays off the handout; not « 65 » alone, which a random reference (« K65-…ABC ») may hold.
        Assert.DoesNotContain("65 à 74", text, StringComparison.Ordinal);
        Assert.DoesNotContain("65-74", text, StringComparison.Ordinal);
        Assert.Empty(handout.QuerySelectorAll(".handout-column"));      // made at the counter: French alone unless asked

        // The mediator turns it to the client's language: Ukrainian, with the French beside it, the days in Ukrainian.
        var bilingual = await client.GetPageAsync($"{draft}/parcours?langue=uk");
        var ukrainian = string.Concat(bilingual.QuerySelectorAll("article.handout [lang=uk][dir=ltr]").Select(e => e.TextContent));
        Assert.Contains("вівторок", ukrainian, StringComparison.Ordinal);
        Assert.DoesNotContain("Déclarer vos impôts en ligne", ukrainian, StringComparison.Ordinal);
        Assert.Contains("Déclarer vos impôts en ligne", string.Concat(bilingual.QuerySelectorAll(".handout-column[lang=fr]").Select(e => e.TextContent)), StringComparison.Ordinal);
        Assert.Equal("uk", bilingual.QuerySelector("select#langue option[selected]")!.GetAttribute("value"));

        // A language that is not one: 400, the field named, the sheet in French.
        using var unknown = await client.GetAsync(new Uri($"{draft}/parcours?langue=xx", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        var refused = await HttpHelpers.ParseAsync(unknown);
        Assert.Contains("Langue inconnue", refused.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(refused.QuerySelectorAll(".handout-column"));
    }

    [Fact]
    public async Task An_interrupted_diagnostic_resumes_where_it_stopped_from_another_computer()
    {
        var office = await App.CreateOfficeAsync();
        var mediator = await App.CreateMediatorAsync(office);
        using var first = await App.SignedInAsync(mediator);
        var draft = await StartAsync(first, office);
        for (var i = 0; i < 5; i++)
        {
            await AnswerAsync(first, draft, i + 1, Beginner[i]);
        }

        using var second = await App.SignedInAsync(mediator);
        using var resume = await second.GetAsync(new Uri(draft, UriKind.Relative));
        Assert.Equal($"{draft}/questions/6", resume.Headers.Location?.OriginalString);
        var page = await second.GetPageAsync($"{draft}/questions/3");
        Assert.NotNull(page.QuerySelector("input[value='un-seul'][checked]"));

        var officePage = await second.GetPageAsync($"/bureaux/{office.Id}");
        Assert.Contains("Reprendre le diagnostic", officePage.QuerySelector("#en-cours")?.ParentElement?.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_answer_or_an_answer_not_offered_is_refused_in_french()
    {
        var office = await App.CreateOfficeAsync();
        using var client = await App.SignedInAsync(await App.CreateMediatorAsync(office));
        var draft = await StartAsync(client, office);

        using var none = await client.PostFormAsync($"{draft}/questions/1", []);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, none.StatusCode);
        var page = await HttpHelpers.ParseAsync(none);
        Assert.Contains("Choisissez une réponse pour continuer.", page.QuerySelector(".error-summary")?.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("#Answer"));

        using var forged = await client.PostFormAsync($"{draft}/questions/1", [new("Answer", "pas-une-reponse")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, forged.StatusCode);
        Assert.Contains("Choisissez une des réponses proposées.", (await HttpHelpers.ParseAsync(forged)).QuerySelector(".error-summary")?.TextContent, StringComparison.Ordinal);

        using var needs = await client.PostFormAsync($"{draft}/besoins", [new("Needs", "voyage")]);
        Assert.Contains("n'existe pas", (await HttpHelpers.ParseAsync(needs)).QuerySelector(".error-summary")?.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri($"{draft}/questions/16", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Submitting_twice_stores_one_diagnostic()
    {
        var office = await App.CreateOfficeAsync();
        using var client = await App.SignedInAsync(await App.CreateMediatorAsync(office));
        var draft = await StartAsync(client, office);
        await CompleteAsync(client, draft, Autonomous);
        using var again = await client.PostFormAsync($"{draft}/resultat", [], $"{draft}/recapitulatif");
        Assert.Equal($"{draft}/resultat", again.Headers.Location?.OriginalString);

        using var scope = App.Services.CreateScope();
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<AppDbContext>().Diagnostics.CountAsync(d => d.OfficeId == office.Id));
    }

    [Fact]
    public async Task A_returning_client_sees_their_progress()
    {
        var office = await App.CreateOfficeAsync();
        using var client = await App.SignedInAsync(await App.CreateMediatorAsync(office));
        var firstDraft = await StartAsync(client, office);
        await CompleteAsync(client, firstDraft, Beginner);
        var firstResult = await client.GetPageAsync($"{firstDraft}/resultat");
        var reference = firstResult.QuerySelector("main strong")!.TextContent;

        var secondDraft = await StartAsync(client, office, reference.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal));
        var result = await client.GetPageAsync(await CompleteAsync(client, secondDraft, Autonomous));
        Assert.Contains("Progrès : le niveau est passé de 3 à 5.", result.QuerySelector(".progress-note")?.TextContent, StringComparison.Ordinal);

        using var unknown = await client.PostFormAsync($"/bureaux/{office.Id}/diagnostic", [new("ClientReference", "ZZZ-999")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Contains("Aucun client avec cette référence", (await HttpHelpers.ParseAsync(unknown)).QuerySelector(".error-summary")?.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_offices_diagnostic_answers_404_everywhere()
    {
        var own = await App.CreateOfficeAsync();
        var foreign = await App.CreateOfficeAsync();
        using var other = await App.SignedInAsync(await App.CreateMediatorAsync(foreign));
        var draft = await StartAsync(other, foreign);
        await CompleteAsync(other, draft, Beginner);

        using var client = await App.SignedInAsync(await App.CreateMediatorAsync(own));
        foreach (var path in new[] { draft, $"{draft}/questions/1", $"{draft}/besoins", $"{draft}/profil", $"{draft}/recapitulatif", $"{draft}/resultat", $"{draft}/parcours", $"/bureaux/{foreign.Id}/diagnostic" })
        {
            Assert.True((await client.GetAsync(new Uri(path, UriKind.Relative))).StatusCode == HttpStatusCode.NotFound, path);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await client.PostFormAsync($"/bureaux/{own.Id}/diagnostic", [], $"/bureaux/{foreign.Id}/diagnostic")).StatusCode);
    }
}

public sealed class AssistedDiagnosticTests_Sqlite(SqliteApp app) : AssistedDiagnosticTests(app), IClassFixture<SqliteApp>;

public sealed class AssistedDiagnosticTests_PostgreSql(PostgresApp app) : AssistedDiagnosticTests(app), IClassFixture<PostgresApp>;
