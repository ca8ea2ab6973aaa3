using System.Net;
using Aiguillage.Testing;
using Aiguillage.Web.Features.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Aiguillage.Web.Tests.ClientMode;

/// <summary>
/// Issue 17 §8: in the assisted flow the mediator turns the screen towards the client, who reads the question in
/// their language on the client's screen; the answer goes into the same draft and the mediator takes the screen back.
/// </summary>
public abstract class ReadAlongTests(AppFactory app) : EngineTests(app)
{
    private static async Task<string> StartAsync(HttpClient client, int officeId)
    {
        using var response = await client.PostFormAsync($"/bureaux/{officeId}/diagnostic", [new("ClientReference", string.Empty)]);
        var location = response.Headers.Location!.OriginalString;
        return location[..location.IndexOf("/questions", StringComparison.Ordinal)];
    }

    [Fact]
    public async Task The_mediator_turns_the_screen_to_arabic_and_the_clients_answers_go_into_the_same_draft()
    {
        var office = await App.CreateOfficeAsync();
        using var mediator = await App.SignedInAsync(await App.CreateMediatorAsync(office));
        var draft = await StartAsync(mediator, office.Id);

        // The mediator's question offers the client's screen in each language.
        var assisted = await mediator.GetPageAsync($"{draft}/questions/1");
        var turn = assisted.QuerySelector("form.read-along")!;
        Assert.Equal("get", turn.GetAttribute("method"));
        Assert.Equal($"{draft}/lecture/1", turn.GetAttribute("action"));
        Assert.Equal(10, turn.QuerySelectorAll("select[name=langue] option").Length);

        using (var screen = await mediator.GetAsync(new Uri($"{draft}/lecture/1?langue=ar", UriKind.Relative)))
        {
            Assert.True(screen.Headers.CacheControl?.NoStore);
            var html = await HttpHelpers.ParseAsync(screen);
            Assert.Equal("ar", html.DocumentElement.GetAttribute("lang"));
            Assert.Equal("rtl", html.DocumentElement.GetAttribute("dir"));
            Assert.Null(html.QuerySelector(".site-header"));
            Assert.Contains("هاتف", html.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
            Assert.NotNull(html.QuerySelector(".card svg.picto"));
            Assert.Null(html.QuerySelector(".help-form"));   // no tablet: the mediator is right there
            var back = html.QuerySelector(".client-footer a")!;
            Assert.Equal($"{draft}/questions/1", back.GetAttribute("href"));
            Assert.Equal("Écran du médiateur", back.TextContent.Trim());
        }

        // No answer: the error in Arabic (422); an answer: saved in the draft, on to the next question in Arabic.
        using (var refused = await mediator.PostFormAsync($"{draft}/lecture/1?langue=ar", []))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Contains("اختر", (await HttpHelpers.ParseAsync(refused)).QuerySelector(".client-error")!.TextContent, StringComparison.Ordinal);
        }

        var definition = App.Services.GetRequiredService<QuestionnaireCatalog>().Current.Definition;
        var first = definition.Questions[0].Options[1].Id;
        using (var answered = await mediator.PostFormAsync($"{draft}/lecture/1?langue=ar", [new("Answer", first)]))
        {
            Assert.Equal($"{draft}/lecture/2?langue=ar", answered.Headers.Location?.OriginalString);
        }

        Assert.True((await mediator.GetPageAsync($"{draft}/questions/1")).QuerySelector($"input[value='{first}']")!.HasAttribute("checked"));

        // The last question leads back to the mediator's own steps.
        var last = definition.Questions.Count;
        using (var lastAnswer = await mediator.PostFormAsync($"{draft}/lecture/{last}?langue=uk", [new("Answer", definition.Questions[^1].Options[0].Id)]))
        {
            Assert.DoesNotContain("/lecture/", lastAnswer.Headers.Location?.OriginalString, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_language_that_is_not_one_answers_400_naming_it_and_another_office_sees_nothing()
    {
        var office = await App.CreateOfficeAsync();
        var other = await App.CreateOfficeAsync("32");
        using var mediator = await App.SignedInAsync(await App.CreateMediatorAsync(office));
        using var stranger = await App.SignedInAsync(await App.CreateMediatorAsync(other));
        var draft = await StartAsync(mediator, office.Id);

        using (var unknown = await mediator.GetAsync(new Uri($"{draft}/lecture/1?langue=xx", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
            Assert.Contains("Langue inconnue", (await HttpHelpers.ParseAsync(unknown)).QuerySelector(".client-error")!.TextContent, StringComparison.Ordinal);
        }

        using (var posted = await mediator.PostFormAsync($"{draft}/lecture/1?langue=xx", [new("Answer", "oui-utilise")]))
        {
            Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(new Uri($"{draft}/lecture/1?langue=ar", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await mediator.GetAsync(new Uri($"{draft}/lecture/99?langue=ar", UriKind.Relative))).StatusCode);
    }
}

public sealed class ReadAlongTests_Sqlite(SqliteApp app) : ReadAlongTests(app), IClassFixture<SqliteApp>;

public sealed class ReadAlongTests_PostgreSql(PostgresApp app) : ReadAlongTests(app), IClassFixture<PostgresApp>;
