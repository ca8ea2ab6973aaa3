using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aiguillage.Domain.Offices;
using Aiguillage.Domain.Territories;
using Aiguillage.Testing;
using Aiguillage.Web.Features.Diagnostics;
using Aiguillage.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aiguillage.Web.Tests.Diagnostics;

public abstract class DiagnosticsApiTests(AppFactory app) : EngineTests(app)
{
    private static readonly Uri Diagnostics = new("/api/v1/diagnostics", UriKind.Relative);

    /// <summary>A valid submission as a device would send it; tests change what they are about.</summary>
    internal static JsonObject Submission(Office office, Guid? id = null) => new()
    {
        ["id"] = (id ?? Guid.NewGuid()).ToString(),
        ["officeSiteCode"] = office.SiteCode,
        ["mode"] = "assisted",
        ["questionnaireId"] = "aisance-numerique",
        ["questionnaireVersion"] = 1,
        ["answers"] = new JsonObject
        {
            ["E1"] = "oui-peu", ["E2"] = "non", ["E3"] = "un-seul", ["E4"] = "oui-aide",
            ["K1"] = "avec-aide", ["K2"] = "pas-concerne", ["K3"] = "non", ["K4"] = "avec-aide", ["K5"] = "non",
            ["K6"] = "non", ["K7"] = "seul", ["K8"] = "non", ["K9"] = "pas-toujours", ["C1"] = "un-peu-inquiet", ["C2"] = "parfois",
        },
        ["needs"] = new JsonArray("caf", "famille"),
        ["profile"] = new JsonObject { ["ageBand"] = "65-74", ["gender"] = "nsp" },
        ["filledAt"] = "2026-11-26T09:30:00+01:00",
    };

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    private async Task<int> CountAsync()
    {
        using var scope = App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Diagnostics.CountAsync();
    }

    [Fact]
    public async Task The_current_questionnaire_is_public_and_has_15_questions()
    {
        using var client = App.Browser();
        var json = await client.GetFromJsonAsync<JsonObject>(new Uri("/api/v1/questionnaires/current", UriKind.Relative));
        var definition = json!["definition"]!;
        Assert.Equal("Aisance numérique", (string?)definition["title"]);
        Assert.Equal(15, definition["questions"]!.AsArray().Count);
        Assert.Equal(64, ((string?)json["hash"])!.Length);
    }

    [Fact]
    public async Task A_diagnostic_is_stored_scored_and_read_back_and_a_replay_returns_the_same_result()
    {
        var office = await App.CreateOfficeAsync();
        using var client = await App.SignedInAsync(await App.CreateMediatorAsync(office));
        var body = Submission(office);
        var before = await CountAsync();

        using var created = await client.PostAsync(Diagnostics, Json(body));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var view = await created.Content.ReadFromJsonAsync<DiagnosticView>();
        Assert.Equal((2, "Débutant"), (view!.Level.Value, view.Level.Label));
        Assert.Equal((3, 8, 16), (view.Scores.Equipment, view.Scores.EquipmentMax, view.Scores.KnowHowMax));
        Assert.False(view.Illectronisme);
        Assert.Equal(new DateTime(2026, 11, 26, 8, 30, 0, DateTimeKind.Utc), view.FilledAt);
        Assert.Equal($"/api/v1/diagnostics/{view.Id}", created.Headers.Location?.OriginalString);

        var read = await client.GetFromJsonAsync<DiagnosticView>(created.Headers.Location);
        Assert.Equal(view.Level, read!.Level);
        Assert.Equal(view.Scores.KnowHowPercent, read.Scores.KnowHowPercent);
        Assert.Equal(["caf", "famille"], read.Needs);

        // The same content with keys in another order and the time in UTC is the same submission.
        var replay = JsonNode.Parse(body.ToJsonString())!.AsObject();
        replay["filledAt"] = "2026-11-26T08:30:00Z";
        var answers = replay["answers"]!.AsObject().ToList();
        replay["answers"] = new JsonObject(answers.AsEnumerable().Reverse().Select(a => KeyValuePair.Create(a.Key, a.Value?.DeepClone())));
        using var again = await client.PostAsync(Diagnostics, Json(replay));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(view.Id, (await again.Content.ReadFromJsonAsync<DiagnosticView>())!.Id);
        Assert.Equal(before + 1, await CountAsync());
    }

