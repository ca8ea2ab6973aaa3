using Aiguillage.Testing;
using System.Text;
using System.Text.RegularExpressions;
using Aiguillage.Domain.Diagnostics;
using Aiguillage.Web.Features.Diagnostics;
using Aiguillage.Web.Features.Steering;
using Aiguillage.Web.Platform.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Aiguillage.Browser.Tests;

/// <summary>Issue 8 in Chromium: the dashboard renders its charts, its filters work by keyboard, it is accessible, its files open in French Excel.</summary>
public sealed class SteeringBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private BrowserFixture F
    {
        get
        {
            Assert.SkipWhen(fixture.SkipReason is not null, fixture.SkipReason ?? string.Empty);
            return fixture;
        }
    }

    /// <summary>Thirty diagnostics of varied answers in the fixture's office over the last weeks, folded into the cells.</summary>
    private async Task SeedAsync()
    {
        using var scope = F.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (db.Diagnostics.Any(d => d.SubmittedBy == "steering-browser"))
        {
            return;
        }

        var definition = scope.ServiceProvider.GetRequiredService<QuestionnaireCatalog>().Current.Definition;
        var random = new Random(8);
        string[] ages = ["25-34", "65-74", "75+"];
        string[] genders = ["femme", "homme", "nsp"];
        for (var i = 0; i < 30; i++)
        {
            var answers = definition.Questions.ToDictionary(q => q.Id, q => q.Options[random.Next(q.Options.Count)].Id);
            var sheet = new AnswerSheet(answers, ["caf", "banque"], new Dictionary<string, string> { ["ageBand"] = ages[i % 3], ["gender"] = genders[i % 3] });
            var filled = DateTime.UtcNow.AddDays(-i * 2);
            db.Diagnostics.Add(new Diagnostic(Guid.NewGuid(), F.Office.Id, (DiagnosticMode)(i % 3), definition, "steering-browser", sheet, filled, filled, "steering-browser", $"steering-browser-{i}"));
        }

        await db.SaveChangesAsync();
        await F.App.FoldSteeringAsync();
    }

    /// <summary>Presses Tab until the button of that text has the focus (a select does not submit its form on Enter).</summary>
    private static async Task TabToAsync(IPage page, string button)
    {
        for (var i = 0; i < 10; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<string>("() => document.activeElement?.tagName === 'BUTTON' ? document.activeElement.textContent.trim() : ''") == button)
            {
                return;
            }
        }

        throw new InvalidOperationException($"« {button} » is not reached by Tab");
    }

    [Fact]
    public async Task The_dashboard_draws_its_charts_filters_by_keyboard_is_accessible_and_exports_csv_and_xlsx()
    {
        await SeedAsync();
        var page = await F.NewPageAsync(F.Manager);
        await page.GotoAsync("/pilotage/tableau-de-bord");
        await page.AssertNoViolationsAsync();

        // Every chart is an image with a name, beside its table.
        Assert.True(await page.Locator("svg.chart[role=img]").CountAsync() >= 6);
        Assert.Equal(1, await page.Locator("#vue-matrice svg.chart").CountAsync());
        Assert.Contains("barres empilées", await page.Locator("#vue-profils svg title").TextContentAsync(), StringComparison.Ordinal);

        // Issue 18: the first screen holds the key figures; each view opens by keyboard, its charts' labels drawn at
        // 12 px at least on a computer as on a phone (the chart scrolls in its frame there, not the page).
        Assert.Equal(4, await page.Locator(".key-figure").CountAsync());
        await page.Locator("#vue-niveaux > summary").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        Assert.True(await page.Locator("#vue-niveaux").EvaluateAsync<bool>("d => d.open"));
        await page.EvaluateAsync("() => document.querySelectorAll('details').forEach(d => d.open = true)");
        var size = page.ViewportSize!;
        foreach (var width in new[] { 1280, 390 })
        {
            await page.SetViewportSizeAsync(width, 844);
            var smallest = await page.EvaluateAsync<double>("() => Math.min(...[...document.querySelectorAll('svg.chart text')].map(t => parseFloat(t.getAttribute('font-size')) * t.getScreenCTM().a))");
            Assert.True(smallest >= 12, $"a chart label is drawn at {smallest:0.0} px at {width} px wide");
        }

        await page.SetViewportSizeAsync(size.Width, size.Height);
        await page.AssertNoViolationsAsync();

        // Mode « en autonomie », by week, then « Afficher », all by keyboard.
        await page.Locator("#mode").FocusAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await page.Keyboard.PressAsync("ArrowDown");
        Assert.Equal("Self", await page.Locator("#mode").InputValueAsync());
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("ArrowDown");
        Assert.Equal("semaine", await page.Locator("#Grain").InputValueAsync());
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**par=semaine**", Navigation.Parsed);
        Assert.Contains("mode=Self", page.Url, StringComparison.Ordinal);
        Assert.Contains(" diagnostic", HttpHelpers.Words(await page.Locator(".lead").TextContentAsync()), StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator("#titre-semaines").CountAsync());
        await page.AssertNoViolationsAsync();
        await page.ScreenshotAsync("tableau-de-bord");

        // The office of the department, picked from the list the department brings.
        await page.GotoAsync("/pilotage/tableau-de-bord?departement=42");
        await page.Locator("#Office").SelectOptionAsync(new SelectOptionValue { Label = F.Office.Name });
        await page.Locator("#Office").FocusAsync();
        await TabToAsync(page, "Afficher");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync($"**bureau={F.Office.Id}**", Navigation.Parsed);
        Assert.StartsWith(F.Office.Name, HttpHelpers.Words(await page.Locator(".lead").TextContentAsync()), StringComparison.Ordinal);
        await page.AssertNoViolationsAsync();

        // The exports sit with each table: open the view, then « Voir le tableau ».
        await page.Locator("#vue-niveaux > summary").ClickAsync();
        await page.Locator("#vue-niveaux details.table-details > summary").ClickAsync();
        var csvHref = await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^CSV : Niveaux") }).GetAttributeAsync("href");
        var bytes = await (await page.APIRequest.GetAsync(csvHref!)).BodyAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        Assert.Equal(["Niveau", "Diagnostics", "Part (%)", "dont illectronisme"], text.Split('\n')[0].TrimEnd('\r').Split(';'));
        Assert.Contains("Débutant", text, StringComparison.Ordinal);
        Assert.Matches(@";\d+,\d;|;\d+;", text);

        var xlsxHref = await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Excel XLSX : Niveaux") }).GetAttributeAsync("href");
        var xlsx = await page.APIRequest.GetAsync(xlsxHref!);
        Assert.StartsWith("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Headers["content-type"], StringComparison.Ordinal);
        var sheet = MiniExcelLibs.MiniExcel.Query(new MemoryStream(await xlsx.BodyAsync()), useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        Assert.Contains("Part (%)", sheet[0].Keys);
    }

    [Fact]
    public async Task The_open_data_page_shows_a_department_in_detail_and_is_accessible()
    {
        await SeedAsync();
        var page = await F.NewPageAsync();
        await page.GotoAsync("/donnees-ouvertes");
        await page.Locator("#Department").SelectOptionAsync("42");
        await page.Locator("#Department").FocusAsync();
        await TabToAsync(page, "Afficher le détail");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**departement=42**", Navigation.Parsed);
        Assert.Equal(1, await page.Locator("#titre-niveaux").CountAsync());
        await page.AssertNoViolationsAsync();
    }
}
