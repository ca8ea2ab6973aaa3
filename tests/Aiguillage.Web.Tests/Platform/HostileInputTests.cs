using System.Data.Common;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Aiguillage.Testing;
using Aiguillage.Web.Platform.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;

namespace Aiguillage.Web.Tests.Platform;

/// <summary>The app without its background runner: nothing writes to the database but the requests of the test.</summary>
public abstract class QuietApp(DatabaseProvider provider) : AppFactory(provider)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Mail:Runner", "false");
    }
}

public sealed class QuietSqliteApp() : QuietApp(DatabaseProvider.Sqlite);

public sealed class QuietPostgresApp() : QuietApp(DatabaseProvider.PostgreSql);

/// <summary>
/// Issue 9 §6: every POST handler of every page (found in the app's own page list, like the access matrix) and every
/// POST endpoint of the API receives generated malformed and hostile inputs — no antiforgery token, a body that is
/// not a form, each field in turn replaced by a huge string, control characters, a script tag, invalid UTF-8 or a
/// value of the wrong type, each required field left out, an extra field; JSON that does not parse, wrong types,
/// hostile strings. Each must answer 4xx (never 500), write nothing, and never send the script back unescaped.
/// A SQL fragment is text: it may be accepted, but must neither fail nor add, remove or drop anything.
/// A new POST handler without an entry in <see cref="Forms"/> fails the test.
/// </summary>
public abstract class HostileInputTests(AppFactory app) : EngineTests(app)
{
    private const string Script = "<script>alert(\"aiguillage\")</script>";

    private static readonly string Huge = new('A', 100_000);

    private const string ControlCharacters = "abc\u0000\u0007\u001b[31mdef";

    private const string Sql = "x'); DROP TABLE \"Clients\"; --";

    private const string WrongType = "pas-une-valeur-2026-99-99";

