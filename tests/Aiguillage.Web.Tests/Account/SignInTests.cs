using System.Net;
using Aiguillage.Testing;
using Aiguillage.Web.Features.Account;
using Aiguillage.Web.Platform.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Aiguillage.Web.Tests.Account;

public abstract class SignInTests(AppFactory app) : EngineTests(app)
{
    [Fact]
    public async Task Each_role_lands_on_its_own_home_after_signing_in()
    {
        var office = await App.CreateOfficeAsync();
        var partner = await App.CreatePartnerAsync();
        var expected = new (TestAccount Account, string Home)[]
        {
            (await App.CreateMediatorAsync(office), "/bureaux"),
            (await App.CreatePartnerStaffAsync(partner), "/partenaire"),
            (await App.CreateManagerAsync(), "/pilotage"),
            (await App.CreateAdminAsync(), "/admin"),
        };

        foreach (var (account, home) in expected)
        {
            using var client = App.Browser();
            using var response = await client.SignInAsync(account.Email, account.Password);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal(home, response.Headers.Location?.OriginalString);
            using var page = await client.GetAsync(new Uri(home, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_email_get_the_same_message()
    {
        var admin = await App.CreateAdminAsync();
        using var client = App.Browser();

        var wrongPassword = await HttpHelpers.ParseAsync(await client.SignInAsync(admin.Email, "pas-le-bon-mot-de-passe"));
        var unknownEmail = await HttpHelpers.ParseAsync(await client.SignInAsync("personne@nulle-part.fr", "pas-le-bon-mot-de-passe"));

        Assert.Contains(LoginModel.GenericError, wrongPassword.QuerySelector(".error-summary")?.TextContent, StringComparison.Ordinal);
        Assert.Contains(LoginModel.GenericError, unknownEmail.QuerySelector(".error-summary")?.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_fields_are_named_in_french()
    {
        using var client = App.Browser();
        using var response = await client.PostFormAsync("/connexion", [new("Input.Email", ""), new("Input.Password", "")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var summary = (await HttpHelpers.ParseAsync(response)).QuerySelector(".error-summary")?.TextContent;
        Assert.Contains("Indiquez votre adresse e-mail.", summary, StringComparison.Ordinal);
        Assert.Contains("Indiquez votre mot de passe.", summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disabled_account_cannot_sign_in_and_its_open_session_ends()
    {
        var mediator = await App.CreateMediatorAsync(await App.CreateOfficeAsync());
        var admin = await App.CreateAdminAsync();
        using var session = await App.SignedInAsync(mediator);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync(new Uri("/bureaux", UriKind.Relative))).StatusCode);

        using var adminClient = await App.SignedInAsync(admin);
        using var disable = await adminClient.PostFormAsync($"/admin/comptes/{mediator.Id}", [], $"/admin/comptes/{mediator.Id}?handler=Disable");
        Assert.Equal(HttpStatusCode.OK, disable.StatusCode);

        using var after = await session.GetAsync(new Uri("/bureaux", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/connexion", after.Headers.Location?.AbsolutePath ?? after.Headers.Location?.OriginalString, StringComparison.Ordinal);

        using var fresh = App.Browser();
        using var signIn = await fresh.SignInAsync(mediator.Email, mediator.Password);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, signIn.StatusCode);
    }

    [Fact]
    public async Task A_password_with_angle_brackets_signs_in_the_form_guard_leaves_passwords_alone()
    {
        var account = await App.CreateMediatorAsync(await App.CreateOfficeAsync());
        const string chosen = "mot<de>passe<script>x";
        using (var scope = App.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByIdAsync(account.Id))!;
            Assert.True((await users.ChangePasswordAsync(user, account.Password, chosen)).Succeeded);
        }

        using var client = App.Browser();
        using var signedIn = await client.SignInAsync(account.Email, chosen);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.DoesNotContain("/connexion", signedIn.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    /// <summary>Cookies as a header, from the answers' Set-Cookie lines (a copy an attacker could have kept).</summary>
    private static void Keep(HttpResponseMessage response, Dictionary<string, string> jar)
    {
        foreach (var line in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
        {
            var pair = line.Split(';')[0].Split('=', 2);
            jar[pair[0]] = pair[1];
        }
    }

    private static HttpRequestMessage With(HttpMethod method, string url, Dictionary<string, string> jar, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative)) { Content = content };
        if (jar.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", jar.Select(c => $"{c.Key}={c.Value}")));
        }

        return request;
    }

    [Fact]
    public async Task A_cookie_kept_from_before_signing_out_no_longer_opens_anything()
    {
        // Issue 16 §12: signing out only deleted the browser's cookie; a copy saved before still worked afterwards.
        var mediator = await App.CreateMediatorAsync(await App.CreateOfficeAsync());
        using var raw = App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var jar = new Dictionary<string, string>();
        async Task<string> TokenAsync(string url)
        {
            using var page = await raw.SendAsync(With(HttpMethod.Get, url, jar));
            Keep(page, jar);
            return (await HttpHelpers.ParseAsync(page)).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        }

        var token = await TokenAsync("/connexion");
        using (var signIn = await raw.SendAsync(With(HttpMethod.Post, "/connexion", jar, new FormUrlEncodedContent(
            [new("Input.Email", mediator.Email), new("Input.Password", mediator.Password), new("__RequestVerificationToken", token)]))))
        {
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
            Keep(signIn, jar);
        }

        var saved = new Dictionary<string, string>(jar);
        using (var before = await raw.SendAsync(With(HttpMethod.Get, "/bureaux", saved)))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        token = await TokenAsync("/compte/mot-de-passe");
        using (var signOut = await raw.SendAsync(With(HttpMethod.Post, "/deconnexion", jar, new FormUrlEncodedContent([new("__RequestVerificationToken", token)]))))
        {
            Assert.Equal("/connexion", signOut.Headers.Location!.OriginalString.Split('?')[0]);
        }

        using var after = await raw.SendAsync(With(HttpMethod.Get, "/bureaux", saved));
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Equal("/connexion", after.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        var admin = await App.CreateAdminAsync();
        using var client = await App.SignedInAsync(admin);
        using var signOut = await client.PostFormAsync("/admin", [], "/deconnexion");
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        using var after = await client.GetAsync(new Uri("/admin", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }
}

public sealed class SignInTests_Sqlite(SqliteApp app) : SignInTests(app), IClassFixture<SqliteApp>;

public sealed class SignInTests_PostgreSql(PostgresApp app) : SignInTests(app), IClassFixture<PostgresApp>;
