using System.Net;
using System.Net.Http.Json;
using Aiguillage.Domain.Territories;
using Aiguillage.Testing;
using Aiguillage.Web.Features.Offices;

namespace Aiguillage.Web.Tests.Offices;

public abstract class OfficeScopeTests(AppFactory app) : EngineTests(app)
{
    [Fact]
    public async Task A_mediator_of_office_A_gets_404_on_office_B_as_on_a_missing_one()
    {
        var a = await App.CreateOfficeAsync(name: "BUREAU A");
        var b = await App.CreateOfficeAsync(name: "BUREAU B");
        using var client = await App.SignedInAsync(await App.CreateMediatorAsync(a));

        var own = await client.GetPageAsync($"/bureaux/{a.Id}");
        Assert.Equal("BUREAU A", own.QuerySelector("h1")?.TextContent);

        foreach (var id in new[] { b.Id, 987_654 })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri($"/bureaux/{id}", UriKind.Relative))).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri($"/api/offices/{id}", UriKind.Relative))).StatusCode);
        }

        var list = await client.GetFromJsonAsync<List<OfficeSummary>>(new Uri("/api/offices", UriKind.Relative));
        Assert.Equal([a.Id], list!.Select(o => o.Id));
    }

    [Fact]
    public async Task Managers_see_the_offices_of_their_territory_only()
    {
        var loire = await App.CreateOfficeAsync(department: "42");
        var rhone = await App.CreateOfficeAsync(department: "69");
        var gers = await App.CreateOfficeAsync(department: "32");
        var cases = new (TestAccount Manager, int[] Visible, int[] Hidden)[]
        {
            (await App.CreateManagerAsync(TerritoryLevel.Department, "42"), [loire.Id], [rhone.Id, gers.Id]),
            (await App.CreateManagerAsync(TerritoryLevel.Region, "84"), [loire.Id, rhone.Id], [gers.Id]),
            (await App.CreateManagerAsync(TerritoryLevel.Office, gers.SiteCode), [gers.Id], [loire.Id, rhone.Id]),
            (await App.CreateManagerAsync(TerritoryLevel.Nation, null), [loire.Id, rhone.Id, gers.Id], []),
        };

        foreach (var (manager, visible, hidden) in cases)
        {
            using var client = await App.SignedInAsync(manager);
            foreach (var id in visible)
            {
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri($"/bureaux/{id}", UriKind.Relative))).StatusCode);
            }

            foreach (var id in hidden)
            {
                Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri($"/bureaux/{id}", UriKind.Relative))).StatusCode);
            }
        }
    }

    [Fact]
    public async Task The_header_shows_who_is_signed_in_and_their_scope()
    {
        var office = await App.CreateOfficeAsync(name: "SAINT ETIENNE TEST");
        using var client = await App.SignedInAsync(await App.CreateMediatorAsync(office));
        var page = await client.GetPageAsync("/bureaux");
        Assert.Contains("Médiateur", page.QuerySelector(".who")?.TextContent, StringComparison.Ordinal);
        Assert.Equal("Bureau : SAINT ETIENNE TEST", page.QuerySelector(".who-scope")?.TextContent);

        using var manager = await App.SignedInAsync(await App.CreateManagerAsync(TerritoryLevel.Department, "42"));
        var home = await manager.GetPageAsync("/pilotage");
        Assert.Equal("Territoire : département Loire (42)", home.QuerySelector(".who-scope")?.TextContent);
    }

    [Fact]
    public async Task The_api_names_the_field_of_a_bad_query()
    {
        using var client = await App.SignedInAsync(await App.CreateAdminAsync());
        using var response = await client.GetAsync(new Uri("/api/offices?page=0", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"page\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

public sealed class OfficeScopeTests_Sqlite(SqliteApp app) : OfficeScopeTests(app), IClassFixture<SqliteApp>;

public sealed class OfficeScopeTests_PostgreSql(PostgresApp app) : OfficeScopeTests(app), IClassFixture<PostgresApp>;
