using System.Net;
using Aiguillage.Testing;
using Aiguillage.Web.Features.Account;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OtpNet;

namespace Aiguillage.Web.Tests.Account;

/// <summary>
/// The app's sign-in rules on a clock the test moves; each test client says which address it comes
/// from (the test server has none), and a flood locks an address after 8 failures instead of 100.
/// </summary>
public abstract class ThrottledApp(DatabaseProvider provider) : AppFactory(provider)
{
    public const string ClientHeader = "X-Test-Client-Address";

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 9, 30, 0, TimeSpan.Zero));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // Not required, so the admin of the test signs in with a password; the manager enrols of their own accord.
        builder.UseSetting("Security:TwoFactorRequired", "false");
        builder.UseSetting("Security:AccountLockAfterFailures", "8");
        builder.UseSetting("Mail:Runner", "false");
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
        builder.ConfigureServices(s => s.Insert(0, ServiceDescriptor.Transient<IStartupFilter, ClientAddress>()));
    }

    private sealed class ClientAddress : IStartupFilter
    {
        public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
        {
            app.Use(then => context =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(context.Request.Headers[ClientHeader].FirstOrDefault() ?? "192.0.2.1");
                return then(context);
            });
            next(app);
        };
    }
}

public sealed class ThrottledSqliteApp() : ThrottledApp(DatabaseProvider.Sqlite);

public sealed class ThrottledPostgresApp() : ThrottledApp(DatabaseProvider.PostgreSql);

/// <summary>
/// Issue 16 §13: anyone could lock any account for 15 minutes (then one), by typing five wrong passwords. Now a
/// stranger slows only themselves, and a flood from everywhere locks the address until its second factor or an
/// admin lifts it. Unknown addresses read the same throughout.
/// </summary>
public abstract class SignInThrottleTests(ThrottledApp app) : EngineTests(app)
{
    private FakeTimeProvider Clock => ((ThrottledApp)App).Clock;

    private HttpClient From(string address)
    {
        var client = App.Browser();
        client.DefaultRequestHeaders.Add(ThrottledApp.ClientHeader, address);
        return client;
    }

