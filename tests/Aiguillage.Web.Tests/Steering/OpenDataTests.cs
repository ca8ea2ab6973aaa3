using System.Globalization;
using System.Net;
using System.Text;
using Aiguillage.Domain.Steering;
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
        // Two and three months back: closed whatever the day (the closing delay is 28 days at most, issue 16 §15).
        var today = ParisTime.Today(TimeProvider.System);
        var lastMonth = new DateOnly(today.Year, today.Month, 1).AddMonths(-2);
        using (var admin = await App.SignedInAsync(await App.CreateAdminAsync()))
        {
            foreach (var (office, count, month) in new[] { (loire, 15, lastMonth), (loire, 12, lastMonth.AddMonths(-1)), (gers, 3, lastMonth), (gers, 14, lastMonth.AddMonths(-1)), (gers, 4, lastMonth.AddMonths(-2)) })
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

        await App.FoldSteeringAsync();

        // Public: no account needed.
        using var visitor = App.Browser();
        var page = await visitor.GetPageAsync("/donnees-ouvertes");
        Assert.Contains("Loire (42)", page.QuerySelector("table")!.TextContent, StringComparison.Ordinal);
        var csv = Encoding.UTF8.GetString((await visitor.GetByteArrayAsync(new Uri("/donnees-ouvertes?handler=Csv", UriKind.Relative)))[3..]);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.TrimEnd('\r').Split(';')).ToList();
        Assert.Equal("total", lines[^1][0]);   // each month's national total, no total across months
        foreach (var line in lines)
        {
            Assert.All(line[1..], v => Assert.True(v == OpenDataModel.Secret || long.Parse(v, CultureInfo.InvariantCulture) is 0 or >= 11, $"published {v}"));
        }

        // In each month whose total is published, a secret is never alone: it cannot be the total minus the others.
        for (var c = 1; c < lines[0].Length; c++)
        {
            if (lines[^1][c] != OpenDataModel.Secret)
            {
                Assert.NotEqual(1, lines.SkipLast(1).Count(l => l[c] == OpenDataModel.Secret));
            }
        }

        Assert.Contains(OpenDataModel.Secret, csv, StringComparison.Ordinal);   // the Gers' 3 of that month

        // A month with 4 diagnostics in all: its national total is secret too, never published as 0.
        var quiet = Array.IndexOf(csv.Split('\n')[0].TrimEnd('\r').Split(';'), $"{lastMonth.AddMonths(-2):yyyy-MM}");
        Assert.Equal(OpenDataModel.Secret, lines[^1][quiet]);
        Assert.Contains(OpenDataModel.Secret, page.QuerySelectorAll("tbody tr")[^1].Children[quiet].TextContent, StringComparison.Ordinal);

        // The breakdowns: nothing from 1 to 10, a row whose total is secret is secret whole, a secret never alone in its row.
        foreach (var table in OpenDataPublication.BreakdownIds)
        {
            var file = Encoding.UTF8.GetString((await visitor.GetByteArrayAsync(new Uri($"/donnees-ouvertes?handler=File&table={table}&format=csv", UriKind.Relative)))[3..]);
            var rows = file.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.TrimEnd('\r').Split(';')).ToList();
            foreach (var row in rows)
            {
                var values = row[2..];
                Assert.All(values, v => Assert.True(v == OpenDataModel.Secret || long.Parse(v, CultureInfo.InvariantCulture) is 0 or >= 11, $"{table}: published {v}"));
                if (values[0] == OpenDataModel.Secret)
                {
                    Assert.All(values, v => Assert.Equal(OpenDataModel.Secret, v));
                }
                else if (table == "niveaux")
                {
                    var parts = values.Skip(1).ToList();
                    Assert.NotEqual(1, parts.Count(v => v == OpenDataModel.Secret));
                    if (!parts.Contains(OpenDataModel.Secret))
                    {
                        Assert.Equal(long.Parse(values[0], CultureInfo.InvariantCulture), parts.Sum(v => long.Parse(v, CultureInfo.InvariantCulture)));
                    }
                }
            }

            if (table == "niveaux")
            {
                // Each row's total is the cell of the first table, published or secret alike.
                var header = csv.Split('\n')[0].TrimEnd('\r').Split(';');
                var first = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.TrimEnd('\r').Split(';')).ToList();
                foreach (var row in rows)
                {
                    Assert.Equal(first.Single(f => f[0] == row[0])[Array.IndexOf(header, row[1])], row[2]);
                }

                Assert.Equal(OpenDataModel.Secret, rows.Single(r => r[0] == "32" && r[1] == $"{lastMonth:yyyy-MM}")[2]);   // the Gers' 3
            }
        }

        var xlsx = await visitor.GetByteArrayAsync(new Uri("/donnees-ouvertes?handler=File&table=niveaux&format=xlsx", UriKind.Relative));
        Assert.NotEmpty(MiniExcelLibs.MiniExcel.Query(new MemoryStream(xlsx), useHeaderRow: true));
        var detail = await visitor.GetPageAsync("/donnees-ouvertes?departement=42");
        Assert.NotNull(detail.QuerySelector("#titre-niveaux"));
        using var unknown = await visitor.GetAsync(new Uri("/donnees-ouvertes?departement=99", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.NotNull((await HttpHelpers.ParseAsync(unknown)).QuerySelector(".error-summary a[href='#Department']"));
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync(new Uri("/donnees-ouvertes?handler=File&table=clients", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await visitor.GetAsync(new Uri("/donnees-ouvertes?handler=File&table=niveaux&format=ods", UriKind.Relative))).StatusCode);
    }
}

public sealed class OpenDataTests_Sqlite(SqliteApp app) : OpenDataTests(app), IClassFixture<SqliteApp>;

public sealed class OpenDataTests_PostgreSql(PostgresApp app) : OpenDataTests(app), IClassFixture<PostgresApp>;

/// <summary>Apart from <see cref="OpenDataTests"/>: a visit freezes the closed months of its database.</summary>
public abstract class OpenDataCacheTests(AppFactory app) : EngineTests(app)
{
    [Fact]
    public async Task The_public_page_is_computed_once_for_everyone_and_never_cached_for_a_signed_in_user()
    {
        const string url = "/donnees-ouvertes?departement=2A";
        using var first = App.Browser();
        using var second = App.Browser();
        Assert.Null((await first.GetAsync(new Uri(url, UriKind.Relative))).Headers.Age);
        Assert.NotNull((await second.GetAsync(new Uri(url, UriKind.Relative))).Headers.Age);   // from the output cache

        using var signedIn = await App.SignedInAsync(await App.CreateAdminAsync());
        Assert.Null((await signedIn.GetAsync(new Uri(url, UriKind.Relative))).Headers.Age);
    }
}

public sealed class OpenDataCacheTests_Sqlite(SqliteApp app) : OpenDataCacheTests(app), IClassFixture<SqliteApp>;

public sealed class OpenDataCacheTests_PostgreSql(PostgresApp app) : OpenDataCacheTests(app), IClassFixture<PostgresApp>;
