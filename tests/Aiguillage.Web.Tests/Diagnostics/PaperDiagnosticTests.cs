using System.Net;
using Aiguillage.Domain.Diagnostics;
using Aiguillage.Testing;
using Aiguillage.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aiguillage.Web.Tests.Diagnostics;

public abstract class PaperDiagnosticTests(AppFactory app) : EngineTests(app)
{
    private static readonly string[] QuestionIds = ["E1", "E2", "E3", "E4", "K1", "K2", "K3", "K4", "K5", "K6", "K7", "K8", "K9", "C1", "C2"];

    private static List<KeyValuePair<string, string>> Sheet(string number, string date, string[] answers, params string[] needs) =>
    [
        new("SheetNumber", number), new("FilledOn", date),
        .. QuestionIds.Zip(answers).Select(a => KeyValuePair.Create($"Answers[{a.First}]", a.Second)),
        .. needs.Select(n => KeyValuePair.Create("Needs", n)),
        new("Profile[ageBand]", "45-54"),
    ];

    private async Task<int> CountAsync(int officeId)
    {
        using var scope = App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Diagnostics.CountAsync(d => d.OfficeId == officeId);
    }

    [Fact]
    public async Task The_blank_sheet_has_every_question_and_its_own_number()
    {
        var office = await App.CreateOfficeAsync();
        using var client = await App.SignedInAsync(await App.CreateMediatorAsync(office));
        var sheet = await client.GetPageAsync($"/bureaux/{office.Id}/papier");
        Assert.Equal(15 + 2, sheet.QuerySelectorAll(".paper-question").Length);
        Assert.Matches("^[A-Z2-9]{4}-[A-Z2-9]{4}$", sheet.QuerySelector(".paper .reference")!.TextContent);
        var again = await client.GetPageAsync($"/bureaux/{office.Id}/papier");
        Assert.NotEqual(sheet.QuerySelector(".paper .reference")!.TextContent, again.QuerySelector(".paper .reference")!.TextContent);
    }

    [Fact]
    public async Task A_keyed_sheet_is_stored_as_paper_with_its_date_and_keying_it_again_changes_nothing()
    {
        var office = await App.CreateOfficeAsync();
        using var client = await App.SignedInAsync(await App.CreateMediatorAsync(office));
        var fields = Sheet("k7fq 3x2m", "2026-11-02", AssistedDiagnosticTests.Beginner, "impots");

        using var keyed = await client.PostFormAsync($"/bureaux/{office.Id}/papier/saisie", fields);
        Assert.Equal(HttpStatusCode.Redirect, keyed.StatusCode);
        var result = keyed.Headers.Location!.OriginalString;
        Assert.EndsWith("/resultat", result, StringComparison.Ordinal);
        Assert.Contains("Débutant", (await client.GetPageAsync(result)).QuerySelector("#niveau")?.TextContent, StringComparison.Ordinal);

        using (var scope = App.Services.CreateScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Diagnostics.SingleAsync(d => d.OfficeId == office.Id);
            Assert.Equal(DiagnosticMode.Paper, stored.Mode);
            Assert.Equal(new DateTime(2026, 11, 2, 11, 0, 0, DateTimeKind.Utc), stored.FilledAt);   // noon in Paris
            Assert.NotNull(stored.ClientId);
        }

        using var again = await client.PostFormAsync($"/bureaux/{office.Id}/papier/saisie", fields);
        Assert.Equal(result, again.Headers.Location?.OriginalString);
        Assert.Equal(1, await CountAsync(office.Id));

        var changed = Sheet("K7FQ-3X2M", "2026-11-02", AssistedDiagnosticTests.Autonomous);
        using var conflict = await client.PostFormAsync($"/bureaux/{office.Id}/papier/saisie", changed);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, conflict.StatusCode);
        Assert.Contains("déjà été saisie avec d'autres réponses", (await HttpHelpers.ParseAsync(conflict)).QuerySelector(".error-summary")?.TextContent, StringComparison.Ordinal);
        Assert.Equal(1, await CountAsync(office.Id));
    }

    [Fact]
    public async Task An_incomplete_or_wrong_sheet_is_refused_field_by_field_and_nothing_is_stored()
    {
        var office = await App.CreateOfficeAsync();
        using var client = await App.SignedInAsync(await App.CreateMediatorAsync(office));
        var fields = Sheet("1234", "2099-01-01", AssistedDiagnosticTests.Beginner[..14]);
        fields[fields.FindIndex(f => f.Key == "Answers[K1]")] = new("Answers[K1]", "peut-etre");

        using var response = await client.PostFormAsync($"/bureaux/{office.Id}/papier/saisie", fields);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await HttpHelpers.ParseAsync(response);
        var links = page.QuerySelectorAll(".error-summary a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("#SheetNumber", links);
        Assert.Contains("#FilledOn", links);
        Assert.Contains("#Answers_C2_", links);
        Assert.Contains("#Answers_K1_", links);
        Assert.Contains("Cochez la réponse de la question 15", page.QuerySelector(".error-summary")?.TextContent, StringComparison.Ordinal);
        Assert.Equal("1234", page.QuerySelector("#SheetNumber")?.GetAttribute("value"));
        Assert.Equal(0, await CountAsync(office.Id));
    }

    [Fact]
    public async Task Another_offices_paper_pages_answer_404()
    {
        var own = await App.CreateOfficeAsync();
        var foreign = await App.CreateOfficeAsync();
        using var client = await App.SignedInAsync(await App.CreateMediatorAsync(own));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri($"/bureaux/{foreign.Id}/papier", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri($"/bureaux/{foreign.Id}/papier/saisie", UriKind.Relative))).StatusCode);
        using var post = await client.PostFormAsync($"/bureaux/{own.Id}/papier/saisie", Sheet("K7FQ-3X2M", "2026-11-02", AssistedDiagnosticTests.Beginner), $"/bureaux/{foreign.Id}/papier/saisie");
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
    }
}

public sealed class PaperDiagnosticTests_Sqlite(SqliteApp app) : PaperDiagnosticTests(app), IClassFixture<SqliteApp>;

public sealed class PaperDiagnosticTests_PostgreSql(PostgresApp app) : PaperDiagnosticTests(app), IClassFixture<PostgresApp>;
