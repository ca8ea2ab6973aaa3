using Aiguillage.Domain.Offices;
using Aiguillage.Domain.Partners;
using Aiguillage.Domain.Territories;
using Aiguillage.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Aiguillage.Browser.Tests;

/// <summary>
/// The app on a real socket (Kestrel, SQLite) and a headless Chromium driven by Playwright, shared by the browser
/// tests of a class. Skipped with its reason when Chromium is not installed (TestEnvironment).
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    private AppFactory? _app;
    private IPlaywright? _playwright;

    public string? SkipReason { get; private set; }

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = string.Empty;

    public TestAccount Mediator { get; private set; } = null!;

    public TestAccount PartnerStaff { get; private set; } = null!;

    public TestAccount Manager { get; private set; } = null!;

    public TestAccount Admin { get; private set; } = null!;

    public Office Office { get; private set; } = null!;

    /// <summary>A workshop of the partner, with a session in three days at a place near the office.</summary>
    public Aiguillage.Domain.Partners.Workshop Workshop { get; private set; } = null!;

    /// <summary>The partner staff's organisation and its place.</summary>
    public int PartnerId { get; private set; }

    public string PlaceId { get; private set; } = string.Empty;

    public Partner Partner { get; private set; } = null!;

    /// <summary>The application under test, for data a test needs beyond the fixture's.</summary>
    public AppFactory App => _app!;

    public async ValueTask InitializeAsync()
    {
        SkipReason = TestEnvironment.SkipReason(TestEnvironment.ChromiumPath is not null, TestEnvironment.NoChromium);
        if (SkipReason is not null)
        {
            return;
        }

        _app = CreateApp();
        if (_app.SkipReason is not null)
        {
            SkipReason = _app.SkipReason;
            return;
        }

        _app.UseKestrel(0);
        _app.StartServer();
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        Office = await _app.CreateOfficeAsync(name: "SAINT ETIENNE GRAND POSTE");
        Mediator = await _app.CreateMediatorAsync(Office);
        var partner = await _app.CreatePartnerAsync("Association Numérique Solidaire");
        PartnerStaff = await _app.CreatePartnerStaffAsync(partner);
        (PlaceId, Workshop) = await _app.CreatePlaceWithSessionAsync(partner, "Atelier : faire ses démarches en ligne");
        PartnerId = partner.Id;
        Partner = partner;
        Manager = await _app.CreateManagerAsync(TerritoryLevel.Department, "42");
        Admin = await _app.CreateAdminAsync();

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = TestEnvironment.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A fresh browser context (own cookies) with a page, signed in as the account when one is given.</summary>
    public async Task<IPage> NewPageAsync(TestAccount? account = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, Locale = "fr-FR" });

        // A shared 2-core CI machine can be slow to answer; a minute before giving up rather than Playwright's 30 s.
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        var page = await context.NewPageAsync();
        if (account is not null)
        {
            // Sign in through the context's own HTTP client (same cookies as the page): the sign-in form itself is
            // exercised by its own tests, and this avoids waiting on navigation events, which proved flaky on a busy CI.
            var login = await context.APIRequest.GetAsync("/connexion");
            var token = Regex.Match(await login.TextAsync(), "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
            var form = context.APIRequest.CreateFormData();
            form.Set("Input.Email", account.Email);
            form.Set("Input.Password", account.Password);
            form.Set("__RequestVerificationToken", token);
            var response = await context.APIRequest.PostAsync("/connexion", new() { Form = form, MaxRedirects = 0 });
            if (response.Status != 302)
            {
                throw new InvalidOperationException($"sign-in of {account.Email} answered {response.Status}");
            }

            await page.GotoAsync(response.Headers["location"]);
        }

        return page;
    }

    /// <summary>The engine under the browser: SQLite unless a subclass says otherwise.</summary>
    protected virtual AppFactory CreateApp() => new SqliteApp();

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        // Launch may have failed half-way: dispose only what exists.
        if (_playwright is not null)
        {
            if (Browser is not null)
            {
                await Browser.DisposeAsync();
            }

            _playwright.Dispose();
        }

        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}

/// <summary>The same browser tests on PostgreSQL (skipped with its reason when no server is configured).</summary>
public sealed class PostgresBrowserFixture : BrowserFixture
{
    protected override AppFactory CreateApp() => new PostgresApp();
}
