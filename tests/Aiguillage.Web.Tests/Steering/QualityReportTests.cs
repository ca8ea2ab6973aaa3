using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Aiguillage.Domain.Diagnostics;
using Aiguillage.Testing;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aiguillage.Web.Tests.Steering;

/// <summary>
/// Issue 20 §3 on the real database: diagnostics sent through the API, one question planted harder for women at the
/// same level, the report's page flags it (and only it) for the department's manager, shows nothing of another
/// territory, and counts the mediators' one-click judgements under statistical secrecy.
/// </summary>
public abstract class QualityReportTests(AppFactory app) : EngineTests(app)
{
    private static readonly string[] KnowHow = ["K1", "K2", "K3", "K4", "K5", "K6", "K7", "K8", "K9"];

    /// <summary>A client of ability θ: each know-how question « seul », « avec aide » or « non », K5 one step harder for women.</summary>
    private static JsonObject Answers(Random random, bool woman)
    {
        var theta = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var answers = new JsonObject { ["E1"] = "oui-utilise", ["E2"] = "oui-a-moi", ["E3"] = "les-deux", ["E4"] = "oui-seul", ["C1"] = "a-l-aise", ["C2"] = "oui" };
        foreach (var (id, i) in KnowHow.Select((q, i) => (q, i)))
        {
            var b = -1 + (2.0 * i / 8) + (woman && id == "K5" ? 1.8 : 0);
            var p = 1 / (1 + Math.Exp(-(theta - b)));
            var points = (random.NextDouble() < p ? 1 : 0) + (random.NextDouble() < p ? 1 : 0);
            answers[id] = id == "K9" ? points switch { 2 => "oui", 1 => "pas-toujours", _ => "non" } : points switch { 2 => "seul", 1 => "avec-aide", _ => "non" };
        }

        return answers;
    }

