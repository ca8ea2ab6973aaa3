using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Aiguillage.Domain.Offices;
using Aiguillage.Domain.Steering;
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
            await App.FoldSteeringAsync();
        }

        return (loire, gers);
    }

    /// <summary>A table of the page by its rows' labels, numbers read the French way (« — » is null).</summary>
    private static Dictionary<string, decimal?[]> Rows(AngleSharp.Html.Dom.IHtmlDocument page, string table) =>
        page.QuerySelector($"#vue-{table}")!.QuerySelectorAll("tbody tr")
            .ToDictionary(r => r.QuerySelector("th")!.TextContent.Trim(), r => r.QuerySelectorAll("td").Select(td => td.TextContent == "—" ? (decimal?)null
                : decimal.Parse(td.TextContent.Replace("\u202f", "", StringComparison.Ordinal).Replace("\u00a0", "", StringComparison.Ordinal), NumberStyles.Number, ParisTime.French)).ToArray());

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
        Assert.Contains($"{mine.Count} {(mine.Count > 1 ? "diagnostics" : "diagnostic")}, dont {mine.Count(d => d.Illectronisme)} en situation d'illectronisme", lead, StringComparison.Ordinal);
        Assert.Contains($"{mine.Count(d => DiagnosticFacts.IsEquippedButNotUsing(d.EquipmentScore, d.KnowHowPercent))} « équipés mais n'utilisent pas »", lead, StringComparison.Ordinal);

        var levels = Rows(page, "niveaux");
        foreach (var (label, values) in levels)
        {
            var level = int.Parse(label[..1], CultureInfo.InvariantCulture);
            Assert.Equal(mine.Count(d => d.Level == level), values[0]);
            Assert.Equal(SteeringReport.Round1(100m * mine.Count(d => d.Level == level) / mine.Count), values[1]);
            Assert.Equal(mine.Count(d => d.Level == level && d.Illectronisme), values[2]);
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
        Assert.StartsWith("Niveau;Diagnostics;Part (%);dont illectronisme", text, StringComparison.Ordinal);
        Assert.Contains("Débutant", text, StringComparison.Ordinal);
        foreach (var (label, values) in levels)
        {
            // Decimals the French way: « 12,5 », not « 12.5 ».
            Assert.Contains($"{label};{values[0]};{values[1]!.Value.ToString("0.##", ParisTime.French)};{values[2]}", text, StringComparison.Ordinal);
        }

        // The same table as XLSX: numbers stay numbers.
        var xlsx = await manager.GetByteArrayAsync(new Uri($"/pilotage/tableau-de-bord?handler=Export&table=niveaux&format=xlsx&du={from:yyyy-MM}&au={today:yyyy-MM}", UriKind.Relative));
        var sheet = MiniExcelLibs.MiniExcel.Query(new MemoryStream(xlsx)).Cast<IDictionary<string, object>>().ToList();
        Assert.Equal("Diagnostics", sheet[0]["B"]);
        Assert.Equal(levels.Values.Sum(v => v[0]), sheet.Skip(1).Sum(r => Convert.ToDecimal(r["B"], CultureInfo.InvariantCulture)));

        // Weeks: the same diagnostics, week by week.
        var weekly = await manager.GetPageAsync($"/pilotage/tableau-de-bord?du={from:yyyy-MM}&au={today:yyyy-MM}&par=semaine");
        Assert.Equal(mine.Count, Rows(weekly, "semaines").Values.Sum(v => v[0]));
        Assert.Equal(HttpStatusCode.BadRequest, (await manager.GetAsync(new Uri("/pilotage/tableau-de-bord?par=jour", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task The_first_screen_compares_its_figures_with_the_month_before_by_independent_counts()
    {
        // Issue 18: the manager's questions first, each number beside the period of as many months just before.
        await SeedAsync();
        using var manager = await App.SignedInAsync(await App.CreateManagerAsync(TerritoryLevel.Department, "42"));
        var today = ParisTime.Today(TimeProvider.System);
        var month = new DateOnly(today.Year, today.Month, 1);
        var page = await manager.GetPageAsync($"/pilotage/tableau-de-bord?du={month:yyyy-MM}&au={month:yyyy-MM}");

        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var ids = await db.Offices.Where(o => o.DepartmentCode == "42").Select(o => o.Id).ToListAsync();
        var filled = (await db.Diagnostics.AsNoTracking().Where(d => ids.Contains(d.OfficeId)).Select(d => new { d.FilledAt, d.Illectronisme }).ToListAsync())
            .Select(d => (Month: DateOnly.FromDateTime(ParisTime.ToParis(d.FilledAt)) is var day ? new DateOnly(day.Year, day.Month, 1) : default, d.Illectronisme)).ToList();
        var now = filled.Where(d => d.Month == month).ToList();
        var before = filled.Where(d => d.Month == month.AddMonths(-1)).ToList();
        var period = KeyFigureText.Period(month.AddMonths(-1), month.AddMonths(-1));
        string Figure(string id, string part) => HttpHelpers.Words(page.QuerySelector($"#chiffre-{id} .key-{part}")!.TextContent).Trim();

        Assert.Equal($"{now.Count}", Figure("diagnostics", "value"));
        Assert.EndsWith(KeyFigureText.OfCount(new(now.Count, before.Count), period), Figure("diagnostics", "trend"), StringComparison.Ordinal);
        Assert.Equal(KeyFigureText.Share(now.Count(d => d.Illectronisme), now.Count), Figure("illectronisme", "value"));
        Assert.EndsWith(KeyFigureText.OfShare(new(now.Count(d => d.Illectronisme), before.Count(d => d.Illectronisme)), new(now.Count, before.Count), period),
            Figure("illectronisme", "trend"), StringComparison.Ordinal);

        // Referrals completed and active offices are the tables' own figures.
        Assert.Equal(Rows(page, "orientations")["parcours terminé"][0], decimal.Parse(Figure("orientations", "value"), ParisTime.French));
        Assert.Equal(Rows(page, "deploiement").Last().Value[0], decimal.Parse(Figure("bureaux", "value").Replace(" ", "", StringComparison.Ordinal), ParisTime.French));
        Assert.Contains($"fin {month.AddMonths(-1).ToString("MMMM yyyy", ParisTime.French)}", Figure("bureaux", "trend"), StringComparison.Ordinal);

        // The views follow, closed, each chart with its table behind « Voir le tableau »; every export is still there.
        Assert.All(page.QuerySelectorAll("details.view"), d => Assert.False(d.HasAttribute("open")));
        Assert.NotNull(page.QuerySelector("#vue-niveaux details.table-details summary"));
        Assert.Equal(2 * page.QuerySelectorAll("details.view").Length, page.QuerySelectorAll("details.view caption a[href*='handler=Export']").Length);
    }

    [Fact]
    public void Trends_are_said_in_words()
    {
        Assert.Equal("de mai à octobre 2026", KeyFigureText.Period(new(2026, 5, 1), new(2026, 10, 1)));
        Assert.Equal("de novembre 2025 à avril 2026", KeyFigureText.Period(new(2025, 11, 1), new(2026, 4, 1)));
        Assert.Equal("en hausse de 12 % (1 100 en octobre 2026)", HttpHelpers.Words(KeyFigureText.OfCount(new(1232, 1100), "en octobre 2026")));
        Assert.Equal("en baisse de moins de 1 % (1 000 en octobre 2026)", HttpHelpers.Words(KeyFigureText.OfCount(new(999, 1000), "en octobre 2026")));
        Assert.Equal("stable (5 en octobre 2026)", KeyFigureText.OfCount(new(5, 5), "en octobre 2026"));
        Assert.Equal("aucun en octobre 2026", KeyFigureText.OfCount(new(5, 0), "en octobre 2026"));
        Assert.Equal("en baisse de 2,0 points (40,0 % en octobre 2026)", KeyFigureText.OfShare(new(38, 40), new(100, 100), "en octobre 2026"));
        Assert.Equal("en hausse de 0,5 point (40,0 % en octobre 2026)", KeyFigureText.OfShare(new(81, 40), new(200, 100), "en octobre 2026"));
        Assert.Equal("2 de plus (10 fin avril 2026)", KeyFigureText.OfOffices(new(12, 10), new(2026, 4, 1)));
        Assert.Equal("autant (10 fin avril 2026)", KeyFigureText.OfOffices(new(10, 10), new(2026, 4, 1)));
    }

    [Fact]
    public async Task Every_number_of_the_matrix_reads_at_four_and_a_half_to_one_on_its_square()
    {
        // RGAA 3.2, found by the audit: white numbers on mid-blue squares read at 2.7:1. Every pair drawn is computed.
        await SeedAsync();
        using var manager = await App.SignedInAsync(await App.CreateManagerAsync(TerritoryLevel.Department, "42"));
        var svg = (await manager.GetPageAsync("/pilotage/tableau-de-bord")).QuerySelector("#vue-matrice svg")!;
        var squares = svg.QuerySelectorAll("rect").ToList();
        Assert.NotEmpty(squares);
        static double Luminance(string hex)
        {
            double Channel(int i)
            {
                var c = Convert.ToInt32(hex.Substring(1 + (2 * i), 2), 16) / 255.0;
                return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
            }

            return (0.2126 * Channel(0)) + (0.7152 * Channel(1)) + (0.0722 * Channel(2));
        }

        // Each square is followed by its number in the drawing.
        foreach (var square in squares)
        {
            var number = square.NextElementSibling!;
            Assert.Equal("text", number.LocalName);
            var (a, b) = (Luminance(square.GetAttribute("fill")!), Luminance(number.GetAttribute("fill")!));
            var ratio = (Math.Max(a, b) + 0.05) / (Math.Min(a, b) + 0.05);
            Assert.True(ratio >= 4.5, $"{number.TextContent} in {number.GetAttribute("fill")} on {square.GetAttribute("fill")}: {ratio:0.00}:1");
        }
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
        await App.FoldSteeringAsync();
        using var scope = App.Services.CreateScope();
        var page = await manager.GetPageAsync("/pilotage/tableau-de-bord");

        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var loire = await (from r in db.Referrals join o in db.Offices on r.OfficeId equals o.Id where o.DepartmentCode == "42" select r.Id).ToListAsync();
        var reached = await db.ReferralEvents.Where(e => loire.Contains(e.ReferralId)).GroupBy(e => e.To).Select(g => new { g.Key, Count = g.Select(e => e.ReferralId).Distinct().Count() }).ToListAsync();
        var funnel = page.QuerySelector("#vue-orientations")!.QuerySelectorAll("tbody tr").ToDictionary(r => r.QuerySelector("th")!.TextContent, r => r.QuerySelectorAll("td").Select(td => td.TextContent).ToList());
        Assert.Equal($"{reached.Single(r => r.Key == Domain.Referrals.ReferralStatus.Sent).Count}", funnel["envoyée au partenaire"][0]);
        Assert.Equal($"{reached.Single(r => r.Key == Domain.Referrals.ReferralStatus.Contacted).Count}", funnel["client contacté"][0]);
        Assert.Equal($"{reached.Single(r => r.Key == Domain.Referrals.ReferralStatus.Proposed).Count}", funnel["proposée"][0]);
        Assert.Equal("0,0", funnel["client contacté"][1]);   // contacted the day it was sent

        // One office: counted from its own referrals, the same way.
        using var admin = await App.SignedInAsync(await App.CreateAdminAsync());
        var own = (await admin.GetPageAsync($"/pilotage/tableau-de-bord?bureau={office.Id}")).QuerySelector("#vue-orientations")!.QuerySelectorAll("tbody tr")
            .ToDictionary(r => r.QuerySelector("th")!.TextContent, r => r.QuerySelectorAll("td").Select(td => td.TextContent).ToList());
        Assert.Equal(["2", "—"], own["proposée"]);
        Assert.Equal(["1", "0,0"], own["client contacté"]);
        Assert.Equal("—", funnel["parcours terminé"][1]);
    }

    [Fact]
    public async Task The_roll_out_counts_active_offices_against_the_target_and_those_without_a_mediator_day()
    {
        await App.CreateOfficeAsync("42");
        await App.CreateOfficeAsync("42", days: Weekdays.None);
        await App.CreateOfficeAsync("42", status: ProgrammeStatus.Pilot);
        using var manager = await App.SignedInAsync(await App.CreateManagerAsync(TerritoryLevel.Department, "42"));
        var rows = (await manager.GetPageAsync("/pilotage/tableau-de-bord")).QuerySelector("#vue-deploiement")!.QuerySelectorAll("tbody tr");
        var last = rows[^1].QuerySelectorAll("td").Select(td => td.TextContent).ToList();

        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var active = await db.Offices.Where(o => o.DepartmentCode == "42" && o.Status == ProgrammeStatus.Active && o.ActiveSince != null).Select(o => o.PresenceDays).ToListAsync();
        Assert.Equal($"{active.Count}", last[0]);
        Assert.Equal("—", last[1]);   // the target is national
        Assert.Equal($"{active.Count(d => d == Weekdays.None)}", last[2]);
        var daysPerWeek = active.Sum(d => Enum.GetValues<Weekdays>().Count(w => w != Weekdays.None && d.HasFlag(w)));
        Assert.Equal(SteeringReport.Round1((decimal)daysPerWeek / active.Count).ToString("N1", ParisTime.French), last[3]);

        using var admin = await App.SignedInAsync(await App.CreateAdminAsync());
        var national = (await admin.GetPageAsync("/pilotage/tableau-de-bord")).QuerySelector("#vue-deploiement")!.QuerySelectorAll("tbody tr")[^1];
        Assert.Matches("^[0-9 \u202f]+$", national.QuerySelectorAll("td")[1].TextContent);   // the national target (300 unless an admin set it)
    }

    private static (DateOnly From, DateOnly To) LastFourMonths()
    {
        var today = ParisTime.Today(TimeProvider.System);
        var to = new DateOnly(today.Year, today.Month, 1);
        return (to.AddMonths(-3), to);
    }

    [Fact]
    public async Task One_office_is_counted_alone_and_its_own_manager_sees_nothing_else()
    {
        var (loire, gers) = await SeedAsync();
        var (from, to) = LastFourMonths();
        var period = $"du={from:yyyy-MM}&au={to:yyyy-MM}";
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var mine = (await db.Diagnostics.AsNoTracking().Where(d => d.OfficeId == loire[0].Id).ToListAsync())
            .Where(d => DateOnly.FromDateTime(ParisTime.ToParis(d.FilledAt)) >= from).ToList();
        Assert.NotEmpty(mine);

        using var loireManager = await App.SignedInAsync(await App.CreateManagerAsync(TerritoryLevel.Department, "42"));
        var page = await loireManager.GetPageAsync($"/pilotage/tableau-de-bord?{period}&departement=42&bureau={loire[0].Id}");
        Assert.Contains($"{loire[0].Name} (42) : {mine.Count} diagnostics, dont {mine.Count(d => d.Illectronisme)} en situation d'illectronisme", page.QuerySelector(".lead")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(mine.Count(d => d.Level == 2), Rows(page, "niveaux").Single(l => l.Key.StartsWith("2 ", StringComparison.Ordinal)).Value[0]);
        Assert.Equal(mine.Count, Rows(page, "mois").Values.Sum(v => v[0]));
        Assert.Null(page.QuerySelector("#vue-bureaux"));
        Assert.Contains(page.QuerySelectorAll("#Office option"), o => o.GetAttribute("value") == $"{loire[0].Id}" && o.HasAttribute("selected"));
        Assert.Equal(HttpStatusCode.NotFound, (await loireManager.GetAsync(new Uri($"/pilotage/tableau-de-bord?bureau={gers.Id}", UriKind.Relative))).StatusCode);

        // A manager of one office: that office without asking, nothing else (404 like a missing office).
        using var officeManager = await App.SignedInAsync(await App.CreateManagerAsync(TerritoryLevel.Office, loire[0].SiteCode));
        var own = await officeManager.GetPageAsync($"/pilotage/tableau-de-bord?{period}");
        Assert.Contains($"{loire[0].Name} (42) : {mine.Count} diagnostics", own.QuerySelector(".lead")!.TextContent, StringComparison.Ordinal);
        Assert.Null(own.QuerySelector("#Department"));
        foreach (var url in new[] { $"?bureau={loire[1].Id}", "?departement=42", $"?handler=Diagnostics&bureau={loire[1].Id}", "?bureau=999999" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await officeManager.GetAsync(new Uri("/pilotage/tableau-de-bord" + url, UriKind.Relative))).StatusCode);
        }

        // Their list of diagnostics: their office's lines only, no personal data.
        var csv = Encoding.UTF8.GetString(await officeManager.GetByteArrayAsync(new Uri($"/pilotage/tableau-de-bord?handler=Diagnostics&{period}", UriKind.Relative)));
        var lines = csv.TrimStart('\uFEFF').Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Date;Code site;Bureau;Département;Mode", lines[0], StringComparison.Ordinal);
        Assert.Equal(mine.Count, lines.Length - 1);
        Assert.All(lines.Skip(1), l => Assert.Contains($";{loire[0].SiteCode};", l, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, (await officeManager.GetAsync(new Uri("/pilotage/tableau-de-bord?handler=Diagnostics&format=pdf", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task The_diagnostics_list_of_a_department_holds_its_diagnostics_alone_in_csv_and_xlsx()
    {
        var (loire, gers) = await SeedAsync();
        var (from, to) = LastFourMonths();
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var ids = await db.Offices.Where(o => o.DepartmentCode == "32").Select(o => o.Id).ToListAsync();
        var expected = (await db.Diagnostics.AsNoTracking().Where(d => ids.Contains(d.OfficeId)).ToListAsync()).Count(d => DateOnly.FromDateTime(ParisTime.ToParis(d.FilledAt)) >= from);
        using var gersManager = await App.SignedInAsync(await App.CreateManagerAsync(TerritoryLevel.Department, "32"));
        var xlsx = await gersManager.GetByteArrayAsync(new Uri($"/pilotage/tableau-de-bord?handler=Diagnostics&format=xlsx&du={from:yyyy-MM}&au={to:yyyy-MM}", UriKind.Relative));
        var sheet = MiniExcelLibs.MiniExcel.Query(new MemoryStream(xlsx), useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(expected, sheet.Count);
        Assert.All(sheet, r => Assert.Equal("32", r["Département"]));
        Assert.DoesNotContain(sheet.SelectMany(r => r.Keys), k => k.Contains("Prénom", StringComparison.OrdinalIgnoreCase) || k.Contains("Téléphone", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(HttpStatusCode.NotFound, (await gersManager.GetAsync(new Uri($"/pilotage/tableau-de-bord?handler=Diagnostics&departement=42", UriKind.Relative))).StatusCode);
        _ = loire;
        _ = gers;
    }

    [Fact]
    public async Task Actions_are_counted_by_tier_once_frozen_and_re_diagnosed_clients_show_their_progress()
    {
        var office = await App.CreateOfficeAsync("32");
        var mediator = await App.CreateMediatorAsync(office);
        using (var scope = App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var catalogue = scope.ServiceProvider.GetRequiredService<Domain.Orientation.ActionCatalogue>();
            var twoDaysAgo = DateTime.UtcNow.AddDays(-2);
            foreach (var (kind, minutes, noted) in new[] { (Domain.Activity.ActionKind.Informed, (int?)null, twoDaysAgo), (Domain.Activity.ActionKind.Accompanied, 30, twoDaysAgo),
                (Domain.Activity.ActionKind.Accompanied, 45, twoDaysAgo), (Domain.Activity.ActionKind.ReferralProposed, null, twoDaysAgo), (Domain.Activity.ActionKind.Informed, null, DateTime.UtcNow) })
            {
                var action = new Domain.Activity.RecordedAction(Guid.NewGuid(), office.Id, mediator.Id, null, null, noted);
                action.Describe(catalogue, kind, null, Domain.Offices.SelfServiceMachines.None, minutes, noted, noted);
                db.RecordedActions.Add(action);
            }

            await db.SaveChangesAsync();
        }

        // The same client diagnosed twice, then a third time: two re-diagnoses, each against the one before. Keyed from
        // paper with the client's reference, as the office does: each diagnostic is stored with its client, so the
        // background fold, whenever it runs, counts it as a re-diagnosis (attaching the client afterwards raced it).
        using var admin = await App.SignedInAsync(await App.CreateAdminAsync());
        string reference;
        using (var scope = App.Services.CreateScope())
        {
            var client = await scope.ServiceProvider.GetRequiredService<Features.Clients.ClientRegistry>().CreateAsync(office.Id, CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().SaveChangesAsync();
            reference = client.Reference;
        }

        using var keyer = await App.SignedInAsync(mediator);
        var diagnosticIds = new List<Guid>();
        foreach (var (answer, daysAgo) in new[] { ("non", 20), ("seul", 10), ("avec-aide", 5) })
        {
            var answers = (JsonObject)Diagnostics.DiagnosticsApiTests.Submission(office)["answers"]!;
            foreach (var k in new[] { "K1", "K3", "K5", "K6", "K8" })
            {
                answers[k] = answer;
            }

            using var keyed = await keyer.PostFormAsync($"/bureaux/{office.Id}/papier/saisie",
            [
                new("SheetNumber", $"{System.Security.Cryptography.RandomNumberGenerator.GetString("ABCDEFGHJKMNPQRSTUVWXYZ23456789", 4)}-{System.Security.Cryptography.RandomNumberGenerator.GetString("ABCDEFGHJKMNPQRSTUVWXYZ23456789", 4)}"),
                new("FilledOn", ParisTime.Today(TimeProvider.System).AddDays(-daysAgo).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                new("ClientReference", reference), new("Needs", "caf"),
                .. answers.Select(a => KeyValuePair.Create($"Answers[{a.Key}]", a.Value!.GetValue<string>())),
            ]);
            Assert.Equal(HttpStatusCode.Redirect, keyed.StatusCode);
            diagnosticIds.Add(Guid.Parse(keyed.Headers.Location!.OriginalString.Split('/')[2]));
        }

        var levels = new List<int>();
        using (var scope = App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            foreach (var id in diagnosticIds)
            {
                levels.Add(await db.Diagnostics.Where(d => d.Id == id).Select(d => d.Level).SingleAsync());
            }
        }

        await App.FoldSteeringAsync();

        var (from, to) = LastFourMonths();
        var page = await admin.GetPageAsync($"/pilotage/tableau-de-bord?du={from:yyyy-MM}&au={to:yyyy-MM}&bureau={office.Id}");
        var actions = Rows(page, "actions");
        Assert.Equal([1m, null], actions["Informer"]);   // the action noted just now is not frozen yet
        Assert.Equal([2m, 1.3m], actions["Accompagner en bureau"]);   // 75 minutes
        Assert.Equal([1m, null], actions["Orienter vers un partenaire"]);
        var progress = Rows(page, "progression");
        Assert.Equal((levels[1] > levels[0] ? 1 : 0) + (levels[2] > levels[1] ? 1 : 0), progress["niveau en hausse"][0]);
        Assert.Equal((levels[1] < levels[0] ? 1 : 0) + (levels[2] < levels[1] ? 1 : 0), progress["niveau en baisse"][0]);
        Assert.Equal(2, progress.Values.Sum(v => v[0]));

        // The department view reads the same numbers from the cells.
        var department = await admin.GetPageAsync($"/pilotage/tableau-de-bord?du={from:yyyy-MM}&au={to:yyyy-MM}&departement=32");
        Assert.True(Rows(department, "actions")["Accompagner en bureau"][0] >= 2);
        Assert.True(Rows(department, "progression").Values.Sum(v => v[0]) >= 2);
    }

    [Fact]
    public async Task Pass_numerique_cheques_given_and_redeemed_appear_month_by_month()
    {
        var office = await App.CreateOfficeAsync("32");
        var mediator = await App.CreateMediatorAsync(office);
        var (_, first) = await App.CreateStockAsync(office, 5);
        using (var scope = App.Services.CreateScope())
        {
            var client = await scope.ServiceProvider.GetRequiredService<Features.Clients.ClientRegistry>().CreateAsync(office.Id, CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().SaveChangesAsync();
            var (numbers, error) = await scope.ServiceProvider.GetRequiredService<Features.DigitalPass.PassService>().IssueAsync(office.Id, client.Id, null, 3, mediator.Id, CancellationToken.None);
            Assert.Null(error);
            Assert.Equal(3, numbers.Count);
        }

        using var admin = await App.SignedInAsync(await App.CreateAdminAsync());
        var page = await admin.GetPageAsync($"/pilotage/tableau-de-bord?bureau={office.Id}");
        var thisMonth = ParisTime.Today(TimeProvider.System).ToString("MMMM yyyy", ParisTime.French);
        Assert.Equal([3m, 0m, 0m], Rows(page, "pass")[thisMonth]);
        _ = first;
    }

    [Fact]
    public async Task The_roll_out_follows_the_history_of_statuses_and_the_admins_target()
    {
        var office = await App.CreateOfficeAsync("2A");
        await App.CreateOfficeAsync("2A");
        using var admin = await App.SignedInAsync(await App.CreateAdminAsync());
        var today = ParisTime.Today(TimeProvider.System);
        async Task<Dictionary<string, decimal?[]>> RollOutAsync() =>
            Rows(await admin.GetPageAsync($"/pilotage/tableau-de-bord?departement=2A&du={today.AddMonths(-2):yyyy-MM}&au={today:yyyy-MM}"), "deploiement");
        var month = today.ToString("MMMM yyyy", ParisTime.French);
        var before = (await RollOutAsync())[month][0];

        // The office leaves the programme today: no longer counted this month, still counted the months before.
        using var left = await admin.PostFormAsync($"/admin/bureaux/{office.Id}", [new("Status", "NotEnrolled"), new("PilotSince", ""), new("ActiveSince", "")]);
        Assert.Equal(HttpStatusCode.OK, left.StatusCode);
        var history = await HttpHelpers.ParseAsync(left);
        Assert.Equal(2, history.QuerySelectorAll("#titre-historique ~ div tbody tr, section[aria-labelledby='titre-historique'] tbody tr").Length);
        var after = await RollOutAsync();
        Assert.Equal(before - 1, after[month][0]);
        Assert.Equal(before, after[today.AddMonths(-1).ToString("MMMM yyyy", ParisTime.French)][0]);

        // The admin sets the national target; bad values are refused naming the field.
        var refused = await admin.PostFormAsync("/admin/pilotage", [new("Target", "deux cents")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.NotNull((await HttpHelpers.ParseAsync(refused)).QuerySelector(".error-summary a[href='#Target']"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await admin.PostFormAsync("/admin/pilotage", [new("Target", "0")])).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostFormAsync("/admin/pilotage", [new("Target", "450")])).StatusCode);
        var national = Rows(await admin.GetPageAsync("/pilotage/tableau-de-bord"), "deploiement");
        Assert.Equal(450, national[month][1]);
        using var manager = await App.SignedInAsync(await App.CreateManagerAsync(TerritoryLevel.Department, "2A"));
        using var denied = await manager.GetAsync(new Uri("/admin/pilotage", UriKind.Relative));
        Assert.StartsWith("/acces-refuse", denied.Headers.Location?.AbsolutePath, StringComparison.Ordinal);
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
        if (App.Provider == DatabaseProvider.Sqlite)
        {
            // The three passes left nothing out (on PostgreSQL a pass may stop below another transaction still open).
            Assert.False(await SteeringCube.AnyUnfoldedDiagnosticAsync(db, new DateTime(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc), CancellationToken.None));
        }

        await App.FoldSteeringAsync();
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
        using var badOffice = await loire.GetAsync(new Uri("/pilotage/tableau-de-bord?departement=42&bureau=abc&mode=Jamais", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, badOffice.StatusCode);
        var summary = (await HttpHelpers.ParseAsync(badOffice)).QuerySelector(".error-summary")!;
        Assert.NotNull(summary.QuerySelector("a[href='#Office']"));
        Assert.NotNull(summary.QuerySelector("a[href='#mode']"));
        Assert.Contains("« abc »", summary.TextContent, StringComparison.Ordinal);
    }
}

public sealed class DashboardTests_Sqlite(SqliteApp app) : DashboardTests(app), IClassFixture<SqliteApp>;

public sealed class DashboardTests_PostgreSql(PostgresApp app) : DashboardTests(app), IClassFixture<PostgresApp>;
