using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aiguillage.Testing;
using Aiguillage.Web.Features.Partners;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Imports;
using Json.Schema;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aiguillage.Web.Tests.Partners;

/// <summary>
/// Issue 21 §1 on the real database: a data·inclusion export imports as places of the standard (a structure with a
/// partner's SIRET attached to it, each unmapped value reported, a broken structure rejected with its position), again
/// without change; and our places and workshops export as structures and services that data·inclusion's own JSON
/// Schemas (v1.0.8, copied in Data/data-inclusion) accept.
/// </summary>
public abstract class DataInclusionTests(AppFactory app) : EngineTests(app)
{
    private static string DataFile(params string[] path) => Path.Combine([AppContext.BaseDirectory, "Data", .. path]);

    private async Task<ImportReport> ImportAsync()
    {
        using var scope = App.Services.CreateScope();
        // As the command line finds it: « import data-inclusion FILE ».
        var import = scope.ServiceProvider.GetServices<IFileImport>().Single(i => i.Name == "data-inclusion");
        await using var file = File.OpenRead(DataFile("data-inclusion-exemple.json"));
        return await import.ImportFileAsync(file, "data-inclusion-exemple.json", new Progress<double>(), CancellationToken.None);
    }

    [Fact]
    public async Task An_export_of_data_inclusion_imports_as_places_with_every_unmapped_value_reported()
    {
        var partner = await App.CreatePartnerAsync("Ville de Firminy (test data·inclusion)");
        using (var scope = App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var stored = await db.Partners.SingleAsync(p => p.Id == partner.Id);
            stored.Describe("21420095600016", null, null, acceptsPassNumerique: false);
            await db.SaveChangesAsync();
        }

        var report = await ImportAsync();
        Assert.Equal(2, report.Imported);   // created, or updated when the other test of the class imported it first
        var rejected = Assert.Single(report.Rejected);
        Assert.Equal((3, "nom : valeur obligatoire manquante"), (rejected.Line, rejected.Reason));
        Assert.Contains("Fichier data·inclusion : 3 structures, 3 services", report.Note, StringComparison.Ordinal);
        var said = report.Mappings!.Select(m => m.Text).ToList();
        Assert.Contains("services : valeur retirée, thématique « mobilite--comprendre-et-utiliser-les-transports-en-commun » : hors de la médiation numérique, pas de service du standard", said);
        Assert.Contains("reseaux_porteurs : valeur retirée, « communes » : pas de dispositif ni de label du standard pour ce réseau", said);
        Assert.Contains("publics_specifiquement_adresses : valeur retirée, public « personnes-en-situation-de-handicap » : pas de valeur du standard", said);
        Assert.Contains("pivot : valeur ajoutée, pas de SIRET : 00000000000000 (inconnu), à compléter", said);
        Assert.Contains("telephone : valeur traduite, écrit au format international (+33…)", said);

        using (var scope = App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var firminy = await db.Places.AsNoTracking().SingleAsync(p => p.Id == "dora--espace-numerique-firminy");
            Assert.Equal(partner.Id, firminy.PartnerId);
            Assert.Equal(["Aide aux démarches administratives", "Maîtrise des outils numériques du quotidien"], firminy.Services);
            Assert.Equal("+33477100777", firminy.Fields["telephone"]);
            Assert.Equal("Conseillers numériques", firminy.Fields["dispositif_programmes_nationaux"]);
            Assert.Equal("Se présenter|Téléphoner|Prendre un RDV en ligne", firminy.Fields["modalites_acces"]);
            Assert.Equal("Accompagnement individuel|Dans un atelier collectif|À distance", firminy.Fields["modalites_accompagnement"]);
            Assert.Equal("Seniors", firminy.Fields["publics_specifiquement_adresses"]);
            Assert.Equal("https://rdv.ville-firminy.example/numerique", firminy.Fields["prise_rdv"]);
            var chamond = await db.Places.AsNoTracking().SingleAsync(p => p.Id == "soliguide--4187");
            Assert.Null(chamond.PartnerId);
            Assert.Equal("2025-01-30", chamond.Fields["date_maj"]);
            Assert.Equal("France Services", chamond.Fields["dispositif_programmes_nationaux"]);
        }

        // By its ids: the same file again changes nothing.
        var again = await ImportAsync();
        Assert.Equal((0, 0, 2), (again.Created, again.Updated, again.Unchanged));
    }

    [Fact]
    public async Task Our_places_and_workshops_export_as_structures_and_services_its_schemas_accept()
    {
        var partner = await App.CreatePartnerAsync();
        var (placeId, workshop) = await App.CreatePlaceWithSessionAsync(partner, "Débuter sur internet");
        await ImportAsync();

        using var admin = await App.SignedInAsync(await App.CreateAdminAsync());
        using var response = await admin.GetAsync(new Uri("/api/v1/places/export?format=data-inclusion", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var export = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        var structures = export["structures"]!.AsArray();
        var services = export["services"]!.AsArray();

        var options = new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true };
        foreach (var (items, schemaFile) in new[] { (structures, "structure.json"), (services, "service.json") })
        {
            var schema = JsonSchema.FromText(await File.ReadAllTextAsync(DataFile("data-inclusion", schemaFile)));
            Assert.NotEmpty(items);
            foreach (var item in items)
            {
                using var element = JsonDocument.Parse(item!.ToJsonString());
                var result = schema.Evaluate(element.RootElement, options);
                Assert.True(result.IsValid, $"{schemaFile} {item["id"]}: " + string.Join(" ; ", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                    .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} {e.Key}: {e.Value}"))));
            }
        }

        // The validator does refuse: a structure without its date, or with a malformed one, fails the same schema.
        var structureSchema = JsonSchema.FromText(await File.ReadAllTextAsync(DataFile("data-inclusion", "structure.json")));
        foreach (var broken in new[] { """{"source":"aiguillage","id":"x","nom":"Lieu"}""", """{"source":"aiguillage","id":"x","nom":"Lieu","date_maj":"hier"}""" })
        {
            using var element = JsonDocument.Parse(broken);
            Assert.False(structureSchema.Evaluate(element.RootElement, options).IsValid, broken);
        }

        var mine = Assert.Single(structures, s => (string?)s!["id"] == $"aiguillage--{placeId}");
        var workshopService = Assert.Single(services, s => (string?)s!["id"] == $"aiguillage--{placeId}--atelier-{workshop.Id:N}");
        Assert.Equal("atelier", (string?)workshopService!["type"]);
        Assert.Equal(mine!["id"]!.GetValue<string>(), workshopService["structure_id"]!.GetValue<string>());
        Assert.Contains(services, s => (string?)s!["structure_id"] == "aiguillage--dora--espace-numerique-firminy"
            && s["thematiques"]!.AsArray().Any(t => (string?)t == "numerique--acceder-a-des-services-en-ligne"));

        // Unknown formats stay a clear 400 naming the field.
        using var refused = await admin.GetAsync(new Uri("/api/v1/places/export?format=xml", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("data-inclusion", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

public sealed class DataInclusionTests_Sqlite(SqliteApp app) : DataInclusionTests(app), IClassFixture<SqliteApp>;

public sealed class DataInclusionTests_PostgreSql(PostgresApp app) : DataInclusionTests(app), IClassFixture<PostgresApp>;