    private static async Task<string> MessageAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        return (await HttpHelpers.ParseAsync(response)).QuerySelector(".error-summary")!.TextContent;
    }

    [Fact]
    public void The_delay_grows_from_the_sixth_failure_up_to_a_quarter_of_an_hour()
    {
        Assert.Equal(TimeSpan.Zero, SignInThrottle.Delay(4));
        Assert.Equal([30, 60, 120, 240, 480, 900, 900], Enumerable.Range(5, 7).Select(f => SignInThrottle.Delay(f).TotalSeconds));
        Assert.Equal(TimeSpan.FromMinutes(15), SignInThrottle.Delay(1000));
    }

    [Fact]
    public async Task A_stranger_typing_wrong_passwords_slows_only_themselves_not_the_mediator_at_the_office()
    {
        var mediator = await App.CreateMediatorAsync(await App.CreateOfficeAsync());
        var unknown = $"personne-{Guid.NewGuid():N}@nulle-part.fr";
        using var stranger = From("203.0.113.9");
        var messages = new List<(string Known, string Unknown)>();
        for (var i = 0; i < 6; i++)
        {
            using var known = await stranger.SignInAsync(mediator.Email, $"mauvais-mot-de-passe-{i}");
            using var nobody = await stranger.SignInAsync(unknown, $"mauvais-mot-de-passe-{i}");
            messages.Add((await MessageAsync(known), await MessageAsync(nobody)));
        }

        // Five wrong tries answer the one message; the sixth waits — for an account and an unknown address alike.
        Assert.All(messages.Take(5), m => Assert.Equal((m.Known, m.Known), (m.Unknown, m.Known)));
        Assert.All(messages.Take(5), m => Assert.Contains(LoginModel.GenericError, m.Known, StringComparison.Ordinal));
        Assert.Contains(LoginModel.WaitError, messages[5].Known, StringComparison.Ordinal);
        Assert.Equal(messages[5].Known, messages[5].Unknown);

        // While it waits (30 seconds), even the right password is not checked from there.
        Assert.Contains(LoginModel.WaitError, await MessageAsync(await stranger.SignInAsync(mediator.Email, mediator.Password)), StringComparison.Ordinal);

        // The mediator, at the office, signs in as usual.
        using var office = From("198.51.100.20");
        using (var signedIn = await office.SignInAsync(mediator.Email, mediator.Password))
        {
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        }

        // The stranger's next try, once the wait is over, is checked; the one after waits twice as long (a minute).
        Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Contains(LoginModel.GenericError, await MessageAsync(await stranger.SignInAsync(mediator.Email, "encore-un-mauvais")), StringComparison.Ordinal);
        Clock.Advance(TimeSpan.FromSeconds(45));
        Assert.Contains(LoginModel.WaitError, await MessageAsync(await stranger.SignInAsync(mediator.Email, "encore-un-autre")), StringComparison.Ordinal);
        Clock.Advance(TimeSpan.FromSeconds(16));
        Assert.Contains(LoginModel.GenericError, await MessageAsync(await stranger.SignInAsync(mediator.Email, "et-encore-un")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_flood_from_everywhere_locks_the_address_until_an_admin_gives_a_new_password()
    {
        var mediator = await App.CreateMediatorAsync(await App.CreateOfficeAsync());
        for (var i = 0; i < 8; i++)
        {
            using var somewhere = From($"203.0.113.{10 + i}");
            Assert.Contains(LoginModel.GenericError, await MessageAsync(await somewhere.SignInAsync(mediator.Email, $"mauvais-{i}")), StringComparison.Ordinal);
        }

        // Locked from everywhere: the right password, from the office, reads like a wrong one.
        using var office = From("198.51.100.21");
        Assert.Contains(LoginModel.GenericError, await MessageAsync(await office.SignInAsync(mediator.Email, mediator.Password)), StringComparison.Ordinal);

        using var admin = await App.SignedInAsync(await App.CreateAdminAsync());
        Assert.Contains("Bloqué", (await admin.GetPageAsync($"/admin/comptes/{mediator.Id}")).QuerySelector("dl")!.TextContent, StringComparison.Ordinal);
        using var reset = await admin.PostFormAsync($"/admin/comptes/{mediator.Id}", [], $"/admin/comptes/{mediator.Id}?handler=ResetPassword");
        var provisional = (await HttpHelpers.ParseAsync(reset)).QuerySelector("code.secret")!.TextContent;
        using var signedIn = await office.SignInAsync(mediator.Email, provisional);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
    }

    [Fact]
    public async Task The_mediators_own_tablet_signs_in_through_a_flood_and_a_second_factor_tells_nothing_more()
    {
        var mediator = await App.CreateMediatorAsync(await App.CreateOfficeAsync());
        using var tablet = From("198.51.100.30");
        using (var first = await tablet.SignInAsync(mediator.Email, mediator.Password))
        {
            Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        }

        using (var signOut = await tablet.PostFormAsync("/bureaux", [], "/deconnexion"))
        {
            Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        }

        for (var i = 0; i < 8; i++)
        {
            using var somewhere = From($"203.0.113.{60 + i}");
            await MessageAsync(await somewhere.SignInAsync(mediator.Email, $"mauvais-{i}"));
        }

        // A forged proof is worth nothing: locked, the right password reads like a wrong one.
        using var forger = From("198.51.100.31");
        forger.DefaultRequestHeaders.Add("Cookie", $"{SignInThrottle.DeviceCookie}=forged");
        Assert.Contains(LoginModel.GenericError, await MessageAsync(await forger.SignInAsync(mediator.Email, mediator.Password)), StringComparison.Ordinal);

        // The tablet holds the server's proof that this account signed in there: the flood does not keep it out, and
        // the account's own sign-in there ends the lock.
        using (var again = await tablet.SignInAsync(mediator.Email, mediator.Password))
        {
            Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        }
    }

    [Fact]
    public async Task A_locked_account_with_a_second_factor_answers_the_right_password_like_a_wrong_one()
    {
        // Going on to the code page would tell a flood which password was right.
        var manager = await App.CreateManagerAsync();
        using (var enrolling = await App.SignedInAsync(manager))
        {
            var key = (await enrolling.GetPageAsync(TwoFactor.SetupPath)).QuerySelector("#cle")!.TextContent.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
            using var enabled = await enrolling.PostFormAsync(TwoFactor.SetupPath, [new("Code", new Totp(Base32Encoding.ToBytes(key)).ComputeTotp(Clock.GetUtcNow().UtcDateTime))], TwoFactor.SetupPath + "?handler=Enable");
            Assert.Equal(HttpStatusCode.Redirect, enabled.StatusCode);
        }

        for (var i = 0; i < 8; i++)
        {
            using var somewhere = From($"203.0.113.{80 + i}");
            await MessageAsync(await somewhere.SignInAsync(manager.Email, $"mauvais-{i}"));
        }

        using var desk = From("198.51.100.32");
        Assert.Contains(LoginModel.GenericError, await MessageAsync(await desk.SignInAsync(manager.Email, manager.Password)), StringComparison.Ordinal);
        using var scope = App.Services.CreateScope();
        var accountKey = SignInThrottle.AccountKey(manager.Email.ToUpperInvariant());
        Assert.True(await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<SignInThrottleEntry>().AnyAsync(e => e.Key == accountKey && e.Locked));
    }

    [Fact]
    public void An_ipv6_address_counts_by_its_network_an_ipv4_one_by_itself()
    {
        Assert.Equal(SignInThrottle.Place("2001:db8:1:2::1"), SignInThrottle.Place("2001:db8:1:2:ffff::9"));
        Assert.NotEqual(SignInThrottle.Place("2001:db8:1:2::1"), SignInThrottle.Place("2001:db8:1:3::1"));
        Assert.Equal("192.0.2.7", SignInThrottle.Place("::ffff:192.0.2.7"));
        Assert.NotEqual(SignInThrottle.Place("192.0.2.7"), SignInThrottle.Place("192.0.2.8"));
    }
}

public sealed class SignInThrottleTests_Sqlite(ThrottledSqliteApp app) : SignInThrottleTests(app), IClassFixture<ThrottledSqliteApp>;

public sealed class SignInThrottleTests_PostgreSql(ThrottledPostgresApp app) : SignInThrottleTests(app), IClassFixture<ThrottledPostgresApp>;
