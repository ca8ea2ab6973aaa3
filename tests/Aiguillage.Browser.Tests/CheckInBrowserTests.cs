using Aiguillage.Domain.Referrals;
using Aiguillage.Testing;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Aiguillage.Browser.Tests;

/// <summary>
/// Issue 20 §1 in Chromium: the check-in a client opens from an SMS on their phone — accessible (axe, 390 px, 44 px
/// controls), answered by keyboard alone, in Arabic right to left and in French, thanked once.
/// </summary>
public sealed class CheckInBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private BrowserFixture F
    {
        get
        {
            Assert.SkipWhen(fixture.SkipReason is not null, fixture.SkipReason ?? string.Empty);
            return fixture;
        }
    }

    /// <summary>A follow-up invited now, as the daily job makes it; returns its link's token.</summary>
    private async Task<string> InvitedAsync(string language)
    {
        var referral = await F.App.CreateReferralAsync(F.Office, F.Partner, F.Mediator, followUp: true);
        using var scope = F.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = DateTime.UtcNow;
        var followUp = new FollowUp(Guid.NewGuid(), await db.Referrals.AsNoTracking().SingleAsync(r => r.Id == referral.Id), FollowUpReason.WeeksAfterSending, language, now);
        var (token, hash) = OneTimeTokens.Create();
        followUp.Invite(hash, now.AddDays(30), bySms: true, byEmail: false, now);
        db.FollowUps.Add(followUp);
        await db.SaveChangesAsync();
        return token;
    }

    [Fact]
    public async Task A_client_answers_the_check_in_in_arabic_by_keyboard_alone_and_every_screen_is_accessible()
    {
        var token = await InvitedAsync("ar");
        var page = await F.NewPageAsync();
        await page.GotoAsync($"/suivi/{token}");
        Assert.Equal("rtl", await page.Locator("html").GetAttributeAsync("dir"));
        await page.AssertNoViolationsAsync();
        Assert.Empty(await page.FinishedPageFaultsAsync());
        await page.ScreenshotAsync("suivi-arabe");

        // Keyboard only: the first card of each question, then the send button.
        await page.Locator("#Attended").FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("ArrowDown");   // radios of a group move with the arrows: « Un peu »
        Assert.True(await page.Locator("#Helps_ABit").IsCheckedAsync());
        await page.LoadsNewPageAsync(() => page.Keyboard.PressAsync("Enter"));
        var arabic = F.App.Services.GetRequiredService<Aiguillage.Web.Features.ClientMode.LanguageCatalog>().Find("ar")!;
        Assert.Equal(arabic.Text("checkin.thanks.title"), (await page.Locator("h1").TextContentAsync())!.Trim());
        await page.AssertNoViolationsAsync();

        using var scope = F.App.Services.CreateScope();
        var hash = OneTimeTokens.Hash(token);
        var stored = await scope.ServiceProvider.GetRequiredService<AppDbContext>().FollowUps.AsNoTracking().SingleAsync(f => f.TokenHash == hash);
        Assert.Equal((CheckInAnswer.Yes, CheckInAnswer.ABit), (stored.Attended!.Value, stored.Helps!.Value));
    }

    [Fact]
    public async Task In_french_a_missing_answer_is_said_and_a_used_link_offers_only_to_stop_the_messages()
    {
        var token = await InvitedAsync("fr");
        var page = await F.NewPageAsync();
        await page.GotoAsync($"/suivi/{token}");
        await page.GetByRole(AriaRole.Radio, new() { Name = "Oui" }).First.CheckAsync();
        await page.LoadsNewPageAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Envoyer mes réponses" }).ClickAsync());
        Assert.Contains("Choisissez une réponse à chaque question.", HttpHelpers.Words(await page.Locator("#answer-error").TextContentAsync()), StringComparison.Ordinal);
        await page.AssertNoViolationsAsync();

        await page.GetByRole(AriaRole.Radio, new() { Name = "Non" }).Last.CheckAsync();
        await page.LoadsNewPageAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Envoyer mes réponses" }).ClickAsync());
        Assert.Equal("Merci pour vos réponses !", HttpHelpers.Words(await page.Locator("h1").TextContentAsync()).Trim());

        await page.GotoAsync($"/suivi/{token}");
        Assert.Equal("Ce lien ne marche plus", HttpHelpers.Words(await page.Locator("h1").TextContentAsync()).Trim());
        await page.AssertNoViolationsAsync();
        Assert.Empty(await page.FinishedPageFaultsAsync());
        await page.LoadsNewPageAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Ne plus recevoir de messages" }).ClickAsync());
        Assert.Contains("vous ne recevrez plus de messages", HttpHelpers.Words(await page.Locator("h1").TextContentAsync()), StringComparison.Ordinal);
        await page.AssertNoViolationsAsync();
    }
}
