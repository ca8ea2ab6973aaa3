using System.Globalization;
using System.Text.RegularExpressions;
using Aiguillage.Domain.Diagnostics;
using Aiguillage.Domain.Offices;
using Aiguillage.Testing;
using Aiguillage.Web.Features.Diagnostics;
using Aiguillage.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Aiguillage.Browser.Tests;

/// <summary>
/// Issue 18: « Mon parcours numérique » prints on one A4 page, in every client language with the French beside it,
/// for the longest handout the rules produce: the lowest answer everywhere and every need (five steps), an appointment
/// with long names and a phone, the mediator there every day. Chromium prints it to PDF and the pages are counted.
/// </summary>
public abstract class HandoutBrowserTests(BrowserFixture fixture)
{
    private BrowserFixture F
    {
        get
        {
            Assert.SkipWhen(fixture.SkipReason is not null, fixture.SkipReason ?? string.Empty);
            return fixture;
        }
    }

    /// <summary>The languages printed: SQLite prints them all; the PostgreSQL run prints French alone and Arabic.</summary>
    protected virtual IReadOnlyList<string> Languages => ["fr", "fr-FALC", "en", "ar", "prs", "es", "pt", "ro", "tr", "uk"];

    [Fact]
    public async Task The_longest_handout_prints_on_one_A4_page_in_every_language_with_the_appointment_first_and_QR_codes()
    {
        var office = await F.App.CreateOfficeAsync(name: "SAINT-ÉTIENNE BELLEVUE TERRENOIRE", phone: "04 77 00 00 00",
            days: Weekdays.Monday | Weekdays.Tuesday | Weekdays.Wednesday | Weekdays.Thursday | Weekdays.Friday | Weekdays.Saturday);
        var mediator = await F.App.CreateMediatorAsync(office);
        var page = await F.NewPageAsync(mediator);
        var id = await DiagnosticForms.RunLowestAsync(F.App, page, office);
        await EnrolAsync(id, office, mediator);

        foreach (var language in Languages)
        {
            await page.GotoAsync($"/diagnostics/{id}/parcours?langue={language}");
            var handout = page.Locator("article.handout");

            // The appointment comes first: date and time in words in both languages, the partner, the place, the phone.
            Assert.Equal("appointment", await handout.Locator("h1 + *").GetAttributeAsync("class"));
            var appointment = (await handout.Locator(".appointment").TextContentAsync())!;
            Assert.Contains("Association pour l'inclusion numérique des habitants", appointment, StringComparison.Ordinal);
            Assert.Contains("+33477123456", appointment, StringComparison.Ordinal);
            var dates = await handout.Locator(".appointment strong").AllTextContentsAsync();
            Assert.Contains(dates, d => Regex.IsMatch(d.Trim(), @"^\p{Ll}+ \d{1,2} \p{Ll}+ \d{4} à 14\u00a0h\u00a030$"));
            var steps = handout.Locator(".handout-steps > li");
            Assert.Equal(Aiguillage.Web.Features.Diagnostics.Run.HandoutModel.MaxSteps, await steps.CountAsync());

            // Each site beside its step as a QR code, with its address under it, which the step's text names.
            var sites = handout.Locator(".handout-step:has(.handout-site)");
            Assert.True(await sites.CountAsync() > 0, "no QR code");
            foreach (var step in await sites.AllAsync())
            {
                Assert.StartsWith("data:image/svg+xml;base64,", await step.Locator(".handout-site img").GetAttributeAsync("src"), StringComparison.Ordinal);
                var host = (await step.Locator(".handout-site span").TextContentAsync())!;
                Assert.Contains(host, HttpHelpers.Words(await step.Locator("> div").First.TextContentAsync()), StringComparison.OrdinalIgnoreCase);
            }

            await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
            var smallest = await page.EvaluateAsync<double>(
                "Math.min(...[...document.querySelectorAll('article.handout p, article.handout li')].map(e => parseFloat(getComputedStyle(e).fontSize)))");
            Assert.True(smallest >= 14 * 96 / 72.0 - 0.01, $"{language}: body text {smallest} px, under 14 pt");
            var pdf = await page.PdfAsync(new PagePdfOptions { Format = "A4", PreferCSSPageSize = true, PrintBackground = true, Path = Path.Combine(AppContext.BaseDirectory, "screenshots", $"parcours-{language}.pdf") });
            if (PageCount(pdf) != 1)
            {
                // What is too much: the page as printed (A4 less its margins, 10 mm and 8 mm: 718 × 1062 CSS px), saved, and its height.
                var viewport = page.ViewportSize!;
                await page.SetViewportSizeAsync(718, 1062);
                var height = await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
                await page.ScreenshotAsync($"parcours-trop-long-{language}");
                await page.SetViewportSizeAsync(viewport.Width, viewport.Height);
                Assert.Fail($"{language}: the handout prints on {PageCount(pdf)} pages ({height} px for 1062)");
            }
            await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Screen });
            if (language is "fr" or "ar")
            {
                await page.ScreenshotAsync($"parcours-une-page-{language}");
            }
        }
    }

    [Fact]
    public async Task The_print_button_shows_only_with_javascript_and_the_hint_only_without()
    {
        var office = await F.App.CreateOfficeAsync();
        var mediator = await F.App.CreateMediatorAsync(office);
        var page = await F.NewPageAsync(mediator);
        var id = await DiagnosticForms.RunLowestAsync(F.App, page, office);
        await page.GotoAsync($"/diagnostics/{id}/parcours");
        Assert.True(await page.GetByRole(AriaRole.Button, new() { Name = "Imprimer" }).IsVisibleAsync());
        Assert.False(await page.Locator("[data-print-hint]").IsVisibleAsync());
        Assert.DoesNotContain("Ctrl", HttpHelpers.Words(await page.Locator("main").TextContentAsync()), StringComparison.Ordinal);
        await page.AssertNoViolationsAsync();

        var context = await F.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = F.BaseUrl, JavaScriptEnabled = false, StorageState = await page.Context.StorageStateAsync() });
        var noScript = await context.NewPageAsync();
        await noScript.GotoAsync($"/diagnostics/{id}/parcours");
        Assert.False(await noScript.GetByRole(AriaRole.Button, new() { Name = "Imprimer" }).IsVisibleAsync());
        Assert.True(await noScript.Locator("[data-print-hint]").IsVisibleAsync());
        await context.CloseAsync();
    }

    /// <summary>Pages of a PDF as Chromium writes it: one « /Type /Page » object per page (not the « /Pages » tree).</summary>
    private static int PageCount(byte[] pdf) =>
        Regex.Count(System.Text.Encoding.Latin1.GetString(pdf), @"/Type\s*/Page(?![s\w])");

    /// <summary>The client enrolled in a session at 14 h 30, with the longest names a partner is likely to give.</summary>
    private async Task EnrolAsync(Guid diagnosticId, Office office, TestAccount mediator)
    {
        var partner = await F.App.CreatePartnerAsync("Association pour l'inclusion numérique des habitants de Saint-Étienne Métropole");
        using var scope = F.App.Services.CreateScope();
        var sp = scope.ServiceProvider;
        var placeId = $"lieu-{Guid.NewGuid():N}";
        var csv = "id,pivot,nom,commune,code_postal,adresse,latitude,longitude,horaires,date_maj,services,frais_a_charge,telephone\n"
            + $"{placeId},43493312300029,Maison des services au public du quartier Beaubrun-Tarentaize,Saint-Étienne,42000,\"12 bis boulevard Antonio Vivaldi, bâtiment B, 2e étage\",45.4012,4.3915,Mo-Fr 09:00-12:00,2026-01-05,{PartnerTestData.Demarches},Gratuit,+33477123456\n";
        var report = await sp.GetRequiredService<Aiguillage.Web.Features.Partners.PlaceStandard>().ImportAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv)), "lieux.csv");
        Assert.Empty(report.Rejected);
        var db = sp.GetRequiredService<AppDbContext>();
        (await db.Places.FindAsync(placeId))!.AttachTo(partner.Id);
        var workshop = new Aiguillage.Domain.Partners.Workshop(Guid.NewGuid(), partner.Id);
        workshop.Describe("Atelier : faire ses démarches administratives en ligne pas à pas (CAF, impôts, Ameli)", [PartnerTestData.Demarches],
            Aiguillage.Domain.Partners.WorkshopLevel.Beginner, Aiguillage.Domain.Partners.WorkshopFee.Free, 8, new HashSet<string> { PartnerTestData.Demarches });
        db.Workshops.Add(workshop);

        // 14 h 30 in Paris, in a week, whatever the offset of the day.
        var day = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(7);
        var start = TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(new TimeOnly(14, 30)), TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"));
        var session = new Aiguillage.Domain.Partners.WorkshopSession(Guid.NewGuid(), workshop, start, start.AddHours(2), 8, placeId, null, DateTime.UtcNow, new Aiguillage.Domain.Partners.GeoPoint(45.4012, 4.3915));
        db.WorkshopSessions.Add(session);
        var diagnostic = await db.Diagnostics.SingleAsync(d => d.Id == diagnosticId);
        var now = DateTime.UtcNow;
        var referral = new Aiguillage.Domain.Referrals.Referral(Guid.NewGuid(), diagnostic.ClientId!.Value, office.Id, diagnosticId, partner.Id, placeId, null,
            [PartnerTestData.Demarches], "Sans équipement ni accès (niveau 1 sur 5)", mediator.Id, now);
        referral.Send(true, Aiguillage.Web.Features.Referrals.ReferralService.ConsentVersion, "Awa", "0612345678", null, mediator.Id, now);
        referral.MarkContacted(mediator.Id, now);
        referral.Enrol(session.Id, mediator.Id, now);
        db.Referrals.Add(referral);
        await db.SaveChangesAsync();
    }
}

public sealed class HandoutBrowserTests_Sqlite(BrowserFixture fixture) : HandoutBrowserTests(fixture), IClassFixture<BrowserFixture>;

public sealed class HandoutBrowserTests_PostgreSql(PostgresBrowserFixture fixture) : HandoutBrowserTests(fixture), IClassFixture<PostgresBrowserFixture>
{
    protected override IReadOnlyList<string> Languages => ["fr", "ar"];
}