    /// <summary>Each page POST handler (« route|handler »): the page that shows its form, and who opens it. Null: not a form.</summary>
    private static readonly Dictionary<string, (string Url, string Who)?> Forms = new(StringComparer.Ordinal)
    {
        ["connexion|"] = ("/connexion", "anonyme"),
        ["connexion/code|"] = ("/connexion/code", "code-attendu"),
        ["deconnexion|"] = ("/bureaux", "médiateur"),
        ["compte/double-authentification|Enable"] = ("/compte/double-authentification", "médiateur"),
        ["compte/double-authentification|Disable"] = ("/compte/double-authentification", "authentifié-2fa"),
        ["compte/mot-de-passe|"] = ("/compte/mot-de-passe", "médiateur"),
        ["activite/action/{id:guid?}|"] = ("/activite/action", "médiateur"),
        ["admin/comptes/{id}|Save"] = ("/admin/comptes/{account}", "admin"),
        ["admin/comptes/{id}|Disable"] = ("/admin/comptes/{account}", "admin"),
        ["admin/comptes/{id}|Enable"] = ("/admin/comptes/{disabled}", "admin"),
        ["admin/comptes/{id}|ResetPassword"] = ("/admin/comptes/{account}", "admin"),
        ["admin/comptes/{id}|ResetTwoFactor"] = ("/admin/comptes/{account}", "admin"),
        ["admin/comptes/nouveau|"] = ("/admin/comptes/nouveau", "admin"),
        ["admin/personnes|Erase"] = ("/admin/personnes?reference={reference}", "admin"),
        ["admin/bureaux/{id:int}|"] = ("/admin/bureaux/{office}", "admin"),
        ["admin/partenaires/{id:int?}|"] = ("/admin/partenaires", "admin"),
        ["admin/lieux|"] = ("/admin/lieux", "admin"),
        ["admin/lieux|Attach"] = ("/admin/lieux", "admin"),
        ["admin/pilotage|"] = ("/admin/pilotage", "admin"),
        ["clients/{id:guid}|Consent"] = ("/clients/{anonymous-client}", "médiateur"),
        ["clients/{id:guid}|Withdraw"] = ("/clients/{client}", "médiateur"),
        ["bureaux/{officeId:int}/diagnostic|"] = ("/bureaux/{office}/diagnostic", "médiateur"),
        ["bureaux/{officeId:int}/retrouver-un-client|"] = ("/bureaux/{office}/retrouver-un-client", "médiateur"),
        ["bureaux/{officeId:int}/papier/saisie|"] = ("/bureaux/{office}/papier/saisie", "médiateur"),
        ["diagnostics/{id:guid}/questions/{number:int}|"] = ("/diagnostics/{draft}/questions/1", "médiateur"),
        ["diagnostics/{id:guid}/besoins|"] = ("/diagnostics/{draft}/besoins", "médiateur"),
        ["diagnostics/{id:guid}/lecture/{number:int}|"] = ("/diagnostics/{draft}/lecture/2?langue=ar", "médiateur"),
        ["diagnostics/{id:guid}/profil|"] = ("/diagnostics/{draft}/profil", "médiateur"),
        ["diagnostics/{id:guid}/recapitulatif|"] = ("/diagnostics/{answered}/recapitulatif", "médiateur"),
        ["pass-numerique|"] = ("/pass-numerique", "admin"),
        ["pass-numerique/conventions/{id:int}|Book"] = ("/pass-numerique/conventions/{agreement}", "admin"),
        ["pass-numerique/conventions/{id:int}|Import"] = ("/pass-numerique/conventions/{agreement}", "admin"),
        ["pass-numerique/conventions/{id:int}|Allocate"] = ("/pass-numerique/conventions/{agreement}", "admin"),
        ["bureaux/{id:int}/pass-numerique|"] = ("/bureaux/{office}/pass-numerique", "médiateur"),
        ["bureaux/{id:int}/pass-numerique|Void"] = ("/bureaux/{office}/pass-numerique", "médiateur"),
        ["partenaire/pass-numerique|"] = ("/partenaire/pass-numerique", "partenaire"),
        ["partenaire/lieux/{mode:regex(^fiche$)?}|"] = ("/partenaire/lieux/fiche?id={place}", "partenaire"),
        ["partenaire/ateliers|"] = ("/partenaire/ateliers", "partenaire"),
        ["partenaire/cles-api|"] = ("/partenaire/cles-api", "partenaire"),
        ["partenaire/cles-api|Revoke"] = ("/partenaire/cles-api", "partenaire"),
        ["partenaire/webhook|"] = ("/partenaire/webhook", "partenaire"),
        ["partenaire/webhook|Secret"] = ("/partenaire/webhook", "partenaire"),
        ["partenaire/webhook|Remove"] = ("/partenaire/webhook", "partenaire"),
        ["partenaire/ateliers|Edit"] = ("/partenaire/ateliers?atelier={workshop}", "partenaire"),
        ["partenaire/ateliers/{id:guid}|"] = ("/partenaire/ateliers/{workshop}", "partenaire"),
        ["partenaire/ateliers/{id:guid}|Cancel"] = ("/partenaire/ateliers/{workshop}", "partenaire"),
        ["partenaire/ateliers/{id:guid}|Edit"] = ("/partenaire/ateliers/{workshop}?seance={session}", "partenaire"),
        ["orientations/nouvelle|"] = ("/orientations/nouvelle?diagnostic={diagnostic}&lieu={place-escaped}", "médiateur"),
        ["orientations/{id:guid}|"] = ("/orientations/{referral}", "médiateur"),
        ["orientations/{id:guid}|Withdraw"] = ("/orientations/{referral}", "médiateur"),
        ["orientations/{id:guid}|FollowUpDone"] = ("/orientations/{referral}", "médiateur"),
        ["diagnostics/{id:guid}/resultat|Judge"] = ("/diagnostics/{diagnostic}/resultat", "médiateur"),
        // The client's check-in (issue 20), opened with no account from the link of an SMS.
        ["suivi/{token}|"] = ("/suivi/{checkin}", "anonyme"),
        ["suivi/{token}|Stop"] = ("/suivi/{checkin}", "anonyme"),
        // Client mode (issue 17): each form from a tablet of its own, since a form accepted changes what the tablet shows.
        ["bureaux/{officeId:int}/mode-client|"] = ("/bureaux/{office}/mode-client", "médiateur-tablette"),
        ["bureaux/{officeId:int}/mode-client/etat|Arrive"] = ("/bureaux/{office}/mode-client/etat", "médiateur"),
        ["client|"] = ("/client", "tablette"),
        ["client/sortie|"] = ("/client/sortie", "tablette"),
        ["client/questions/{number:int}|"] = ("/client/questions/2", "tablette-visite"),
        ["client/geste|Aide"] = ("/client/questions/2", "tablette-visite"),
        ["client/geste|Lecture"] = ("/client/questions/2", "tablette-visite"),
        ["client/geste|Presence"] = ("/client/questions/2", "tablette-visite"),
        ["client/geste|Effacer"] = ("/client/questions/1", "tablette-effacer"),
        ["client/besoins|"] = ("/client/besoins", "tablette-besoins"),
        ["erreur/{code:int}|"] = null,   // the target of re-executed errors: changes nothing, takes no field
    };

