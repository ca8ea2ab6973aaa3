using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Aiguillage.Domain.Offices;
using Aiguillage.Domain.Statistics;
using Aiguillage.Domain.Territories;
using Aiguillage.Testing;
using Aiguillage.Web.Features.Steering;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aiguillage.Web.Tests.Steering;

public abstract class DashboardTests(AppFactory app) : EngineTests(app)
{
    private static readonly string[] Ages = ["25-34", "65-74", "75+"];
    private static readonly string[] Genders = ["femme", "homme", "nsp"];

    /// <summary>Diagnostics of varied answers, needs, profiles, modes and months in two offices of the Loire and one of the Gers.</summary>
    private async Task<(Office[] Loire, Office Gers)> SeedAsync(bool fold = true)
    {
        Office[] loire = [await App.CreateOfficeAsync("42"), await App.CreateOfficeAsync("42")];
        var gers = await App.CreateOfficeAsync("32");
        using var admin = await App.SignedInAsync(await App.CreateAdminAsync());
        var random = new Random(7);
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 40; i++)
        {
            var office = i % 5 == 4 ? gers : loire[i % 2];
            var body = Diagnostics.DiagnosticsApiTests.Submission(office);
            var answers = body["answers"]!.AsObject();
            answers["E1"] = random.Next(3) switch { 0 => "oui-utilise", 1 => "oui-peu", _ => "non" };
            answers["E2"] = random.Next(2) == 0 ? "oui-a-moi" : "non";
            answers["K1"] = random.Next(2) == 0 ? "seul" : "non";
            answers["K2"] = random.Next(2) == 0 ? "seul" : "avec-aide";
            body["mode"] = i % 3 == 0 ? "self" : "assisted";
            body["needs"] = i % 4 == 0 ? new JsonArray("caf") : new JsonArray("banque", "sante");
            body["profile"] = new JsonObject { ["ageBand"] = Ages[i % 3], ["gender"] = Genders[random.Next(3)] };
            body["filledAt"] = now.AddDays(-(i % 2 == 0 ? 1 : 40)).ToString("O", CultureInfo.InvariantCulture);
            using var response = await admin.PostAsync(new Uri("/api/v1/diagnostics", UriKind.Relative), new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        if (fold)
        {
            using var scope = App.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<SteeringCube>().RunAsync(CancellationToken.None);
        }

        return (loire, gers);
    }

    private static Dictionary<string, long[]> Rows(AngleSharp.Html.Dom.IHtmlDocument page, string table) =>
        page.QuerySelector($"#titre-{table}")!.ParentElement!.QuerySelectorAll("tbody tr")
            .ToDictionary(r => r.QuerySelector("th")!.TextContent.Trim(), r => r.QuerySelectorAll("td").Select(td => long.Parse(td.TextContent.Replace("\u202f", "", StringComparison.Ordinal).Replace("\u00a0", "", StringComparison.Ordinal), CultureInfo.InvariantCulture)).ToArray());

    [Fact]
    public async Task Every_number_equals_an_independent_count_of_the_diagnostics_of_the_territory()
    {
        var (loire, _) = await SeedAsync();
        using var manager = await App.SignedInAsync(await App.CreateManagerAsync(TerritoryLevel.Department, "42"));
        var today = ParisTime.Today(TimeProvider.System);
        var from = new DateOnly(today.Year, today.Month, 1).AddMonths(-3);
        var page = await manager.GetPageAsync($"/pilotage/tableau-de-bord?du={from:yyyy-MM}&au={today:yyyy-MM}");

        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        // Independently: every diagnostic of an office of the Loire filled in the period (other tests of this class add theirs).
        var ids = await db.Offices.Where(o => o.DepartmentCode == "42").Select(o => o.Id).ToListAsync();
        var mine = (await db.Diagnostics.AsNoTracking().Where(d => ids.Contains(d.OfficeId)).ToListAsync())
            .Where(d => DateOnly.FromDateTime(ParisTime.ToParis(d.FilledAt)) >= from).ToList();
        Assert.True(mine.Count >= 32);

        var lead = page.QuerySelector(".lead")!.TextContent;
        Assert.Contains($"{mine.Count} diagnostic(s), dont {mine.Count(d => d.Illectronisme)} en situation d'illectronisme", lead, StringComparison.Ordinal);
        Assert.Contains($"{mine.Count(d => DiagnosticFacts.IsEquippedButNotUsing(d.EquipmentScore, d.KnowHowPercent))} « équipés mais n'utilisent pas »", lead, StringComparison.Ordinal);

        var levels = Rows(page, "niveaux");
        foreach (var (label, values) in levels)
        {
            var level = int.Parse(label[..1], CultureInfo.InvariantCulture);
            Assert.Equal(mine.Count(d => d.Level == level), values[0]);
            Assert.Equal(mine.Count(d => d.Level == level && d.Illectronisme), values[1]);
        }

        var matrix = Rows(page, "matrice");
        foreach (var (equipment, bands) in matrix)
        {
            for (var band = 0; band < 5; band++)
            {
                Assert.Equal(mine.Count(d => $"{d.EquipmentScore}" == equipment && DiagnosticFacts.BandOf(d.KnowHowPercent) == band), bands[band]);
            }
        }

        Assert.Equal(mine.Count, matrix.Values.Sum(v => v.Sum()));
        var profiles = Rows(page, "profils");
        Assert.Equal(mine.Count(d => d.Profile["ageBand"] == "65-74" && d.Profile["gender"] == "femme"), profiles["65-74"][0]);
        Assert.Equal(mine.Count, profiles.Values.Sum(v => v.Sum()));
        var needs = Rows(page, "besoins");
        Assert.Equal(mine.Count(d => d.Needs.Contains("caf")), needs.Single(n => n.Key.Contains("CAF", StringComparison.OrdinalIgnoreCase)).Value[0]);
        Assert.Equal(mine.Sum(d => d.Needs.Count), needs.Values.Sum(v => v[0]));
        var offices = Rows(page, "bureaux");
        Assert.Equal(mine.Count(d => d.OfficeId == loire[0].Id), offices.Single(o => o.Key.StartsWith(loire[0].Name, StringComparison.Ordinal)).Value[0]);
        var months = Rows(page, "mois");
        Assert.Equal(mine.Count, months.Values.Sum(v => v[0]));

        // The nation (admins) reads the national roll-up and ranks departments.
        using var admin = await App.SignedInAsync(await App.CreateAdminAsync());
        var nation = await admin.GetPageAsync($"/pilotage/tableau-de-bord?du={from:yyyy-MM}&au={today:yyyy-MM}");
        Assert.Equal(mine.Count, Rows(nation, "departements").Single(d => d.Key.EndsWith("(42)", StringComparison.Ordinal)).Value[0]);
        var all = (await db.Diagnostics.AsNoTracking().ToListAsync()).Count(d => DateOnly.FromDateTime(ParisTime.ToParis(d.FilledAt)) >= from);
        Assert.Equal(all, Rows(nation, "niveaux").Values.Sum(v => v[0]));

        var selfOnly = await manager.GetPageAsync($"/pilotage/tableau-de-bord?du={from:yyyy-MM}&au={today:yyyy-MM}&mode=Self");
        Assert.Equal(mine.Count(d => d.Mode == Domain.Diagnostics.DiagnosticMode.Self), Rows(selfOnly, "mois").Values.Sum(v => v[0]));

        // The CSV opens in French Excel: BOM, « ; », accents intact.
        var csv = await manager.GetByteArrayAsync(new Uri($"/pilotage/tableau-de-bord?handler=Export&table=niveaux&du={from:yyyy-MM}&au={today:yyyy-MM}", UriKind.Relative));
        Assert.Equal([0xEF, 0xBB, 0xBF], csv[..3]);
        var text = Encoding.UTF8.GetString(csv[3..]);
        Assert.StartsWith("Niveau;Diagnostics;dont illectronisme", text, StringComparison.Ordinal);
        Assert.Contains("Débutant", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_referral_funnel_counts_each_step_of_the_territorys_referrals()
    {
        var office = await App.CreateOfficeAsync("42");
        var partner = await App.CreatePartnerAsync();
        var mediator = await App.CreateMediatorAsync(office);
        await App.CreateReferralAsync(office, partner, mediator);
        await App.CreateReferralAsync(office, partner, mediator, contacted: true);
        await App.CreateReferralAsync(await App.CreateOfficeAsync("32"), partner, mediator, contacted: true);
        using var manager = await App.SignedInAsync(await App.CreateManagerAsync(TerritoryLevel.Department, "42"));
        var page = await manager.GetPageAsync("/pilotage/tableau-de-bord");

        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var loire = await (from r in db.Referrals join o in db.Offices on r.OfficeId equals o.Id where o.DepartmentCode == "42" select r.Id).ToListAsync();
        var reached = await db.ReferralEvents.Where(e => loire.Contains(e.ReferralId)).GroupBy(e => e.To).Select(g => new { g.Key, Count = g.Select(e => e.ReferralId).Distinct().Count() }).ToListAsync();
        var funnel = page.QuerySelector("#titre-orientations")!.ParentElement!.QuerySelectorAll("tbody tr").ToDictionary(r => r.QuerySelector("th")!.TextContent, r => r.QuerySelectorAll("td").Select(td => td.TextContent).ToList());
        Assert.Equal($"{reached.Single(r => r.Key == Domain.Referrals.ReferralStatus.Sent).Count}", funnel["envoyée au partenaire"][0]);
        Assert.Equal($"{reached.Single(r => r.Key == Domain.Referrals.ReferralStatus.Contacted).Count}", funnel["client contacté"][0]);
        Assert.Equal("0", funnel["client contacté"][1]);   // contacted the day it was sent
        Assert.Equal("—", funnel["parcours terminé"][1]);
    }

    [Fact]
    public async Task The_roll_out_counts_active_offices_against_the_target_and_those_without_a_mediator_day()
    {
        await App.CreateOfficeAsync("42");
        await App.CreateOfficeAsync("42", days: Weekdays.None);
        await App.CreateOfficeAsync("42", status: ProgrammeStatus.Pilot);
        using var manager = await App.SignedInAsync(await App.CreateManagerAsync(TerritoryLevel.Department, "42"));
        var rows = (await manager.GetPageAsync("/pilotage/tableau-de-bord")).QuerySelector("#titre-deploiement")!.ParentElement!.QuerySelectorAll("tbody tr");
        var last = rows[^1].QuerySelectorAll("td").Select(td => td.TextContent).ToList();

        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var active = await db.Offices.Where(o => o.DepartmentCode == "42" && o.Status == ProgrammeStatus.Active && o.ActiveSince != null).Select(o => o.PresenceDays).ToListAsync();
        Assert.Equal($"{active.Count}", last[0]);
        Assert.Equal("—", last[1]);   // the target is national
        Assert.Equal($"{active.Count(d => d == Weekdays.None)}", last[2]);

        using var admin = await App.SignedInAsync(await App.CreateAdminAsync());
        var national = (await admin.GetPageAsync("/pilotage/tableau-de-bord")).QuerySelector("#titre-deploiement")!.ParentElement!.QuerySelectorAll("tbody tr")[^1];
        Assert.Equal("300", national.QuerySelectorAll("td")[1].TextContent);
    }

    [Fact]
    public async Task Folders_running_at_once_count_each_diagnostic_once()
    {
        await SeedAsync(fold: false);
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            using var scope = App.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<SteeringCube>().RunAsync(CancellationToken.None);
        })));

