using System.Net;
using Aiguillage.Testing;
using Aiguillage.Web.Platform.Security;

namespace Aiguillage.Web.Tests.Platform;

public abstract class RoleAccessTests(AppFactory app) : EngineTests(app)
{
    private static readonly string[] RoleHomes = ["/bureaux", "/activite", "/partenaire", "/partenaire/ateliers", "/partenaire/lieux", "/partenaire/orientations", "/partenaire/pass-numerique", "/pilotage", "/pass-numerique", "/admin", "/admin/comptes", "/admin/bureaux", "/admin/comptes/nouveau", "/admin/lieux", "/admin/partenaires"];

    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        [Roles.Mediator] = ["/bureaux", "/activite"],
        [Roles.PartnerStaff] = ["/partenaire", "/partenaire/ateliers", "/partenaire/lieux", "/partenaire/orientations", "/partenaire/pass-numerique"],
        [Roles.Manager] = ["/pilotage", "/pass-numerique"],
        [Roles.Admin] = ["/pilotage", "/pass-numerique", "/admin", "/admin/comptes", "/admin/bureaux", "/admin/comptes/nouveau", "/admin/lieux", "/admin/partenaires"],
    };

    [Fact]
    public async Task Each_role_reaches_its_pages_and_is_refused_the_others()
    {
        var office = await App.CreateOfficeAsync();
        var accounts = new[]
        {
            await App.CreateMediatorAsync(office),
            await App.CreatePartnerStaffAsync(await App.CreatePartnerAsync()),
            await App.CreateManagerAsync(),
            await App.CreateAdminAsync(),
        };

        foreach (var account in accounts)
        {
            using var client = await App.SignedInAsync(account);
            foreach (var path in RoleHomes)
            {
                using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
                if (account.Role == Roles.Admin && path is "/partenaire/ateliers" or "/partenaire/lieux")
                {
                    // Admins manage every partner's: they are sent to choose the organisation first.
                    Assert.Equal("/admin/partenaires", response.Headers.Location?.OriginalString);
                }
                else if (Allowed[account.Role].Contains(path))
                {
                    Assert.True(response.StatusCode == HttpStatusCode.OK, $"{account.Role} on {path}: {(int)response.StatusCode}");
                }
                else
                {
                    Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{account.Role} on {path}: {(int)response.StatusCode}");
                    Assert.StartsWith("/acces-refuse", response.Headers.Location?.AbsolutePath, StringComparison.Ordinal);
                    using var denied = await client.GetAsync(response.Headers.Location);
                    Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
                }
            }
        }
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_the_sign_in_page_and_the_api_answers_401()
    {
        using var client = App.Browser();
        foreach (var path in RoleHomes.Append("/"))
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/connexion", response.Headers.Location?.AbsolutePath);
        }

        using var api = await client.GetAsync(new Uri("/api/offices", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task Partner_staff_get_403_from_the_offices_api()
    {
        var staff = await App.CreatePartnerStaffAsync(await App.CreatePartnerAsync());
        using var client = await App.SignedInAsync(staff);
        using var api = await client.GetAsync(new Uri("/api/offices", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
    }
}

public sealed class RoleAccessTests_Sqlite(SqliteApp app) : RoleAccessTests(app), IClassFixture<SqliteApp>;

public sealed class RoleAccessTests_PostgreSql(PostgresApp app) : RoleAccessTests(app), IClassFixture<PostgresApp>;
