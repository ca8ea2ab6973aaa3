using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Aiguillage.Domain.DigitalPass;
using Aiguillage.Testing;
using Aiguillage.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aiguillage.Web.Tests.Platform;

/// <summary>
/// Issue 15 §2: a double tap makes one record and one message. Every POST handler of every page (the app's own page
/// list, as in the hostile-input test) is either a creating form — it must carry its own id, and two identical
/// submissions sent at once must change the database exactly as one does (every table counted, the outbox's messages
/// and the journal included) — or is named here with why sending it twice cannot create anything. A new POST handler
/// in neither list fails the test. The API's creating endpoints are held to the same.
/// </summary>
public abstract class DoubleSubmitTests(AppFactory app) : EngineTests(app)
{
    /// <summary>Handlers that change something in place, or create nothing a second time, and why.</summary>
    private static readonly Dictionary<string, string> NotCreating = new(StringComparer.Ordinal)
    {
        ["connexion|"] = "signs in (a session, not a record)",
        ["connexion/code|"] = "each code is accepted once (TwoFactor)",
        ["deconnexion|"] = "signs out",
        ["compte/double-authentification|Enable"] = "enables the account's authenticator, in place",
        ["compte/double-authentification|Disable"] = "disables it, in place",
        ["compte/mot-de-passe|"] = "changes the account's password, in place",
        ["admin/comptes/{id}|Save"] = "changes an account in place",
        ["admin/comptes/{id}|Disable"] = "in place",
        ["admin/comptes/{id}|Enable"] = "in place",
        ["admin/comptes/{id}|ResetPassword"] = "a new password replaces the old one, in place",
        ["admin/comptes/{id}|ResetTwoFactor"] = "in place",
        ["admin/personnes|Erase"] = "anonymises a client in place; twice is the same",
        ["admin/bureaux/{id:int}|"] = "changes an office; a status history line only when the status changes",
        ["admin/lieux|Attach"] = "sets a place's partner, in place",
        ["admin/pilotage|"] = "sets the roll-out target, in place",
        ["clients/{id:guid}|Withdraw"] = "ends the consent; a second time there is none to end",
        ["diagnostics/{id:guid}/questions/{number:int}|"] = "saves an answer of the draft, in place",
        ["diagnostics/{id:guid}/lecture/{number:int}|"] = "saves an answer of the draft, in place (reading along, issue 17 §8)",
        ["diagnostics/{id:guid}/besoins|"] = "saves the draft's needs, in place",
        ["diagnostics/{id:guid}/profil|"] = "saves the draft's profile, in place",
        ["diagnostics/{id:guid}/recapitulatif|"] = "stores the diagnostic under the draft's own id (DraftAccess.SubmitAsync)",
        ["pass-numerique/conventions/{id:int}|Allocate"] = "moves cheques to an office, in place; a count carries the form's id, so a double tap moves once (DigitalPassTests)",
        ["bureaux/{id:int}/pass-numerique|Void"] = "changes a cheque's state, by a conditional update",
        ["partenaire/ateliers|Edit"] = "changes a workshop in place",
        ["partenaire/ateliers/{id:guid}|Edit"] = "moves a session, by a conditional update",
        ["partenaire/ateliers/{id:guid}|Cancel"] = "cancels a session, once (a cancelled one is refused)",
        ["partenaire/cles-api|Revoke"] = "revokes a key, once (a revoked one is refused)",
        ["partenaire/webhook|"] = "sets the partner's one address (the partner is its key): sent again, it changes nothing",
        ["partenaire/webhook|Secret"] = "replaces the partner's secret, in place",
        ["partenaire/webhook|Remove"] = "removes the address; a second time there is none to remove",
        ["erreur/{code:int}|"] = "not a form",
        ["bureaux/{officeId:int}/retrouver-un-client|"] = "a search: each one is journaled, by design (issue 18), and creates nothing else",
        ["bureaux/{officeId:int}/mode-client/etat|Arrive"] = "marks the client's help call answered, in place",
        ["diagnostics/{id:guid}/resultat|Judge"] = "one judgement per diagnostic (its key); a second click changes it (QualityReportTests)",
        ["orientations/{id:guid}|FollowUpDone"] = "closes the follow-up in place, once (a closed one is refused); the form carries its own id",
        ["suivi/{token}|"] = "records the client's answers on their follow-up, in place and once (AnsweredAt is a concurrency token); the same answers again are thanked (FollowUpTests)",
        ["suivi/{token}|Stop"] = "stops the client's messages in place; a channel already stopped is not journaled again",
        ["client/questions/{number:int}|"] = "saves an answer of the visit's draft, in place",
        ["client/besoins|"] = "saves the needs and stores the diagnostic under the draft's own id (DraftAccess.SubmitAsync)",
        ["client/geste|Aide"] = "sets the visit's help call, in place (a second call while one waits changes nothing)",
        ["client/geste|Effacer"] = "clears the visit; a second time there is none to clear",
        ["client/geste|Lecture"] = "sets the visit's read-aloud choice, in place",
        ["client/geste|Presence"] = "moves the visit's last touch, in place",
        ["client/sortie|"] = "closes the tablet, once (a closed one is not the session's any more), and signs the mediator in again",
    };