        using var check = App.Services.CreateScope();
        var db = check.ServiceProvider.GetRequiredService<AppDbContext>();
        await check.ServiceProvider.GetRequiredService<SteeringCube>().RunAsync(CancellationToken.None);
        var diagnostics = await db.Diagnostics.CountAsync();
        Assert.Equal(diagnostics, await db.SteeringCells.Where(c => c.Kind == CubeKind.Level && c.DepartmentCode == SteeringCube.Nation).SumAsync(c => c.Count));
        Assert.Equal(diagnostics, await db.SteeringCells.Where(c => c.Kind == CubeKind.Office).SumAsync(c => c.Count));
    }

    [Fact]
    public async Task A_department_manager_sees_nothing_of_another_department()
    {
        await SeedAsync();
        using var loire = await App.SignedInAsync(await App.CreateManagerAsync(TerritoryLevel.Department, "42"));
        Assert.Equal(HttpStatusCode.NotFound, (await loire.GetAsync(new Uri("/pilotage/tableau-de-bord?departement=32", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await loire.GetAsync(new Uri("/pilotage/tableau-de-bord?handler=Export&table=niveaux&departement=32", UriKind.Relative))).StatusCode);
        var page = await loire.GetPageAsync("/pilotage/tableau-de-bord");
        Assert.DoesNotContain(page.QuerySelectorAll("#Department option"), o => o.GetAttribute("value") == "32");
        using var bad = await loire.GetAsync(new Uri("/pilotage/tableau-de-bord?du=novembre", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.NotNull((await HttpHelpers.ParseAsync(bad)).QuerySelector(".error-summary a[href='#From']"));
    }
}

public sealed class DashboardTests_Sqlite(SqliteApp app) : DashboardTests(app), IClassFixture<SqliteApp>;

public sealed class DashboardTests_PostgreSql(PostgresApp app) : DashboardTests(app), IClassFixture<PostgresApp>;
