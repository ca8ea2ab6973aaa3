using System.Net;
using System.Net.Http.Json;
using Aiguillage.Domain.Audit;
using Aiguillage.Testing;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OtpNet;

namespace Aiguillage.Web.Tests.Account;

/// <summary>The app as in production (two-factor required for managers and admins), on a clock the test moves.</summary>
public abstract class SecureApp(DatabaseProvider provider) : AppFactory(provider)
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Security:TwoFactorRequired", "true");
        builder.UseSetting("Mail:Runner", "false");
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
    }
}

public sealed class SecureSqliteApp() : SecureApp(DatabaseProvider.Sqlite);

public sealed class SecurePostgresApp() : SecureApp(DatabaseProvider.PostgreSql);

/// <summary>
/// Issue 9 §4: managers and admins enrol an authenticator before anything else, a code is accepted once, and a
/// session ends after 30 minutes without a request.
/// </summary>
public abstract class TwoFactorTests(SecureApp app) : EngineTests(app)
{
    private FakeTimeProvider Clock => ((SecureApp)App).Clock;

    private string Code(string key) => new Totp(Base32Encoding.ToBytes(key)).ComputeTotp(Clock.GetUtcNow().UtcDateTime);

    private async Task<List<AuditEvent>> JournalAsync(string subject)
    {
        using var scope = App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().AuditEvents.AsNoTracking().Where(e => e.Subject == subject).OrderBy(e => e.Id).ToListAsync();
    }

    [Fact]
    public async Task A_manager_enrols_before_anything_else_then_signs_in_with_a_code_accepted_once()
    {
        var manager = await App.CreateManagerAsync();
        using var client = await App.SignedInAsync(manager);

        // Not enrolled: pages lead to the enrolment, the API refuses.
        using (var home = await client.GetAsync(new Uri("/pilotage/tableau-de-bord", UriKind.Relative)))
        {
            Assert.Equal(TwoFactor.SetupPath, home.Headers.Location?.OriginalString);
        }

        using (var api = await client.GetAsync(new Uri("/api/v1/offices/1", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
            Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        }

        var setup = await client.GetPageAsync(TwoFactor.SetupPath);
        Assert.StartsWith("data:image/svg+xml;base64,", setup.QuerySelector("img")!.GetAttribute("src"), StringComparison.Ordinal);
        var key = setup.QuerySelector("#cle")!.TextContent.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();

        using (var wrong = await client.PostFormAsync(TwoFactor.SetupPath, [new("Code", "000000")], TwoFactor.SetupPath + "?handler=Enable"))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
            Assert.NotNull((await HttpHelpers.ParseAsync(wrong)).QuerySelector(".error-summary a[href='#Code']"));
        }

        var enrolCode = Code(key);
        using (var enabled = await client.PostFormAsync(TwoFactor.SetupPath, [new("Code", enrolCode[..3] + " " + enrolCode[3..])], TwoFactor.SetupPath + "?handler=Enable"))
        {
            Assert.Equal(HttpStatusCode.Redirect, enabled.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/pilotage/tableau-de-bord", UriKind.Relative))).StatusCode);
        Assert.Contains(await JournalAsync($"compte:{manager.Id}"), e => e.Action == AuditAction.TwoFactorChanged && e.Scope == "activée");

        // Next sign-in: password, then a code. The enrolment's code, still on screen, is refused: it has served.
        using var next = App.Browser();
        using (var password = await next.SignInAsync(manager.Email, manager.Password))
        {
            Assert.StartsWith("/connexion/code", password.Headers.Location?.OriginalString, StringComparison.Ordinal);
        }

        Assert.Equal("/connexion", (await next.GetAsync(new Uri("/pilotage", UriKind.Relative))).Headers.Location?.AbsolutePath);
        using (var reused = await next.PostFormAsync("/connexion/code", [new("Code", enrolCode)]))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
            Assert.Contains("déjà servi", (await HttpHelpers.ParseAsync(reused)).QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        }

        Clock.Advance(TimeSpan.FromSeconds(30));
        var fresh = Code(key);
        using (var signedIn = await next.PostFormAsync("/connexion/code", [new("Code", fresh)]))
        {
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            Assert.Equal("/pilotage", signedIn.Headers.Location?.OriginalString);
        }

        Assert.Equal(HttpStatusCode.OK, (await next.GetAsync(new Uri("/pilotage/tableau-de-bord", UriKind.Relative))).StatusCode);
        var journal = await JournalAsync($"compte:{manager.Id}");
        Assert.Contains(journal, e => e.Action == AuditAction.SignInFailed && e.Scope == "code");
        Assert.Equal(AuditAction.SignInSucceeded, journal[^1].Action);

        // A third client with the same, fresh code: refused too. A manager cannot switch it off.
        using var third = App.Browser();
        using (var password = await third.SignInAsync(manager.Email, manager.Password))
        {
            using var again = await third.PostFormAsync("/connexion/code", [new("Code", fresh)]);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        }

        using (var disable = await next.PostFormAsync(TwoFactor.SetupPath, [], TwoFactor.SetupPath + "?handler=Disable"))
        {
            Assert.Equal(HttpStatusCode.Conflict, disable.StatusCode);
        }
    }

    [Fact]
    public async Task The_same_code_sent_at_once_by_parallel_requests_is_accepted_once()
    {
        var admin = await App.CreateAdminAsync();
        var key = await EnrolAsync(admin.Id);

        Clock.Advance(TimeSpan.FromMinutes(1));
        var code = Code(key);
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var scope = App.Services.CreateScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            return await users.VerifyTwoFactorTokenAsync((await users.FindByIdAsync(admin.Id))!, TokenOptions.DefaultAuthenticatorProvider, code);
        }));
        Assert.Single(results, r => r);
    }

