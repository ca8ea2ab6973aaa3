using System.Globalization;
using Aiguillage.Domain.Diagnostics;
using Aiguillage.Domain.Referrals;
using Aiguillage.Testing;
using Aiguillage.Web.Features.Diagnostics;
using Aiguillage.Web.Features.Steering.Outcomes;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aiguillage.Web.Tests.Steering;

/// <summary>
/// Issue 20 §2 on the real database: referrals to three partners, their clients diagnosed again a month later; the
/// manager's page gives the re-diagnosed count and the mean change with its interval computed here by hand, keeps a
/// partner of five clients secret, and shows nothing of another territory.
/// </summary>
public abstract class OutcomeReportTests(AppFactory app) : EngineTests(app)
{
    private static readonly string[] Codes = ["E1", "E2", "E3", "E4", "K1", "K2", "K3", "K4", "K5", "K6", "K7", "K8", "K9", "C1", "C2"];

    private static readonly string[] Autonomous =
        ["oui-utilise", "oui-a-moi", "les-deux", "oui-seul", "seul", "seul", "seul", "seul", "seul", "seul", "seul", "seul", "oui", "a-l-aise", "oui"];

    private static readonly DateTime Sent = new(2026, 6, 3, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void The_interval_takes_students_quantile_from_the_tables() =>
        Assert.Equal(2.228, OutcomeReport.TCritical(11), 3);   // t(0.975; 10) = 2.228

    /// <summary>A referral to <paramref name="partner"/> after a beginner's diagnostic; for some, an autonomous re-diagnosis a month later.</summary>
    private async Task<(int First, int? Again)> ReferAsync(Domain.Offices.Office office, Domain.Partners.Partner partner, TestAccount mediator, bool improves, bool comesBack)
    {
        using var scope = App.Services.CreateScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<AppDbContext>();
        var questionnaire = services.GetRequiredService<QuestionnaireCatalog>().Current;
        var client = await services.GetRequiredService<Features.Clients.ClientRegistry>().CreateAsync(office.Id, CancellationToken.None);
        Diagnostic Diagnose(string[] answers, DateTime at) => new(Guid.NewGuid(), office.Id, DiagnosticMode.Assisted, questionnaire.Definition, questionnaire.Hash,
            new AnswerSheet(Codes.Zip(answers).ToDictionary(a => a.First, a => a.Second), [], new Dictionary<string, string>()), at, at, mediator.Id, Guid.NewGuid().ToString("N"), client.Id);
        var first = Diagnose([.. Diagnostics.AssistedDiagnosticTests.Beginner], Sent.AddDays(-1));
        db.Diagnostics.Add(first);
        var referral = new Referral(Guid.NewGuid(), client.Id, office.Id, first.Id, partner.Id, null, null, [PartnerTestData.Demarches], "Débutant", mediator.Id, Sent);
        referral.Send(true, Features.Referrals.ReferralService.ConsentVersion, "Awa", "0612345678", null, mediator.Id, Sent);
        Diagnostic? again = null;
        if (comesBack)
        {
            again = Diagnose(improves ? Autonomous : [.. Diagnostics.AssistedDiagnosticTests.Beginner], Sent.AddDays(30));
            db.Diagnostics.Add(again);
            Assert.True(referral.LinkRediagnosis(again.Id, client.Id, again.FilledAt));
        }

        db.Referrals.Add(referral);
        await db.SaveChangesAsync();
        return (first.Level, again?.Level);
    }

    [Fact]
    public async Task The_manager_reads_each_partners_outcome_as_computed_by_hand_and_a_small_one_stays_secret()
    {
        var office = await App.CreateOfficeAsync("19");
        var mediator = await App.CreateMediatorAsync(office);
        var (big, small) = (await App.CreatePartnerAsync("Partenaire des résultats"), await App.CreatePartnerAsync("Petit partenaire"));
        var levels = new List<(int First, int? Again)>();
        // 25 referrals, 24 clients back, half of them autonomous: no count from 1 to 10 to hide in this row.
        for (var i = 0; i < 25; i++)
        {
            levels.Add(await ReferAsync(office, big, mediator, improves: i % 2 == 0, comesBack: i != 24));
        }

        for (var i = 0; i < 5; i++)
        {
            await ReferAsync(office, small, mediator, improves: true, comesBack: true);
        }

        // The partners add up to the territory's referrals, published elsewhere: with one count secret, the smallest
        // other one is hidden too, so that it cannot be recomputed. A third partner, smaller than the first, takes that.
        var third = await App.CreatePartnerAsync("Troisième partenaire");
        for (var i = 0; i < 12; i++)
        {
            await ReferAsync(office, third, mediator, improves: false, comesBack: true);
        }

        // By hand: the change of each client who came back, its mean, standard deviation and t-interval.
        var changes = levels.Where(l => l.Again is not null).Select(l => (double)(l.Again!.Value - l.First)).ToList();
        var mean = changes.Average();
        var sd = Math.Sqrt(changes.Sum(c => (c - mean) * (c - mean)) / (changes.Count - 1));
        var half = 2.069 * sd / Math.Sqrt(changes.Count);   // t(0.975; 23) = 2.069
        string Signed(double v) => (v >= 0 ? "+" : "−") + Math.Abs(v).ToString("0.0", ParisTime.French);

        using var manager = await App.SignedInAsync(await App.CreateManagerAsync(code: "19"));
        var page = await manager.GetPageAsync("/pilotage/resultats?du=2026-06&au=2026-06");
        var rows = page.QuerySelector("section[aria-labelledby=partenaire] tbody")!.QuerySelectorAll("tr").ToDictionary(r => r.QuerySelector("th")!.TextContent, r => r.QuerySelectorAll("td").Select(td => HttpHelpers.Words(td.TextContent)).ToList());
        var bigRow = rows["Partenaire des résultats"];
        Assert.Equal("25", bigRow[0]);
        Assert.Equal("24", bigRow[2]);
        Assert.Equal($"{Signed(mean)} niveau (de {Signed(mean - half)} à {Signed(mean + half)})", bigRow[3]);
        var gained = changes.Count(c => c >= 1);
        Assert.StartsWith($"{(100.0 * gained / changes.Count).ToString("0", ParisTime.French)} % ({gained} sur 24)", bigRow[4], StringComparison.Ordinal);
        Assert.Equal("secret", rows["Petit partenaire"][0]);
        Assert.Equal("—", rows["Petit partenaire"][3]);
        Assert.Equal("secret", rows["Troisième partenaire"][0]);   // the secondary suppression
        Assert.Equal("secret", rows["Troisième partenaire"][2]);

        using var elsewhere = await App.SignedInAsync(await App.CreateManagerAsync(code: "24"));
        var empty = await elsewhere.GetPageAsync("/pilotage/resultats?du=2026-06&au=2026-06");
        Assert.Contains("Aucune orientation sur la période.", HttpHelpers.Words(empty.QuerySelector("section[aria-labelledby=partenaire]")!.TextContent), StringComparison.Ordinal);

        var howTo = await manager.GetPageAsync("/pilotage/resultats/comment-lire");
        Assert.Contains("observé", HttpHelpers.Words(page.QuerySelector(".lead")!.TextContent), StringComparison.Ordinal);
        Assert.Contains("pas ce que l'accompagnement a produit", HttpHelpers.Words(howTo.QuerySelector(".lead")!.TextContent), StringComparison.Ordinal);
    }
}

public sealed class OutcomeReportTests_Sqlite(SqliteApp app) : OutcomeReportTests(app), IClassFixture<SqliteApp>;

public sealed class OutcomeReportTests_PostgreSql(PostgresApp app) : OutcomeReportTests(app), IClassFixture<PostgresApp>;
