using Aiguillage.Testing;
using Microsoft.Playwright;

namespace Aiguillage.Browser.Tests;

/// <summary>Issue 6 in real Chromium: the mediator refers, the partner enrols, the mediator sees the status.</summary>
public abstract class ReferralBrowserTests(BrowserFixture fixture)
{
    private static readonly string[] Beginner = ["oui-peu", "non", "un-seul", "oui-aide", "avec-aide", "pas-concerne", "non", "avec-aide", "non", "non", "seul", "non", "pas-toujours", "un-peu-inquiet", "parfois"];

    private BrowserFixture F
    {
        get
        {
            Assert.SkipWhen(fixture.SkipReason is not null, fixture.SkipReason ?? string.Empty);
            return fixture;
        }
    }

    [Fact]
    public async Task The_mediator_refers_the_partner_enrols_and_the_mediator_sees_the_status()
    {
        var mediator = await F.NewPageAsync(F.Mediator);
        var id = Guid.NewGuid();
        string[] ids = ["E1", "E2", "E3", "E4", "K1", "K2", "K3", "K4", "K5", "K6", "K7", "K8", "K9", "C1", "C2"];
        var answers = string.Join(",", ids.Zip(Beginner).Select(a => $"\"{a.First}\":\"{a.Second}\""));
        var json = $"{{\"id\":\"{id}\",\"officeSiteCode\":\"{F.Office.SiteCode}\",\"mode\":\"assisted\",\"questionnaireId\":\"aisance-numerique\",\"questionnaireVersion\":1,"
            + $"\"answers\":{{{answers}}},\"needs\":[\"caf\"],\"filledAt\":\"{DateTime.UtcNow.AddMinutes(-5):O}\"}}";
        Assert.Equal(201, (await mediator.APIRequest.PostAsync("/api/v1/diagnostics", new() { Data = json, Headers = new Dictionary<string, string> { ["Content-Type"] = "application/json" } })).Status);

        // The mediator proposes the session found from the result.
        await mediator.GotoAsync($"/lieux?diagnostic={id}");
        await mediator.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Proposer cette séance") }).First.ClickAsync();
        await mediator.WaitForURLAsync("**/orientations/nouvelle?**", Navigation.Parsed);
        await mediator.AssertNoViolationsAsync();
        await mediator.GetByLabel("Prénom du client").FillAsync("Awa");
        await mediator.GetByRole(AriaRole.Textbox, new() { Name = "Téléphone" }).FillAsync("06 12 34 56 78");
        await mediator.GetByRole(AriaRole.Button, new() { Name = "Envoyer l'orientation" }).ClickAsync();
        Assert.Contains("Sans l'accord du client", HttpHelpers.Words(await mediator.Locator(".error-summary").TextContentAsync()), StringComparison.Ordinal);
        await mediator.AssertNoViolationsAsync();
        await mediator.GetByLabel("Le client a lu ou entendu ce texte et donne son accord").CheckAsync();
        await mediator.GetByRole(AriaRole.Button, new() { Name = "Envoyer l'orientation" }).ClickAsync();
        await mediator.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/orientations/[0-9a-f-]{36}$"), Navigation.Parsed);
        Assert.Contains("envoyée au partenaire", HttpHelpers.Words(await mediator.Locator(".lead").TextContentAsync()), StringComparison.Ordinal);
        await mediator.AssertNoViolationsAsync();
        var referralUrl = mediator.Url;

        // The partner finds it in the inbox, marks the contact and enrols the client.
        var partner = await F.NewPageAsync(F.PartnerStaff);
        await partner.GotoAsync("/partenaire/orientations");
        await partner.AssertNoViolationsAsync();
        await partner.Locator($"a[href='{new Uri(referralUrl).AbsolutePath}']").ClickAsync();
        Assert.Contains("0612345678", HttpHelpers.Words(await partner.Locator("main").TextContentAsync()), StringComparison.Ordinal);
        await partner.AssertNoViolationsAsync();
        await partner.GetByRole(AriaRole.Button, new() { Name = "Le client a été contacté" }).ClickAsync();
        await partner.GetByLabel("Inscrire à une séance").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await partner.GetByRole(AriaRole.Button, new() { Name = "Inscrire le client" }).ClickAsync();
        Assert.Contains("inscrit à une séance", HttpHelpers.Words(await partner.Locator(".lead").TextContentAsync()), StringComparison.Ordinal);
        await partner.AssertNoViolationsAsync();
        await partner.ScreenshotAsync("orientation-partenaire");

        // The office sees where it stands.
        await mediator.GotoAsync($"/bureaux/{F.Office.Id}/orientations");
        Assert.Contains("inscrit à une séance", HttpHelpers.Words(await mediator.Locator("table").TextContentAsync()), StringComparison.Ordinal);
        await mediator.AssertNoViolationsAsync();
    }
}

public sealed class ReferralBrowserTests_Sqlite(BrowserFixture fixture) : ReferralBrowserTests(fixture), IClassFixture<BrowserFixture>;

public sealed class ReferralBrowserTests_PostgreSql(PostgresBrowserFixture fixture) : ReferralBrowserTests(fixture), IClassFixture<PostgresBrowserFixture>;
