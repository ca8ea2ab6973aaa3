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