    internal sealed record Field(string Name, string Kind, bool Required);

    internal sealed record FoundForm(string Action, List<KeyValuePair<string, string>> Baseline, List<Field> Fields);

    [Fact]
    public async Task Every_form_and_endpoint_refuses_hostile_input_without_error_writing_nothing()
    {
        var handlers = await PostHandlersAsync(App);
        var unknown = handlers.Where(h => !Forms.ContainsKey(h)).ToList();
        Assert.True(unknown.Count == 0, "POST handlers missing from HostileInputTests.Forms:\n" + string.Join('\n', unknown));

        var data = await BuildDataAsync();
        var failures = new List<string>();
        foreach (var handler in handlers)
        {
            if (Forms[handler] is not var (urlTemplate, who))
            {
                continue;
            }

            var url = data.Url(urlTemplate);
            var client = data.Clients[who];
            var forms = await FindFormsAsync(client, url, handler.Split('|')[1]);
            _known = null;
            if (forms.Count == 0)
            {
                failures.Add($"{handler}: no form for this handler on {url}");
                continue;
            }

            foreach (var form in forms)
            {
                await AttackFormAsync(client, url, handler, form, failures);
            }
        }

        await AttackApiAsync(data, failures);
        Assert.True(failures.Count == 0, $"{failures.Count} hostile inputs were not refused as they should be:\n" + string.Join('\n', failures.Take(60)));
    }

    /// <summary>Every POST handler of every page, « route|handler », from the app's own page list.</summary>
    internal static async Task<List<string>> PostHandlersAsync(AppFactory app)
    {
        var pages = app.Services.GetRequiredService<IActionDescriptorCollectionProvider>().ActionDescriptors.Items.OfType<PageActionDescriptor>();
        var loader = app.Services.GetRequiredService<PageLoader>();
        var result = new List<string>();
        foreach (var page in pages)
        {
            var compiled = await loader.LoadAsync(page, EndpointMetadataCollection.Empty);
            result.AddRange(compiled.HandlerMethods.Where(h => string.Equals(h.HttpMethod, "POST", StringComparison.OrdinalIgnoreCase))
                .Select(h => $"{page.AttributeRouteInfo!.Template}|{h.Name}"));
        }

        return [.. result.Distinct().Order(StringComparer.Ordinal)];
    }

    /// <summary>The forms of the page posting to this handler, their fields as the page renders them.</summary>
    internal static async Task<List<FoundForm>> FindFormsAsync(HttpClient client, string url, string handler)
    {
        var page = await client.GetPageAsync(url);
        var pageUri = new Uri(new Uri("http://localhost"), url);
        var found = new List<FoundForm>();
        foreach (var form in page.QuerySelectorAll("form").OfType<IHtmlFormElement>().Where(f => string.Equals(f.Method, "post", StringComparison.OrdinalIgnoreCase)))
        {
            var actionAttribute = form.GetAttribute("action");
            var action = string.IsNullOrEmpty(actionAttribute) ? pageUri : new Uri(pageUri, actionAttribute);
            var formHandler = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(action.Query).TryGetValue("handler", out var h) ? h.ToString() : string.Empty;
            var targetTemplate = handler;
            if (!string.Equals(formHandler, targetTemplate, StringComparison.OrdinalIgnoreCase) || !SameTarget(action, pageUri, url))
            {
                continue;
            }

            var baseline = new List<KeyValuePair<string, string>>();
            var fields = new List<Field>();
            foreach (var element in form.Elements.OfType<IElement>())
            {
                var name = element.GetAttribute("name");
                // The framework's own fields: the token, and the list of fields read in invariant culture (ignored when wrong).
                if (string.IsNullOrEmpty(name) || name is "__RequestVerificationToken" or "__Invariant")
                {
                    continue;
                }

                var required = element.HasAttribute("required");
                switch (element)
                {
                    case IHtmlInputElement input when input.Type is "checkbox" or "radio":
                        fields.Add(new Field(name, input.Type, required));
                        if (input.IsChecked)
                        {
                            baseline.Add(new(name, input.Value));
                        }

                        break;
                    case IHtmlInputElement { Type: "file" }:
                        fields.Add(new Field(name, "file", required));
                        break;
                    case IHtmlInputElement input:
                        fields.Add(new Field(name, input.Type, required));
                        baseline.Add(new(name, input.Value));
                        break;
                    case IHtmlSelectElement select:
                        fields.Add(new Field(name, "select", required));
                        baseline.Add(new(name, select.Options.FirstOrDefault(o => o.IsSelected)?.Value ?? (select.Options.Length > 0 ? select.Options[0].Value : string.Empty)));
                        break;
                    case IHtmlTextAreaElement area:
                        fields.Add(new Field(name, "textarea", required));
                        baseline.Add(new(name, area.Value));
                        break;
                    case IHtmlButtonElement button when !fields.Any(f => f.Name == name):
                        fields.Add(new Field(name, "hidden", false));
                        baseline.Add(new(name, button.Value));
                        break;
                    default:
                        break;
                }
            }

            var kinds = fields.GroupBy(f => f.Name).Select(g => g.First()).ToList();
            found.Add(new FoundForm(action.PathAndQuery, baseline, kinds));
        }

        return found;

        static bool SameTarget(Uri action, Uri page, string url) => action.AbsolutePath == page.AbsolutePath || !url.StartsWith(action.AbsolutePath, StringComparison.Ordinal);
    }

