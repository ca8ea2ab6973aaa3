using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Aiguillage.Testing;
using Aiguillage.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aiguillage.Web.Tests.Partners;

public abstract class WorkshopTests(AppFactory app) : EngineTests(app)
{
    private static string InDays(int days) => DateTime.UtcNow.AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Partner_staff_add_a_workshop_and_a_session_at_their_place_and_a_mediator_finds_it()
    {
        var partner = await App.CreatePartnerAsync();
        var (placeId, _) = await App.CreatePlaceWithSessionAsync(partner, "Atelier existant");
        using var staff = await App.SignedInAsync(await App.CreatePartnerStaffAsync(partner));

        using var created = await staff.PostFormAsync("/partenaire/ateliers",
            [new("Title", "Déclarer ses impôts en ligne"), new("Services", PartnerTestData.Demarches), new("Level", "Beginner"), new("Fee", "PassNumeriqueAccepted"), new("Capacity", "6"), new("Languages", "français")]);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var workshopPage = created.Headers.Location!.OriginalString;

        using var session = await staff.PostFormAsync(workshopPage,
            [new("Date", InDays(2)), new("Start", "14:00"), new("End", "16:00"), new("Seats", "6"), new("PlaceId", placeId)]);
        Assert.Equal(workshopPage, session.Headers.Location?.OriginalString);
        Assert.Contains("Espace numérique", (await staff.GetPageAsync(workshopPage)).QuerySelector("tbody")?.TextContent, StringComparison.Ordinal);

        var office = await App.CreateOfficeAsync();
        using var mediator = await App.SignedInAsync(await App.CreateMediatorAsync(office));
        var json = await mediator.GetFromJsonAsync<JsonObject>(new Uri($"/api/v1/places/search?office={office.SiteCode}&services={Uri.EscapeDataString(PartnerTestData.Demarches)}", UriKind.Relative));
        var place = json!["places"]!.AsArray().First(p => (string)p!["id"]! == placeId)!;
        var titles = place["sessions"]!.AsArray().Select(s => (string)s!["title"]!).ToList();
        Assert.Equal(["Déclarer ses impôts en ligne", "Atelier existant"], titles);
    }