    /// <summary>A creating form: the page showing it, who sends it, and the fields of a valid submission (<c>n</c>: 0 alone, 1 twice at once).</summary>
    private sealed record Creating(string Page, string Who, Func<int, Data, List<KeyValuePair<string, string>>> Fields, Func<int, Data, string>? File = null, string? FileField = null);

    private sealed record Data(
        Domain.Offices.Office Office, Guid[] Diagnostics, string PlaceId, Guid[] Referrals, string[] References, Guid[] AnonymousClients,
        Domain.DigitalPass.Agreement Agreement, long[] IssuedCheques, Guid Workshop);

    private static string Today => Aiguillage.Web.Platform.Web.ParisTime.Today(TimeProvider.System).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string InDays(int days) => Aiguillage.Web.Platform.Web.ParisTime.Today(TimeProvider.System).AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static readonly string[] QuestionIds = ["E1", "E2", "E3", "E4", "K1", "K2", "K3", "K4", "K5", "K6", "K7", "K8", "K9", "C1", "C2"];

    private static readonly long BookNumbers = PassTestData.NewNumbers();

    private static readonly Dictionary<string, Creating> Forms = new(StringComparer.Ordinal)
    {
        ["activite/action/{id:guid?}|"] = new("/activite/action", "médiateur", (_, d) =>
            [new("OfficeId", $"{d.Office.Id}"), new("Kind", "Informed"), new("CatalogueActionId", "fiche-caf"), new("OccurredOn", Today)]),
        ["admin/comptes/nouveau|"] = new("/admin/comptes/nouveau", "admin", (n, d) =>
            [new("Input.Email", $"double.{n}@test.aiguillage.fr"), new("Input.DisplayName", $"Double {n}"), new("Scope.Role", "Mediator"), new("Scope.OfficeSiteCodes", d.Office.SiteCode)]),
        ["clients/{id:guid}|Consent"] = new("/clients/{anonymous-client}", "médiateur", (_, _) =>
            [new("Agreed", "true"), new("FirstName", "Aïcha"), new("Phone", "06 12 34 56 78")]),
        ["pass-numerique/conventions/{id:int}|Book"] = new("/pass-numerique/conventions/{agreement}", "admin", (n, d) =>
            [new("First", $"{BookNumbers + (n * 100)}"), new("Last", $"{BookNumbers + (n * 100) + 4}"), new("OfficeSiteCode", d.Office.SiteCode)]),
        ["pass-numerique/conventions/{id:int}|Import"] = new("/pass-numerique/conventions/{agreement}", "admin", (_, _) => [],
            (n, d) => $"premier;dernier;bureau\n{BookNumbers + 1000 + (n * 100)};{BookNumbers + 1000 + (n * 100) + 4};{d.Office.SiteCode}\n", "StockFile"),
        ["bureaux/{id:int}/pass-numerique|"] = new("/bureaux/{office}/pass-numerique", "médiateur", (n, d) =>
            [new("ClientReference", d.References[n]), new("Count", "1")]),
        ["partenaire/pass-numerique|"] = new("/partenaire/pass-numerique", "partenaire", (n, d) => [new("Number", $"{d.IssuedCheques[n]}"), new("CheckCode", "ACD234")]),
        ["pass-numerique|"] = new("/pass-numerique", "admin", (n, _) =>
            [new("Funder", $"Financeur double {n}"), new("DepartmentCode", "42"), new("Year", DateTime.UtcNow.Year.ToString(CultureInfo.InvariantCulture)), new("ChequeValue", "10"), new("Budget", "300"), new("MaxChequesPerClient", "3")]),
        ["admin/partenaires/{id:int?}|"] = new("/admin/partenaires", "admin", (n, _) => [new("Name", $"Association double {n}"), new("Rna", $"W42300099{n}"), new("Network", "Pimms")]),
        ["admin/lieux|"] = new("/admin/lieux", "admin", (_, _) => [],
            (n, _) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "exemple-valide.csv")).Replace("structure-1", $"structure-double-{n}", StringComparison.Ordinal), "Upload"),
        ["partenaire/lieux/{mode:regex(^fiche$)?}|"] = new("/partenaire/lieux/fiche", "partenaire", (n, _) =>
            [new("Name", $"Point numérique double {n}"), new("Address", "5 place Jean Jaurès"), new("PostCode", "42000"), new("Commune", "Saint-Étienne"),
             new("Hours", "Mo-Fr 09:00-12:00"), new("Phone", "+33477000000"), new("Services", PartnerTestData.Demarches), new("Fees", "Gratuit")]),
        ["partenaire/ateliers/{id:guid}|"] = new("/partenaire/ateliers/{workshop}", "partenaire", (n, d) =>
            [new("Date", InDays(4 + n)), new("Start", "10:00"), new("End", "12:00"), new("Seats", "6"), new("PlaceId", d.PlaceId)]),
        ["partenaire/cles-api|"] = new("/partenaire/cles-api", "partenaire", (n, _) => [new("Name", $"Clé double {n}"), new("Access", "ReadOnly")]),
        ["partenaire/ateliers|"] = new("/partenaire/ateliers", "partenaire", (n, _) =>
            [new("Title", $"Atelier double {n}"), new("Services", PartnerTestData.Outils), new("Level", "Beginner"), new("Fee", "Free"), new("Capacity", "6"), new("Languages", "français")]),
        ["orientations/nouvelle|"] = new("/orientations/nouvelle?diagnostic={diagnostic}&lieu={place}", "médiateur", (_, _) =>
            [new("Consent", "true"), new("FirstName", "Awa"), new("Phone", "0612345678")]),
        ["orientations/{id:guid}|"] = new("/orientations/{referral}", "partenaire", (_, _) => [new("Action", "Contacted")]),
        ["orientations/{id:guid}|Withdraw"] = new("/orientations/{referral}", "médiateur", (_, _) => [new("Confirm", "true")]),
        ["bureaux/{officeId:int}/diagnostic|"] = new("/bureaux/{office}/diagnostic", "médiateur", (_, _) => [new("ClientReference", string.Empty)]),
        // Who ends in « -{n} »: a session of its own per submission (opening client mode locks the session that sends it).
        ["bureaux/{officeId:int}/mode-client|"] = new("/bureaux/{office}/mode-client", "médiateur-tablette-{n}", (_, _) =>
            [new("ExitCode", "4821"), new("ClientReference", string.Empty)]),
        ["client|"] = new("/client", "tablette-{n}", (_, _) => [new("langue", "ar")]),
        ["bureaux/{officeId:int}/papier/saisie|"] = new("/bureaux/{office}/papier/saisie", "médiateur", (n, _) =>
            [new("SheetNumber", n == 0 ? "DBRE-2345" : "DBRE-2346"), new("FilledOn", Today),
             .. QuestionIds.Zip(Diagnostics.AssistedDiagnosticTests.Beginner).Select(a => KeyValuePair.Create($"Answers[{a.First}]", a.Second))]),
    };

    /// <summary>Rows of every table of the model (the data-protection keys and the background's own tables aside).</summary>
    private async Task<Dictionary<string, int>> CountsAsync()
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var tables = db.Model.GetEntityTypes().Select(t => t.GetTableName()).OfType<string>().Distinct()
            .Where(t => t is not ("DataProtectionKeys" or "ScheduledJobs" or "SteeringCells")).Order(StringComparer.Ordinal).ToList();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
