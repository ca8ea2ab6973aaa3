using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Aiguillage.Testing;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Web;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Aiguillage.Web.Tests.Diagnostics;

/// <summary>The app on a clock the test sets: a Paris wall-clock time of a day ahead, so that cookies stay valid.</summary>
public abstract class ClockedApp(DatabaseProvider provider) : AppFactory(provider)
{
    /// <summary>Tomorrow in Paris (the real one): the hour is what the tests pin; a future day keeps cookies alive.</summary>
    public DateOnly Day { get; } = ParisTime.Today(TimeProvider.System).AddDays(1);

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>Sets the clock to <paramref name="hour"/>:<paramref name="minute"/> of <see cref="Day"/>, Paris time (before signing in: a jump ends sessions).</summary>
    public void SetParisTime(int hour, int minute) =>
        Clock.AdjustTime(new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(Day.ToDateTime(new TimeOnly(hour, minute)), ParisTime.Zone), TimeSpan.Zero));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Mail:Runner", "false");
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
    }
}

public sealed class ClockedSqliteApp() : ClockedApp(DatabaseProvider.Sqlite);

public sealed class ClockedPostgresApp() : ClockedApp(DatabaseProvider.PostgreSql);

/// <summary>
/// Issue 15 §3: the API, the paper keying and the domain share one rule for the filling date — with an offset, not
/// before the programme, not in the future beyond a paper sheet's day — said in French naming <c>filledAt</c>. The
/// clock is pinned at 00:10 and at 23:50 Paris time, where the API's former copy of the rule refused the morning's sheets.
/// </summary>
public abstract class DiagnosticDateApiTests(ClockedApp app) : EngineTests(app)
{
    private ClockedApp Clocked => (ClockedApp)App;

    private static readonly Uri Diagnostics = new("/api/v1/diagnostics", UriKind.Relative);

    /// <summary>Noon of a day, Paris time, written with its offset as a device would.</summary>
    private static string Noon(DateOnly day)
    {
        var local = day.ToDateTime(new TimeOnly(12, 0));
        return new DateTimeOffset(local, ParisTime.Zone.GetUtcOffset(local)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<(HttpStatusCode Status, JsonObject? Body)> PostAsync(HttpClient client, JsonObject body)
    {
        using var response = await client.PostAsync(Diagnostics, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) as JsonObject : null);
    }

    private static JsonObject Paper(Domain.Offices.Office office, string filledAt)
    {
        var body = DiagnosticsApiTests.Submission(office);
        body["mode"] = "paper";
        body["filledAt"] = filledAt;
        return body;
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(23, 50)]
    public async Task A_paper_sheet_of_today_is_accepted_by_the_api_and_one_of_tomorrow_refused(int hour, int minute)
    {
        Clocked.SetParisTime(hour, minute);
        var office = await App.CreateOfficeAsync();
        using var client = await App.SignedInAsync(await App.CreateMediatorAsync(office));

        var (today, _) = await PostAsync(client, Paper(office, Noon(Clocked.Day)));
        Assert.Equal(HttpStatusCode.Created, today);

        var (tomorrow, problem) = await PostAsync(client, Paper(office, Noon(Clocked.Day.AddDays(1))));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tomorrow);
        Assert.Equal("La date de remplissage ne peut pas être dans le futur.", (string?)problem!["errors"]!["filledAt"]![0]);
        Assert.Equal("Diagnostic refusé", (string?)problem["title"]);
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(23, 50)]
    public async Task A_device_date_a_few_minutes_ahead_passes_and_one_before_the_programme_or_without_offset_is_refused(int hour, int minute)
    {
        Clocked.SetParisTime(hour, minute);
        var office = await App.CreateOfficeAsync();
        using var client = await App.SignedInAsync(await App.CreateMediatorAsync(office));
        var now = Clocked.Clock.GetUtcNow();

        var ahead = DiagnosticsApiTests.Submission(office);
        ahead["filledAt"] = now.AddMinutes(4).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(client, ahead)).Status);

        var tooFar = DiagnosticsApiTests.Submission(office);
        tooFar["filledAt"] = now.AddMinutes(10).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var (status, problem) = await PostAsync(client, tooFar);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.NotNull(problem!["errors"]!["filledAt"]);

        var old = DiagnosticsApiTests.Submission(office);
        old["filledAt"] = "1900-01-01T10:00:00Z";
        (status, problem) = await PostAsync(client, old);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.StartsWith("La date de remplissage ne peut pas être avant le début du programme", (string?)problem!["errors"]!["filledAt"]![0], StringComparison.Ordinal);

        var noOffset = DiagnosticsApiTests.Submission(office);
        noOffset["filledAt"] = "2026-11-30T10:00:00";
        (status, problem) = await PostAsync(client, noOffset);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("avec le fuseau", (string?)problem!["errors"]!["filledAt"]![0], StringComparison.Ordinal);
        Assert.Equal("Requête invalide", (string?)problem["title"]);
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(23, 50)]
    public async Task The_paper_keying_takes_todays_sheet_and_refuses_tomorrows(int hour, int minute)
    {
        Clocked.SetParisTime(hour, minute);
        var office = await App.CreateOfficeAsync();
        using var client = await App.SignedInAsync(await App.CreateMediatorAsync(office));
        string[] ids = ["E1", "E2", "E3", "E4", "K1", "K2", "K3", "K4", "K5", "K6", "K7", "K8", "K9", "C1", "C2"];
        List<KeyValuePair<string, string>> Sheet(string number, DateOnly day) =>
        [
            new("SheetNumber", number), new("FilledOn", day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
            .. ids.Zip(AssistedDiagnosticTests.Beginner).Select(a => KeyValuePair.Create($"Answers[{a.First}]", a.Second)),
        ];

        using var today = await client.PostFormAsync($"/bureaux/{office.Id}/papier/saisie", Sheet(hour == 0 ? "ABCD-2345" : "ABCD-2346", Clocked.Day));
        Assert.Equal(HttpStatusCode.Redirect, today.StatusCode);

        using var tomorrow = await client.PostFormAsync($"/bureaux/{office.Id}/papier/saisie", Sheet(hour == 0 ? "ABCD-2347" : "ABCD-2348", Clocked.Day.AddDays(1)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tomorrow.StatusCode);
        Assert.Contains("ne peut pas être après aujourd'hui", (await HttpHelpers.ParseAsync(tomorrow)).QuerySelector("#FilledOn")?.ParentElement?.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_validation_problem_without_a_title_of_its_own_is_titled_in_french()
    {
        using var client = await App.SignedInAsync(await App.CreateAdminAsync());
        using var response = await client.GetAsync(new Uri("/api/v1/places/export?format=pdf", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Requête invalide", (string?)problem["title"]);
        Assert.NotNull(problem["errors"]!["format"]);
    }
}

public sealed class DiagnosticDateApiTests_Sqlite(ClockedSqliteApp app) : DiagnosticDateApiTests(app), IClassFixture<ClockedSqliteApp>;

public sealed class DiagnosticDateApiTests_PostgreSql(ClockedPostgresApp app) : DiagnosticDateApiTests(app), IClassFixture<ClockedPostgresApp>;
