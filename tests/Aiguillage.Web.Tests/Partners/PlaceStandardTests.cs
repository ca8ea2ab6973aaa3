using System.Globalization;
using System.Net;
using System.Text;
using Aiguillage.Testing;
using Aiguillage.Web.Platform.Imports;
using Aiguillage.Web.Features.Offices;
using Aiguillage.Web.Features.Partners;
using Aiguillage.Web.Platform.Data;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aiguillage.Web.Tests.Partners;

public abstract class PlaceStandardTests(AppFactory app) : EngineTests(app)
{
    private static readonly string Example = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "exemple-valide.csv"));

    /// <summary>The official example's row, as field → value, to build variants from.</summary>
    private static Dictionary<string, string> ExampleRow()
    {
        using var csv = new CsvReader(new StringReader(Example), CultureInfo.InvariantCulture);
        csv.Read();
        csv.ReadHeader();
        csv.Read();
        return csv.HeaderRecord!.ToDictionary(h => h, h => csv.GetField(h)!);
    }

    private static string Csv(IEnumerable<Dictionary<string, string>> rows)
    {
        var list = rows.ToList();
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        using var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture));
        foreach (var h in list[0].Keys)
        {
            csv.WriteField(h);
        }

        csv.NextRecord();
        foreach (var row in list)
        {
            foreach (var v in row.Values)
            {
                csv.WriteField(v);
            }

            csv.NextRecord();
        }

        csv.Flush();
        return writer.ToString();
    }

    private async Task<ImportReport> ImportAsync(string text, string name = "lieux.csv")
    {
        using var scope = App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PlaceStandard>().ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), name);
    }

    private async Task<(string Csv, string Json)> ExportAsync()
    {
        using var scope = App.Services.CreateScope();
        var standard = scope.ServiceProvider.GetRequiredService<PlaceStandard>();
        return (await standard.ExportCsvAsync(CancellationToken.None), await standard.ExportJsonAsync(CancellationToken.None));
    }

    [Fact]
    public async Task The_official_example_imports_and_export_then_import_gives_it_back()
    {
        var first = await ImportAsync(Example);
        Assert.Empty(first.Rejected);
        Assert.Equal(1, first.Created + first.Unchanged + first.Updated);

        var (csv, json) = await ExportAsync();
        var again = await ImportAsync(csv);
        Assert.Empty(again.Rejected);
        Assert.Equal(0, again.Created + again.Updated);
        var fromJson = await ImportAsync(json, "lieux.json");
        Assert.Equal((0, 0, 0), (fromJson.Created, fromJson.Updated, fromJson.Rejected.Count));
        Assert.Equal(csv, (await ExportAsync()).Csv);

        // Every field of the example comes back, value for value.
        using var reader = new CsvReader(new StringReader(csv), CultureInfo.InvariantCulture);
        reader.Read();
        reader.ReadHeader();
        var original = ExampleRow();
        while (reader.Read())
        {
            if (reader.GetField("id") != original["id"])
            {
                continue;
            }

            foreach (var (field, value) in original)
            {
                var expected = field is "latitude" or "longitude" ? double.Parse(value, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture) : value;
                Assert.Equal(expected, reader.GetField(field));
            }
        }

        using var scope = App.Services.CreateScope();
        var place = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Places.SingleAsync(p => p.Id == original["id"]);
        Assert.Equal(("Anonymal", "51100", 43.52609), (place.Name, place.PostCode, place.Latitude));
        Assert.Contains("Insertion professionnelle via le numérique", place.Services);
        Assert.Equal(32, ExampleRow().Count);

        // Written by the bulk insert (issue 23 §4: COPY on PostgreSQL, a prepared INSERT on SQLite), read back by EF as
        // SaveChanges would have written it: the date, the JSON lists, the whole row.
        Assert.Equal(DateOnly.ParseExact(original["date_maj"], "yyyy-MM-dd", CultureInfo.InvariantCulture), place.UpdatedOn);
        Assert.Equal(original["services"].Split('|'), place.Services);
        Assert.Equal(original["frais_a_charge"].Split('|'), place.Fees);
        Assert.Equal(original.Count, place.Fields.Count);
    }

    [Fact]
    public async Task The_la_poste_label_is_accepted_with_or_without_its_space_and_exported_as_the_schema_spells_it()
    {
        var row = ExampleRow();
        row["id"] = "lieu-la-poste";
        row["formations_labels"] = "Étapes numériques (La Poste)|Formé à « Mon Espace Santé »";
        var report = await ImportAsync(Csv([row]));
        Assert.Empty(report.Rejected);
        Assert.Contains("Étapes numériques(La Poste)|Formé à « Mon Espace Santé »", (await ExportAsync()).Csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_rows_are_reported_with_line_and_field_and_valid_ones_imported()
    {
        var rows = new List<Dictionary<string, string>>();
        Dictionary<string, string> Variant(string id, string field, string value)
        {
            var row = ExampleRow();
            row["id"] = id;
            row[field] = value;
            return row;
        }

        rows.Add(Variant("ok-1", "nom", "Lieu valide"));                                  // line 2
        rows.Add(Variant("bad-nom", "nom", ""));                                          // line 3
        rows.Add(Variant("bad-cp", "code_postal", "5110"));                               // line 4
        rows.Add(Variant("bad-tel", "telephone", "01 80 05 98 80"));                      // line 5
        rows.Add(Variant("bad-service", "services", "Cuisine|Aide aux démarches administratives")); // line 6
        rows.Add(Variant("bad-date", "date_maj", "02/04/2024"));                          // line 7
        rows.Add(Variant("bad-lat", "latitude", "200"));                                  // line 8
        rows.Add(Variant("ok-1", "nom", "Doublon"));                                      // line 9
        rows.Add(Variant("ok-2", "presentation_resume", new string('a', 281)));           // line 10
        rows.Add(Variant("ok-3", "commune", "Reims"));                                    // line 11

        var report = await ImportAsync(Csv(rows));
        var reasons = report.Rejected.ToDictionary(r => r.Line, r => r.Reason);
        Assert.Equal([3, 4, 5, 6, 7, 8, 9, 10], reasons.Keys.Order());
        Assert.StartsWith("nom :", reasons[3], StringComparison.Ordinal);
        Assert.StartsWith("code_postal :", reasons[4], StringComparison.Ordinal);
        Assert.StartsWith("telephone :", reasons[5], StringComparison.Ordinal);
        Assert.StartsWith("services :", reasons[6], StringComparison.Ordinal);
        Assert.StartsWith("date_maj :", reasons[7], StringComparison.Ordinal);
        Assert.StartsWith("latitude :", reasons[8], StringComparison.Ordinal);
        Assert.Contains("figure déjà ligne 2", reasons[9], StringComparison.Ordinal);
        Assert.StartsWith("presentation_resume : trop long", reasons[10], StringComparison.Ordinal);
        Assert.Equal(2, report.Created + report.Unchanged + report.Updated);

        using var scope = App.Services.CreateScope();
        var ids = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Places.Select(p => p.Id).ToListAsync();
        Assert.DoesNotContain("bad-nom", ids);
        Assert.Contains("ok-3", ids);
    }

    [Fact]
    public async Task A_file_outside_the_standard_is_refused_whole()
    {
        await Assert.ThrowsAsync<ImportFileException>(() => ImportAsync("code_insee,nom\n42218,Saint-Étienne\n"));
        await Assert.ThrowsAsync<ImportFileException>(() => ImportAsync("{\"id\": 1}", "lieux.json"));
        await Assert.ThrowsAsync<ImportFileException>(() => ImportAsync("[{\"id\": ", "lieux.json"));
    }

    [Fact]
    public async Task A_v01_file_is_converted_and_a_header_of_another_schema_is_refused_once_naming_missing_and_unknown_columns()
    {
        // Issue 15 §5 refused a regional hub's file in the standard's v0.1 (2022) with one verdict; issue 21 §2 converts it.
        var v01 = "id,pivot,nom,commune,code_postal,code_insee,adresse,complement_adresse,latitude,longitude,cle_ban,typologie,telephone,courriel,site_web,horaires,"
            + "presentation_resume,presentation_detail,source,structure_parente,date_maj,services,publics_accueillis,conditions_acces,labels_nationaux,labels_autres,"
            + "modalites_accompagnement,accessibilite,prise_rdv\n"
            + string.Concat(Enumerable.Range(1, 50).Select(i => $"lieu-{i},43493312300029,Lieu {i},Reims,51100,51454,1 rue X,,49.2,4.0,,ASSO,,,,,,,,,2022-06-01,Accès internet,,,,,,,\n"));
        var converted = await ImportAsync(v01);
        Assert.Equal(50, converted.Created);
        Assert.Contains("standard des lieux de médiation numérique v0.1", converted.Note, StringComparison.Ordinal);
        var dropped = Assert.Single(converted.Mappings!);
        Assert.Equal(("services : valeur retirée, « Accès internet » n'est pas un service de la v0.1", 50, 2), (dropped.Text, dropped.Rows, dropped.FirstLine));

        // A column twice in an older shape: refused whole, naming it; an empty column at the end is ignored.
        var twice = await Assert.ThrowsAsync<ImportFileException>(() => ImportAsync(v01.Replace("prise_rdv\n", "prise_rdv,nom\n", StringComparison.Ordinal).Replace(",,,,,,,\n", ",,,,,,,,\n", StringComparison.Ordinal)));
        Assert.Contains("La colonne « nom » figure deux fois", twice.Message, StringComparison.Ordinal);
        var trailing = await ImportAsync("Identifiant unique local du lieu,SIRET ou RNA,Nom,Commune,Code postal,Adresse,Date de mise à jour,\nlieu-titre-1,43493312300029,Lieu,Reims,51100,1 rue X,2022-06-01,\n");
        Assert.Equal(1, trailing.Imported);

        // One column too many: not the v0.1 any more, refused once, with the advice for the version it looks like.
        var refused = await Assert.ThrowsAsync<ImportFileException>(() => ImportAsync(v01.Replace("prise_rdv\n", "prise_rdv,note\n", StringComparison.Ordinal).Replace(",,,,,,,\n", ",,,,,,,,\n", StringComparison.Ordinal)));
        Assert.Contains("rien n'a été importé", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Il ressemble au standard des lieux de médiation numérique v0.1", refused.Message, StringComparison.Ordinal);
        Assert.Contains("courriel → courriels", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Colonnes inconnues du standard (8)", refused.Message, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(refused.Message, "inconnue"));

        var dataInclusion = "[{\"id\":\"s1\",\"siret\":\"43493312300029\",\"nom\":\"Structure\",\"commune\":\"Reims\",\"code_postal\":\"51100\",\"code_insee\":\"51454\","
            + "\"adresse\":\"1 rue X\",\"source\":\"hub\",\"date_maj\":\"2024-01-01\",\"lien_source\":\"https://exemple.fr\",\"horaires_accueil\":\"Mo-Fr 09:00-12:00\",\"courriel\":\"a@b.fr\",\"telephone\":\"0102030405\"}]";
        var other = await Assert.ThrowsAsync<ImportFileException>(() => ImportAsync(dataInclusion, "structures.json"));
        Assert.Contains("schéma des structures de data·inclusion", other.Message, StringComparison.Ordinal);
        Assert.Contains("Clé obligatoire absente : pivot", other.Message, StringComparison.Ordinal);

        using var scope = App.Services.CreateScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<AppDbContext>().Places.AnyAsync(p => p.Id == "s1"));
    }

    [Fact]
    public async Task A_value_outside_a_vocabulary_names_the_closest_allowed_one_and_the_standards_separator()
    {
        Dictionary<string, string> Variant(string id, string services)
        {
            var row = ExampleRow();
            row["id"] = id;
            row["services"] = services;
            return row;
        }

        var report = await ImportAsync(Csv([
            Variant("sep", "Aide aux démarches administratives;Maîtrise des outils numériques du quotidien"),
            Variant("typo", "Aide aux demarches administrative"),
        ]));
        var reasons = report.Rejected.ToDictionary(r => r.Line, r => r.Reason);
        Assert.Contains("le standard sépare les valeurs par « | », pas par « ; »", reasons[2], StringComparison.Ordinal);
        Assert.Contains("la plus proche : « Aide aux démarches administratives »", reasons[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_export_is_for_admins_and_names_a_bad_format()
    {
        using var admin = await App.SignedInAsync(await App.CreateAdminAsync());
        using var csv = await admin.GetAsync(new Uri("/api/v1/places/export?format=csv", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.StartsWith("\"id\",\"pivot\",\"nom\"", await csv.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var xml = await admin.GetAsync(new Uri("/api/v1/places/export?format=xml", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, xml.StatusCode);
        using var mediator = await App.SignedInAsync(await App.CreateMediatorAsync(await App.CreateOfficeAsync()));
        Assert.Equal(HttpStatusCode.Forbidden, (await mediator.GetAsync(new Uri("/api/v1/places/export", UriKind.Relative))).StatusCode);
    }
}

public sealed class PlaceStandardTests_Sqlite(SqliteApp app) : PlaceStandardTests(app), IClassFixture<SqliteApp>;

public sealed class PlaceStandardTests_PostgreSql(PostgresApp app) : PlaceStandardTests(app), IClassFixture<PostgresApp>;
