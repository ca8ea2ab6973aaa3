using System.Globalization;
using System.Net;
using System.Text;
using Aiguillage.Testing;
using Aiguillage.Web.Platform.Data;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aiguillage.Web.Tests.Platform;

/// <summary>
/// Issue 9 §5, the access matrix: every endpoint of the app, read from its own endpoint list, is called by an
/// anonymous visitor, a mediator, partner staff, a department manager, a national manager, an admin, and — for endpoints about one office,
/// partner or agreement — by the same kind of user of another scope; the answers must be those written in
/// access-matrix.txt. An endpoint missing from the matrix (a new page) fails the test, so nobody adds one without
/// deciding who may see it. Answers: a status code, or « → » and where a redirect sends (« →/connexion »: sign in;
/// « →/acces-refuse »: the forbidden page).
/// Every POST handler of every page is called the same way (issue 16 §1), as « POST route?handler=Name », with the
/// caller's own antiforgery token and an empty form: a role that may not run the handler is refused before anything
/// is read, a role that may is answered by the handler (mostly a refused form, 422). A handler that trusts its page's
/// wider rule (a hidden button) shows as a 422 where the matrix expects the forbidden page.
/// </summary>
public abstract class AccessMatrixTests(AppFactory app) : EngineTests(app)
{
    private static readonly string[] Identities = ["anonyme", "médiateur", "partenaire", "pilote", "pilote national", "admin", "autre-périmètre"];

