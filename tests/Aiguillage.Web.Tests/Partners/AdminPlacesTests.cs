using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Aiguillage.Testing;

namespace Aiguillage.Web.Tests.Partners;

public abstract class AdminPlacesTests(AppFactory app) : EngineTests(app)
{
    private static readonly string Example = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "exemple-valide.csv"));

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string content, string fileName)
    {
        var token = await client.AntiforgeryTokenAsync("/admin/lieux");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
        };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "Upload", fileName);
        return await client.PostAsync(new Uri("/admin/lieux", UriKind.Relative), form);
    }

    [Fact]
    public async Task An_admin_uploads_a_file_and_sees_what_was_imported_and_what_was_rejected()
    {
        using var admin = await App.SignedInAsync(await App.CreateAdminAsync());
        using var ok = await UploadAsync(admin, Example, "exemple.csv");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Contains("1 ligne lue", (await HttpHelpers.ParseAsync(ok)).QuerySelector(".notice")?.TextContent, StringComparison.Ordinal);

        var broken = Example.Replace("\"51100\"", "\"511\"", StringComparison.Ordinal).Replace("structure-1", "structure-2", StringComparison.Ordinal);
        using var rejected = await UploadAsync(admin, broken, "lieux.csv");
        var page = await HttpHelpers.ParseAsync(rejected);
        Assert.Contains("1 rejetée", page.QuerySelector(".notice")?.TextContent, StringComparison.Ordinal);
        Assert.Contains("code_postal", page.QuerySelector("tbody")?.TextContent, StringComparison.Ordinal);

        using var wrongType = await UploadAsync(admin, "<html></html>", "page.html");
        Assert.Contains("finir par .csv ou .json", (await HttpHelpers.ParseAsync(wrongType)).QuerySelector(".error-summary")?.TextContent, StringComparison.Ordinal);
        using var notStandard = await UploadAsync(admin, "a,b\n1,2\n", "autre.csv");
        Assert.Contains("ne correspond pas au standard", (await HttpHelpers.ParseAsync(notStandard)).QuerySelector(".error-summary")?.TextContent, StringComparison.Ordinal);
    }

    /// <summary>Issue 21 §2: each older shape a hub publishes is converted on import, and the page lists what changed.</summary>
    [Theory]
    [InlineData("standard-v0.1.1-exemple.csv", 1, "standard des lieux de médiation numérique v0.1 (2022)", "cle_ban : valeur retirée", "Aide aux démarches administratives|Maîtrise des outils numériques du quotidien")]
    [InlineData("hub-v0.1-titres.csv", 3, "titres des champs en en-tête", "adresse : colonne « Adresse » lue comme « adresse »", "Loisirs et créations numériques|Parentalité et éducation avec le numérique|Compréhension du monde numérique")]
    [InlineData("hub-v1-sans-pivot.csv", 2, "sans colonne pivot", "pivot : valeur ajoutée, SIRET ou RNA absent", "Maîtrise des outils numériques du quotidien|Insertion professionnelle via le numérique|Loisirs et créations numériques")]
    public async Task An_older_hub_file_is_converted_and_its_changes_listed(string file, int rows, string shape, string change, string services)
    {
        var content = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", file));
        using var admin = await App.SignedInAsync(await App.CreateAdminAsync());
        using var response = await UploadAsync(admin, content, file);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HttpHelpers.ParseAsync(response);
        var notice = page.QuerySelector(".notice")!.TextContent;
        Assert.Contains(rows == 1 ? "1 ligne lue" : $"{rows} lignes lues", notice, StringComparison.Ordinal);
        Assert.Contains("0 rejetée", notice, StringComparison.Ordinal);
        Assert.Contains(shape, notice, StringComparison.Ordinal);
        var changes = page.QuerySelectorAll("table").Single(t => t.QuerySelector("caption")!.TextContent.StartsWith("Changements", StringComparison.Ordinal));
        Assert.Contains(changes.QuerySelectorAll("tbody tr"), tr => tr.Children[0].TextContent.StartsWith(change, StringComparison.Ordinal));

        // Imported as places of today's standard: the export reads them back in v1 values.
        var export = await admin.GetStringAsync(new Uri("/api/v1/places/export?format=csv", UriKind.Relative));
        Assert.DoesNotContain("Devenir autonome", export, StringComparison.Ordinal);
        Assert.Contains(services, export, StringComparison.Ordinal);

        // Again: the same ids, nothing new.
        using var again = await UploadAsync(admin, content, file);
        Assert.Contains(rows == 1 ? "1 inchangée" : $"{rows} inchangées", (await HttpHelpers.ParseAsync(again)).QuerySelector(".notice")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_whose_every_line_is_rejected_says_nothing_was_imported()
    {
        using var admin = await App.SignedInAsync(await App.CreateAdminAsync());
        var broken = Example.Replace("\"51100\"", "\"511\"", StringComparison.Ordinal).Replace("structure-1", "structure-rejetee", StringComparison.Ordinal);
        using var response = await UploadAsync(admin, broken, "lieux.csv");
        Assert.Contains("Rien n'a été importé", (await HttpHelpers.ParseAsync(response)).QuerySelector(".notice h2")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_admins_reach_the_page()
    {
        using var mediator = await App.SignedInAsync(await App.CreateMediatorAsync(await App.CreateOfficeAsync()));
        using var response = await mediator.GetAsync(new Uri("/admin/lieux", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/acces-refuse", response.Headers.Location?.AbsolutePath, StringComparison.Ordinal);
    }
}

public sealed class AdminPlacesTests_Sqlite(SqliteApp app) : AdminPlacesTests(app), IClassFixture<SqliteApp>;

public sealed class AdminPlacesTests_PostgreSql(PostgresApp app) : AdminPlacesTests(app), IClassFixture<PostgresApp>;