    private async Task AttackFormAsync(HttpClient client, string url, string handler, FoundForm form, List<string> failures)
    {
        var action = new Uri(form.Action, UriKind.Relative);

        // One token serves every refused attack of the form (issue 15 §6: half the requests); after an accepted one
        // (a sign-in, a saved SQL text) a fresh one is read, as the session may have changed.
        string? token = null;
        async Task<string> TokenAsync()
        {
            if (token is null)
            {
                token = await client.AntiforgeryTokenAsync(url);
                _known = null;   // a page may write when drawn (the authenticator key of the two-factor page)
            }

            return token;
        }

        async Task ExpectAsync(string what, HttpContent content, bool withToken, bool sqlOnly = false)
        {
            var before = await CurrentAsync();
            using var request = new HttpRequestMessage(HttpMethod.Post, action) { Content = content };
            if (withToken && content is not FormUrlEncodedContent and not ByteArrayContent)
            {
                request.Headers.Add("RequestVerificationToken", await TokenAsync());
            }

            using var response = await client.SendAsync(request);
            if ((int)response.StatusCode < 400)
            {
                token = null;
            }

            if (await VerdictAsync(response, before, sqlOnly, problemJson: false) is { } problem)
            {
                failures.Add($"{handler} [{form.Action}] {what}: {problem}");
            }
        }

        // Each attack is a form drawn afresh: its own id (an accepted one would make the next a replay of it).
        HttpContent Form(IEnumerable<KeyValuePair<string, string>> fields, string token) =>
            new FormUrlEncodedContent([.. fields.Select(f => f.Key == "SubmissionId" && Guid.TryParse(f.Value, out _) ? new(f.Key, Guid.NewGuid().ToString()) : f), new("__RequestVerificationToken", token)]);

        await ExpectAsync("without antiforgery token", new FormUrlEncodedContent(form.Baseline), withToken: false);
        await ExpectAsync("as JSON", new StringContent("{\"x\":1}", Encoding.UTF8, "application/json"), withToken: true);
        await ExpectAsync("as plain text", new StringContent("x=1", Encoding.UTF8, "text/plain"), withToken: true);
        await ExpectAsync("with a hostile extra field", Form([.. form.Baseline, new("Extra", Script)], await TokenAsync()), withToken: true);

        foreach (var field in form.Fields.Where(f => f.Kind != "file"))
        {
            IEnumerable<KeyValuePair<string, string>> With(string value) => [.. form.Baseline.Where(p => p.Key != field.Name), new(field.Name, value)];
            foreach (var (what, value) in new[] { ("huge", Huge), ("control characters", ControlCharacters), ("script", Script) })
            {
                await ExpectAsync($"{field.Name} = {what}", Form(With(value), await TokenAsync()), withToken: true);
            }

            if (field.Kind is not ("text" or "textarea" or "email" or "tel" or "search" or "password" or "url"))
            {
                await ExpectAsync($"{field.Name} = wrong type", Form(With(WrongType), await TokenAsync()), withToken: true);
            }

            await ExpectAsync($"{field.Name} = SQL", Form(With(Sql), await TokenAsync()), withToken: true, sqlOnly: true);

            // Invalid UTF-8: raw bytes, as a broken client would send them.
            var encoded = await Form(form.Baseline.Where(p => p.Key != field.Name), await TokenAsync()).ReadAsByteArrayAsync();
            byte[] raw = [.. encoded, .. Encoding.ASCII.GetBytes($"&{Uri.EscapeDataString(field.Name)}="), 0xC3, 0x28, 0xFF, 0xFE];
            var bytes = new ByteArrayContent(raw);
            bytes.Headers.ContentType = new("application/x-www-form-urlencoded");
            await ExpectAsync($"{field.Name} = invalid UTF-8", bytes, withToken: true);

            if (field.Required)
            {
                await ExpectAsync($"{field.Name} left out", Form(form.Baseline.Where(p => p.Key != field.Name), await TokenAsync()), withToken: true);
            }
        }
    }

