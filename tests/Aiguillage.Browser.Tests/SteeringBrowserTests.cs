using System.Text;
using Microsoft.Playwright;

namespace Aiguillage.Browser.Tests;

/// <summary>Issue 8 (first views) in Chromium: the dashboard renders, its filters work by keyboard, it is accessible, its CSV opens in French Excel.</summary>
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

    [Fact]
    public async Task The_dashboard_filters_by_keyboard_is_accessible_and_exports_a_csv_for_french_excel()
    {
        var page = await F.NewPageAsync(F.Manager);
        await page.GotoAsync("/pilotage/tableau-de-bord");
        await page.AssertNoViolationsAsync();
        await page.Locator("#Mode").FocusAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await page.Keyboard.PressAsync("ArrowDown");
        Assert.Equal("Self", await page.Locator("#Mode").InputValueAsync());
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**mode=Self**");
        Assert.Contains("diagnostic(s)", await page.Locator(".lead").TextContentAsync(), StringComparison.Ordinal);
        await page.AssertNoViolationsAsync();
        await page.ScreenshotAsync("tableau-de-bord");

        var href = await page.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^télécharger \\(CSV\\) : Niveaux") }).GetAttributeAsync("href");
        var response = await page.APIRequest.GetAsync(href!);
        var bytes = await response.BodyAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        Assert.Equal(3, text.Split('\n')[0].Split(';').Length);
        Assert.Contains("Débutant", text, StringComparison.Ordinal);
    }
}