    [Fact]
    public async Task A_session_ends_after_30_minutes_without_a_request_and_each_request_restarts_the_period()
    {
        var mediator = await App.CreateMediatorAsync(await App.CreateOfficeAsync());
        using var client = await App.SignedInAsync(mediator);
        var page = new Uri("/bureaux", UriKind.Relative);

        foreach (var minutes in new[] { 20, 29, 25 })
        {
            Clock.Advance(TimeSpan.FromMinutes(minutes));
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(page)).StatusCode);
        }

        var status = await client.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>(new Uri("/compte/session", UriKind.Relative));
        Assert.Equal(1800, (int)status!["expiresInSeconds"]!);

        Clock.Advance(TimeSpan.FromMinutes(31));
        using var expired = await client.GetAsync(page);
        Assert.Equal("/connexion", expired.Headers.Location?.AbsolutePath);

        // The warning dialog is on every signed-in page, with the period and the warning time.
        using var again = await App.SignedInAsync(mediator);
        var dialog = (await again.GetPageAsync("/bureaux")).QuerySelector("dialog#session-warning")!;
        Assert.Equal(("1800", "120"), (dialog.GetAttribute("data-idle-seconds"), dialog.GetAttribute("data-warning-seconds")));
    }

    [Fact]
    public async Task An_admin_resets_a_lost_authenticator_and_the_account_enrols_again()
    {
        var manager = await App.CreateManagerAsync();
        await EnrolAsync(manager.Id);
        var adminAccount = await App.CreateAdminAsync();
        using var admin = await App.SignedInAsync(adminAccount);
        Assert.Equal(TwoFactor.SetupPath, (await admin.GetAsync(new Uri("/admin", UriKind.Relative))).Headers.Location?.OriginalString);

        // The admin enrols too (straight in the store: this test is about the reset), and signs in with a code.
        var adminKey = await EnrolAsync(adminAccount.Id);
        Clock.Advance(TimeSpan.FromSeconds(30));
        using var adminAgain = App.Browser();
        using (await adminAgain.SignInAsync(adminAccount.Email, adminAccount.Password))
        using (var code = await adminAgain.PostFormAsync("/connexion/code", [new("Code", Code(adminKey))]))
        {
            Assert.Equal(HttpStatusCode.Redirect, code.StatusCode);
        }

        using (var reset = await adminAgain.PostFormAsync($"/admin/comptes/{manager.Id}", [], $"/admin/comptes/{manager.Id}?handler=ResetTwoFactor"))
        {
            Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        }

        Assert.Contains(await JournalAsync($"compte:{manager.Id}"), e => e.Action == AuditAction.TwoFactorChanged && e.UserId == adminAccount.Id);
        using var managerClient = await App.SignedInAsync(manager);   // password only now…
        Assert.Equal(TwoFactor.SetupPath, (await managerClient.GetAsync(new Uri("/pilotage", UriKind.Relative))).Headers.Location?.OriginalString);   // …and enrols again
    }

    [Fact]
    public async Task Switching_the_second_factor_off_asks_for_a_current_code()
    {
        // Found by the POST access matrix (issue 16): an empty form switched it off, so an open session was enough.
        var office = await App.CreateOfficeAsync();
        var mediator = await App.CreateMediatorAsync(office);
        var key = await EnrolAsync(mediator.Id);
        using var client = App.Browser();
        using (var password = await client.SignInAsync(mediator.Email, mediator.Password))
        {
            Assert.Equal("/connexion/code", password.Headers.Location?.OriginalString);
        }

        using (var code = await client.PostFormAsync("/connexion/code", [new("Code", Code(key))]))
        {
            Assert.Equal(HttpStatusCode.Redirect, code.StatusCode);
        }

        foreach (var typed in new[] { string.Empty, "000000" })
        {
            using var refused = await client.PostFormAsync(TwoFactor.SetupPath, [new("Code", typed)], TwoFactor.SetupPath + "?handler=Disable");
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.NotNull((await HttpHelpers.ParseAsync(refused)).QuerySelector(".error-summary a[href='#Code']"));
        }

        Clock.Advance(TimeSpan.FromSeconds(30));
        using (var disabled = await client.PostFormAsync(TwoFactor.SetupPath, [new("Code", Code(key))], TwoFactor.SetupPath + "?handler=Disable"))
        {
            Assert.Equal(HttpStatusCode.Redirect, disabled.StatusCode);
        }

        using var scope = App.Services.CreateScope();
        Assert.False((await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByIdAsync(mediator.Id))!.TwoFactorEnabled);
    }

    private async Task<string> EnrolAsync(string userId)
    {
        using var scope = App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = (await users.FindByIdAsync(userId))!;
        await users.ResetAuthenticatorKeyAsync(user);
        await users.SetTwoFactorEnabledAsync(user, true);
        return (await users.GetAuthenticatorKeyAsync(user))!;
    }
}

public sealed class TwoFactorTests_Sqlite(SecureSqliteApp app) : TwoFactorTests(app), IClassFixture<SecureSqliteApp>;

public sealed class TwoFactorTests_PostgreSql(SecurePostgresApp app) : TwoFactorTests(app), IClassFixture<SecurePostgresApp>;
