using System.Net;
using Aiguillage.Domain.Offices;
using Aiguillage.Testing;
using Aiguillage.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aiguillage.Web.Tests.Offices;

public abstract class OfficeAdminTests(AppFactory app) : EngineTests(app)
{
    [Fact]
    public async Task An_admin_enrols_an_office_with_its_days_and_machines()
    {
        var office = await App.CreateOfficeAsync(status: ProgrammeStatus.NotEnrolled, days: Weekdays.None);
        using var admin = await App.SignedInAsync(await App.CreateAdminAsync());

        using var response = await admin.PostFormAsync($"/admin/bureaux/{office.Id}",
        [
            new("Status", "Active"), new("PilotSince", "2026-01-05"), new("ActiveSince", "2026-03-02"),
            new("Days", "Tuesday"), new("Days", "Friday"), new("Machines", "PostageKiosk"),
        ]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Le bureau est enregistré.", (await HttpHelpers.ParseAsync(response)).QuerySelector(".notice")?.TextContent, StringComparison.Ordinal);

        var page = await admin.GetPageAsync($"/bureaux/{office.Id}");
        var facts = page.QuerySelector(".facts")?.TextContent;
        Assert.Contains("mardi et vendredi", facts, StringComparison.Ordinal);
        Assert.Contains("Automate d'affranchissement", facts, StringComparison.Ordinal);
        Assert.Contains("lundi 2 mars 2026", facts, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dates_out_of_order_are_refused_on_their_field_and_nothing_changes()
    {
        var office = await App.CreateOfficeAsync(status: ProgrammeStatus.NotEnrolled);
        using var admin = await App.SignedInAsync(await App.CreateAdminAsync());

        using var response = await admin.PostFormAsync($"/admin/bureaux/{office.Id}",
            [new("Status", "Active"), new("PilotSince", "2026-05-01"), new("ActiveSince", "2026-03-02")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await HttpHelpers.ParseAsync(response);
        Assert.Contains("ne peut pas précéder", page.QuerySelector(".error-summary")?.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector(".error-summary a[href='#ActiveSince']"));

        using var scope = App.Services.CreateScope();
        var stored = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Offices.SingleAsync(o => o.Id == office.Id);
        Assert.Equal(ProgrammeStatus.NotEnrolled, stored.Status);
    }

    [Fact]
    public async Task Malformed_values_answer_a_french_error_not_a_server_error()
    {
        var office = await App.CreateOfficeAsync();
        using var admin = await App.SignedInAsync(await App.CreateAdminAsync());
        using var response = await admin.PostFormAsync($"/admin/bureaux/{office.Id}",
            [new("Status", "Inconnu"), new("PilotSince", "pas une date"), new("Days", "Dimanche'; DROP TABLE Offices;--")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.NotNull((await HttpHelpers.ParseAsync(response)).QuerySelector(".error-summary"));

        // Markup is refused before the form is read (FormInputGuard): 400, the French page names the field.
        using var markup = await admin.PostFormAsync($"/admin/bureaux/{office.Id}", [new("Status", "<script>alert(1)</script>")]);
        Assert.Equal(HttpStatusCode.BadRequest, markup.StatusCode);
        var refused = (await HttpHelpers.ParseAsync(markup)).QuerySelector(".error-summary")!.TextContent;
        Assert.Contains("« Status » contient du code", refused, StringComparison.Ordinal);

        using var list = await admin.GetAsync(new Uri("/admin/bureaux?departement=<b>&pagenumber=-3", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, list.StatusCode);
        Assert.NotNull((await HttpHelpers.ParseAsync(list)).QuerySelector(".error-summary"));
    }

    [Fact]
    public async Task The_office_list_filters_by_department_and_status()
    {
        var loire = await App.CreateOfficeAsync(department: "42", name: "BUREAU LOIRE FILTRE");
        await App.CreateOfficeAsync(department: "32", name: "BUREAU GERS FILTRE");
        using var admin = await App.SignedInAsync(await App.CreateAdminAsync());

        var page = await admin.GetPageAsync("/admin/bureaux?q=filtre&departement=42&statut=Active");
        var names = page.QuerySelectorAll("tbody th").Select(th => th.TextContent).ToList();
        Assert.Equal([loire.Name], names);
    }
}

public sealed class OfficeAdminTests_Sqlite(SqliteApp app) : OfficeAdminTests(app), IClassFixture<SqliteApp>;

public sealed class OfficeAdminTests_PostgreSql(PostgresApp app) : OfficeAdminTests(app), IClassFixture<PostgresApp>;
