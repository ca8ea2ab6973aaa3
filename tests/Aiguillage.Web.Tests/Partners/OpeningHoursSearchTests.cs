using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Aiguillage.Testing;
using Aiguillage.Web.Features.Partners;
using Aiguillage.Web.Tests.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Aiguillage.Web.Tests.Partners;

/// <summary>
/// Issue 21 §5 through the search: the same hours « closed in the school holidays » open on different days in
/// Saint-Étienne (zone A) and Montpellier (zone C); comments are shown; in Corsica, whose calendar the app does not
/// ship, the reader is told the holidays are unknown.
/// </summary>
public abstract class OpeningHoursSearchTests(ClockedApp app) : EngineTests(app)
{
    /// <summary>Monday 9 February 2026, 8:00 in Paris: zone A is in its winter holidays, zone C is not (set before signing in).</summary>
    private void PinWinterHolidays() => ((ClockedApp)App).Clock.AdjustTime(new DateTimeOffset(2026, 2, 9, 7, 0, 0, TimeSpan.Zero));

    private const string Service = "Aide aux démarches administratives";

    private async Task SeedAsync()
    {
        var csv = new StringBuilder("id,pivot,nom,commune,code_postal,code_insee,adresse,latitude,longitude,horaires,date_maj,services,frais_a_charge").AppendLine()
            .AppendLine($"sh-stetienne,43493312300029,Espace de Saint-Étienne,Saint-Étienne,42000,42218,1 rue A,45.434,4.390,\"Mo-Fr 09:00-12:00; SH off\",2026-01-05,{Service},Gratuit")
            .AppendLine($"sh-montpellier,43493312300029,Espace de Montpellier,Montpellier,34000,34172,2 rue B,43.611,3.877,\"Mo-Fr 09:00-12:00; SH off\",2026-01-05,{Service},Gratuit")
            .AppendLine($"sh-ajaccio,43493312300029,Espace d'Ajaccio,Ajaccio,20000,2A004,3 rue C,41.919,8.738,\"Mo-Fr 09:00-12:00; SH off\",2026-01-05,{Service},Gratuit")
            .AppendLine($"rdv-montpellier,43493312300029,Permanence sur rendez-vous,Montpellier,34000,34172,4 rue D,43.612,3.878,\"Tu 14:00-17:00 \"\"sur rendez-vous\"\"; Dec 24-Jan 02 off\",2026-01-05,{Service},Gratuit");
        using var scope = App.Services.CreateScope();
        var report = await scope.ServiceProvider.GetRequiredService<PlaceStandard>().ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())), "lieux.csv");
        Assert.Empty(report.Rejected);
    }

    private static async Task<JsonObject> PlaceAsync(HttpClient client, string insee, string id)
    {
        var json = await client.GetFromJsonAsync<JsonObject>(new Uri($"/api/v1/places/search?insee={insee}&radiusKm=10&services={Uri.EscapeDataString(Service)}", UriKind.Relative));
        return json!["places"]!.AsArray().Single(p => (string)p!["id"]! == id)!.AsObject();
    }

    [Fact]
    public async Task School_holidays_follow_the_zone_of_the_place()
    {
        PinWinterHolidays();
        await SeedAsync();
        using var client = await App.SignedInAsync(await App.CreateAdminAsync());

        var stEtienne = await PlaceAsync(client, "42218", "sh-stetienne");
        Assert.Equal("2026-02-23T09:00:00", (string?)stEtienne["nextOpening"]);   // zone A: back on the Monday after the holidays
        Assert.Equal("du lundi au vendredi, de 9 h à 12 h ; pendant les vacances scolaires : fermé", (string?)stEtienne["hours"]);

        var montpellier = await PlaceAsync(client, "34172", "sh-montpellier");
        Assert.Equal("2026-02-09T09:00:00", (string?)montpellier["nextOpening"]);  // zone C: an ordinary Monday

        var ajaccio = await PlaceAsync(client, "2A004", "sh-ajaccio");
        Assert.EndsWith("(dates des vacances scolaires inconnues ici : à vérifier auprès du lieu)", (string?)ajaccio["hours"], StringComparison.Ordinal);
        Assert.True((bool)ajaccio["hoursUnderstood"]!);
    }

    [Fact]
    public async Task A_comment_is_shown_and_an_appointment_only_slot_is_not_an_opening()
    {
        PinWinterHolidays();
        await SeedAsync();
        using var client = await App.SignedInAsync(await App.CreateAdminAsync());
        var place = await PlaceAsync(client, "34172", "rdv-montpellier");
        Assert.Equal("le mardi, de 14 h à 17 h (sur rendez-vous) ; du 24 décembre au 2 janvier : fermé", (string?)place["hours"]);
        Assert.Null((string?)place["nextOpening"]);

        // The search page shows the same reading.
        using var mediator = await App.SignedInAsync(await App.CreateMediatorAsync(await App.CreateOfficeAsync()));
        var page = await mediator.GetPageAsync($"/lieux?Search.PostCode=34000&Search.RadiusKm=10&Search.Services={Uri.EscapeDataString(Service)}");
        Assert.Contains("le mardi, de 14 h à 17 h (sur rendez-vous)", page.Body!.TextContent.Replace('\u202F', ' ').Replace('\u00A0', ' '), StringComparison.Ordinal);
    }
}

public sealed class OpeningHoursSearchTests_Sqlite(ClockedSqliteApp app) : OpeningHoursSearchTests(app), IClassFixture<ClockedSqliteApp>;

public sealed class OpeningHoursSearchTests_PostgreSql(ClockedPostgresApp app) : OpeningHoursSearchTests(app), IClassFixture<ClockedPostgresApp>;