    [Fact]
    public async Task The_same_id_with_another_content_is_a_conflict()
    {
        var office = await App.CreateOfficeAsync();
        using var client = await App.SignedInAsync(await App.CreateMediatorAsync(office));
        var body = Submission(office);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync(Diagnostics, Json(body))).StatusCode);

        body["answers"]!["C1"] = "a-l-aise";
        using var conflict = await client.PostAsync(Diagnostics, Json(body));
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal("application/problem+json", conflict.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Twenty_parallel_posts_of_the_same_id_store_exactly_one_diagnostic()
    {
        var office = await App.CreateOfficeAsync();
        var mediator = await App.CreateMediatorAsync(office);
        var body = Submission(office).ToJsonString();
        // Twenty sessions, signed in one after the other (attempts on one address from one place are counted before
        // their password is checked: twenty at once would run into the sign-in delay, ADR 0019).
        var clients = new HttpClient[20];
        for (var i = 0; i < clients.Length; i++)
        {
            clients[i] = await App.SignedInAsync(mediator);
        }

        var before = await CountAsync();

        var responses = await Task.WhenAll(clients.Select(c => c.PostAsync(Diagnostics, new StringContent(body, Encoding.UTF8, "application/json"))));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"answered {(int)r.StatusCode}"));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(before + 1, await CountAsync());
        foreach (var c in clients)
        {
            c.Dispose();
        }
    }

    public static TheoryData<string, string, int> BadInputs => new()
    {
        { "unknown question", """{"answers":{"Z9":"oui"}}""", 422 },
        { "missing answer", """{"remove":"answers.E2"}""", 422 },
        { "option not offered", """{"answers":{"K1":"peut-etre"}}""", 422 },
        { "wrong version", """{"questionnaireVersion":99}""", 422 },
        { "unknown office", """{"officeSiteCode":"00000Z"}""", 422 },
        { "bad mode", """{"mode":"telepathy"}""", 422 },
        { "empty id", """{"id":"00000000-0000-0000-0000-000000000000"}""", 422 },
        { "future date", """{"filledAt":"2099-01-01T00:00:00Z"}""", 422 },
        { "unknown need", """{"needs":["voyage"]}""", 422 },
        { "bad profile", """{"profile":{"ageBand":"12"}}""", 422 },
        { "wrong type", """{"questionnaireVersion":"un"}""", 400 },
        { "unknown field", """{"extra":"<script>alert(1)</script>"}""", 400 },
        { "missing field", """{"remove":"officeSiteCode"}""", 400 },
        { "bad guid", """{"id":"'; DROP TABLE Diagnostics;--"}""", 400 },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_input_is_refused_naming_the_field_and_nothing_is_stored(string because, string change, int status)
    {
        var office = await App.CreateOfficeAsync();
        using var client = await App.SignedInAsync(await App.CreateMediatorAsync(office));
        var body = Submission(office);
        foreach (var (key, value) in JsonNode.Parse(change)!.AsObject())
        {
            if (key == "remove")
            {
                var path = ((string)value!).Split('.');
                (path.Length == 1 ? body : body[path[0]]!.AsObject()).Remove(path[^1]);
            }
            else if (key == "answers")
            {
                foreach (var (q, o) in value!.AsObject())
                {
                    body["answers"]![q] = o?.DeepClone();
                }
            }
            else
            {
                body[key] = value?.DeepClone();
            }
        }

        var before = await CountAsync();
        using var response = await client.PostAsync(Diagnostics, Json(body));
        Assert.True((int)response.StatusCode == status, $"{because}: answered {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        var field = Assert.Single(problem!["errors"]!.AsObject()).Key;
        Assert.False(string.IsNullOrEmpty(field), because);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task Malformed_json_an_oversized_body_and_another_format_are_refused()
    {
        var office = await App.CreateOfficeAsync();
        using var client = await App.SignedInAsync(await App.CreateMediatorAsync(office));
        var before = await CountAsync();

        using var malformed = await client.PostAsync(Diagnostics, new StringContent("{\"id\": ", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("JSON mal formé", await malformed.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var huge = Submission(office);
        huge["needs"] = new JsonArray(Enumerable.Range(0, 20_000).Select(i => (JsonNode)JsonValue.Create($"besoin-{i}")!).ToArray());
        using var tooLarge = await client.PostAsync(Diagnostics, Json(huge));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal("application/problem+json", tooLarge.Content.Headers.ContentType?.MediaType);

        using var form = await client.PostAsync(Diagnostics, new FormUrlEncodedContent([new("id", "1")]));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task Only_users_scoped_to_the_office_may_post_and_read()
    {
        var own = await App.CreateOfficeAsync(department: "42");
        var foreign = await App.CreateOfficeAsync(department: "32");
        using var mediator = await App.SignedInAsync(await App.CreateMediatorAsync(own));

        // Posting for a foreign office answers exactly like an unknown office.
        using var forForeign = await mediator.PostAsync(Diagnostics, Json(Submission(foreign)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, forForeign.StatusCode);
        var problem = await forForeign.Content.ReadFromJsonAsync<JsonObject>();
        Assert.True(problem!["errors"]!.AsObject().ContainsKey("officeSiteCode"));

        // A diagnostic of the foreign office, posted by its own mediator, is invisible to the first one.
        using var other = await App.SignedInAsync(await App.CreateMediatorAsync(foreign));
        using var created = await other.PostAsync(Diagnostics, Json(Submission(foreign)));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await mediator.GetAsync(created.Headers.Location)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await mediator.GetAsync(new Uri($"/api/v1/diagnostics/{Guid.NewGuid()}", UriKind.Relative))).StatusCode);

        using var gersManager = await App.SignedInAsync(await App.CreateManagerAsync(TerritoryLevel.Department, "32"));
        // A manager steers with figures: one client's diagnostic is not theirs to read, even in their territory (issue 15 §1).
        Assert.Equal(HttpStatusCode.Forbidden, (await gersManager.GetAsync(created.Headers.Location)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await gersManager.PostAsync(Diagnostics, Json(Submission(foreign)))).StatusCode);

        using var partner = await App.SignedInAsync(await App.CreatePartnerStaffAsync(await App.CreatePartnerAsync()));
        Assert.Equal(HttpStatusCode.Forbidden, (await partner.PostAsync(Diagnostics, Json(Submission(own)))).StatusCode);
        using var anonymous = App.Browser();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync(Diagnostics, Json(Submission(own)))).StatusCode);
    }
}

public sealed class DiagnosticsApiTests_Sqlite(SqliteApp app) : DiagnosticsApiTests(app), IClassFixture<SqliteApp>;

public sealed class DiagnosticsApiTests_PostgreSql(PostgresApp app) : DiagnosticsApiTests(app), IClassFixture<PostgresApp>;
