using System.Net;
using Aiguillage.Testing;
using Aiguillage.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aiguillage.Web.Tests.Admin;

public abstract class AccountAdminTests(AppFactory app) : EngineTests(app)
{
    [Fact]
    public async Task An_admin_creates_a_mediator_who_can_sign_in_and_sees_their_office()
    {
        var office = await App.CreateOfficeAsync(name: "BUREAU DU NOUVEAU");
        using var admin = await App.SignedInAsync(await App.CreateAdminAsync());

        using var response = await admin.PostFormAsync("/admin/comptes/nouveau",
        [
            new("Input.Email", "nouvelle.mediatrice@test.aiguillage.fr"), new("Input.DisplayName", "Nouvelle Médiatrice"),
            new("Scope.Role", "Mediator"), new("Scope.OfficeSiteCodes", office.SiteCode.ToLowerInvariant()),
        ]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HttpHelpers.ParseAsync(response);
        var password = page.QuerySelector(".secret code")?.TextContent;
        Assert.Equal(16, password?.Length);

        using var mediator = App.Browser();
        using var signIn = await mediator.SignInAsync("nouvelle.mediatrice@test.aiguillage.fr", password!);
        Assert.Equal("/bureaux", signIn.Headers.Location?.OriginalString);

        // The admin saw that password: the person chooses their own before anything else (the API refuses meanwhile).
        Assert.Equal("/compte/mot-de-passe", (await mediator.GetAsync(new Uri("/bureaux", UriKind.Relative))).Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Forbidden, (await mediator.GetAsync(new Uri("/api/offices/", UriKind.Relative))).StatusCode);
        using (var mismatch = await mediator.PostFormAsync("/compte/mot-de-passe", [new("CurrentPassword", password!), new("NewPassword", "une phrase bien à moi"), new("ConfirmPassword", "une autre phrase")]))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, mismatch.StatusCode);
            Assert.NotNull((await HttpHelpers.ParseAsync(mismatch)).QuerySelector(".error-summary a[href='#ConfirmPassword']"));
        }

        using (var tooShort = await mediator.PostFormAsync("/compte/mot-de-passe", [new("CurrentPassword", password!), new("NewPassword", "court"), new("ConfirmPassword", "court")]))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, tooShort.StatusCode);
            Assert.NotNull((await HttpHelpers.ParseAsync(tooShort)).QuerySelector(".error-summary a[href='#NewPassword']"));
        }

        using (var changed = await mediator.PostFormAsync("/compte/mot-de-passe", [new("CurrentPassword", password!), new("NewPassword", "une phrase bien à moi"), new("ConfirmPassword", "une phrase bien à moi")]))
        {
            Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        }

        var home = await mediator.GetPageAsync("/bureaux");
        Assert.Contains("BUREAU DU NOUVEAU", home.QuerySelector("main")?.TextContent, StringComparison.Ordinal);
        using var again = App.Browser();
        using var refused = await again.SignInAsync("nouvelle.mediatrice@test.aiguillage.fr", password!);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);   // the provisional password no longer works
        using var withOwn = await again.SignInAsync("nouvelle.mediatrice@test.aiguillage.fr", "une phrase bien à moi");
        Assert.Equal("/bureaux", withOwn.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync(new Uri("/bureaux", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_bad_scope_is_refused_with_a_french_message_on_its_field_and_nothing_is_created()
    {
        using var admin = await App.SignedInAsync(await App.CreateAdminAsync());
        var cases = new (string Field, string Value, string Role, string Expected)[]
        {
            ("Scope.OfficeSiteCodes", "00000Z", "Mediator", "Code de bureau inconnu : 00000Z."),
            ("Scope.OfficeSiteCodes", "", "Mediator", "Indiquez au moins un code de bureau"),
            ("Scope.TerritoryCode", "99", "Manager", "Indiquez un code de département existant"),
            ("Scope.PartnerId", "", "PartnerStaff", "Choisissez l'organisation partenaire"),
            ("Scope.Role", "", "Superman", "Choisissez un rôle dans la liste."),
        };

        foreach (var (field, value, role, expected) in cases)
        {
            using var response = await admin.PostFormAsync("/admin/comptes/nouveau",
            [
                new("Input.Email", "refuse@test.aiguillage.fr"), new("Input.DisplayName", "Refusé"), new("Scope.Role", role),
                new("Scope.TerritoryLevel", "Department"), new(field, value),
            ]);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            var page = await HttpHelpers.ParseAsync(response);
            var summary = page.QuerySelector(".error-summary")?.TextContent;
            Assert.Contains(expected, summary, StringComparison.Ordinal);
            if (field != "Scope.Role")
            {
                Assert.NotNull(page.QuerySelector($".error-summary a[href='#{field.Replace('.', '_')}']"));
            }
        }

        using var scope = App.Services.CreateScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<AppDbContext>().Users.AnyAsync(u => u.Email == "refuse@test.aiguillage.fr"));
    }

    [Fact]
    public async Task Changing_a_mediators_office_applies_at_their_next_request()
    {
        var a = await App.CreateOfficeAsync();
        var b = await App.CreateOfficeAsync();
        var mediator = await App.CreateMediatorAsync(a);
        using var session = await App.SignedInAsync(mediator);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync(new Uri($"/bureaux/{a.Id}", UriKind.Relative))).StatusCode);

        using var admin = await App.SignedInAsync(await App.CreateAdminAsync());
        using var save = await admin.PostFormAsync($"/admin/comptes/{mediator.Id}",
            [new("DisplayName", "Médiateur déplacé"), new("Scope.Role", "Mediator"), new("Scope.OfficeSiteCodes", b.SiteCode)],
            $"/admin/comptes/{mediator.Id}?handler=Save");
        Assert.Contains("Le compte est enregistré.", (await HttpHelpers.ParseAsync(save)).QuerySelector(".notice")?.TextContent, StringComparison.Ordinal);

        using var again = await App.SignedInAsync(mediator);
        Assert.Equal(HttpStatusCode.NotFound, (await again.GetAsync(new Uri($"/bureaux/{a.Id}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync(new Uri($"/bureaux/{b.Id}", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task An_unknown_account_id_answers_404()
    {
        using var admin = await App.SignedInAsync(await App.CreateAdminAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(new Uri("/admin/comptes/inconnu", UriKind.Relative))).StatusCode);
    }
}

public sealed class AccountAdminTests_Sqlite(SqliteApp app) : AccountAdminTests(app), IClassFixture<SqliteApp>;

public sealed class AccountAdminTests_PostgreSql(PostgresApp app) : AccountAdminTests(app), IClassFixture<PostgresApp>;
