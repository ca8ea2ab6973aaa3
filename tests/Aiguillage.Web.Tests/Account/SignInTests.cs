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
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        var mediator = await App.CreateMediatorAsync(await App.CreateOfficeAsync());
        using var client = App.Browser();
        for (var i = 0; i < 5; i++)
        {
            using var attempt = await client.SignInAsync(mediator.Email, $"mauvais-mot-de-passe-{i}");
            Assert.Equal(HttpStatusCode.UnprocessableEntity, attempt.StatusCode);
        }

        using var response = await client.SignInAsync(mediator.Email, mediator.Password);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await HttpHelpers.ParseAsync(response);
        Assert.Contains("bloqué pendant 15 minutes", page.QuerySelector(".error-summary")?.TextContent, StringComparison.Ordinal);
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