    private async Task<List<Guid>> PostAsync(HttpClient admin, Domain.Offices.Office office, int count, int seed)
    {
        var random = new Random(seed);
        var ids = new List<Guid>();
        for (var n = 0; n < count; n++)
        {
            var woman = n % 2 == 0;
            var body = Diagnostics.DiagnosticsApiTests.Submission(office);
            body["answers"] = Answers(random, woman);
            body["profile"] = new JsonObject { ["ageBand"] = n % 3 == 0 ? "65-74" : "35-44", ["gender"] = woman ? "femme" : "homme" };
            body["filledAt"] = "2026-11-16T10:00:00+01:00";
            using var created = await admin.PostAsync(new Uri("/api/v1/diagnostics", UriKind.Relative), new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            ids.Add(Guid.Parse(body["id"]!.GetValue<string>()));
        }

        return ids;
    }

    [Fact]
    public async Task The_manager_sees_the_planted_question_flagged_and_another_territory_sees_nothing()
    {
        var office = await App.CreateOfficeAsync("23");
        using var admin = await App.SignedInAsync(await App.CreateAdminAsync());
        await PostAsync(admin, office, 1_200, seed: 23);

        using var manager = await App.SignedInAsync(await App.CreateManagerAsync(code: "23"));
        var page = await manager.GetPageAsync("/pilotage/qualite?du=2026-11&au=2026-11");
        Assert.Contains("1 200 diagnostics", HttpHelpers.Words(page.QuerySelector(".lead")!.TextContent), StringComparison.Ordinal);
        var flagged = page.QuerySelector("section[aria-labelledby=ecarts] tbody")!.QuerySelectorAll("tr")
            .Select(r => HttpHelpers.Words(r.TextContent)).ToList();
        var k5 = Assert.Single(flagged, r => r.Contains("K5 ·", StringComparison.Ordinal) && r.Contains("femmes", StringComparison.Ordinal));
        Assert.Contains("C : écart important", k5, StringComparison.Ordinal);
        Assert.Contains("plus difficile pour : femmes", k5, StringComparison.Ordinal);
        Assert.DoesNotContain(flagged, r => r.Contains("femmes", StringComparison.Ordinal) && !r.Contains("K5 ·", StringComparison.Ordinal) && r.Contains("C : ", StringComparison.Ordinal));

        // Know-how: nine questions of one ability make a consistent axis.
        var knowHow = page.QuerySelectorAll("section[aria-labelledby=axes] tbody tr").Single(r => r.TextContent.Contains("Savoir-faire", StringComparison.Ordinal));
        var alpha = double.Parse(knowHow.QuerySelectorAll("td")[2].TextContent, NumberStyles.Float, ParisTime.French);
        Assert.InRange(alpha, 0.6, 0.95);

        using var elsewhere = await App.SignedInAsync(await App.CreateManagerAsync(code: "19"));
        var empty = await elsewhere.GetPageAsync("/pilotage/qualite?du=2026-11&au=2026-11");
        Assert.Contains("0 diagnostic ", HttpHelpers.Words(empty.QuerySelector(".lead")!.TextContent), StringComparison.Ordinal);
        Assert.DoesNotContain("C : écart important", empty.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mediators_judgement_is_one_per_diagnostic_and_the_report_counts_them_under_secrecy()
    {
        var office = await App.CreateOfficeAsync("87");
        var mediatorAccount = await App.CreateMediatorAsync(office);
        using var admin = await App.SignedInAsync(await App.CreateAdminAsync());
        var ids = await PostAsync(admin, office, 30, seed: 87);
        using var mediator = await App.SignedInAsync(mediatorAccount);

        async Task JudgeAsync(Guid id, string verdict)
        {
            using var judged = await mediator.PostFormAsync($"/diagnostics/{id}/resultat", [new("Judgement", verdict)], action: $"/diagnostics/{id}/resultat?handler=Judge");
            Assert.Equal(HttpStatusCode.Redirect, judged.StatusCode);
        }

        // A double tap, then a change of mind: one judgement, the last one.
        await Task.WhenAll(JudgeAsync(ids[0], "TooHigh"), JudgeAsync(ids[0], "TooHigh"));
        await JudgeAsync(ids[0], "Right");
        using (var scope = App.Services.CreateScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<AppDbContext>().LevelJudgements.AsNoTracking().Where(j => j.DiagnosticId == ids[0]).ToListAsync();
            Assert.Equal(LevelVerdict.Right, Assert.Single(stored).Verdict);
        }

        var result = await mediator.GetPageAsync($"/diagnostics/{ids[0]}/resultat");
        Assert.Equal("true", result.QuerySelector("button[name=Judgement][value=Right]")!.GetAttribute("aria-pressed"));
        using (var refused = await mediator.PostFormAsync($"/diagnostics/{ids[0]}/resultat", [new("Judgement", "Parfait")], action: $"/diagnostics/{ids[0]}/resultat?handler=Judge"))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        }

        using var manager = await App.SignedInAsync(await App.CreateManagerAsync(code: "87"));
        Assert.Contains("Moins de 11 diagnostics jugés", HttpHelpers.Words((await manager.GetPageAsync("/pilotage/qualite?du=2026-11&au=2026-11")).QuerySelector("section[aria-labelledby=avis]")!.TextContent), StringComparison.Ordinal);

        foreach (var id in ids.Skip(1).Take(14))
        {
            await JudgeAsync(id, "Right");
        }

        var section = (await manager.GetPageAsync("/pilotage/qualite?du=2026-11&au=2026-11")).QuerySelector("section[aria-labelledby=avis]")!;
        Assert.Contains("15 diagnostics jugés", HttpHelpers.Words(section.TextContent), StringComparison.Ordinal);
        // Every level's counts are 0 or at least 11, or « secret »: never a number from 1 to 10.
        Assert.All(section.QuerySelectorAll("tbody td"), td => Assert.True(td.TextContent == "secret" || td.TextContent == "0" || int.Parse(td.TextContent, NumberStyles.AllowThousands, ParisTime.French) >= 11, td.TextContent));
    }
}

public sealed class QualityReportTests_Sqlite(SqliteApp app) : QualityReportTests(app), IClassFixture<SqliteApp>;

public sealed class QualityReportTests_PostgreSql(PostgresApp app) : QualityReportTests(app), IClassFixture<PostgresApp>;
