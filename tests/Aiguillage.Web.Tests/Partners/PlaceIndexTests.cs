using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Aiguillage.Testing;
using Aiguillage.Web.Features.Partners;
using Aiguillage.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aiguillage.Web.Tests.Partners;

/// <summary>
/// Issue 23 §3: the search reads places and sessions from a copy each instance keeps in memory (<see cref="PlaceIndex"/>).
/// It must stay right: a place moved, by another instance or by anything that writes to the database, is found at its
/// new address by the very next search, with no wait and no restart, because triggers bump a version stamp that every
/// search reads.
/// </summary>
public abstract class PlaceIndexTests(AppFactory app) : EngineTests(app)
{
    private const string Header = "id,pivot,nom,commune,code_postal,adresse,latitude,longitude,horaires,date_maj,services,frais_a_charge";

    private const string SaintEtienne = "lat=45.401&lon=4.391";
    private const string Lyon = "lat=45.764&lon=4.8357";

    private static async Task ImportAsync(AppFactory instance, string id, double latitude, double longitude)
    {
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{id},43493312300029,Espace numérique mobile,Saint-Étienne,42000,1 rue A,{latitude},{longitude},Mo-Fr 09:00-12:00,2026-01-05,Aide aux démarches administratives,Gratuit");
        using var scope = instance.Services.CreateScope();
        var report = await scope.ServiceProvider.GetRequiredService<PlaceStandard>().ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(Header + "\n" + line + "\n")), "lieux.csv");
        Assert.Empty(report.Rejected);
    }

    private static async Task<List<string>> FoundNearAsync(HttpClient client, string point)
    {
        var json = await client.GetFromJsonAsync<JsonObject>(new Uri($"/api/v1/places/search?{point}&radiusKm=5&limit=50", UriKind.Relative));
        return [.. json!["places"]!.AsArray().Select(p => (string)p!["id"]!)];
    }

    private string ConnectionString()
    {
        using var scope = App.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.GetConnectionString()!;
    }

    [Fact]
    public async Task A_place_moved_by_a_write_outside_the_app_is_found_at_its_new_address_by_the_next_search()
    {
        var id = $"lieu-index-{Guid.NewGuid():N}";
        await ImportAsync(App, id, 45.401, 4.391);
        using var client = await App.SignedInAsync(await App.CreateAdminAsync());
        Assert.Contains(id, await FoundNearAsync(client, SaintEtienne));

        // An operator's UPDATE on a connection of its own: no code of this app sees it, the trigger does.
        await using (var connection = await App.OpenOutsideConnectionAsync())
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"UPDATE \"Places\" SET \"Latitude\" = 45.764, \"Longitude\" = 4.8357 WHERE \"Id\" = '{id}'";
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        Assert.Contains(id, await FoundNearAsync(client, Lyon));
        Assert.DoesNotContain(id, await FoundNearAsync(client, SaintEtienne));
    }

    [Fact]
    public async Task A_place_edited_on_one_instance_is_found_on_another_at_once()
    {
        Assert.SkipWhen(App.Provider != DatabaseProvider.PostgreSql, "Several instances share a database on PostgreSQL only (docs/operations.md); on SQLite the test above shows a write from outside.");
        await using var other = new InstanceApp(ConnectionString());
        var admin = await App.CreateAdminAsync();
        using var onOther = await other.SignedInAsync(admin);

        var id = $"lieu-index-{Guid.NewGuid():N}";
        await ImportAsync(App, id, 45.401, 4.391);
        Assert.Contains(id, await FoundNearAsync(onOther, SaintEtienne));
        var loads = other.Services.GetRequiredService<PlaceIndex>().Loads;
        Assert.Contains(id, await FoundNearAsync(onOther, SaintEtienne));
        Assert.Equal(loads, other.Services.GetRequiredService<PlaceIndex>().Loads);   // nothing written: the copy serves

        // The same place imported again on the first instance, now in Lyon: the other one finds it there at its next search.
        await ImportAsync(App, id, 45.764, 4.8357);
        Assert.Contains(id, await FoundNearAsync(onOther, Lyon));
        Assert.DoesNotContain(id, await FoundNearAsync(onOther, SaintEtienne));
    }
}

public sealed class PlaceIndexTests_Sqlite(SqliteApp app) : PlaceIndexTests(app), IClassFixture<SqliteApp>;

public sealed class PlaceIndexTests_PostgreSql(PostgresApp app) : PlaceIndexTests(app), IClassFixture<PostgresApp>;
