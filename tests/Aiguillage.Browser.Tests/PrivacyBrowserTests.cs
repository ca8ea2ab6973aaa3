using Aiguillage.Testing;
using Aiguillage.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OtpNet;

namespace Aiguillage.Browser.Tests;

/// <summary>
/// Issue 9 in Chromium: the idle warning dialog (keyboard, focus, axe), enrolling an authenticator and signing in
/// with its code, and the rights-of-the-person page.
/// </summary>
public sealed class PrivacyBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
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
    public async Task Two_minutes_before_the_idle_end_a_dialog_lets_the_person_stay_signed_in_by_keyboard()
    {
        var page = await F.NewPageAsync(F.Mediator);
        await page.Clock.InstallAsync();
        await page.GotoAsync("/bureaux");
        var dialog = page.Locator("dialog#session-warning");
        Assert.False(await dialog.IsVisibleAsync());

        await page.Clock.FastForwardAsync("28:30");
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        Assert.Equal("session-extend", await page.EvaluateAsync<string>("document.activeElement.id"));
        Assert.Contains("1 min", HttpHelpers.Words(await page.Locator("#session-remaining").TextContentAsync()), StringComparison.Ordinal);
        await page.AssertNoViolationsAsync();
        await page.ScreenshotAsync("fin-de-session");

        // Enter on « Rester connecté » asks the server, which renews the session, and the dialog goes.
        var renewed = page.WaitForResponseAsync(r => r.Url.EndsWith("/compte/session", StringComparison.Ordinal));
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal(200, (await renewed).Status);
        await Assertions.Expect(dialog).ToBeHiddenAsync();

        // Escape answers too; then, left alone past the end, the page goes to the sign-in form and says why.
        await page.Clock.FastForwardAsync("28:30");
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(dialog).ToBeHiddenAsync();
        // Chromium may close the dialog on Escape before the server has answered: the renewal is over only when the
        // script says so, or its late answer would restart the idle period after the clock is moved on (a lost navigation).
        await Assertions.Expect(dialog).ToHaveAttributeAsync("data-renewal", "done");
        await page.Clock.FastForwardAsync("30:05");
        await page.WaitForURLAsync(url => url.Contains("/connexion?expiree=1", StringComparison.Ordinal), Navigation.Parsed);
        await Assertions.Expect(page.GetByText("Votre session a pris fin faute d'activité")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task An_account_enrols_an_authenticator_and_signs_in_with_its_code()
    {
        var account = await F.App.CreateMediatorAsync(F.Office);
        var page = await F.NewPageAsync(account);
        await page.GotoAsync("/compte/double-authentification");
        await page.AssertNoViolationsAsync();
        await page.ScreenshotAsync("double-authentification");
        var key = (await page.Locator("#cle").TextContentAsync())!.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        var totp = new Totp(Base32Encoding.ToBytes(key));

        await page.GetByLabel("Code à 6 chiffres").FillAsync(totp.ComputeTotp(DateTime.UtcNow));
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByText("La double authentification est activée.")).ToBeVisibleAsync();
        await page.AssertNoViolationsAsync();

        // Signing in again: password, then the code page (the next code: this one has served).
        var again = await F.NewPageAsync();
        await again.GotoAsync("/connexion");
        await again.GetByLabel("Adresse e-mail").FillAsync(account.Email);
        await again.GetByLabel("Mot de passe").FillAsync(account.Password);
        await again.Keyboard.PressAsync("Enter");
        await again.WaitForURLAsync(url => url.Contains("/connexion/code", StringComparison.Ordinal), Navigation.Parsed);
        await again.AssertNoViolationsAsync();
        await again.GetByLabel("Code à 6 chiffres").FillAsync(totp.ComputeTotp(DateTime.UtcNow.AddSeconds(30)));
        await again.Keyboard.PressAsync("Enter");
        await again.WaitForURLAsync(url => url.EndsWith("/bureaux", StringComparison.Ordinal), Navigation.Parsed);
    }

    [Fact]
    public async Task An_admin_finds_everything_held_about_a_client_and_erases_it_by_keyboard()
    {
        var referral = await F.App.CreateReferralAsync(F.Office, F.Partner, F.Mediator);
        string reference;
        using (var scope = F.App.Services.CreateScope())
        {
            reference = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Clients.Where(c => c.Id == referral.ClientId).Select(c => c.Reference).SingleAsync();
        }

        var page = await F.NewPageAsync(F.Admin);
        await page.GotoAsync("/admin/personnes");
        await page.AssertNoViolationsAsync();
        await page.GetByLabel("Référence du client").FillAsync(reference.ToLowerInvariant());
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync($"Données du client {reference}");
        await Assertions.Expect(page.GetByText("0612345678")).ToBeVisibleAsync();
        await page.AssertNoViolationsAsync();
        await page.ScreenshotAsync("droits-de-la-personne");

        await page.GetByLabel("La personne a demandé l'effacement").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = $"Effacer les données de {reference}" }).PressAsync("Enter");
        await Assertions.Expect(page.GetByText($"Les données du client {reference} ont été anonymisées")).ToBeVisibleAsync();
        await page.AssertNoViolationsAsync();
    }
}
