using System.Net;
using System.Text.Json;
using Aiguillage.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Aiguillage.Web.Tests.Platform;

public abstract class HealthTests(AppFactory app) : EngineTests(app)
{
    [Fact]
    public async Task Ready_and_live_answer_200_without_signing_in()
    {
        using var client = App.Browser();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/health/live", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_lists_the_offices_api()
    {
        using var client = App.Browser();
        var json = await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        using var document = JsonDocument.Parse(json);
        Assert.True(document.RootElement.GetProperty("paths").TryGetProperty("/api/offices/{id}", out _));
    }

    [Fact]
    public async Task Every_answer_carries_the_security_headers()
    {
        using var client = App.Browser();
        using var response = await client.GetAsync(new Uri("/connexion", UriKind.Relative));
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task An_unknown_api_resource_answers_problem_json_and_an_unknown_page_a_french_404()
    {
        var admin = await App.CreateAdminAsync();
        using var client = await App.SignedInAsync(admin);

        using var api = await client.GetAsync(new Uri("/api/offices/999999", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);

        using var page = await client.GetAsync(new Uri("/cette-page-n-existe-pas", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        var html = await HttpHelpers.ParseAsync(page);
        Assert.Equal("Page introuvable", html.QuerySelector("h1")?.TextContent);
        Assert.Equal("fr", html.DocumentElement.GetAttribute("lang"));
    }

    [Fact]
    public async Task Https_answers_ask_browsers_to_keep_to_https_no_answer_names_the_server_and_a_favicon_is_served()
    {
        // Issue 16 §16.
        using var https = App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        using (var secure = await https.GetAsync(new Uri("/connexion", UriKind.Relative)))
        {
            Assert.Equal("max-age=31536000", Assert.Single(secure.Headers.GetValues("Strict-Transport-Security")));
        }

        using var client = App.Browser();
        using (var plain = await client.GetAsync(new Uri("/connexion", UriKind.Relative)))
        {
            Assert.False(plain.Headers.Contains("Strict-Transport-Security"));
        }

        // The test server writes no Server header of its own; Kestrel's option is what production uses.
        Assert.False(App.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>>().Value.AddServerHeader);

        foreach (var (path, type) in new[] { ("/favicon.ico", "image/x-icon"), ("/favicon.svg", "image/svg+xml") })
        {
            using var icon = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(System.Net.HttpStatusCode.OK, icon.StatusCode);
            Assert.Equal(type, icon.Content.Headers.ContentType!.MediaType);
        }
    }
}

public sealed class HealthTests_Sqlite(SqliteApp app) : HealthTests(app), IClassFixture<SqliteApp>;

public sealed class HealthTests_PostgreSql(PostgresApp app) : HealthTests(app), IClassFixture<PostgresApp>;
