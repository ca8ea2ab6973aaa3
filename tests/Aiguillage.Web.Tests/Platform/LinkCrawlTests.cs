using System.Net;
using System.Text;
using AngleSharp.Html.Parser;
using Aiguillage.Domain.Territories;
using Aiguillage.Testing;
using Aiguillage.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aiguillage.Web.Tests.Platform;

/// <summary>
/// Issue 15 §1. Each role signs in and follows every link of every page it can reach (GET only, breadth first, from its
/// home): no link may answer 403 or 404 — a page never offers what its reader cannot open. On the way, no page a
/// manager reaches may show a client's first name or contact; a partner sees them only for the referrals made to it
/// with the client's consent, and never after the consent was withdrawn.
/// </summary>
public abstract class LinkCrawlTests(AppFactory app) : EngineTests(app)
{
    /// <summary>Enough for every page of the data below; a crawl that grows past it is itself a fault (links that multiply).</summary>
    private const int MaxPages = 400;

    private sealed record Person(string FirstName, string Phone, string Email)
    {
        public IEnumerable<string> Traces => [FirstName, Phone, Email];
    }

    // Distinctive values: none of them can appear on a page by chance.
    private static readonly Person SharedWithPartner = new("Josiane", "0611223301", "josiane.partage@example.fr");
    private static readonly Person Withdrawn = new("Ghislaine", "0611223302", "ghislaine.retrait@example.fr");
    private static readonly Person OtherPartner = new("Bérangère", "0611223303", "berangere.ailleurs@example.fr");

    private sealed record Visit(string Url, string? Html, string Problem);

    /// <summary>Everything the account reaches by links from its home; <see cref="Visit.Problem"/> is empty when the page answered.</summary>
    private static async Task<List<Visit>> CrawlAsync(HttpClient client)
    {
        var visits = new List<Visit>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { "/" };
        var queue = new Queue<(string Url, string From)>([("/", "(accueil)")]);
        var parser = new HtmlParser();
        while (queue.TryDequeue(out var next))
        {
            Assert.True(visits.Count < MaxPages, $"More than {MaxPages} pages reached: links multiply (last: {next.Url}).");
            using var response = await client.GetAsync(new Uri(next.Url, UriKind.Relative));
            var status = (int)response.StatusCode;
            if (status is 301 or 302 or 303 or 307 or 308)
            {
                // The framework's own redirects (sign-in, access denied) are absolute: compare their path.
                var location = response.Headers.Location is { IsAbsoluteUri: true } absolute ? absolute.PathAndQuery : response.Headers.Location?.OriginalString ?? "?";
                var target = location.Split('?')[0];
                if (target is "/acces-refuse" or "/connexion" || target.StartsWith("/erreur", StringComparison.Ordinal))
                {
                    visits.Add(new(next.Url, null, $"{next.Url} (lien de {next.From}) renvoie vers {location}"));
                }
                else if (Local(location) is { } local && seen.Add(local))
                {
                    queue.Enqueue((local, next.Url));
                }

                continue;
            }

            if (status >= 400)
            {
                visits.Add(new(next.Url, null, $"{next.Url} (lien de {next.From}) répond {status}"));
                continue;
            }

            var type = response.Content.Headers.ContentType?.MediaType ?? string.Empty;
            if (type != "text/html")
            {
                // A download (CSV, XLSX, JSON): it answered; its content is checked below as text.
                visits.Add(new(next.Url, type.StartsWith("text/", StringComparison.Ordinal) || type.Contains("json", StringComparison.Ordinal) ? await response.Content.ReadAsStringAsync() : null, string.Empty));
                continue;
            }

            var html = await response.Content.ReadAsStringAsync();
            visits.Add(new(next.Url, html, string.Empty));
            foreach (var href in parser.ParseDocument(html).QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!))
            {
                if (Local(href) is { } url && seen.Add(url))
                {
                    queue.Enqueue((url, next.Url));
                }
            }
        }

