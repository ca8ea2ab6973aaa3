using System.Net;
using Aiguillage.Domain.Audit;
using Aiguillage.Testing;
using Aiguillage.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aiguillage.Web.Tests.Clients;

/// <summary>A returning client who lost their paper is found by first name and phone, in the office's scope only (issue 18).</summary>
public abstract class FindClientTests(AppFactory app) : EngineTests(app)
{
    /// <summary>A client of a new office who consented with a first name and contact, and their reference.</summary>
    private async Task<(Domain.Offices.Office Office, HttpClient Mediator, Guid ClientId, string Reference)> ConsentingClientAsync(string firstName, string? phone, string? email = null)
    {
        var office = await App.CreateOfficeAsync();
        var mediator = await App.SignedInAsync(await App.CreateMediatorAsync(office));
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var reference = await Web.Features.Clients.ClientRegistry.NewReferenceAsync(db, CancellationToken.None);
        var client = new Domain.Clients.Client(Guid.NewGuid(), reference, office.Id, DateTime.UtcNow);
        client.GiveConsent("suivi-v1", firstName, phone, email, "test", DateTime.UtcNow);
        db.Clients.Add(client);
        await db.SaveChangesAsync();
        return (office, mediator, client.Id, reference);
    }

    private async Task<List<AuditEvent>> SearchesAsync(int officeId)
    {
        using var scope = App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().AuditEvents.AsNoTracking()
            .Where(e => e.Action == AuditAction.ClientSearched && e.Scope == $"bureau:{officeId}").OrderBy(e => e.Id).ToListAsync();
    }

    [Fact]
    public async Task A_consenting_client_is_found_by_first_name_and_phone_as_heard_and_the_search_is_journaled()
    {
        var (office, mediator, clientId, reference) = await ConsentingClientAsync("Hélène", "06 12 34 56 78");
        var url = $"/bureaux/{office.Id}/retrouver-un-client";
        var start = await mediator.GetPageAsync($"/bureaux/{office.Id}/diagnostic");
        Assert.NotNull(start.QuerySelector($"a[href='{url}']"));

        using var found = await mediator.PostFormAsync(url, [new("FirstName", "helene"), new("Contact", "+33 6 12 34 56 78")]);
        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        var page = await HttpHelpers.ParseAsync(found);
        Assert.Equal("Un client trouvé", HttpHelpers.Words(page.QuerySelector("#resultats")!.TextContent));
        Assert.Contains($"Hélène, référence {reference}", HttpHelpers.Words(page.QuerySelector(".card h3")!.TextContent), StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector($".card a[href='/clients/{clientId}']"));
        Assert.Equal(reference, page.QuerySelector(".card form input[name='ClientReference']")!.GetAttribute("value"));
        Assert.Equal($"client:{clientId}", Assert.Single(await SearchesAsync(office.Id)).Subject);

        // « Commencer son diagnostic » starts the returning client's diagnostic, with one tap.
        var form = page.QuerySelector(".card form")!;
        using var started = await mediator.PostFormAsync(url,
            [new("ClientReference", reference), new(Web.Platform.Web.Submissions.FieldName, form.QuerySelector($"input[name='{Web.Platform.Web.Submissions.FieldName}']")!.GetAttribute("value")!)],
            form.GetAttribute("action"));
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        using var scope = App.Services.CreateScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<AppDbContext>().DiagnosticDrafts.AnyAsync(d => d.ClientId == clientId));
        mediator.Dispose();
    }

    [Fact]
    public async Task Nobody_is_found_by_a_first_name_alone_nor_outside_the_offices_nor_without_consent()
    {
        var (office, mediator, clientId, _) = await ConsentingClientAsync("Karim", null, "Karim.B@Example.fr");
        var url = $"/bureaux/{office.Id}/retrouver-un-client";

        using var byEmail = await mediator.PostFormAsync(url, [new("FirstName", "KARIM"), new("Contact", "karim.b@example.fr")]);
        Assert.Equal("Un client trouvé", HttpHelpers.Words((await HttpHelpers.ParseAsync(byEmail)).QuerySelector("#resultats")!.TextContent));

        using var nameOnly = await mediator.PostFormAsync(url, [new("FirstName", "Karim"), new("Contact", "")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, nameOnly.StatusCode);
        Assert.NotNull((await HttpHelpers.ParseAsync(nameOnly)).QuerySelector(".error-summary a[href='#Contact']"));
        using var notAContact = await mediator.PostFormAsync(url, [new("FirstName", "Karim"), new("Contact", "12 34")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notAContact.StatusCode);
        Assert.NotNull((await HttpHelpers.ParseAsync(notAContact)).QuerySelector(".error-summary a[href='#Contact']"));

        // Another office's mediator, the same details typed: nobody, and the journal says so.
        var otherOffice = await App.CreateOfficeAsync();
        using var other = await App.SignedInAsync(await App.CreateMediatorAsync(otherOffice));
        using var foreign = await other.PostFormAsync($"/bureaux/{otherOffice.Id}/retrouver-un-client", [new("FirstName", "Karim"), new("Contact", "karim.b@example.fr")]);
        Assert.Equal("Aucun client trouvé", HttpHelpers.Words((await HttpHelpers.ParseAsync(foreign)).QuerySelector("#resultats")!.TextContent));
        Assert.Equal("client:aucun", Assert.Single(await SearchesAsync(otherOffice.Id)).Subject);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(new Uri(url, UriKind.Relative))).StatusCode);

        // Withdrawn consent erases the details: the client cannot be found any more.
        using var withdrawn = await mediator.PostFormAsync($"/clients/{clientId}", [new("Confirm", "true")], $"/clients/{clientId}?handler=Withdraw");
        Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        using var after = await mediator.PostFormAsync(url, [new("FirstName", "Karim"), new("Contact", "karim.b@example.fr")]);
        Assert.Equal("Aucun client trouvé", HttpHelpers.Words((await HttpHelpers.ParseAsync(after)).QuerySelector("#resultats")!.TextContent));
        mediator.Dispose();
    }
}

public sealed class FindClientTests_Sqlite(SqliteApp app) : FindClientTests(app), IClassFixture<SqliteApp>;

public sealed class FindClientTests_PostgreSql(PostgresApp app) : FindClientTests(app), IClassFixture<PostgresApp>;
