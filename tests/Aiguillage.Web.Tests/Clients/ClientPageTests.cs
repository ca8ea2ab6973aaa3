using System.Net;
using Aiguillage.Testing;
using Aiguillage.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aiguillage.Web.Tests.Clients;

public abstract class ClientPageTests(AppFactory app) : EngineTests(app)
{
    private static readonly string[] QuestionIds = ["E1", "E2", "E3", "E4", "K1", "K2", "K3", "K4", "K5", "K6", "K7", "K8", "K9", "C1", "C2"];

    /// <summary>A client with one diagnostic (keyed from paper, the shortest way), and the result page's address.</summary>
    private async Task<(HttpClient Mediator, Guid ClientId, string Result, Domain.Offices.Office Office)> ClientAsync()
    {
        var office = await App.CreateOfficeAsync();
        var mediator = await App.SignedInAsync(await App.CreateMediatorAsync(office));
        using var keyed = await mediator.PostFormAsync($"/bureaux/{office.Id}/papier/saisie",
        [
            new("SheetNumber", "ABCD-2345"), new("FilledOn", Aiguillage.Web.Platform.Web.ParisTime.Today(TimeProvider.System).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
            .. QuestionIds.Zip(Diagnostics.AssistedDiagnosticTests.Beginner).Select(a => KeyValuePair.Create($"Answers[{a.First}]", a.Second)),
        ]);
        Assert.True(keyed.StatusCode == HttpStatusCode.Redirect, (await HttpHelpers.ParseAsync(keyed)).QuerySelector(".error-summary")?.TextContent);
        using var scope = App.Services.CreateScope();
        var clientId = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Diagnostics.Where(d => d.OfficeId == office.Id).Select(d => d.ClientId!.Value).SingleAsync();
        return (mediator, clientId, keyed.Headers.Location!.OriginalString, office);
    }

    [Fact]
    public async Task Consent_brings_contact_details_and_withdrawal_erases_them()
    {
        var (mediator, clientId, result, _) = await ClientAsync();
        var resultPage = await mediator.GetPageAsync(result);
        Assert.NotNull(resultPage.QuerySelector($"a[href='/clients/{clientId}']"));

        var page = $"/clients/{clientId}";
        using var refused = await mediator.PostFormAsync(page, [new("FirstName", "Aïcha"), new("Phone", "06 12 34 56 78")], $"{page}?handler=Consent");
        Assert.NotNull((await HttpHelpers.ParseAsync(refused)).QuerySelector(".error-summary a[href='#Agreed']"));

        using var badPhone = await mediator.PostFormAsync(page, [new("Agreed", "true"), new("FirstName", "Aïcha"), new("Phone", "123")], $"{page}?handler=Consent");
        Assert.NotNull((await HttpHelpers.ParseAsync(badPhone)).QuerySelector(".error-summary a[href='#Phone']"));

        using var given = await mediator.PostFormAsync(page, [new("Agreed", "true"), new("FirstName", "Aïcha"), new("Phone", "06 12 34 56 78")], $"{page}?handler=Consent");
        Assert.Equal(HttpStatusCode.Redirect, given.StatusCode);
        var withContact = await mediator.GetPageAsync(page);
        Assert.Contains("0612345678", withContact.QuerySelector("#contact")!.ParentElement!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Aïcha", (await mediator.GetPageAsync(result.Replace("/resultat", "/parcours", StringComparison.Ordinal))).QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Diagnostic sur papier : niveau 2", withContact.QuerySelector(".timeline")!.TextContent, StringComparison.Ordinal);

        // Withdrawing is for good: it asks for a tick first, and refuses without it (naming the box).
        using var unconfirmed = await mediator.PostFormAsync(page, [], $"{page}?handler=Withdraw");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unconfirmed.StatusCode);
        Assert.NotNull((await HttpHelpers.ParseAsync(unconfirmed)).QuerySelector(".error-summary a[href='#Confirm']"));
        using var withdrawn = await mediator.PostFormAsync(page, [new("Confirm", "true")], $"{page}?handler=Withdraw");
        Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        using var scope = App.Services.CreateScope();
        var client = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Clients.Include(c => c.Consents).SingleAsync(c => c.Id == clientId);
        Assert.Equal((null, null, null), (client.FirstName, client.Phone, client.Email));
        Assert.NotNull(Assert.Single(client.Consents).WithdrawnAt);
        mediator.Dispose();
    }

    [Fact]
    public async Task A_client_of_another_office_answers_404_and_managers_do_not_see_contact_pages()
    {
        var (mediator, clientId, _, _) = await ClientAsync();
        mediator.Dispose();
        using var other = await App.SignedInAsync(await App.CreateMediatorAsync(await App.CreateOfficeAsync()));
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(new Uri($"/clients/{clientId}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(new Uri($"/clients/{Guid.NewGuid()}", UriKind.Relative))).StatusCode);
        using var manager = await App.SignedInAsync(await App.CreateManagerAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await manager.GetAsync(new Uri($"/clients/{clientId}", UriKind.Relative))).StatusCode);
    }
}

public sealed class ClientPageTests_Sqlite(SqliteApp app) : ClientPageTests(app), IClassFixture<SqliteApp>;

public sealed class ClientPageTests_PostgreSql(PostgresApp app) : ClientPageTests(app), IClassFixture<PostgresApp>;
