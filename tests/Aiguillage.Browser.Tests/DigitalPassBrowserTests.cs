using Aiguillage.Testing;
using Aiguillage.Web.Platform.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Aiguillage.Browser.Tests;

/// <summary>Issue 7 in real Chromium: a book registered and allocated, a cheque issued through a referral, redeemed, counted.</summary>
public abstract class DigitalPassBrowserTests(BrowserFixture fixture)
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
    public async Task A_cheque_goes_from_a_registered_book_to_a_redemption_and_the_managers_figures_match()
    {
        var f = F;
        using (var scope = f.App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            (await db.Partners.FindAsync(f.PartnerId))!.Describe(null, "W423000123", null, acceptsPassNumerique: true);
            await db.SaveChangesAsync();
        }

        var referral = await f.App.CreateReferralAsync(f.Office, f.Partner, f.Mediator);
        var funder = $"Conseil départemental (navigateur {Guid.NewGuid():N})"[..48];

        // The admin creates the agreement, registers a book and allocates it to the office.
        var admin = await f.NewPageAsync(f.Admin);
        await admin.GotoAsync("/pass-numerique");
        await admin.AssertNoViolationsAsync();
        await admin.GetByLabel("Financeur").FillAsync(funder);
        await admin.GetByLabel("Département (code)").FillAsync("42");
        await admin.GetByLabel("Budget (€)").FillAsync("200");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Créer la convention" }).ClickAsync();
        await admin.WaitForURLAsync("**/pass-numerique/conventions/*", Navigation.Parsed);
        var first = PassTestData.NewNumbers();
        await admin.GetByLabel("Premier numéro").FillAsync($"{first}");
        await admin.GetByLabel("Dernier numéro").FillAsync($"{first + 9}");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le carnet" }).ClickAsync();
        // The office is chosen from the list (its value is the site code): typed here as a keyboard user would.
        await admin.Locator("#AllocateOffice").FillAsync(f.Office.SiteCode);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Attribuer" }).ClickAsync();
        Assert.Contains(f.Office.Name, HttpHelpers.Words(await admin.Locator("main").TextContentAsync()), StringComparison.Ordinal);
        await admin.AssertNoViolationsAsync();

        // The mediator hands a cheque to the referred client, from the referral.
        var mediator = await f.NewPageAsync(f.Mediator);
        await mediator.GotoAsync($"/orientations/{referral.Id}");
        await mediator.GetByRole(AriaRole.Link, new() { Name = "Remettre des pass numérique" }).ClickAsync();
        await mediator.AssertNoViolationsAsync();
        await mediator.GetByRole(AriaRole.Button, new() { Name = "Remettre les chèques" }).ClickAsync();
        var notice = await mediator.Locator("[role=status]").TextContentAsync();
        Assert.Contains($"n° {first}", notice, StringComparison.Ordinal);
        var code = await mediator.Locator("[role=status] strong.code").TextContentAsync();
        await mediator.AssertNoViolationsAsync();

        // The partner redeems it with the code the mediator wrote on it.
        var partner = await f.NewPageAsync(f.PartnerStaff);
        await partner.GotoAsync("/partenaire/pass-numerique");
        await partner.AssertNoViolationsAsync();
        await partner.GetByLabel("Numéro du chèque").FillAsync($"{first}");
        await partner.GetByLabel("Code de contrôle").FillAsync(code!);
        await partner.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le chèque utilisé" }).ClickAsync();
        Assert.Contains($"Chèque n° {first} enregistré", HttpHelpers.Words(await partner.Locator("[role=status]").TextContentAsync()), StringComparison.Ordinal);
        await partner.AssertNoViolationsAsync();

        // The manager of the Loire sees it: 9 in stock, none waiting, one redeemed (10,00 €).
        var manager = await f.NewPageAsync(f.Manager);
        await manager.GotoAsync("/pass-numerique");
        var row = manager.Locator("tbody tr", new() { HasText = funder });
        var cells = await row.Locator("td").AllTextContentsAsync();
        Assert.StartsWith("9", cells[0].Trim(), StringComparison.Ordinal);
        Assert.StartsWith("0", cells[1].Trim(), StringComparison.Ordinal);
        Assert.StartsWith("1", cells[2].Trim(), StringComparison.Ordinal);
        Assert.Contains("10,00", cells[2], StringComparison.Ordinal);
        await manager.AssertNoViolationsAsync();
        await manager.ScreenshotAsync("pass-numerique-pilote");
    }
}

public sealed class DigitalPassBrowserTests_Sqlite(BrowserFixture fixture) : DigitalPassBrowserTests(fixture), IClassFixture<BrowserFixture>;

public sealed class DigitalPassBrowserTests_PostgreSql(PostgresBrowserFixture fixture) : DigitalPassBrowserTests(fixture), IClassFixture<PostgresBrowserFixture>;