    private async Task AttackApiAsync(TestData data, List<string> failures)
    {
        var admin = data.Clients["admin"];
        var mediator = data.Clients["médiateur"];
        var diagnostic = Diagnostics.DiagnosticsApiTests.Submission(data.Office);
        var referral = new JsonObject { ["diagnosticId"] = data.Diagnostic.ToString(), ["placeId"] = data.PlaceId, ["consent"] = true, ["firstName"] = "Awa", ["phone"] = "0612345678" };
        var action = new JsonObject { ["action"] = "Contacted" };
        var endpoints = new (string Url, HttpClient Client, JsonObject Body)[]
        {
            ("/api/v1/diagnostics", admin, diagnostic),
            ("/api/v1/referrals/", mediator, referral),
            ($"/api/v1/referrals/{data.Referral}/actions", mediator, action),
            // The SMS provider's reply webhook (issue 20), with its secret.
            ("/api/v1/sms/reponses", data.Clients["fournisseur-sms"], new JsonObject { ["from"] = "+33612345678", ["text"] = "Bonjour" }),
            // A partner's sessions (issue 21 §4), planned by its staff or its tools.
            ("/api/v1/partner/sessions", data.Clients["partenaire"], new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["workshopId"] = Guid.NewGuid().ToString(), ["startsAt"] = "2027-01-15T14:00:00+01:00", ["endsAt"] = "2027-01-15T16:00:00+01:00", ["seats"] = 6, ["placeId"] = data.PlaceId }),
            ($"/api/v1/partner/sessions/{data.Referral}/cancel", data.Clients["partenaire"], new JsonObject { ["reason"] = "none" }),
        };
        var known = App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Any(m => m is "POST" or "PUT" or "PATCH" or "DELETE") == true)
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/').Replace("{id:guid}", data.Referral.ToString(), StringComparison.Ordinal)).ToList();
        Assert.Equal(known.Order(StringComparer.Ordinal), endpoints.Select(e => e.Url).Order(StringComparer.Ordinal));

        foreach (var (url, client, valid) in endpoints)
        {
            async Task ExpectAsync(string what, HttpContent content, bool sqlOnly = false)
            {
                var before = await CurrentAsync();
                using var response = await client.PostAsync(new Uri(url, UriKind.Relative), content);
                if (await VerdictAsync(response, before, sqlOnly, problemJson: true) is { } problem)
                {
                    failures.Add($"POST {url} {what}: {problem}");
                }
            }

            StringContent Json(JsonNode node) => new(node.ToJsonString(), Encoding.UTF8, "application/json");
            await ExpectAsync("not JSON", new StringContent("{\"id\": ", Encoding.UTF8, "application/json"));
            await ExpectAsync("as plain text", new StringContent(valid.ToJsonString(), Encoding.UTF8, "text/plain"));
            await ExpectAsync("an array", Json(new JsonArray(1, 2)));
            var invalid = new ByteArrayContent([.. Encoding.UTF8.GetBytes("{\"" + valid.First().Key + "\": \""), 0xC3, 0x28, 0xFF, .. Encoding.UTF8.GetBytes("\"}")]);
            invalid.Headers.ContentType = new("application/json");
            await ExpectAsync("invalid UTF-8", invalid);
            foreach (var (name, original) in valid)
            {
                JsonObject With(JsonNode? value)
                {
                    var copy = (JsonObject)valid.DeepClone();
                    copy[name] = value;
                    return copy;
                }

                // Wrong types: an object where there is none, a number where there is none.
                var payloads = new List<(string, JsonNode?)> { ("huge", Huge), ("control characters", ControlCharacters), ("script", Script) };
                if (original is not JsonObject)
                {
                    payloads.Add(("an object", new JsonObject()));
                }

                if (original?.GetValueKind() is not System.Text.Json.JsonValueKind.Number)
                {
                    payloads.Add(("a number", 12345));
                }

                foreach (var (what, value) in payloads)
                {
                    await ExpectAsync($"{name} = {what}", Json(With(value)));
                }

                await ExpectAsync($"{name} = SQL", Json(With(Sql)), sqlOnly: true);
            }
        }
    }

    /// <summary>What is wrong with the answer to a hostile request (null: nothing): a 5xx, the script sent back, an
    /// acceptance, a missing problem+json (API), or a write; a SQL fragment only must not add or remove rows.</summary>
    private async Task<string?> VerdictAsync(HttpResponseMessage response, Fingerprint before, bool sqlOnly, bool problemJson)
    {
        var body = await response.Content.ReadAsStringAsync();
        var after = _known = await FingerprintAsync();
        var status = (int)response.StatusCode;
        return status >= 500 ? $"answered {status}"
            : body.Contains(Script, StringComparison.Ordinal) ? "sent the script back unescaped"
            : sqlOnly ? (before.Counts != after.Counts ? "added or removed rows" : null)
            : status < 400 ? $"accepted it ({status})"
            : problemJson && response.Content.Headers.ContentType?.MediaType != "application/problem+json" ? $"answered {status} without problem+json"
            : before != after ? $"answered {status} but wrote to the database ({Difference(before, after)})"
            : null;
    }

    private sealed record Fingerprint(string Counts, string Rows);

    /// <summary>The database as the last verdict saw it: nothing but the attacks writes between two of them (a quiet app).</summary>
    private Fingerprint? _known;

    private async Task<Fingerprint> CurrentAsync() => _known ??= await FingerprintAsync();

    private static string Difference(Fingerprint before, Fingerprint after)
    {
        var a = before.Counts.Split(';');
        var b = after.Counts.Split(';');
        var changed = a.Zip(b).Where(p => p.First != p.Second).Select(p => $"{p.First} → {p.Second}").ToList();
        return changed.Count > 0 ? string.Join(", ", changed) : "rows changed";
    }

    /// <summary>Every row of every table, but the journal (views and refusals are journaled) and sign-in bookkeeping.</summary>
    private async Task<Fingerprint> FingerprintAsync()
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var tables = db.Model.GetEntityTypes().Where(t => t.GetTableName() is not null && t.GetViewName() is null)
            .GroupBy(t => t.GetTableName()!).Where(g => g.Key is not ("AuditEvents" or "DataProtectionKeys" or "FormSubmissions")).OrderBy(g => g.Key, StringComparer.Ordinal);
        var counts = new StringBuilder();
        var rows = new StringBuilder();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        foreach (var table in tables)
        {
            var store = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(table.Key);
            var columns = table.SelectMany(t => t.GetProperties()).Select(p => p.GetColumnName(store)).OfType<string>()
                .Where(c => !(table.Key == "AspNetUsers" && c is "AccessFailedCount" or "LockoutEnd" or "ConcurrencyStamp")).Distinct().Order(StringComparer.Ordinal).ToList();
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {string.Join(", ", columns.Select(c => $"\"{c}\""))} FROM \"{table.Key}\"";
            var lines = new List<string>();
            using (DbDataReader reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    lines.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "∅" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
                }
            }

            counts.Append($"{table.Key}={lines.Count};");
            rows.AppendJoin('\n', lines.Order(StringComparer.Ordinal)).Append('\n');
        }

        return new Fingerprint(counts.ToString(), rows.ToString());
    }

    private sealed record TestData(Dictionary<string, HttpClient> Clients, Func<string, string> Url, Domain.Offices.Office Office, Guid Diagnostic, Guid Referral, string PlaceId);

    private async Task<TestData> BuildDataAsync()
    {
        var office = await App.CreateOfficeAsync("42");
        var partner = await App.CreatePartnerAsync();
        var mediator = await App.CreateMediatorAsync(office);
        var staff = await App.CreatePartnerStaffAsync(partner);
        var admin = await App.CreateAdminAsync();
        var (placeId, workshop) = await App.CreatePlaceWithSessionAsync(partner);
        var session = await App.CreateSessionAsync(workshop, placeId, 5);
        var referral = await App.CreateReferralAsync(office, partner, mediator, followUp: true);
        var (agreement, _) = await App.CreateStockAsync(office, 4);
        var disabled = await App.CreateMediatorAsync(office);
        var target = await App.CreateMediatorAsync(office);   // the account the admin's forms change (SQL text may be saved as its name)
        var pending = await App.CreateMediatorAsync(office);
        var enrolled = await App.CreateMediatorAsync(office);
        using (var keys = App.Services.CreateScope())
        {
            // A key of the partner, so that its page shows the revoking form.
            var db = keys.ServiceProvider.GetRequiredService<Web.Platform.Data.AppDbContext>();
            var (_, prefix, hash) = Web.Features.Partners.ApiKeys.PartnerKeys.Create();
            db.Add(new Domain.Partners.PartnerApiKey(Guid.NewGuid(), partner.Id, "Logiciel d'accueil", Domain.Partners.ApiKeyAccess.ReadOnly, prefix, hash, staff.Id, DateTime.UtcNow));
            // And a webhook, so that its page shows the forms to change the secret and to remove it.
            var (_, kept) = keys.ServiceProvider.GetRequiredService<Web.Features.Referrals.Webhooks.ReferralWebhooks>().NewSecret();
            db.Add(new Domain.Referrals.ReferralWebhook(partner.Id, "https://logiciel.example/aiguillage", kept, allowHttp: false, DateTime.UtcNow));
            await db.SaveChangesAsync();
        }

        var clients = new Dictionary<string, HttpClient>
        {
            ["anonyme"] = App.Browser(),
            ["médiateur"] = await App.SignedInAsync(mediator),
            ["partenaire"] = await App.SignedInAsync(staff),
            ["admin"] = await App.SignedInAsync(admin),
        };

        // Tablets in client mode, each at the screen its form is on; one client asks for help (the office's « J'arrive »).
        clients["médiateur-tablette"] = await App.SignedInAsync(mediator);
        foreach (var who in new[] { "tablette", "tablette-visite", "tablette-effacer", "tablette-besoins" })
        {
            clients[who] = await App.SignedInAsync(mediator);
            await ClientMode.ClientModeTests.OpenTabletAsync(clients[who], office.Id);
            if (who != "tablette")
            {
                (await ClientMode.ClientModeTests.ChooseAsync(clients[who], "fr")).Dispose();
            }
        }

        (await clients["tablette-visite"].PostFormAsync("/client/questions/1", [new("retour", "/client/questions/1")], "/client/geste?handler=aide")).Dispose();
        foreach (var (answer, number) in Diagnostics.AssistedDiagnosticTests.Beginner.Select((a, i) => (a, i + 1)))
        {
            (await clients["tablette-besoins"].PostFormAsync($"/client/questions/{number}", [new("Answer", answer)])).Dispose();
        }

        Guid diagnostic;
        var body = Diagnostics.DiagnosticsApiTests.Submission(office);
        using (var created = await clients["admin"].PostAsync(new Uri("/api/v1/diagnostics", UriKind.Relative), new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            diagnostic = Guid.Parse(body["id"]!.GetValue<string>());
        }

        // A diagnostic under way (for its pages), a client without consent, a cheque given (to be declared lost).
        string draft;
        using (var started = await clients["médiateur"].PostFormAsync($"/bureaux/{office.Id}/diagnostic", []))
        {
            draft = started.Headers.Location!.OriginalString.Split('/')[2];
        }

        // A second one answered to its summary, whose form submits it.
        string answered;
        using (var started = await clients["médiateur"].PostFormAsync($"/bureaux/{office.Id}/diagnostic", []))
        {
            answered = started.Headers.Location!.OriginalString.Split('/')[2];
        }

        foreach (var (answer, number) in Diagnostics.AssistedDiagnosticTests.Beginner.Select((a, i) => (a, i + 1)))
        {
            (await clients["médiateur"].PostFormAsync($"/diagnostics/{answered}/questions/{number}", [new("Answer", answer)])).Dispose();
        }

        (await clients["médiateur"].PostFormAsync($"/diagnostics/{answered}/besoins", [])).Dispose();
        using (var profile = await clients["médiateur"].PostFormAsync($"/diagnostics/{answered}/profil", []))
        {
            Assert.Equal($"/diagnostics/{answered}/recapitulatif", profile.Headers.Location?.OriginalString);
        }

        string reference;
        string checkIn;
        Guid anonymousClient;
        using (var scope = App.Services.CreateScope())
        {
            var services = scope.ServiceProvider;
            var db = services.GetRequiredService<AppDbContext>();
            var clientId = await db.Referrals.Where(r => r.Id == referral.Id).Select(r => r.ClientId).SingleAsync();
            reference = await db.Clients.Where(c => c.Id == clientId).Select(c => c.Reference).SingleAsync();
            var fresh = await services.GetRequiredService<Features.Clients.ClientRegistry>().CreateAsync(office.Id, CancellationToken.None);
            await db.SaveChangesAsync();
            anonymousClient = fresh.Id;
            var (_, error) = await services.GetRequiredService<Features.DigitalPass.PassService>().IssueAsync(office.Id, clientId, null, 1, mediator.Id, CancellationToken.None);
            Assert.Null(error);

            // The referral's follow-up, its client invited: the office's « Suivi fait » and the client's check-in.
            var now = DateTime.UtcNow;
            var followUp = new Domain.Referrals.FollowUp(Guid.NewGuid(), await db.Referrals.AsNoTracking().SingleAsync(r => r.Id == referral.Id), Domain.Referrals.FollowUpReason.Completed, "fr", now);
            (checkIn, var hash) = Web.Platform.Security.OneTimeTokens.Create();
            followUp.Invite(hash, now.AddDays(30), bySms: true, byEmail: false, now);
            db.FollowUps.Add(followUp);
            await db.SaveChangesAsync();

            var users = services.GetRequiredService<UserManager<AppUser>>();
            var off = (await users.FindByIdAsync(disabled.Id))!;
            off.IsDisabled = true;
            await users.UpdateAsync(off);
            foreach (var id in new[] { pending.Id, enrolled.Id })
            {
                var user = (await users.FindByIdAsync(id))!;
                await users.ResetAuthenticatorKeyAsync(user);
                await users.SetTwoFactorEnabledAsync(user, true);
            }
        }

        clients["fournisseur-sms"] = App.Browser();
        clients["fournisseur-sms"].DefaultRequestHeaders.Add(Features.Clients.SmsReplies.SecretHeader, AppFactory.SmsInboundSecret);

        // One account waits for its code after the password; another gave it.
        clients["code-attendu"] = App.Browser();
        (await clients["code-attendu"].SignInAsync(pending.Email, pending.Password)).Dispose();
        clients["authentifié-2fa"] = App.Browser();
        (await clients["authentifié-2fa"].SignInAsync(enrolled.Email, enrolled.Password)).Dispose();
        string key;
        using (var scope = App.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            key = (await users.GetAuthenticatorKeyAsync((await users.FindByIdAsync(enrolled.Id))!))!;
        }

        using (var code = await clients["authentifié-2fa"].PostFormAsync("/connexion/code", [new("Code", new Totp(Base32Encoding.ToBytes(key)).ComputeTotp())]))
        {
            Assert.Equal(HttpStatusCode.Redirect, code.StatusCode);
        }

        string Url(string template) => template.Replace("{office}", $"{office.Id}", StringComparison.Ordinal)
            .Replace("{diagnostic}", $"{diagnostic}", StringComparison.Ordinal).Replace("{draft}", draft, StringComparison.Ordinal).Replace("{answered}", answered, StringComparison.Ordinal)
            .Replace("{anonymous-client}", $"{anonymousClient}", StringComparison.Ordinal).Replace("{client}", $"{referral.ClientId}", StringComparison.Ordinal)
            .Replace("{referral}", $"{referral.Id}", StringComparison.Ordinal).Replace("{agreement}", $"{agreement.Id}", StringComparison.Ordinal)
            .Replace("{workshop}", $"{workshop.Id}", StringComparison.Ordinal).Replace("{session}", $"{session}", StringComparison.Ordinal).Replace("{place-escaped}", Uri.EscapeDataString(placeId), StringComparison.Ordinal)
            .Replace("{place}", Uri.EscapeDataString(placeId), StringComparison.Ordinal).Replace("{reference}", reference, StringComparison.Ordinal)
            .Replace("{account}", target.Id, StringComparison.Ordinal).Replace("{disabled}", disabled.Id, StringComparison.Ordinal)
            .Replace("{checkin}", checkIn, StringComparison.Ordinal);
        return new TestData(clients, Url, office, diagnostic, referral.Id, placeId);
    }
}

public sealed class HostileInputTests_Sqlite(QuietSqliteApp app) : HostileInputTests(app), IClassFixture<QuietSqliteApp>;

public sealed class HostileInputTests_PostgreSql(QuietPostgresApp app) : HostileInputTests(app), IClassFixture<QuietPostgresApp>;
