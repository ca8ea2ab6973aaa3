using System.Globalization;
using System.Net;
using System.Text;
using Aiguillage.Domain.Statistics;
using Aiguillage.Testing;
using Aiguillage.Web.Features.Steering;
using Aiguillage.Web.Platform.Web;
using Microsoft.Extensions.DependencyInjection;

namespace Aiguillage.Web.Tests.Steering;

public abstract class OpenDataTests(AppFactory app) : EngineTests(app)
{
    [Fact]
    public async Task The_public_table_publishes_no_count_from_1_to_10_and_nothing_recomputable()
    {
        var loire = await App.CreateOfficeAsync("42");
        var gers = await App.CreateOfficeAsync("32");
        var today = ParisTime.Today(TimeProvider.System);
        var lastMonth = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        using (var admin = await App.SignedInAsync(await App.CreateAdminAsync()))
        {
            foreach (var (office, count, month) in new[] { (loire, 15, lastMonth), (loire, 12, lastMonth.AddMonths(-1)), (gers, 3, lastMonth), (gers, 14, lastMonth.AddMonths(-1)) })
            {
                for (var i = 0; i < count; i++)
                {
                    var body = Diagnostics.DiagnosticsApiTests.Submission(office);
                    body["filledAt"] = new DateTimeOffset(month.ToDateTime(new TimeOnly(10, 0)).AddDays(i % 20), TimeSpan.FromHours(1)).ToString("O", CultureInfo.InvariantCulture);
                    using var response = await admin.PostAsync(new Uri("/api/v1/diagnostics", UriKind.Relative), new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
                    Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                }
            }
        }

        using (var scope = App.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<SteeringCube>().RunAsync(CancellationToken.None);
        }

        // Public: no account needed.
        using var visitor = App.Browser();
        var page = await visitor.GetPageAsync("/donnees-ouvertes");
        Assert.Contains("Loire (42)", page.QuerySelector("table")!.TextContent, StringComparison.Ordinal);
        var csv = Encoding.UTF8.GetString((await visitor.GetByteArrayAsync(new Uri("/donnees-ouvertes?handler=Csv", UriKind.Relative)))[3..]);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.TrimEnd('\r').Split(';')[1..]).ToList();
        var hidden = new bool[lines.Count, lines[0].Length];
        for (var r = 0; r < lines.Count; r++)
        {
            for (var c = 0; c < lines[r].Length; c++)
            {
                hidden[r, c] = lines[r][c] == OpenDataModel.Secret;
                Assert.True(hidden[r, c] || long.Parse(lines[r][c], CultureInfo.InvariantCulture) is 0 or >= 11, $"published {lines[r][c]}");
            }
        }

        Assert.Contains(OpenDataModel.Secret, csv, StringComparison.Ordinal);   // the Gers' 3 of last month
        Assert.Null(StatisticalSecrecy.FindBridge(hidden));
    }
}

public sealed class OpenDataTests_Sqlite(SqliteApp app) : OpenDataTests(app), IClassFixture<SqliteApp>;

public sealed class OpenDataTests_PostgreSql(PostgresApp app) : OpenDataTests(app), IClassFixture<PostgresApp>;
