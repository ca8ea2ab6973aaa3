using System.Net;
using Aiguillage.Domain.Activity;
using Aiguillage.Domain.Orientation;
using Aiguillage.Testing;
using Aiguillage.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aiguillage.Web.Tests.Activity;

public abstract class ActivityLogTests(AppFactory app) : EngineTests(app)
{
    private static string Today => Aiguillage.Web.Platform.Web.ParisTime.Today(TimeProvider.System).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<(HttpClient Client, Domain.Offices.Office Office)> MediatorAsync()
    {
        var office = await App.CreateOfficeAsync(name: "BUREAU ACTIVITE");
        return (await App.SignedInAsync(await App.CreateMediatorAsync(office)), office);
    }

    private async Task<int> CountAsync(int officeId)
    {
        using var scope = App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().RecordedActions.CountAsync(a => a.OfficeId == officeId);
    }

    [Fact]
    public async Task An_accompaniment_is_noted_and_listed_in_the_log()
    {
        var (client, office) = await MediatorAsync();
        var form = await client.GetPageAsync("/activite/action?action=acc-automate");
        Assert.NotNull(form.QuerySelector("input[name=Kind][value=Accompanied][checked]"));
        Assert.NotNull(form.QuerySelector("#CatalogueActionId option[value=acc-automate][selected]"));

        using var saved = await client.PostFormAsync("/activite/action?action=acc-automate",
        [
            new("OfficeId", office.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("Kind", "Accompanied"),
            new("CatalogueActionId", "acc-automate"), new("Machine", "PostageKiosk"), new("DurationMinutes", "20"), new("OccurredOn", Today),
        ], "/activite/action");
        Assert.Equal("/activite", saved.Headers.Location?.OriginalString);

        var log = await client.GetPageAsync("/activite");
        var row = log.QuerySelector("tbody tr")!.TextContent;
        Assert.Contains("Affranchir une lettre ou un colis à l'automate", row, StringComparison.Ordinal);
        Assert.Contains("20 min", row, StringComparison.Ordinal);
        Assert.Contains("BUREAU ACTIVITE", row, StringComparison.Ordinal);

        var filtered = await client.GetPageAsync("/activite?type=Informed");
        Assert.Empty(filtered.QuerySelectorAll("tbody tr"));
    }

    [Fact]
    public async Task Missing_or_inconsistent_details_are_refused_on_their_field_and_nothing_is_stored()
    {
        var (client, office) = await MediatorAsync();
        var officeId = office.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var cases = new (KeyValuePair<string, string>[] Fields, string Anchor)[]
        {
            ([new("OfficeId", officeId), new("Kind", "Accompanied"), new("OccurredOn", Today)], "#DurationMinutes"),
            ([new("OfficeId", officeId), new("OccurredOn", Today)], "#Kind"),
            ([new("OfficeId", officeId), new("Kind", "Informed"), new("CatalogueActionId", "acc-automate"), new("OccurredOn", Today)], "#CatalogueActionId"),
            ([new("OfficeId", "999999"), new("Kind", "Informed"), new("OccurredOn", Today)], "#OfficeId"),
            ([new("OfficeId", officeId), new("Kind", "Accompanied"), new("DurationMinutes", "-4"), new("OccurredOn", Today)], "#DurationMinutes"),
            ([new("OfficeId", officeId), new("Kind", "Informed"), new("OccurredOn", "2020-01-01")], "#OccurredOn"),
        };

        foreach (var (fields, anchor) in cases)
        {
            using var response = await client.PostFormAsync("/activite/action", fields);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            var page = await HttpHelpers.ParseAsync(response);
            Assert.NotNull(page.QuerySelector($".error-summary a[href='{anchor}']"));
        }

        Assert.Equal(0, await CountAsync(office.Id));
    }

    [Fact]
    public async Task An_action_can_be_changed_for_24_hours_then_it_is_frozen()
    {
        var (client, office) = await MediatorAsync();
        var officeId = office.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await client.PostFormAsync("/activite/action", [new("OfficeId", officeId), new("Kind", "Informed"), new("CatalogueActionId", "fiche-caf"), new("OccurredOn", Today)]);
        Guid id;
        using (var scope = App.Services.CreateScope())
        {
            id = await scope.ServiceProvider.GetRequiredService<AppDbContext>().RecordedActions.Where(a => a.OfficeId == office.Id).Select(a => a.Id).SingleAsync();
        }

        using var edited = await client.PostFormAsync($"/activite/action/{id}", [new("OfficeId", officeId), new("Kind", "Informed"), new("CatalogueActionId", "fiche-impots"), new("OccurredOn", Today)]);
        Assert.Equal("/activite", edited.Headers.Location?.OriginalString);

        using (var scope = App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await db.RecordedActions.Where(a => a.Id == id).ExecuteUpdateAsync(s => s.SetProperty(a => a.CreatedAt, DateTime.UtcNow.AddHours(-25)));
        }

        var frozenPage = await client.GetPageAsync($"/activite/action/{id}");
        Assert.Contains("figée", frozenPage.QuerySelector(".notice")?.TextContent, StringComparison.Ordinal);
        Assert.Null(frozenPage.QuerySelector("button[type=submit].button-primary"));
        using var refused = await client.PostFormAsync($"/activite/action/{id}", [new("OfficeId", officeId), new("Kind", "Informed"), new("CatalogueActionId", "fiche-caf"), new("OccurredOn", Today)]);
        Assert.Contains("ne peut plus être modifiée", (await HttpHelpers.ParseAsync(refused)).QuerySelector(".error-summary")?.TextContent, StringComparison.Ordinal);

        using (var scope = App.Services.CreateScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<AppDbContext>().RecordedActions.SingleAsync(a => a.Id == id);
            Assert.Equal("fiche-impots", stored.CatalogueActionId);
        }

        Assert.Contains("Figée", (await client.GetPageAsync("/activite")).QuerySelector("tbody")?.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_mediators_action_answers_404()
    {
        var (client, office) = await MediatorAsync();
        await client.PostFormAsync("/activite/action", [new("OfficeId", office.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("Kind", "ReferralProposed"), new("OccurredOn", Today)]);
        Guid id;
        using (var scope = App.Services.CreateScope())
        {
            id = await scope.ServiceProvider.GetRequiredService<AppDbContext>().RecordedActions.Where(a => a.OfficeId == office.Id).Select(a => a.Id).SingleAsync();
        }

        using var colleague = await App.SignedInAsync(await App.CreateMediatorAsync(office));
        Assert.Equal(HttpStatusCode.NotFound, (await colleague.GetAsync(new Uri($"/activite/action/{id}", UriKind.Relative))).StatusCode);
        Assert.Empty((await colleague.GetPageAsync("/activite")).QuerySelectorAll("tbody tr"));
        Assert.Equal(ActionKind.ReferralProposed.ToString(), await KindOfAsync(id));
    }

    private async Task<string> KindOfAsync(Guid id)
    {
        using var scope = App.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<AppDbContext>().RecordedActions.SingleAsync(a => a.Id == id)).Kind.ToString();
    }
}

public sealed class ActivityLogTests_Sqlite(SqliteApp app) : ActivityLogTests(app), IClassFixture<SqliteApp>;

public sealed class ActivityLogTests_PostgreSql(PostgresApp app) : ActivityLogTests(app), IClassFixture<PostgresApp>;
