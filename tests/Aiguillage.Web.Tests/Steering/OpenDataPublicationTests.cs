using System.Globalization;
using System.Net;
using System.Text;
using Aiguillage.Domain.Steering;
using Aiguillage.Testing;
using Aiguillage.Web.Features.Diagnostics;
using Aiguillage.Web.Features.Steering;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Aiguillage.Web.Tests.Steering;

/// <summary>
/// Issue 16 §15: each table was safe alone, but a hidden cell moved between two days' publications as late
/// diagnostics arrived, and differencing them recovered a hidden count of 3 (Lozère, October). Publications are
/// built here at pinned dates, with late data between them.
/// </summary>
public abstract class OpenDataPublicationTests(AppFactory app) : EngineTests(app)
{
    private async Task PostDiagnosticsAsync(HttpClient client, Domain.Offices.Office office, DateOnly month, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var body = Diagnostics.DiagnosticsApiTests.Submission(office);
            body["filledAt"] = new DateTimeOffset(month.ToDateTime(new TimeOnly(10, 0)).AddDays(i % 20), TimeSpan.FromHours(1)).ToString("O", CultureInfo.InvariantCulture);
            using var response = await client.PostAsync(new Uri("/api/v1/diagnostics", UriKind.Relative), new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
    }

    private Task FoldAsync() => App.FoldSteeringAsync();

    /// <summary>A publication as read on <paramref name="day"/> (Paris, noon), keyed by table, month, row and position.</summary>
    private async Task<Dictionary<(string, DateOnly, string, int), long?>> PublishAsync(DateOnly day)
    {
        using var scope = App.Services.CreateScope();
        var sp = scope.ServiceProvider;
        var clock = new FakeTimeProvider(new DateTimeOffset(day.ToDateTime(new TimeOnly(11, 0)), TimeSpan.Zero));
        var publication = new OpenDataPublication(sp.GetRequiredService<AppDbContext>(), sp.GetRequiredService<ReadSide>(), sp.GetRequiredService<QuestionnaireCatalog>(), sp.GetRequiredService<IConfiguration>(), clock, NullLogger<OpenDataPublication>.Instance);
        return (await publication.ReadAsync(CancellationToken.None)).ToDictionary(f => (f.Table, f.Month, f.DepartmentCode, f.Position), f => f.Value);
    }

    [Fact]
    public async Task Two_publications_with_late_data_between_them_agree_on_every_month_both_show()
    {
        // A month safely in the past, whatever day the suite runs; publications 16 days after its end, then a month later.
        var today = ParisTime.Today(TimeProvider.System);
        var october = new DateOnly(today.Year, today.Month, 1).AddMonths(-3);
        var first = october.AddMonths(1).AddDays(PublicationCalendar.DefaultClosingDays);
        var second = first.AddMonths(1);
        var lozere = await App.CreateOfficeAsync("48");
        var loire = await App.CreateOfficeAsync("42");
        var gers = await App.CreateOfficeAsync("32");
        using var admin = await App.SignedInAsync(await App.CreateAdminAsync());
        await PostDiagnosticsAsync(admin, lozere, october, 3);
        await PostDiagnosticsAsync(admin, loire, october, 15);
        await PostDiagnosticsAsync(admin, gers, october, 14);
        await FoldAsync();

        // Before October is closed nothing of it is published.
        Assert.DoesNotContain((await PublishAsync(first.AddDays(-1))).Keys, k => k.Item2 == october);

        var a = await PublishAsync(first);
        Assert.Null(a[("diagnostics", october, "48", 0)]);                 // Lozère's 3: secret
        Assert.Equal(15, a[("diagnostics", october, "42", 0)]);
        Assert.Equal(32, a[("diagnostics", october, OpenDataPublication.TotalRow, 0)]);
        Assert.Null(a[("diagnostics", october, "32", 0)]);                 // and the Gers' 14 with it: 32 − 15 − 14 would give it away
        Assert.All(a.Where(k => k.Key.Item2 == october && k.Key.Item1 == "niveaux" && k.Key.Item3 == "48"), f => Assert.Null(f.Value));

        // Late keying: October diagnostics arrive after its publication. Recomputed, October would publish Lozère 11
        // and the Gers 14, and 32 − 15 − 14 from the first publication would give away Lozère's 3.
        await PostDiagnosticsAsync(admin, lozere, october, 8);
        await PostDiagnosticsAsync(admin, loire, october, 2);
        var november = october.AddMonths(1);
        await PostDiagnosticsAsync(admin, loire, november, 12);

        // Not counted yet: November is not frozen half-counted; October stays as it was.
        var unfolded = await PublishAsync(second);
        Assert.DoesNotContain(unfolded.Keys, k => k.Item2 == november);
        await FoldAsync();
        var b = await PublishAsync(second);
        Assert.Equal(12, b[("diagnostics", november, "42", 0)]);

        // Every number and every secret of October reads the same in both: differencing them recovers nothing.
        var octoberA = a.Where(k => k.Key.Item2 == october).OrderBy(k => k.Key).ToList();
        var octoberB = b.Where(k => k.Key.Item2 == october).OrderBy(k => k.Key).ToList();
        Assert.Equal(octoberA, octoberB);
        Assert.Null(b[("diagnostics", october, "48", 0)]);

        // October is stored once, with the figures of its first publication (the live ones, 42 in all, are not published).
        using (var scope = App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.Equal(32, await db.Set<PublishedFigure>().Where(f => f.Table == "diagnostics" && f.Month == october && f.DepartmentCode == OpenDataPublication.TotalRow).Select(f => f.Value).SingleAsync());
            Assert.Equal(1, await db.Set<PublishedMonth>().CountAsync(m => m.Month == october));
        }
    }
}

public sealed class OpenDataPublicationTests_Sqlite(SqliteApp app) : OpenDataPublicationTests(app), IClassFixture<SqliteApp>;

public sealed class OpenDataPublicationTests_PostgreSql(PostgresApp app) : OpenDataPublicationTests(app), IClassFixture<PostgresApp>;