    /// <summary>Where to call each route, with the ids of the data built for the test, and whose scope is « another » for it.</summary>
    private static readonly Dictionary<string, (string Url, string? Foreign)> Routes = new(StringComparer.Ordinal)
    {
        ["* "] = ("/", null),
        ["* /health/live"] = ("/health/live", null),
        ["* /health/ready"] = ("/health/ready", null),
        ["* acces-refuse"] = ("/acces-refuse", null),
        ["* connexion"] = ("/connexion", null),
        ["* connexion/code"] = ("/connexion/code", null),
        ["* compte/double-authentification"] = ("/compte/double-authentification", null),
        ["* compte/mot-de-passe"] = ("/compte/mot-de-passe", null),
        ["GET /compte/session"] = ("/compte/session", null),
        ["* deconnexion"] = ("/deconnexion", null),
        ["* erreur/{code:int}"] = ("/erreur/404", null),
        ["* activite"] = ("/activite", null),
        ["* activite/action/{id:guid?}"] = ("/activite/action", null),
        ["* admin"] = ("/admin", null),
        ["* admin/comptes"] = ("/admin/comptes", null),
        ["* admin/comptes/nouveau"] = ("/admin/comptes/nouveau", null),
        ["* admin/comptes/{id}"] = ("/admin/comptes/{account}", null),
        ["* admin/bureaux"] = ("/admin/bureaux", null),
        ["* admin/bureaux/{id:int}"] = ("/admin/bureaux/{office}", null),
        ["* admin/lieux"] = ("/admin/lieux", null),
        ["* admin/partenaires/{id:int?}"] = ("/admin/partenaires/{partner}", null),
        ["* admin/pilotage"] = ("/admin/pilotage", null),
        ["* admin/journal"] = ("/admin/journal", null),
        ["* admin/langues"] = ("/admin/langues", null),
        ["* admin/personnes"] = ("/admin/personnes", null),
        ["* bureaux"] = ("/bureaux", null),
        ["* bureaux/{id:int}"] = ("/bureaux/{office}", "office"),
        ["* bureaux/{id:int}/orientations"] = ("/bureaux/{office}/orientations", "office"),
        ["* bureaux/{id:int}/pass-numerique"] = ("/bureaux/{office}/pass-numerique", "office"),
        ["* bureaux/{officeId:int}/diagnostic"] = ("/bureaux/{office}/diagnostic", "office"),
        ["* bureaux/{officeId:int}/retrouver-un-client"] = ("/bureaux/{office}/retrouver-un-client", "office"),
        ["* bureaux/{officeId:int}/mode-client"] = ("/bureaux/{office}/mode-client", "office"),
        ["* bureaux/{officeId:int}/mode-client/etat"] = ("/bureaux/{office}/mode-client/etat", "office"),
        ["* bureaux/{officeId:int}/mode-client/clients/{visitId:guid}"] = ("/bureaux/{office}/mode-client/clients/{visit}", "office"),
        ["* client"] = ("/client", null),
        ["* client/besoins"] = ("/client/besoins", null),
        ["* client/fin"] = ("/client/fin", null),
        ["* client/geste"] = ("/client/geste", null),
        ["* client/questions/{number:int}"] = ("/client/questions/1", null),
        ["* client/sortie"] = ("/client/sortie", null),
        ["GET /client/audio/questions/{number:int}"] = ("/client/audio/questions/1", null),
        ["GET /client/audio/besoins"] = ("/client/audio/besoins", null),
        ["* pilotage/qualite"] = ("/pilotage/qualite", null),
        ["* pilotage/resultats"] = ("/pilotage/resultats", null),
        ["* pilotage/resultats/comment-lire"] = ("/pilotage/resultats/comment-lire", null),
        // The client's check-in (issue 20): public, and an unknown link answers « ne marche plus » to everyone alike.
        ["* suivi/{token}"] = ("/suivi/AAAAAAAAAAAAAAAAAAAAAA", null),
        ["POST /api/v1/sms/reponses"] = ("/api/v1/sms/reponses", null),
        ["* bureaux/{officeId:int}/papier"] = ("/bureaux/{office}/papier", "office"),
        ["* bureaux/{officeId:int}/papier/saisie"] = ("/bureaux/{office}/papier/saisie", "office"),
        ["* clients/{id:guid}"] = ("/clients/{client}", "office"),
        ["* diagnostics/{id:guid}"] = ("/diagnostics/{diagnostic}", "office"),
        ["* diagnostics/{id:guid}/besoins"] = ("/diagnostics/{diagnostic}/besoins", "office"),
        ["* diagnostics/{id:guid}/lecture/{number:int}"] = ("/diagnostics/{diagnostic}/lecture/1?langue=ar", "office"),
        ["* diagnostics/{id:guid}/parcours"] = ("/diagnostics/{diagnostic}/parcours", "office"),
        ["* diagnostics/{id:guid}/profil"] = ("/diagnostics/{diagnostic}/profil", "office"),
        ["* diagnostics/{id:guid}/questions/{number:int}"] = ("/diagnostics/{diagnostic}/questions/1", "office"),
        ["* diagnostics/{id:guid}/recapitulatif"] = ("/diagnostics/{diagnostic}/recapitulatif", "office"),
        ["* diagnostics/{id:guid}/resultat"] = ("/diagnostics/{diagnostic}/resultat", "office"),
        ["* donnees-ouvertes"] = ("/donnees-ouvertes", null),
        ["* integrer/seances"] = ("/integrer/seances?insee=42218", null),
        ["* partenaire/cles-api"] = ("/partenaire/cles-api", null),
        ["* partenaire/webhook"] = ("/partenaire/webhook", null),
        ["* accessibilite"] = ("/accessibilite", null),
        ["* lieux"] = ("/lieux", null),
        ["* orientations/nouvelle"] = ("/orientations/nouvelle", null),
        ["* orientations/{id:guid}"] = ("/orientations/{referral}", "office"),
        ["* partenaire"] = ("/partenaire", null),
        ["* partenaire/ateliers"] = ("/partenaire/ateliers", null),
        ["* partenaire/ateliers/{id:guid}"] = ("/partenaire/ateliers/{workshop}", "partner"),
        ["* partenaire/lieux/{mode:regex(^fiche$)?}"] = ("/partenaire/lieux/fiche", null),
        ["* partenaire/orientations"] = ("/partenaire/orientations", null),
        ["* partenaire/pass-numerique"] = ("/partenaire/pass-numerique", null),
        ["* pass-numerique"] = ("/pass-numerique", null),
        ["* pass-numerique/conventions/{id:int}"] = ("/pass-numerique/conventions/{agreement}", "territory"),
        ["* pilotage"] = ("/pilotage", null),
        ["* pilotage/tableau-de-bord"] = ("/pilotage/tableau-de-bord", null),
        ["GET /openapi/{documentName}.json"] = ("/openapi/v1.json", null),
        ["GET /api/offices/"] = ("/api/offices/", null),
        ["GET /api/offices/{id:int}"] = ("/api/offices/{office}", "office"),
        ["GET /api/v1/questionnaires/current"] = ("/api/v1/questionnaires/current", null),
        ["GET /api/v1/questionnaires/current/languages"] = ("/api/v1/questionnaires/current/languages", null),
        ["GET /api/v1/diagnostics/{id:guid}"] = ("/api/v1/diagnostics/{diagnostic}", "office"),
        ["POST /api/v1/diagnostics"] = ("/api/v1/diagnostics", null),
        ["GET /api/v1/places/export"] = ("/api/v1/places/export", null),
        ["GET /api/v1/sessions"] = ("/api/v1/sessions?insee=42218", null),
        ["GET /api/v1/referrals/"] = ("/api/v1/referrals/", null),
        ["GET /api/v1/partner/sessions"] = ("/api/v1/partner/sessions", null),
        ["POST /api/v1/partner/sessions"] = ("/api/v1/partner/sessions", null),
        ["POST /api/v1/partner/sessions/{id:guid}/cancel"] = ("/api/v1/partner/sessions/{referral}/cancel", null),
        ["GET /api/v1/partners/{partnerId:int}/seances.ics"] = ("/api/v1/partners/{partner}/seances.ics", null),
        ["GET /api/v1/places/{placeId}/seances.ics"] = ("/api/v1/places/lieu-inconnu/seances.ics", null),
        ["GET /api/v1/places/search"] = ("/api/v1/places/search?postCode=42000&services=Aide%20aux%20d%C3%A9marches%20administratives", null),
        ["POST /api/v1/referrals/"] = ("/api/v1/referrals/", null),
        ["GET /api/v1/referrals/{id:guid}"] = ("/api/v1/referrals/{referral}", "office"),
        ["POST /api/v1/referrals/{id:guid}/actions"] = ("/api/v1/referrals/{referral}/actions", "office"),
    };