        return visits;
    }

    /// <summary>A link inside the app, as a path and query (null: an anchor, another site, a phone number, the stylesheet…).</summary>
    private static string? Local(string href)
    {
        var url = WebUtility.HtmlDecode(href).Split('#')[0];
        if (url.Length == 0 || !url.StartsWith('/') || url.StartsWith("//", StringComparison.Ordinal) || url.StartsWith("/css/", StringComparison.Ordinal) || url.StartsWith("/js/", StringComparison.Ordinal))
        {
            return null;
        }

        return url;
    }

    [Fact]
    public async Task Every_link_a_role_is_shown_opens_and_no_manager_or_partner_page_shows_a_contact_not_shared_with_them()
    {
        var office = await App.CreateOfficeAsync("42");
        var partner = await App.CreatePartnerAsync();
        var other = await App.CreatePartnerAsync();
        var mediator = await App.CreateMediatorAsync(office);
        await App.CreatePlaceWithSessionAsync(partner);
        await App.CreateStockAsync(office, 3);
        var shared = await App.CreateReferralAsync(office, partner, mediator, firstName: SharedWithPartner.FirstName, phone: SharedWithPartner.Phone, email: SharedWithPartner.Email, followUp: true);
        var withdrawn = await App.CreateReferralAsync(office, partner, mediator, firstName: Withdrawn.FirstName, phone: Withdrawn.Phone, email: Withdrawn.Email);
        await App.CreateReferralAsync(office, other, mediator, firstName: OtherPartner.FirstName, phone: OtherPartner.Phone, email: OtherPartner.Email);
        var admin = await App.CreateAdminAsync();

        using (var client = await App.SignedInAsync(mediator))
        {
            // A diagnostic of the office, so that its result, handout and the place search from it are reached.
            var body = Diagnostics.DiagnosticsApiTests.Submission(office);
            using var created = await client.PostAsync(new Uri("/api/v1/diagnostics", UriKind.Relative), new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            using (var scope = App.Services.CreateScope())
            {
                // The diagnostic is the consented client's: its result and handout carry the first name for the office.
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                var diagnosticId = Guid.Parse(body["id"]!.GetValue<string>());
                await db.Diagnostics.Where(d => d.Id == diagnosticId).ExecuteUpdateAsync(u => u.SetProperty(d => d.ClientId, (Guid?)shared.ClientId));
            }

            using var withdrawal = await client.PostFormAsync($"/orientations/{withdrawn.Id}", [new("Confirm", "true")], $"/orientations/{withdrawn.Id}?handler=Withdraw");
            Assert.Equal(HttpStatusCode.Redirect, withdrawal.StatusCode);
        }

        // The clients' references: the handout ties each to one person, so managers see none of them either.
        List<string> references;
        using (var scope = App.Services.CreateScope())
        {
            references = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Clients.Select(c => c.Reference).ToListAsync();
        }

        var roles = new Dictionary<string, TestAccount>
        {
            ["médiateur"] = mediator,
            ["partenaire"] = await App.CreatePartnerStaffAsync(partner),
            ["pilote"] = await App.CreateManagerAsync(TerritoryLevel.Department, "42"),
            ["pilote national"] = await App.CreateManagerAsync(TerritoryLevel.Nation, null),
            ["admin"] = admin,
        };

        var failures = new List<string>();
        foreach (var (role, account) in roles)
        {
            using var client = await App.SignedInAsync(account);
            var visits = await CrawlAsync(client);
            Assert.True(visits.Count > 3, $"{role}: only {visits.Count} pages reached");
            failures.AddRange(visits.Where(v => v.Problem.Length > 0).Select(v => $"{role} : {v.Problem}"));

            // Who may read whose contact: managers nobody's; the partner only the client who agreed to share with it.
            var forbidden = role switch
            {
                "partenaire" => Withdrawn.Traces.Concat(OtherPartner.Traces),
                "pilote" or "pilote national" => SharedWithPartner.Traces.Concat(Withdrawn.Traces).Concat(OtherPartner.Traces).Concat(references),
                _ => [],
            };
            foreach (var visit in visits.Where(v => v.Html is not null))
            {
                failures.AddRange(forbidden.Where(t => visit.Html!.Contains(t, StringComparison.Ordinal)).Select(t => $"{role} : {visit.Url} montre « {t} »"));
            }

            if (role == "partenaire")
            {
                // The consented referral is readable by its partner: the test would pass vacuously otherwise.
                Assert.Contains(visits, v => v.Url == $"/orientations/{shared.Id}" && v.Html!.Contains(SharedWithPartner.Phone, StringComparison.Ordinal));
            }
        }

        Assert.True(failures.Count == 0, "Links that do not open, or contact shown to whom it was not shared:\n" + string.Join('\n', failures));
    }
}

public sealed class LinkCrawlTests_Sqlite(SqliteApp app) : LinkCrawlTests(app), IClassFixture<SqliteApp>;

public sealed class LinkCrawlTests_PostgreSql(PostgresApp app) : LinkCrawlTests(app), IClassFixture<PostgresApp>;
