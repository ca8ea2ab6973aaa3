using System.Net;
using Aiguillage.Testing;
using Aiguillage.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aiguillage.Web.Tests.Partners;

public abstract class AdminPartnersTests(AppFactory app) : EngineTests(app)
{
    [Fact]
    public async Task An_admin_adds_and_changes_a_partner_organisation()
    {
        using var admin = await App.SignedInAsync(await App.CreateAdminAsync());
        using var created = await admin.PostFormAsync("/admin/partenaires",
            [new("Name", "Pimms Saint-Étienne"), new("Rna", "W423000999"), new("Network", "Pimms"), new("AcceptsPassNumerique", "true")]);
        Assert.Equal("/admin/partenaires", created.Headers.Location?.OriginalString);

        int id;
        using (var scope = App.Services.CreateScope())
        {
            var partner = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Partners.SingleAsync(p => p.Name == "Pimms Saint-Étienne");
            Assert.Equal(("W423000999", "Pimms", true), (partner.Rna, partner.Network, partner.AcceptsPassNumerique));
            id = partner.Id;
        }

        using var changed = await admin.PostFormAsync($"/admin/partenaires/{id}", [new("Name", "Pimms Saint-Étienne"), new("Siret", "43493312300029")]);
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        var list = await admin.GetPageAsync("/admin/partenaires");
        Assert.Contains("43493312300029", list.QuerySelector("tbody")?.TextContent, StringComparison.Ordinal);

        // The new organisation can now scope a partner staff account.
        var form = await admin.GetPageAsync("/admin/comptes/nouveau");
        Assert.NotNull(form.QuerySelector($"#Scope_PartnerId option[value='{id}']"));
    }

    [Fact]
    public async Task Bad_identifiers_and_duplicate_names_are_refused_on_their_field()
    {
        using var admin = await App.SignedInAsync(await App.CreateAdminAsync());
        var existing = await App.CreatePartnerAsync("Association déjà là");
        var cases = new (KeyValuePair<string, string>[] Fields, string Anchor)[]
        {
            ([new("Name", "Nouvelle"), new("Siret", "12345678901234")], "#Siret"),
            ([new("Name", "Nouvelle"), new("Rna", "X1")], "#Rna"),
            ([new("Name", "Nouvelle")], "#Siret"),
            ([new("Name", ""), new("Rna", "W423000999")], "#Name"),
            ([new("Name", existing.Name), new("Rna", "W423000999")], "#Name"),
        };
        foreach (var (fields, anchor) in cases)
        {
            using var response = await admin.PostFormAsync("/admin/partenaires", fields);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            Assert.NotNull((await HttpHelpers.ParseAsync(response)).QuerySelector($".error-summary a[href='{anchor}']"));
        }

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(new Uri("/admin/partenaires/999999", UriKind.Relative))).StatusCode);
    }
}

public sealed class AdminPartnersTests_Sqlite(SqliteApp app) : AdminPartnersTests(app), IClassFixture<SqliteApp>;

public sealed class AdminPartnersTests_PostgreSql(PostgresApp app) : AdminPartnersTests(app), IClassFixture<PostgresApp>;
