using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Aiguillage.Testing;
using Aiguillage.Web.Features.Partners;
using Microsoft.Extensions.DependencyInjection;

namespace Aiguillage.Web.Tests.Partners;

public abstract class PlaceSearchApiTests(AppFactory app) : EngineTests(app)
{
    private const string Header = "id,pivot,nom,commune,code_postal,adresse,latitude,longitude,horaires,date_maj,services,frais_a_charge";

    /// <summary>Three places around the test office (45.4, 4.39) and one in Lyon, in the national standard.</summary>
    private async Task SeedPlacesAsync()
    {
        var csv = new StringBuilder(Header).AppendLine()
            .AppendLine("lieu-proche,43493312300029,Espace numérique proche,Saint-Étienne,42000,1 rue A,45.401,4.391,Mo-Fr 09:00-12:00,2026-01-05,Aide aux démarches administratives,Gratuit")
            .AppendLine("lieu-moyen,43493312300029,Atelier du quartier,Saint-Étienne,42100,2 rue B,45.45,4.42,Sa 09:00-12:00,2026-01-05,Aide aux démarches administratives|Maîtrise des outils numériques du quotidien,Payant")
            .AppendLine("lieu-outils,43493312300029,Club informatique,Saint-Étienne,42000,3 rue C,45.402,4.392,,2026-01-05,Maîtrise des outils numériques du quotidien,Gratuit")
            .AppendLine("lieu-lyon,43493312300029,Lieu lyonnais,Lyon,69001,4 rue D,45.764,4.8357,Mo-Fr 09:00-17:00,2026-01-05,Aide aux démarches administratives,Gratuit");
        using var scope = App.Services.CreateScope();
        var report = await scope.ServiceProvider.GetRequiredService<PlaceStandard>().ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())), "lieux.csv");
        Assert.Empty(report.Rejected);
    }

    [Fact]
    public async Task From_an_office_the_nearest_places_for_the_service_come_first_with_their_reasons()
    {
        await SeedPlacesAsync();
        var office = await App.CreateOfficeAsync();
        using var client = await App.SignedInAsync(await App.CreateMediatorAsync(office));
        var url = $"/api/v1/places/search?office={office.SiteCode}&services={Uri.EscapeDataString("Aide aux démarches administratives")}&radiusKm=30";
        var json = await client.GetFromJsonAsync<JsonObject>(new Uri(url, UriKind.Relative));
        var places = json!["places"]!.AsArray();
        Assert.Equal(["lieu-proche", "lieu-moyen"], places.Select(p => (string)p!["id"]!));
        Assert.Equal("du lundi au vendredi, de 9 h à 12 h", (string?)places[0]!["hours"]);
        Assert.Contains(places[0]!["reasons"]!.AsArray(), r => ((string)r!).StartsWith("propose « Aide aux démarches", StringComparison.Ordinal));

        var free = await client.GetFromJsonAsync<JsonObject>(new Uri(url + "&fee=Free", UriKind.Relative));
        Assert.Equal(["lieu-proche"], free!["places"]!.AsArray().Select(p => (string)p!["id"]!));
        var saturday = await client.GetFromJsonAsync<JsonObject>(new Uri(url + "&day=Saturday", UriKind.Relative));
        Assert.Equal(["lieu-moyen"], saturday!["places"]!.AsArray().Select(p => (string)p!["id"]!));
        var afternoon = await client.GetFromJsonAsync<JsonObject>(new Uri(url + "&from=14:00&until=18:00", UriKind.Relative));
        Assert.Empty(afternoon!["places"]!.AsArray());
        var byPostCode = await client.GetFromJsonAsync<JsonObject>(new Uri("/api/v1/places/search?postCode=69001&radiusKm=5", UriKind.Relative));
        Assert.Equal(["lieu-lyon"], byPostCode!["places"]!.AsArray().Select(p => (string)p!["id"]!));
    }

    [Theory]
    [InlineData("75056", "Paris")]
    [InlineData("69123", "Lyon")]
    [InlineData("13055", "Marseille")]
    [InlineData("98750", "Taputapuatea")]
    [InlineData("98833", "Kouaoua")]
    public async Task Communes_that_had_no_coordinates_are_searched_by_their_insee_code(string insee, string city)
    {
        // Issue 15 §4: these had no coordinates and answered « Aucune commune localisée »: the three cities with
        // municipal arrondissements, and communes of French Polynesia and New Caledonia, which no source of the
        // first derivation placed (tools/com-coordinates).
        using var client = await App.SignedInAsync(await App.CreateAdminAsync());
        using var response = await client.GetAsync(new Uri($"/api/v1/places/search?insee={insee}&radiusKm=20", UriKind.Relative));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{city}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Contains(city, body!.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "office")]
    [InlineData("office=00000Z", "office")]
    [InlineData("postCode=99999", "postCode")]
    [InlineData("insee=42218&radiusKm=999", "radiusKm")]
    [InlineData("insee=42218&limit=0", "limit")]
    [InlineData("insee=42218&services=Cuisine", "services")]
    [InlineData("lat=120&lon=4", "lat")]
    [InlineData("insee=42218&language=klingon", "language")]
    [InlineData("insee=42218&accessibility=Rampe", "accessibility")]
    [InlineData("insee=42218&from=14:00&until=09:00", "until")]
    public async Task Bad_parameters_answer_400_naming_the_field(string query, string field)
    {
        using var client = await App.SignedInAsync(await App.CreateAdminAsync());
        using var response = await client.GetAsync(new Uri($"/api/v1/places/search?{query}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.True(problem!["errors"]!.AsObject().ContainsKey(field), problem.ToJsonString());
    }

    [Theory]
    [InlineData("Search.PostCode=42000&Search.From=25:00", "#Search_From")]
    [InlineData("Search.PostCode=42000&Search.Fee=Gratis", "#Search_Fee")]
    [InlineData("Search.PostCode=42000&Search.Language=klingon", "#Search_Language")]
    [InlineData("Search.PostCode=42000&Search.From=18:00&Search.Until=09:00", "#Search_Until")]
    public async Task The_search_page_refuses_unreadable_or_unknown_values_on_their_field(string query, string anchor)
    {
        using var client = await App.SignedInAsync(await App.CreateMediatorAsync(await App.CreateOfficeAsync()));
        using var response = await client.GetAsync(new Uri($"/lieux?{query}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await HttpHelpers.ParseAsync(response)).QuerySelector($".error-summary a[href='{anchor}']"));
    }

    [Fact]
    public async Task A_mediator_finds_places_from_a_result_page_and_a_foreign_diagnostic_is_404()
    {
        await SeedPlacesAsync();
        var office = await App.CreateOfficeAsync();
        using var client = await App.SignedInAsync(await App.CreateMediatorAsync(office));
        using var keyed = await client.PostFormAsync($"/bureaux/{office.Id}/papier/saisie",
        [
            new("SheetNumber", "WXYZ-2345"), new("FilledOn", Aiguillage.Web.Platform.Web.ParisTime.Today(TimeProvider.System).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), new("Needs", "caf"),
            .. new[] { "E1", "E2", "E3", "E4", "K1", "K2", "K3", "K4", "K5", "K6", "K7", "K8", "K9", "C1", "C2" }
                .Zip(Diagnostics.AssistedDiagnosticTests.Beginner).Select(a => KeyValuePair.Create($"Answers[{a.First}]", a.Second)),
        ]);
        var result = keyed.Headers.Location!.OriginalString;
        var id = result.Split('/')[2];
        Assert.NotNull((await client.GetPageAsync(result)).QuerySelector($"a[href='/lieux?diagnostic={id}']"));

        var page = await client.GetPageAsync($"/lieux?diagnostic={id}");
        Assert.Equal("Espace numérique proche — Saint-Étienne", page.QuerySelector(".proposal h3")?.TextContent);
        Assert.NotNull(page.QuerySelector("input[value='Aide aux démarches administratives'][checked]"));

        using var other = await App.SignedInAsync(await App.CreateMediatorAsync(await App.CreateOfficeAsync()));
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(new Uri($"/lieux?diagnostic={id}", UriKind.Relative))).StatusCode);
        using var partner = await App.SignedInAsync(await App.CreatePartnerStaffAsync(await App.CreatePartnerAsync()));
        Assert.Equal(HttpStatusCode.Forbidden, (await partner.GetAsync(new Uri("/api/v1/places/search?insee=42218", UriKind.Relative))).StatusCode);
    }
}

public sealed class PlaceSearchApiTests_Sqlite(SqliteApp app) : PlaceSearchApiTests(app), IClassFixture<SqliteApp>;

public sealed class PlaceSearchApiTests_PostgreSql(PostgresApp app) : PlaceSearchApiTests(app), IClassFixture<PostgresApp>;
