using System.Globalization;
using Aiguillage.Testing;

namespace Aiguillage.Web.Tests.Home;

/// <summary>
/// Issue 18: docs/rgaa-4.1.md lists each of the 106 RGAA criteria once, with the official title and one of the four
/// results; the « Accessibilité » page shows the rate computed from that file — recomputed here by a separate,
/// naive reading — and every footer links to it.
/// </summary>
public sealed class AccessibilityStatementTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private static readonly string[] Results = ["Conforme", "Non conforme", "Non applicable", "À vérifier"];

    /// <summary>The repository's docs/rgaa-4.1.md, found from the test's folder up.</summary>
    private static string AuditFile()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "docs", "rgaa-4.1.md");
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException("docs/rgaa-4.1.md");
    }

    /// <summary>(id, title, result) of each table row whose first cell is a criterion number.</summary>
    private static List<(string Id, string Title, string Result)> Rows() =>
        [.. File.ReadAllLines(AuditFile())
            .Where(l => l.StartsWith('|'))
            .Select(l => l.Split('|').Select(c => c.Trim()).ToArray())
            .Where(c => c.Length > 4 && c[1].Length > 2 && char.IsAsciiDigit(c[1][0]) && c[1].Contains('.', StringComparison.Ordinal))
            .Select(c => (c[1], c[2], c[3]))];

    [Fact]
    public void The_audit_lists_each_official_criterion_once_with_its_title_and_one_result()
    {
        var official = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Data", "rgaa-4.1-criteria.tsv"))
            .Where(l => !l.StartsWith('#')).Skip(1).Select(l => l.Split('\t')).ToDictionary(c => c[0], c => c[2]);
        Assert.Equal(106, official.Count);
        var rows = Rows();
        Assert.Equal(official.Keys.Order(StringComparer.Ordinal), rows.Select(r => r.Id).Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.Contains(r.Result, Results));
        Assert.All(rows, r => Assert.True(r.Title == official[r.Id] || (r.Title.EndsWith('…') && official[r.Id].StartsWith(r.Title.TrimEnd('…'), StringComparison.Ordinal)),
            $"{r.Id}: « {r.Title} » is not the official title « {official[r.Id]} »"));
    }

    [Fact]
    public async Task The_page_shows_the_rate_computed_from_the_audit_and_every_footer_links_to_it()
    {
        var rows = Rows();
        var met = rows.Count(r => r.Result == "Conforme");
        var applicable = rows.Count(r => r.Result != "Non applicable");
        var toCheck = rows.Count(r => r.Result == "À vérifier");
        var rate = (100.0 * met / applicable).ToString("0.#", CultureInfo.GetCultureInfo("fr-FR")) + " %";

        using var client = app.Browser();
        var page = await client.GetPageAsync("/accessibilite");
        Assert.Equal(rate, page.QuerySelector("#taux")?.TextContent);
        Assert.StartsWith($"{toCheck} critères à vérifier", page.QuerySelector("#a-verifier")?.TextContent, StringComparison.Ordinal);
        Assert.Equal(met * 2 >= applicable ? "partiellement conforme" : "non conforme", page.QuerySelector("#conformite")?.TextContent);
        Assert.Contains("Défenseur des droits", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);

        // Signed out and signed in, the footer says where the statement is.
        var signIn = await client.GetPageAsync("/connexion");
        Assert.NotNull(signIn.QuerySelector("footer a[href='/accessibilite']"));
        using var mediator = await app.SignedInAsync(await app.CreateMediatorAsync(await app.CreateOfficeAsync()));
        Assert.NotNull((await mediator.GetPageAsync("/bureaux")).QuerySelector("footer a[href='/accessibilite']"));
    }
}
