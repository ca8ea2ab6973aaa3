using Aiguillage.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Aiguillage.Browser.Tests;

/// <summary>Sign-in, homes and office pages in real Chromium: they work, by keyboard too, and axe finds nothing.</summary>
public sealed class FoundationPagesTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
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
    public async Task A_mediator_signs_in_reaches_their_office_and_a_screenshot_is_saved()
    {
        var page = await F.NewPageAsync(F.Mediator);
        Assert.EndsWith("/bureaux", page.Url, StringComparison.Ordinal);
        await page.GetByRole(AriaRole.Link, new() { Name = "SAINT ETIENNE GRAND POSTE" }).ClickAsync();
        Assert.Equal("SAINT ETIENNE GRAND POSTE", HttpHelpers.Words(await page.Locator("h1").TextContentAsync()));
        await page.ScreenshotAsync("bureau-mediateur");
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "screenshots", "bureau-mediateur.png")));
    }

    [Fact]
    public async Task A_button_that_sends_a_form_is_disabled_once_pressed_and_a_second_press_sends_nothing()
    {
        // Issue 15 §2. The form's request is answered « 204 No Content » by the test, so the browser stays on the page
        // as it would while a slow server answers, and what the page shows can be read; no waiting on time.
        var page = await F.NewPageAsync(F.Mediator);
        await page.GotoAsync($"/bureaux/{F.Office.Id}/diagnostic");
        var posts = 0;
        await page.RouteAsync("**/diagnostic", async route =>
        {
            if (route.Request.Method == "POST")
            {
                Interlocked.Increment(ref posts);
                await route.FulfillAsync(new() { Status = 204 });
                return;
            }

            await route.ContinueAsync();
        });

        // Pressed from the page's own script (Playwright's click waits for navigations, and this one never comes); the
        // state is read after a turn of the page's event loop, when forms.js has done its part.
        const string Button = "document.querySelector('main form button[type=submit]')";
        await page.EvaluateAsync($"() => {Button}.click()");
        var state = await page.EvaluateAsync<bool[]>($"() => new Promise(r => setTimeout(() => r([{Button}.disabled, {Button}.getAttribute('aria-disabled') === 'true']), 0))");
        Assert.Equal([true, true], state);
        await page.EvaluateAsync($"() => {Button}.click()");
        await page.EvaluateAsync("() => document.querySelector('main form').requestSubmit()");

        // A request sent after these presses would be routed before this one comes back.
        await page.EvaluateAsync("() => fetch('/health/live').then(r => r.status)");
        Assert.Equal(1, posts);
        await page.UnrouteAllAsync();
    }

    [Fact]
    public async Task Signing_in_works_with_the_keyboard_alone()
    {
        var page = await F.NewPageAsync();
        await page.GotoAsync("/connexion");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Aller au contenu", await page.EvaluateAsync<string>("document.activeElement.textContent"));
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Input_Email", await page.EvaluateAsync<string>("document.activeElement.id"));
        await page.Keyboard.TypeAsync(F.Admin.Email);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(F.Admin.Password);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/admin", Navigation.Parsed);
        Assert.Equal("Administration", HttpHelpers.Words(await page.Locator("h1").TextContentAsync()));
    }

    [Theory]
    [InlineData(null, "/connexion")]
    [InlineData(null, "/donnees-ouvertes")]
    [InlineData(null, "/integrer/seances?lieu={place}")]
    [InlineData(null, "/integrer/seances?insee=42218&rayon=abc")]
    [InlineData(null, "/accessibilite")]
    [InlineData("mediator", "/bureaux")]
    [InlineData("mediator", "/bureaux/{office}")]
    [InlineData("mediator", "/bureaux/{office}/mode-client")]
    [InlineData("mediator", "/admin")]
    [InlineData("mediator", "/activite")]
    [InlineData("mediator", "/lieux")]
    [InlineData("mediator", "/lieux?Search.PostCode=42000&Search.Services=Aide%20aux%20d%C3%A9marches%20administratives")]
    [InlineData("mediator", "/lieux?Search.PostCode=4200&Search.RadiusKm=999")]
    [InlineData("mediator", "/lieux?Search.PostCode=42000&Search.Language=arabe&Search.Fee=PassNumerique&Search.Accessibility=Surdit%C3%A9&Search.Day=Tuesday&Search.From=14:00&Search.Until=18:00")]
    [InlineData("mediator", "/lieux?Search.PostCode=42000&Search.From=18:00&Search.Until=09:00")]
    [InlineData("mediator", "/activite/action?action=acc-automate")]
    [InlineData("mediator", "/page-inconnue")]
    [InlineData("partner", "/partenaire")]
    [InlineData("partner", "/partenaire/ateliers")]
    [InlineData("partner", "/partenaire/ateliers/{workshop}")]
    [InlineData("partner", "/partenaire/ateliers?atelier={workshop}")]
    [InlineData("partner", "/partenaire/ateliers/{workshop}?seance={session}")]
    [InlineData("partner", "/partenaire/lieux")]
    [InlineData("partner", "/partenaire/cles-api")]
    [InlineData("partner", "/partenaire/webhook")]
    [InlineData("partner", "/partenaire/lieux/fiche")]
    [InlineData("partner", "/partenaire/lieux/fiche?id={place}")]
    [InlineData("admin", "/partenaire/ateliers?partenaire={partner}")]
    [InlineData("admin", "/partenaire/lieux?partenaire={partner}")]
    [InlineData("manager", "/bureaux/{office}")]
    [InlineData("manager", "/pilotage")]
    [InlineData("manager", "/pilotage/tableau-de-bord")]
    [InlineData("manager", "/pilotage/qualite")]
    [InlineData("manager", "/pilotage/resultats")]
    [InlineData("manager", "/pilotage/resultats/comment-lire")]
    [InlineData("manager", "/pilotage/tableau-de-bord?du=2026-12&au=2026-01")]
    [InlineData("manager", "/pass-numerique")]
    [InlineData("admin", "/pilotage/tableau-de-bord")]
    [InlineData("admin", "/pilotage/tableau-de-bord?departement=42&par=semaine")]
    [InlineData("admin", "/admin/pilotage")]
    [InlineData("admin", "/admin/journal")]
    [InlineData("admin", "/admin/langues")]
    [InlineData("mediator", "/compte/mot-de-passe")]
    [InlineData(null, "/donnees-ouvertes?departement=99")]
    [InlineData("admin", "/admin")]
    [InlineData("admin", "/admin/comptes")]
    [InlineData("admin", "/admin/comptes/nouveau")]
    [InlineData("admin", "/admin/bureaux")]
    [InlineData("admin", "/admin/lieux")]
    [InlineData("admin", "/admin/partenaires")]
    [InlineData("admin", "/admin/bureaux/{office}")]
    public async Task Axe_reports_no_violation(string? who, string path)
    {
        var account = who switch
        {
            "mediator" => F.Mediator,
            "partner" => F.PartnerStaff,
            "manager" => F.Manager,
            "admin" => F.Admin,
            _ => null,
        };
        var page = await F.NewPageAsync(account);
        if (path.Contains("{session}", StringComparison.Ordinal))
        {
            using var scope = F.App.Services.CreateScope();
            var session = scope.ServiceProvider.GetRequiredService<Aiguillage.Web.Platform.Data.AppDbContext>().WorkshopSessions
                .Where(s => s.WorkshopId == F.Workshop.Id).Select(s => s.Id).First();
            path = path.Replace("{session}", session.ToString(), StringComparison.Ordinal);
        }

        await page.GotoAsync(path.Replace("{office}", F.Office.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{workshop}", F.Workshop.Id.ToString(), StringComparison.Ordinal)
            .Replace("{place}", Uri.EscapeDataString(F.PlaceId), StringComparison.Ordinal)
            .Replace("{partner}", F.PartnerId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        await page.AssertNoViolationsAsync();
    }

    [Fact]
    public async Task Forms_with_errors_stay_accessible()
    {
        var login = await F.NewPageAsync();
        await login.GotoAsync("/connexion");
        await login.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        Assert.Contains("Indiquez votre adresse e-mail.", HttpHelpers.Words(await login.Locator(".error-summary").TextContentAsync()), StringComparison.Ordinal);
        await login.AssertNoViolationsAsync();

        var admin = await F.NewPageAsync(F.Admin);
        await admin.GotoAsync("/admin/comptes/nouveau");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Créer le compte" }).ClickAsync();
        Assert.Contains("Indiquez l'adresse e-mail.", HttpHelpers.Words(await admin.Locator(".error-summary").TextContentAsync()), StringComparison.Ordinal);
        await admin.AssertNoViolationsAsync();
        await admin.ScreenshotAsync("compte-erreurs");

        var partner = await F.NewPageAsync(F.PartnerStaff);
        await partner.GotoAsync("/partenaire/lieux/fiche");
        await partner.GetByRole(AriaRole.Textbox, new() { Name = "Téléphone" }).FillAsync("0477");
        await partner.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le lieu" }).ClickAsync();
        Assert.Contains("Nom : ", HttpHelpers.Words(await partner.Locator(".error-summary").TextContentAsync()), StringComparison.Ordinal);
        await partner.AssertNoViolationsAsync();
    }

    [Fact]
    public async Task An_admin_opens_an_account_page_that_is_accessible()
    {
        var page = await F.NewPageAsync(F.Admin);
        await page.GotoAsync("/admin/comptes");
        await page.GetByRole(AriaRole.Link, new() { Name = "Médiateur de test" }).First.ClickAsync();
        Assert.StartsWith("Compte de", HttpHelpers.Words(await page.Locator("h1").TextContentAsync()), StringComparison.Ordinal);
        await page.AssertNoViolationsAsync();
    }

    [Fact]
    public async Task A_mediator_finds_a_returning_client_by_first_name_and_phone_by_keyboard()
    {
        // Issue 18: the client lost their paper but consented to be contacted.
        string reference;
        using (var scope = F.App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Aiguillage.Web.Platform.Data.AppDbContext>();
            reference = await Aiguillage.Web.Features.Clients.ClientRegistry.NewReferenceAsync(db, CancellationToken.None);
            var client = new Aiguillage.Domain.Clients.Client(Guid.NewGuid(), reference, F.Office.Id, DateTime.UtcNow);
            client.GiveConsent("suivi-v1", "Geneviève", "07 98 76 54 32", null, "test", DateTime.UtcNow);
            db.Clients.Add(client);
            await db.SaveChangesAsync();
        }

        var page = await F.NewPageAsync(F.Mediator);
        await page.GotoAsync($"/bureaux/{F.Office.Id}/diagnostic");
        await page.GetByRole(AriaRole.Link, new() { Name = "Le client a perdu sa référence ? Le retrouver par son prénom et son téléphone" }).ClickAsync();
        await page.WaitForFunctionAsync("() => document.activeElement && document.activeElement.id === 'FirstName'");
        await page.Keyboard.TypeAsync("genevieve");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("0798765432");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForFunctionAsync("() => document.activeElement && document.activeElement.id === 'resultats'");
        Assert.Contains($"Geneviève, référence {reference}", HttpHelpers.Words(await page.Locator(".card h3").TextContentAsync()), StringComparison.Ordinal);
        await page.AssertNoViolationsAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Commencer son diagnostic" }).ClickAsync();
        await page.WaitForURLAsync("**/questions/1");
    }
}

/// <summary>
/// The page shown while no database server takes requests (issue 22), which the app writes without its layout or
/// the database: loaded at the app's address so that its style sheet applies, it is as accessible and finished as
/// any other page.
/// </summary>
public sealed class DatabaseUnavailablePageTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_page_shown_while_the_database_is_away_is_accessible_and_finished()
    {
        Assert.SkipWhen(fixture.SkipReason is not null, fixture.SkipReason ?? string.Empty);
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/connexion");
        await page.SetContentAsync(Aiguillage.Web.Platform.Data.DatabaseUnavailable.Page("/bureaux/1?onglet=a&b=<c>"));
        await page.WaitForLoadStateAsync(LoadState.Load);
        await page.AssertNoViolationsAsync();
        Assert.Empty(await page.FinishedPageFaultsAsync());
        Assert.Equal("/bureaux/1?onglet=a&b=<c>", await page.GetByRole(AriaRole.Link, new() { Name = "Réessayer" }).GetAttributeAsync("href"));
    }
}

/// <summary>Proves the accessibility check can fail: a page with known faults is reported.</summary>
public sealed class AccessibilityCheckTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Axe_reports_a_page_with_known_faults()
    {
        Assert.SkipWhen(fixture.SkipReason is not null, fixture.SkipReason ?? string.Empty);
        var page = await fixture.NewPageAsync();
        await page.SetContentAsync("<html><head><title>x</title></head><body><img src='x.png'><input type='text'></body></html>");
        var error = await Assert.ThrowsAnyAsync<Exception>(page.AssertNoViolationsAsync);
        Assert.Contains("image-alt", error.Message, StringComparison.Ordinal);
        Assert.Contains("html-has-lang", error.Message, StringComparison.Ordinal);
    }
}
