using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Aiguillage.Testing;
using Aiguillage.Web.Features.Partners;
using Aiguillage.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aiguillage.Web.Tests.Partners;

public abstract class PartnerPlacesTests(AppFactory app) : EngineTests(app)
{
    private static KeyValuePair<string, string>[] NewPlace(string name, params KeyValuePair<string, string>[] overrides)
    {
        var fields = new Dictionary<string, string>
        {
            ["Name"] = name, ["Address"] = "5 place Jean Jaurès", ["PostCode"] = "42000", ["Commune"] = "Saint-Étienne",
            ["Hours"] = "Mo-Fr 09:00-12:00; PH off", ["Phone"] = "+33477000000",
        };
        foreach (var (key, value) in overrides)
        {
            fields[key] = value;
        }

        return [.. fields, new("Services", PartnerTestData.Demarches), new("Fees", "Gratuit"), new("Support", "Illettrisme")];
    }

    [Theory]
    [InlineData("Mo-Fr 09:00-12:00; SH off \"fermé pendant les vacances\"", "Compris : du lundi au vendredi, de 9 h à 12 h ; pendant les vacances scolaires : fermé (fermé pendant les vacances). Les vacances scolaires (SH) sont celles de la zone du département du lieu")]
    [InlineData("mardi matin 9h-10h30", "Horaires non compris par le système (« mardi matin 9h-10h30 » : jour non reconnu « mardi »")]
    public async Task Staff_see_how_their_hours_are_read_or_why_they_are_not(string hours, string reading)
    {
        var partner = await App.CreatePartnerAsync();
        using var staff = await App.SignedInAsync(await App.CreatePartnerStaffAsync(partner));
        using var saved = await staff.PostFormAsync("/partenaire/lieux/fiche", NewPlace("Point numérique Fauriel", new KeyValuePair<string, string>("Hours", hours)));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var form = await staff.GetPageAsync(saved.Headers.Location!.OriginalString);
        Assert.Contains(reading, form.QuerySelector("main form")!.TextContent.Replace('\u202F', ' ').Replace('\u00A0', ' '), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staff_add_a_place_in_the_standard_that_mediators_find_and_the_export_carries()
    {
        var partner = await App.CreatePartnerAsync();
        using var staff = await App.SignedInAsync(await App.CreatePartnerStaffAsync(partner));
        using var saved = await staff.PostFormAsync("/partenaire/lieux/fiche", NewPlace("Point numérique Jaurès"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var form = await staff.GetPageAsync(saved.Headers.Location!.OriginalString);
        Assert.Contains("Lieu enregistré", form.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Compris : du lundi au vendredi, de 9 h à 12 h", form.QuerySelector("main form")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Point numérique Jaurès", (await staff.GetPageAsync("/partenaire/lieux")).QuerySelector(".cards")!.TextContent, StringComparison.Ordinal);

        using (var scope = App.Services.CreateScope())
        {
            var place = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Places.AsNoTracking().SingleAsync(p => p.Name == "Point numérique Jaurès");
            Assert.Equal(partner.Id, place.PartnerId);
            Assert.Equal("42218", place.InseeCode);   // placed at the commune's centre, coordinates left empty
            Assert.NotNull(place.Latitude);
            Assert.Equal(["Illettrisme"], place.SpecificSupport);
            Assert.Equal("00000000000000", place.Fields["pivot"]);
        }

        var office = await App.CreateOfficeAsync();
        using var mediator = await App.SignedInAsync(await App.CreateMediatorAsync(office));
        var found = await mediator.GetFromJsonAsync<JsonObject>(new Uri($"/api/v1/places/search?office={office.SiteCode}&accessibility=Illettrisme&radiusKm=50", UriKind.Relative));
        Assert.Contains(found!["places"]!.AsArray(), p => (string?)p!["name"] == "Point numérique Jaurès");

        using var admin = await App.SignedInAsync(await App.CreateAdminAsync());
        Assert.Contains("Point numérique Jaurès", await admin.GetStringAsync(new Uri("/api/v1/places/export?format=csv", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_a_spreadsheet_would_run_is_defused_in_the_export_and_phone_numbers_are_kept()
    {
        // Issue 16 §16: the places CSV wrote a partner-editable name raw (« =HYPERLINK(…) »), unlike the other exports.
        var partner = await App.CreatePartnerAsync();
        using var staff = await App.SignedInAsync(await App.CreatePartnerStaffAsync(partner));
        using (var saved = await staff.PostFormAsync("/partenaire/lieux/fiche", NewPlace("=HYPERLINK(\"http://exemple.invalid\";\"Cliquez\")")))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        using var admin = await App.SignedInAsync(await App.CreateAdminAsync());
        var csv = await admin.GetStringAsync(new Uri("/api/v1/places/export?format=csv", UriKind.Relative));
        Assert.Contains("\"'=HYPERLINK(", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("\"=HYPERLINK(", csv, StringComparison.Ordinal);
        Assert.Equal("+33 4 77 12 34 56", Aiguillage.Web.Platform.Web.TableFile.Defuse("+33 4 77 12 34 56"));
        Assert.Equal("'+cmd|' /C calc'!A0", Aiguillage.Web.Platform.Web.TableFile.Defuse("+cmd|' /C calc'!A0"));
    }

    [Fact]
    public async Task Editing_an_imported_place_keeps_the_fields_the_form_does_not_show()
    {
        var partner = await App.CreatePartnerAsync();
        var (placeId, _) = await App.CreatePlaceWithSessionAsync(partner);
        using var staff = await App.SignedInAsync(await App.CreatePartnerStaffAsync(partner));
        var url = $"/partenaire/lieux/fiche?id={placeId}";
        var form = await staff.GetPageAsync(url);
        Assert.Equal("1 rue de la Paix", form.QuerySelector("#Address")!.GetAttribute("value"));

        using var saved = await staff.PostFormAsync(url, NewPlace("Espace renommé", KeyValuePair.Create("Latitude", "45.4501"), KeyValuePair.Create("Longitude", "4.3915")));
        Assert.True(HttpStatusCode.Redirect == saved.StatusCode, await saved.Content.ReadAsStringAsync());
        using var scope = App.Services.CreateScope();
        var place = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Places.AsNoTracking().SingleAsync(p => p.Id == placeId);
        Assert.Equal("Espace renommé", place.Name);
        Assert.Equal("43493312300029", place.Fields["pivot"]);   // imported, not in the form: kept
        Assert.Equal(partner.Id, place.PartnerId);
        var session = await scope.ServiceProvider.GetRequiredService<AppDbContext>().WorkshopSessions.AsNoTracking().SingleAsync(s => s.PlaceId == placeId);
        Assert.Equal(45.4501, session.Latitude);   // its upcoming sessions moved with it, for the search
    }

    [Theory]
    [InlineData("PostCode", "4200", "#PostCode")]
    [InlineData("Phone", "0477", "#Phone")]
    [InlineData("Name", "", "#Name")]
    [InlineData("Latitude", "nord", "#Latitude")]
    public async Task Bad_input_is_refused_on_its_field_and_nothing_is_saved(string field, string value, string anchor)
    {
        var partner = await App.CreatePartnerAsync();
        using var staff = await App.SignedInAsync(await App.CreatePartnerStaffAsync(partner));
        using var response = await staff.PostFormAsync("/partenaire/lieux/fiche", NewPlace("Lieu refusé", KeyValuePair.Create(field, value)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.NotNull((await HttpHelpers.ParseAsync(response)).QuerySelector($".error-summary a[href='{anchor}']"));
        using var scope = App.Services.CreateScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<AppDbContext>().Places.AnyAsync(p => p.PartnerId == partner.Id));
    }

    [Fact]
    public async Task Another_organisations_place_answers_404_and_admins_manage_every_partners_places()
    {
        var partner = await App.CreatePartnerAsync();
        var (placeId, _) = await App.CreatePlaceWithSessionAsync(partner);
        using var other = await App.SignedInAsync(await App.CreatePartnerStaffAsync(await App.CreatePartnerAsync()));
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(new Uri($"/partenaire/lieux/fiche?id={placeId}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(new Uri($"/partenaire/lieux/fiche?id={placeId}&partenaire={partner.Id}", UriKind.Relative))).StatusCode);

        using var admin = await App.SignedInAsync(await App.CreateAdminAsync());
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(new Uri($"/partenaire/lieux/fiche?id={placeId}&partenaire={partner.Id}", UriKind.Relative))).StatusCode);
        using var saved = await admin.PostFormAsync($"/partenaire/lieux/fiche?partenaire={partner.Id}", NewPlace("Ajouté par l'administration"));
        Assert.StartsWith($"/partenaire/lieux/fiche?partenaire={partner.Id}&id=", saved.Headers.Location!.OriginalString, StringComparison.Ordinal);

        using var mediator = await App.SignedInAsync(await App.CreateMediatorAsync(await App.CreateOfficeAsync()));
        using var denied = await mediator.GetAsync(new Uri("/partenaire/lieux", UriKind.Relative));
        Assert.StartsWith("/acces-refuse", denied.Headers.Location?.AbsolutePath, StringComparison.Ordinal);
    }
}

public sealed class PartnerPlacesTests_Sqlite(SqliteApp app) : PartnerPlacesTests(app), IClassFixture<SqliteApp>;

public sealed class PartnerPlacesTests_PostgreSql(PostgresApp app) : PartnerPlacesTests(app), IClassFixture<PostgresApp>;