    private static string Answer(HttpResponseMessage response)
    {
        if (response.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther))
        {
            return ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
        }

        // Where to, without the query (the return address): « →/connexion », « →/acces-refuse », « →/admin/partenaires »…
        // A record created on the way (a diagnostic started) is « {id} », so that the line reads the same at every run.
        var location = response.Headers.Location;
        var path = location is null ? "?" : location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString.Split('?')[0];
        return "→" + System.Text.RegularExpressions.Regex.Replace(path, "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "{id}");
    }

    [Fact]
    public async Task Every_endpoint_answers_each_kind_of_user_as_the_matrix_says()
    {
        var endpoints = App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => $"{string.Join(",", e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"])} {e.RoutePattern.RawText}")
            .Distinct().Order(StringComparer.Ordinal).ToList();
        var unknown = endpoints.Where(e => !Routes.ContainsKey(e)).ToList();
        Assert.True(unknown.Count == 0, "Endpoints missing from the access matrix (add them to Routes and access-matrix.txt):\n" + string.Join('\n', unknown));

        // The data the routes point at: office A (Loire) and its mediator, partner P and its staff, and the same of another scope.
        var office = await App.CreateOfficeAsync("42");
        var otherOffice = await App.CreateOfficeAsync("32");
        var partner = await App.CreatePartnerAsync();
        var otherPartner = await App.CreatePartnerAsync();
        var mediator = await App.CreateMediatorAsync(office);
        // The account the admin pages point at: an empty « disable » or « reset » posted by the matrix must not end the mediator's session.
        var target = await App.CreateMediatorAsync(office);
        var (_, workshop) = await App.CreatePlaceWithSessionAsync(partner);
        var referral = await App.CreateReferralAsync(office, partner, mediator);
        var (agreement, _) = await App.CreateStockAsync(office, 2);
        var admin = await App.CreateAdminAsync();
        Guid diagnostic;
        using (var client = await App.SignedInAsync(admin))
        {
            var body = Diagnostics.DiagnosticsApiTests.Submission(office);
            using var created = await client.PostAsync(new Uri("/api/v1/diagnostics", UriKind.Relative), new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            diagnostic = Guid.Parse(body["id"]!.GetValue<string>());
        }

        Guid clientId;
        using (var scope = App.Services.CreateScope())
        {
            clientId = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Referrals.Where(r => r.Id == referral.Id).Select(r => r.ClientId).SingleAsync();
        }

        var users = new Dictionary<string, TestAccount?>
        {
            ["anonyme"] = null,
            ["médiateur"] = mediator,
            ["partenaire"] = await App.CreatePartnerStaffAsync(partner),
            ["pilote"] = await App.CreateManagerAsync(Domain.Territories.TerritoryLevel.Department, "42"),
            // Sees the nation like an admin and still only reads (issue 16 §1): its own column, so that no check of
            // « scope is France entière » stands in for the admin role.
            ["pilote national"] = await App.CreateManagerAsync(Domain.Territories.TerritoryLevel.Nation, null),
            ["admin"] = admin,
        };
        var foreign = new Dictionary<string, TestAccount>
        {
            ["office"] = await App.CreateMediatorAsync(otherOffice),
            ["partner"] = await App.CreatePartnerStaffAsync(otherPartner),
            ["territory"] = await App.CreateManagerAsync(Domain.Territories.TerritoryLevel.Department, "32"),
        };
        string Url(string template) => template.Replace("{office}", $"{office.Id}", StringComparison.Ordinal).Replace("{diagnostic}", $"{diagnostic}", StringComparison.Ordinal)
            .Replace("{client}", $"{clientId}", StringComparison.Ordinal).Replace("{referral}", $"{referral.Id}", StringComparison.Ordinal)
            .Replace("{agreement}", $"{agreement.Id}", StringComparison.Ordinal).Replace("{workshop}", $"{workshop.Id}", StringComparison.Ordinal)
            .Replace("{partner}", $"{partner.Id}", StringComparison.Ordinal).Replace("{visit}", $"{Guid.Empty}", StringComparison.Ordinal).Replace("{account}", target.Id, StringComparison.Ordinal);

        var clients = new Dictionary<string, HttpClient>();
        foreach (var (name, account) in users)
        {
            clients[name] = account is null ? App.Browser() : await App.SignedInAsync(account);
        }

        foreach (var (name, account) in foreign)
        {
            clients["autre-" + name] = await App.SignedInAsync(account);
        }

        var actual = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var (template, foreignScope) = Routes[endpoint];
            var method = endpoint.StartsWith("POST ", StringComparison.Ordinal) ? HttpMethod.Post : HttpMethod.Get;
            async Task<string> CallAsync(HttpClient client)
            {
                using var request = new HttpRequestMessage(method, new Uri(Url(template), UriKind.Relative));
                if (method == HttpMethod.Post)
                {
                    request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                }

                using var response = await client.SendAsync(request);
                return Answer(response);
            }

            var answers = new List<string>();
            foreach (var name in users.Keys)
            {
                answers.Add(await CallAsync(clients[name]));
            }

            answers.Add(foreignScope is null ? "-" : await CallAsync(clients["autre-" + foreignScope]));
            actual.Add($"{endpoint} | {string.Join(" | ", answers)}".Trim());
        }

        // Every POST handler of every page; signing out last, since it ends the caller's session.
        var tokens = new Dictionary<string, string>();
        foreach (var (name, client) in clients)
        {
            tokens[name] = await client.AntiforgeryTokenAsync(name == "anonyme" ? "/connexion" : "/compte/mot-de-passe");
        }

        var handlers = (await HostileInputTests.PostHandlersAsync(App)).OrderBy(h => h.StartsWith("deconnexion|", StringComparison.Ordinal)).ThenBy(h => h, StringComparer.Ordinal).ToList();
        foreach (var handler in handlers)
        {
            var (route, name) = (handler.Split('|')[0], handler.Split('|')[1]);
            Assert.True(Routes.TryGetValue("* " + route, out var address), $"No address for the page « {route} » in Routes.");
            var (template, foreignScope) = address;
            var url = Url(template) + (name.Length == 0 ? string.Empty : (template.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "handler=" + name);
            async Task<string> PostAsync(string who)
            {
                // Opening client mode locks the session that posts it (issue 17 §1): that line is posted from a
                // session of its own, so that the lock does not turn every later line into a 404.
                var locks = route == "bureaux/{officeId:int}/mode-client" && who != "anonyme";
                var account = locks ? (users.TryGetValue(who, out var user) ? user : foreign[who["autre-".Length..]]) : null;
                using var own = account is null ? null : await App.SignedInAsync(account);
                var client = own ?? clients[who];
                var token = own is null ? tokens[who] : await own.AntiforgeryTokenAsync("/compte/mot-de-passe");
                using var content = new FormUrlEncodedContent([new("__RequestVerificationToken", token), new(Aiguillage.Web.Platform.Web.Submissions.FieldName, Guid.NewGuid().ToString())]);
                using var response = await client.PostAsync(new Uri(url, UriKind.Relative), content);
                return Answer(response);
            }

            var answers = new List<string>();
            foreach (var who in users.Keys)
            {
                answers.Add(await PostAsync(who));
            }

            answers.Add(foreignScope is null ? "-" : await PostAsync("autre-" + foreignScope));
            actual.Add($"POST {route}{(name.Length == 0 ? string.Empty : "?handler=" + name)} | {string.Join(" | ", answers)}");
        }

        foreach (var client in clients.Values)
        {
            client.Dispose();
        }

        var expected = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Platform", "access-matrix.txt"))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.True(expected.SequenceEqual(actual),
            $"The answers differ from access-matrix.txt ({string.Join(" | ", Identities)}). Actual, to review line by line:\n" + string.Join('\n', actual));
        Assert.DoesNotContain(actual, l => l.Contains("| 500", StringComparison.Ordinal));
    }
}

public sealed class AccessMatrixTests_Sqlite(SqliteApp app) : AccessMatrixTests(app), IClassFixture<SqliteApp>;

public sealed class AccessMatrixTests_PostgreSql(PostgresApp app) : AccessMatrixTests(app), IClassFixture<PostgresApp>;
