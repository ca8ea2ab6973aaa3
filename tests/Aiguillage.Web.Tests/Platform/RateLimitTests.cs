using Microsoft.Extensions.DependencyInjection;
using System.Net;
using Aiguillage.Testing;
using Aiguillage.Web.Platform.Data;
using Microsoft.AspNetCore.Hosting;

namespace Aiguillage.Web.Tests.Platform;

/// <summary>An app with low limits: 3 sign-in attempts and 5 API calls a minute.</summary>
public sealed class RateLimitedApp() : AppFactory(DatabaseProvider.Sqlite)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("RateLimiting:SignInPerMinute", "3");
        builder.UseSetting("RateLimiting:ApiPerMinute", "5");
    }
}

/// <summary>Issue 9 §4: sign-in attempts and API calls beyond the limit answer 429 with Retry-After, in French.</summary>
public sealed class RateLimitTests(RateLimitedApp app) : EngineTests(app), IClassFixture<RateLimitedApp>
{
    [Fact]
    public async Task Sign_in_attempts_beyond_the_limit_answer_429_with_retry_after_and_the_french_page()
    {
        var account = await App.CreateMediatorAsync(await App.CreateOfficeAsync());
        using var client = App.Browser();
        for (var i = 0; i < 3; i++)
        {
            using var refused = await client.SignInAsync(account.Email, "pas le bon mot de passe");
            Assert.NotEqual(HttpStatusCode.TooManyRequests, refused.StatusCode);
        }

        using var limited = await client.SignInAsync(account.Email, account.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) is > 0 and <= 60);
        Assert.Contains("Trop de demandes", (await HttpHelpers.ParseAsync(limited)).QuerySelector("h1")!.TextContent, StringComparison.Ordinal);

        // The authenticator code shares the budget: guessing codes is no way around it.
        using (var code = await client.PostAsync(new Uri("/connexion/code", UriKind.Relative), new FormUrlEncodedContent([new("Code", "123456")])))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, code.StatusCode);
        }

        // Pages other than the sign-in form are not limited.
        using var page = await client.GetAsync(new Uri("/connexion", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task Api_calls_beyond_the_limit_answer_429_in_problem_json()
    {
        using var client = App.Browser();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 6; i++)
        {
            last?.Dispose();
            last = await client.GetAsync(new Uri("/api/v1/questionnaires/current", UriKind.Relative));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, last!.StatusCode);
        Assert.Equal("application/problem+json", last.Content.Headers.ContentType?.MediaType);
        Assert.Contains("réessayez dans", await last.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotEmpty(last.Headers.GetValues("Retry-After"));
        last.Dispose();
    }
}

/// <summary>The same low limits, behind a proxy as docs/operations.md recommends: forwarded headers on, the proxy's address declared.</summary>
public sealed class ForwardedRateLimitedApp() : AppFactory(DatabaseProvider.Sqlite)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("RateLimiting:SignInPerMinute", "3");
        builder.UseSetting("FORWARDEDHEADERS_ENABLED", "true");
        // The proxy the operator declared; the test's requests come from elsewhere, so their header is not believed.
        builder.UseSetting("ForwardedHeaders:KnownProxies:0", "10.1.2.3");

        // The test server gives no client address, which the forwarded-headers middleware takes as trusted; a real
        // connection always has one. Set first of all, before the framework's own forwarded-headers filter.
        builder.ConfigureServices(s => s.Insert(0, ServiceDescriptor.Transient<Microsoft.AspNetCore.Hosting.IStartupFilter, ClientAddress>()));
    }

    private sealed class ClientAddress : Microsoft.AspNetCore.Hosting.IStartupFilter
    {
        public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
        {
            app.Use(then => context =>
            {
                context.Connection.RemoteIpAddress = System.Net.IPAddress.Parse("192.0.2.1");
                return then(context);
            });
            next(app);
        };
    }
}

/// <summary>Issue 16 §14: each forged X-Forwarded-For got a fresh sign-in budget; only configured proxies are believed now.</summary>
public sealed class ForwardedHeadersTests(ForwardedRateLimitedApp app) : EngineTests(app), IClassFixture<ForwardedRateLimitedApp>
{
    [Fact]
    public async Task A_forged_forwarded_address_gets_no_fresh_sign_in_budget()
    {
        var account = await App.CreateMediatorAsync(await App.CreateOfficeAsync());
        using var client = App.Browser();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            var token = await client.AntiforgeryTokenAsync("/connexion");
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/connexion", UriKind.Relative))
            {
                Content = new FormUrlEncodedContent([new("Input.Email", account.Email), new("Input.Password", "pas le bon mot de passe"), new("__RequestVerificationToken", token)]),
            };
            request.Headers.Add("X-Forwarded-For", $"203.0.113.{10 + i}");
            using var response = await client.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.UnprocessableEntity, HttpStatusCode.UnprocessableEntity, HttpStatusCode.UnprocessableEntity, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }
}