    [Fact]
    public async Task Partner_staff_change_a_workshop_and_its_sessions_follow_never_below_their_seats()
    {
        var partner = await App.CreatePartnerAsync();
        var (placeId, workshop) = await App.CreatePlaceWithSessionAsync(partner, "Atelier à renommer");
        await App.CreateSessionAsync(workshop, placeId, 6);
        using var staff = await App.SignedInAsync(await App.CreatePartnerStaffAsync(partner));
        var form = await staff.GetPageAsync($"/partenaire/ateliers?atelier={workshop.Id}");
        Assert.Equal("Atelier à renommer", form.QuerySelector("#Title")!.GetAttribute("value"));
        var action = $"/partenaire/ateliers?handler=Edit&atelier={workshop.Id}";
        KeyValuePair<string, string>[] Fields(string capacity) =>
            [new("Title", "Faire ses démarches en ligne"), new("Services", PartnerTestData.Demarches), new("Level", "Beginner"), new("Fee", "Free"), new("Capacity", capacity), new("Languages", "français"), new("Languages", "arabe")];

        using (var tooSmall = await staff.PostFormAsync($"/partenaire/ateliers?atelier={workshop.Id}", Fields("4"), action))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, tooSmall.StatusCode);
            Assert.NotNull((await HttpHelpers.ParseAsync(tooSmall)).QuerySelector(".error-summary a[href='#Capacity']"));
        }

        using (var changed = await staff.PostFormAsync($"/partenaire/ateliers?atelier={workshop.Id}", Fields("8"), action))
        {
            Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        }

        using (var scope = App.Services.CreateScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Workshops.AsNoTracking().SingleAsync(w => w.Id == workshop.Id);
            Assert.Equal(("Faire ses démarches en ligne", 8), (stored.Title, stored.Capacity));
            Assert.Equal(["arabe", "français"], stored.Languages.Order());
        }

        // The search shows the sessions under the new title; another partner's staff get 404.
        var office = await App.CreateOfficeAsync();
        using var mediator = await App.SignedInAsync(await App.CreateMediatorAsync(office));
        var json = await mediator.GetFromJsonAsync<JsonObject>(new Uri($"/api/v1/places/search?office={office.SiteCode}&services={Uri.EscapeDataString(PartnerTestData.Demarches)}", UriKind.Relative));
        Assert.Contains(json!["places"]!.AsArray().SelectMany(p => p!["sessions"]!.AsArray()), s => (string)s!["title"]! == "Faire ses démarches en ligne");
        using var other = await App.SignedInAsync(await App.CreatePartnerStaffAsync(await App.CreatePartnerAsync()));
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(new Uri($"/partenaire/ateliers?atelier={workshop.Id}", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Bad_workshops_and_sessions_are_refused_on_their_field()
    {
        var partner = await App.CreatePartnerAsync();
        var (placeId, workshop) = await App.CreatePlaceWithSessionAsync(partner);
        using var staff = await App.SignedInAsync(await App.CreatePartnerStaffAsync(partner));

        var workshopCases = new (KeyValuePair<string, string>[] Fields, string Anchor)[]
        {
            ([new("Title", ""), new("Services", PartnerTestData.Demarches), new("Capacity", "5")], "#Title"),
            ([new("Title", "Atelier"), new("Capacity", "5")], "#Services"),
            ([new("Title", "Atelier"), new("Services", PartnerTestData.Demarches), new("Capacity", "0")], "#Capacity"),
            ([new("Title", "Atelier"), new("Services", PartnerTestData.Demarches), new("Capacity", "5"), new("Level", "Expert")], "#Level"),
            ([new("Title", "Atelier"), new("Services", PartnerTestData.Demarches), new("Capacity", "5")], "#Languages"),
            ([new("Title", "Atelier"), new("Services", PartnerTestData.Demarches), new("Capacity", "5"), new("Languages", "klingon")], "#Languages"),
            ([new("Title", "Atelier"), new("Services", PartnerTestData.Demarches), new("Capacity", "5"), new("Languages", "arabe"), new("Accessibility", "Rampe")], "#Accessibility"),
        };
        foreach (var (fields, anchor) in workshopCases)
        {
            using var response = await staff.PostFormAsync("/partenaire/ateliers", fields);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            Assert.NotNull((await HttpHelpers.ParseAsync(response)).QuerySelector($".error-summary a[href='{anchor}']"));
        }

        var page = $"/partenaire/ateliers/{workshop.Id}";
        var sessionCases = new (KeyValuePair<string, string>[] Fields, string Anchor)[]
        {
            ([new("Date", InDays(-2)), new("Start", "14:00"), new("End", "16:00"), new("Seats", "5"), new("PlaceId", placeId)], "#Date"),
            ([new("Date", InDays(2)), new("Start", "14:00"), new("End", "13:00"), new("Seats", "5"), new("PlaceId", placeId)], "#End"),
            ([new("Date", InDays(2)), new("Start", "14:00"), new("End", "16:00"), new("Seats", "50"), new("PlaceId", placeId)], "#Seats"),
            ([new("Date", InDays(2)), new("Start", "14:00"), new("End", "16:00"), new("Seats", "5")], "#PlaceId"),
            ([new("Date", InDays(2)), new("Start", "14:00"), new("End", "16:00"), new("Seats", "5"), new("PlaceId", "lieu-d-un-autre")], "#PlaceId"),
            ([new("Date", InDays(2)), new("Start", "14:00"), new("End", "16:00"), new("Seats", "5"), new("OfficeSiteCode", "00000Z")], "#OfficeSiteCode"),
        };
        foreach (var (fields, anchor) in sessionCases)
        {
            using var response = await staff.PostFormAsync(page, fields);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            Assert.True((await HttpHelpers.ParseAsync(response)).QuerySelector($".error-summary a[href='{anchor}']") is not null, anchor);
        }

        using var scope = App.Services.CreateScope();
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<AppDbContext>().WorkshopSessions.CountAsync(s => s.WorkshopId == workshop.Id));
    }

    [Fact]
    public async Task A_session_held_in_an_office_in_another_language_is_found_by_language_and_its_office()
    {
        var partner = await App.CreatePartnerAsync();
        using var staff = await App.SignedInAsync(await App.CreatePartnerStaffAsync(partner));
        var office = await App.CreateOfficeAsync();
        using var created = await staff.PostFormAsync("/partenaire/ateliers",
        [
            new("Title", "Le smartphone en arabe"), new("Services", PartnerTestData.Outils), new("Level", "Beginner"), new("Fee", "Free"), new("Capacity", "6"),
            new("Languages", "arabe"), new("Languages", "français"), new("Accessibility", "Surdité"),
        ]);
        var workshopPage = created.Headers.Location!.OriginalString;
        using var session = await staff.PostFormAsync(workshopPage, [new("Date", InDays(4)), new("Start", "10:00"), new("End", "12:00"), new("Seats", "6"), new("OfficeSiteCode", office.SiteCode)]);
        Assert.Equal(HttpStatusCode.Redirect, session.StatusCode);
        Assert.Contains("en arabe, français · accueil adapté : Surdité", (await staff.GetPageAsync("/partenaire/ateliers")).QuerySelector(".cards")!.TextContent, StringComparison.Ordinal);

        using var mediator = await App.SignedInAsync(await App.CreateMediatorAsync(office));
        var search = $"/api/v1/places/search?office={office.SiteCode}&services={Uri.EscapeDataString(PartnerTestData.Outils)}";
        var arabic = await mediator.GetFromJsonAsync<JsonObject>(new Uri(search + "&language=arabe&accessibility=Surdit%C3%A9", UriKind.Relative));
        var venue = Assert.Single(arabic!["places"]!.AsArray())!;
        Assert.Equal($"bureau:{office.SiteCode}", (string?)venue["id"]);
        Assert.Equal("bureau", (string?)venue["kind"]);
        Assert.Equal(0, (double)venue["distanceKm"]!);
        Assert.Equal("Le smartphone en arabe", (string?)venue["sessions"]![0]!["title"]);
        var english = await mediator.GetFromJsonAsync<JsonObject>(new Uri(search + "&language=anglais", UriKind.Relative));
        Assert.DoesNotContain(english!["places"]!.AsArray(), p => (string?)p!["id"] == $"bureau:{office.SiteCode}");

        var page = await mediator.GetPageAsync($"/lieux?Search.Office={office.SiteCode}&Search.Language=arabe");
        Assert.Contains("Atelier organisé dans un bureau de poste", page.QuerySelector(".proposals")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admins_manage_any_partners_workshops_and_staff_only_their_own()
    {
        var partner = await App.CreatePartnerAsync();
        var (_, workshop) = await App.CreatePlaceWithSessionAsync(partner, "Atelier du partenaire");
        using var admin = await App.SignedInAsync(await App.CreateAdminAsync());
        Assert.Equal("/admin/partenaires", (await admin.GetAsync(new Uri("/partenaire/ateliers", UriKind.Relative))).Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(new Uri("/partenaire/ateliers?partenaire=999999", UriKind.Relative))).StatusCode);
        var list = await admin.GetPageAsync($"/partenaire/ateliers?partenaire={partner.Id}");
        Assert.Contains("Atelier du partenaire", list.QuerySelector(".cards")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(new Uri($"/partenaire/ateliers/{workshop.Id}", UriKind.Relative))).StatusCode);

        using var created = await admin.PostFormAsync($"/partenaire/ateliers?partenaire={partner.Id}",
            [new("Title", "Ajouté par l'administration"), new("Services", PartnerTestData.Demarches), new("Level", "Beginner"), new("Fee", "Free"), new("Capacity", "6"), new("Languages", "français")]);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        using var scope = App.Services.CreateScope();
        Assert.Equal(partner.Id, (await scope.ServiceProvider.GetRequiredService<AppDbContext>().Workshops.SingleAsync(w => w.Title == "Ajouté par l'administration")).PartnerId);

        // Staff naming another organisation still see their own.
        using var other = await App.SignedInAsync(await App.CreatePartnerStaffAsync(await App.CreatePartnerAsync()));
        Assert.Empty((await other.GetPageAsync($"/partenaire/ateliers?partenaire={partner.Id}")).QuerySelectorAll(".cards .card"));
    }

    [Fact]
    public async Task Another_organisations_workshop_answers_404()
    {
        var (_, workshop) = await App.CreatePlaceWithSessionAsync(await App.CreatePartnerAsync());
        using var other = await App.SignedInAsync(await App.CreatePartnerStaffAsync(await App.CreatePartnerAsync()));
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(new Uri($"/partenaire/ateliers/{workshop.Id}", UriKind.Relative))).StatusCode);
        Assert.Empty((await other.GetPageAsync("/partenaire/ateliers")).QuerySelectorAll(".cards .card"));
    }
}

public sealed class WorkshopTests_Sqlite(SqliteApp app) : WorkshopTests(app), IClassFixture<SqliteApp>;

public sealed class WorkshopTests_PostgreSql(PostgresApp app) : WorkshopTests(app), IClassFixture<PostgresApp>;