#pragma warning disable EF1002 // table names come from the model, not from input
            counts[table] = await db.Database.SqlQueryRaw<int>($"SELECT COUNT(*) AS \"Value\" FROM \"{table}\"").SingleAsync();
#pragma warning restore EF1002
        }

        return counts;
    }

    private static string Delta(Dictionary<string, int> before, Dictionary<string, int> after) =>
        string.Join(", ", after.Where(a => a.Value != before.GetValueOrDefault(a.Key)).Select(a => $"{a.Key} {a.Value - before.GetValueOrDefault(a.Key):+0;-0}"));

    private static HttpContent Content(HostileInputTests.FoundForm form, List<KeyValuePair<string, string>> fields, string token, string? file, string? fileField)
    {
        var overridden = fields.Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
        var all = form.Baseline.Where(b => !overridden.Contains(b.Key)).Concat(fields).Append(new("__RequestVerificationToken", token)).ToList();
        if (file is null)
        {
            return new FormUrlEncodedContent(all);
        }

        var multipart = new MultipartFormDataContent();
        foreach (var (key, value) in all)
        {
            multipart.Add(new StringContent(value), key);
        }

        var bytes = new ByteArrayContent(Encoding.UTF8.GetBytes(file));
        bytes.Headers.ContentType = new("text/csv");
        multipart.Add(bytes, fileField!, "fichier.csv");
        return multipart;
    }

    /// <summary>Sends the form as its page draws it, <paramref name="times"/> at once with the same id; the status codes.</summary>
    private static async Task<List<int>> SendAsync(HttpClient client, string url, string handler, Creating creating, int n, Data data, int times, List<string> failures, List<string> where)
    {
        var forms = await HostileInputTests.FindFormsAsync(client, url, handler.Split('|')[1]);
        if (forms.Count == 0)
        {
            failures.Add($"{handler}: no form for this handler on {url}");
            return [];
        }

        // The creating form of the page (not the header's sign-out): the one with an id of its own, and among several
        // (a referral's actions) the one whose hidden values are those of the test.
        var fields = creating.Fields(n, data);
        var candidates = forms.Where(f => f.Baseline.Any(b => b.Key == "SubmissionId" && Guid.TryParse(b.Value, out _))).ToList();
        if (candidates.Count == 0)
        {
            failures.Add($"{handler}: the form on {url} carries no SubmissionId of its own");
            return [];
        }

        var form = candidates.FirstOrDefault(f => fields.Any(field => f.Baseline.Contains(field))) ?? candidates[0];
        var token = await client.AntiforgeryTokenAsync(url);
        var file = creating.File?.Invoke(n, data);
        var responses = await Task.WhenAll(Enumerable.Range(0, times).Select(_ =>
            client.PostAsync(new Uri(form.Action, UriKind.Relative), Content(form, fields, token, file, creating.FileField))));
        var codes = responses.Select(r => (int)r.StatusCode).ToList();
        foreach (var r in responses.Where(r => (int)r.StatusCode >= 300))
        {
            where.Add($"{(int)r.StatusCode} {r.Headers.Location}");
        }

        foreach (var response in responses)
        {
            response.Dispose();
        }

        return codes;
    }

    [Fact]
    public async Task Every_creating_form_sent_twice_at_once_creates_what_one_creates()
    {
        var handlers = await HostileInputTests.PostHandlersAsync(App);
        var unknown = handlers.Where(h => !Forms.ContainsKey(h) && !NotCreating.ContainsKey(h)).ToList();
        Assert.True(unknown.Count == 0, "POST handlers in neither DoubleSubmitTests.Forms nor NotCreating (decide: does sending it twice create twice?):\n" + string.Join('\n', unknown));
        Assert.DoesNotContain(Forms.Keys, k => !handlers.Contains(k));

        var (data, clients, url) = await BuildAsync();
        var failures = new List<string>();
        foreach (var handler in handlers.Where(Forms.ContainsKey))
        {
            var creating = Forms[handler];
            HttpClient Client(int n) => clients[creating.Who.Replace("{n}", $"{n}", StringComparison.Ordinal)];

            // Once, alone: what one submission creates (it must create something, and answer).
            var before = await CountsAsync();
            var where = new List<string>();
            var once = await SendAsync(Client(0), url(creating.Page, 0), handler, creating, 0, data, 1, failures, where);
            var afterOnce = await CountsAsync();
            var one = Delta(before, afterOnce);
            if (once.Count == 0)
            {
                continue;
            }

            if (once[0] >= 400 || one.Length == 0)
            {
                failures.Add($"{handler}: a valid submission answered {once[0]} ({string.Join("; ", where)}) and created « {one} »");
                continue;
            }

            // Twice at once, same form id: exactly the same change.
            var twice = await SendAsync(Client(1), url(creating.Page, 1), handler, creating, 1, data, 2, failures, where);
            var two = Delta(afterOnce, await CountsAsync());
            if (twice.Any(c => c >= 500) || two != one)
            {
                failures.Add($"{handler}: once « {one} », twice at once « {two} » (answers {string.Join(", ", twice)})");
            }
        }

        Assert.True(failures.Count == 0, "Creating forms that a double tap makes twice:\n" + string.Join('\n', failures));
    }

    [Fact]
    public async Task The_apis_creating_endpoints_make_one_record_and_one_message_for_one_id()
    {
        var (data, clients, _) = await BuildAsync();
        var mediator = clients["médiateur"];

        // A referral: twenty posts of one id at once make one referral and one message to the partner.
        var id = Guid.NewGuid();
        var body = new JsonObject { ["id"] = id, ["diagnosticId"] = data.Diagnostics[1], ["placeId"] = data.PlaceId, ["consent"] = true, ["firstName"] = "Awa", ["phone"] = "0612345678" };
        var before = await CountsAsync();
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => mediator.PostAsync(new Uri("/api/v1/referrals", UriKind.Relative), new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"))));
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(19, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        var after = await CountsAsync();
        Assert.Equal(1, after["Referrals"] - before["Referrals"]);
        Assert.Equal(1, after["Outbox"] - before["Outbox"]);

        // An action on it: sent twice at once, one step in its history and one message to the office.
        var partner = clients["partenaire"];
        before = await CountsAsync();
        var acted = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => partner.PostAsJsonAsync(new Uri($"/api/v1/referrals/{id}/actions", UriKind.Relative), new { action = "Contacted" })));
        Assert.DoesNotContain(acted, r => (int)r.StatusCode >= 500);
        after = await CountsAsync();
        Assert.Equal(1, after["ReferralEvents"] - before["ReferralEvents"]);
        Assert.Equal(1, after["Outbox"] - before["Outbox"]);   // the office's mediator told once
        foreach (var response in responses.Concat(acted))
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task A_form_drawn_again_after_a_success_is_a_new_submission_and_after_errors_the_same()
    {
        var (_, clients, _) = await BuildAsync();
        var admin = clients["admin"];
        var forms = await HostileInputTests.FindFormsAsync(admin, "/admin/lieux", string.Empty);
        var form = forms.First(f => f.Baseline.Any(b => b.Key == "SubmissionId"));
        var id = form.Baseline.First(b => b.Key == "SubmissionId").Value;
        var token = await admin.AntiforgeryTokenAsync("/admin/lieux");
        async Task<string?> PostAsync(string file)
        {
            using var response = await admin.PostAsync(new Uri("/admin/lieux", UriKind.Relative), Content(form, [], token, file, "Upload"));
            return (await HttpHelpers.ParseAsync(response)).QuerySelector("main form input[name=SubmissionId]")?.GetAttribute("value");
        }

        // Refused (not the standard): the corrected file keeps the form's id.
        Assert.Equal(id, await PostAsync("pas,le,standard\n1,2,3\n"));

        // Imported (the page shows its report): the next file is a new submission, not a replay of this one.
        var example = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "exemple-valide.csv"));
        var next = await PostAsync(example.Replace("structure-1", "structure-redessinee", StringComparison.Ordinal));
        Assert.NotNull(next);
        Assert.NotEqual(id, next);
    }

    private async Task<(Data Data, Dictionary<string, HttpClient> Clients, Func<string, int, string> Url)> BuildAsync()
    {
        var office = await App.CreateOfficeAsync("42");
        var partner = await App.CreatePartnerAsync();
        var mediator = await App.CreateMediatorAsync(office);
        var staff = await App.CreatePartnerStaffAsync(partner);
        var admin = await App.CreateAdminAsync();
        var (placeId, workshop) = await App.CreatePlaceWithSessionAsync(partner);
        var referrals = new[] { await App.CreateReferralAsync(office, partner, mediator), await App.CreateReferralAsync(office, partner, mediator) };
        var (agreement, first) = await App.CreateStockAsync(office, 10);

        var clients = new Dictionary<string, HttpClient>
        {
            ["médiateur"] = await App.SignedInAsync(mediator),
            ["partenaire"] = await App.SignedInAsync(staff),
            ["admin"] = await App.SignedInAsync(admin),
        };

        // Client mode: mediators who open it, and tablets already opened at the language screen.
        for (var n = 0; n < 2; n++)
        {
            clients[$"médiateur-tablette-{n}"] = await App.SignedInAsync(mediator);
            clients[$"tablette-{n}"] = await App.SignedInAsync(mediator);
            await ClientMode.ClientModeTests.OpenTabletAsync(clients[$"tablette-{n}"], office.Id);
        }

        var diagnostics = new Guid[2];
        for (var i = 0; i < 2; i++)
        {
            var body = Diagnostics.DiagnosticsApiTests.Submission(office);
            using var created = await clients["admin"].PostAsync(new Uri("/api/v1/diagnostics", UriKind.Relative), new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            diagnostics[i] = Guid.Parse(body["id"]!.GetValue<string>());
        }

        string[] references;
        var anonymous = new Guid[2];
        var issued = new[] { first + 8, first + 9 };
        using (var scope = App.Services.CreateScope())
        {
            var services = scope.ServiceProvider;
            var db = services.GetRequiredService<AppDbContext>();
            var clientIds = referrals.Select(r => r.ClientId).ToList();
            references = [.. await db.Clients.Where(c => clientIds.Contains(c.Id)).OrderBy(c => c.Id).Select(c => c.Reference).ToListAsync()];
            for (var i = 0; i < 2; i++)
            {
                var fresh = await services.GetRequiredService<Features.Clients.ClientRegistry>().CreateAsync(office.Id, CancellationToken.None);
                anonymous[i] = fresh.Id;
            }

            (await db.Partners.FindAsync(partner.Id))!.Describe(null, "W423000997", null, acceptsPassNumerique: true);
            await db.SaveChangesAsync();
            var numbers = issued.Select(n => $"{n}").ToList();
            await db.Cheques.Where(c => numbers.Contains(c.Number)).ExecuteUpdateAsync(u => u.SetProperty(c => c.Status, ChequeStatus.Issued).SetProperty(c => c.ClientId, clientIds[0]).SetProperty(c => c.CheckCode, "ACD234"));
        }

        string Url(string template, int n) => template.Replace("{office}", $"{office.Id}", StringComparison.Ordinal)
            .Replace("{diagnostic}", $"{diagnostics[n]}", StringComparison.Ordinal).Replace("{place}", Uri.EscapeDataString(placeId), StringComparison.Ordinal)
            .Replace("{referral}", $"{referrals[n].Id}", StringComparison.Ordinal).Replace("{anonymous-client}", $"{anonymous[n]}", StringComparison.Ordinal)
            .Replace("{agreement}", $"{agreement.Id}", StringComparison.Ordinal).Replace("{workshop}", $"{workshop.Id}", StringComparison.Ordinal);
        return (new Data(office, diagnostics, placeId, [.. referrals.Select(r => r.Id)], references, anonymous, agreement, issued, workshop.Id), clients, Url);
    }
}

public sealed class DoubleSubmitTests_Sqlite(QuietSqliteApp app) : DoubleSubmitTests(app), IClassFixture<QuietSqliteApp>;

public sealed class DoubleSubmitTests_PostgreSql(QuietPostgresApp app) : DoubleSubmitTests(app), IClassFixture<QuietPostgresApp>;
