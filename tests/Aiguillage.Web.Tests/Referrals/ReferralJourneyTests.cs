using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Aiguillage.Domain.Offices;
using Aiguillage.Domain.Referrals;
using Aiguillage.Testing;
using Aiguillage.Web.Features.Referrals;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Aiguillage.Web.Tests.Referrals;

public abstract class ReferralJourneyTests(AppFactory app) : EngineTests(app)
{
    private const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    private static readonly string[] Codes = ["E1", "E2", "E3", "E4", "K1", "K2", "K3", "K4", "K5", "K6", "K7", "K8", "K9", "C1", "C2"];

    /// <summary>A paper diagnostic keyed by the mediator (anonymous: the referral creates the client).</summary>
    public static async Task<Guid> KeyDiagnosticAsync(HttpClient mediator, Office office)
    {
        using var keyed = await mediator.PostFormAsync($"/bureaux/{office.Id}/papier/saisie",
        [
            new("SheetNumber", $"{System.Security.Cryptography.RandomNumberGenerator.GetString(Alphabet, 4)}-{System.Security.Cryptography.RandomNumberGenerator.GetString(Alphabet, 4)}"),
            new("FilledOn", Aiguillage.Web.Platform.Web.ParisTime.Today(TimeProvider.System).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), new("Needs", "caf"),
            .. Codes.Zip(Diagnostics.AssistedDiagnosticTests.Beginner).Select(a => KeyValuePair.Create($"Answers[{a.First}]", a.Second)),
        ]);
        Assert.Equal(HttpStatusCode.Redirect, keyed.StatusCode);
        return Guid.Parse(keyed.Headers.Location!.OriginalString.Split('/')[2]);
    }

    private async Task<T> InDbAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        using var scope = App.Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    [Fact]
    public async Task A_client_is_referred_with_consent_enrolled_by_the_partner_and_followed_by_the_office()
    {
        var partner = await App.CreatePartnerAsync();
        var staffAccount = await App.CreatePartnerStaffAsync(partner);
        var (placeId, workshop) = await App.CreatePlaceWithSessionAsync(partner);
        var sessionId = await App.CreateSessionAsync(workshop, placeId, 4);
        var office = await App.CreateOfficeAsync();
        var mediatorAccount = await App.CreateMediatorAsync(office);
        using var mediator = await App.SignedInAsync(mediatorAccount);
        var diagnostic = await KeyDiagnosticAsync(mediator, office);

        // 1. From the search of a result, the mediator proposes a session.
        var found = await mediator.GetPageAsync($"/lieux?diagnostic={diagnostic}");
        var propose = $"/orientations/nouvelle?diagnostic={diagnostic}&seance={sessionId}";
        Assert.NotNull(found.QuerySelector($"a[href='{propose}']"));

        // The text read to the client says exactly what the partner receives (issue 15 §7): the level in words and the
        // needs, not the answers.
        var consent = (await mediator.GetPageAsync(propose)).QuerySelector("#consent-text")!.TextContent;
        Assert.Contains("mon niveau en quelques mots", consent, StringComparison.Ordinal);
        Assert.Contains("les démarches pour lesquelles je veux de l'aide", consent, StringComparison.Ordinal);
        Assert.Contains("Elle ne voit pas mes réponses au questionnaire", consent, StringComparison.Ordinal);

        // 2. No consent, no referral.
        using var refused = await mediator.PostFormAsync(propose, [new("FirstName", "Awa"), new("Phone", "06 12 34 56 78")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.NotNull((await HttpHelpers.ParseAsync(refused)).QuerySelector(".error-summary a[href='#Consent']"));
        Assert.False(await InDbAsync(db => db.Referrals.AnyAsync(r => r.PartnerId == partner.Id)));

        using var sent = await mediator.PostFormAsync(propose, [new("Consent", "true"), new("FirstName", "Awa"), new("Phone", "06 12 34 56 78")]);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var page = sent.Headers.Location!.OriginalString;
        var id = Guid.Parse(page.Split('/')[2]);
        var referral = await InDbAsync(db => db.Referrals.AsNoTracking().SingleAsync(r => r.Id == id));
        Assert.Equal((ReferralStatus.Sent, "partage-partenaire-v2", mediatorAccount.Id), (referral.Status, referral.ConsentTextVersion, referral.ConsentGivenBy));
        Assert.Equal(["Aide aux démarches administratives"], referral.Needs);

        // The partner is told, by a message written with the referral and sent by the runner (as a file here).
        var message = await InDbAsync(db => db.Outbox.AsNoTracking().SingleAsync(m => m.EventKey == $"referral:{id}:sent"));
        Assert.Equal(staffAccount.Email, message.Recipient);
        Assert.DoesNotContain("06 12", message.Body, StringComparison.Ordinal);   // no client data in e-mails
        await WaitForFileAsync(Path.Combine(App.OutboxFolder, $"{message.Id:N}.eml"));

        // 3. The partner's inbox: first name and contact as consented, needs, level in words.
        using var staff = await App.SignedInAsync(staffAccount);
        Assert.Contains("Awa", (await staff.GetPageAsync("/partenaire/orientations")).QuerySelector("table")!.TextContent, StringComparison.Ordinal);
        var detail = (await staff.GetPageAsync(page)).QuerySelector("main")!.TextContent;
        Assert.Contains("0612345678", detail, StringComparison.Ordinal);
        Assert.Contains("Débutant", detail, StringComparison.Ordinal);

        // 4. Contacted, enrolled (a seat is taken), then a refused move says why.
        Assert.Equal(HttpStatusCode.Redirect, (await staff.PostFormAsync(page, [new("Action", "Contacted")])).StatusCode);

        // What cannot be undone (declining) opens first and says so before its button.
        var decline = (await staff.GetPageAsync(page)).QuerySelectorAll("details.confirm").First(d => d.TextContent.Contains("Ne pas donner suite", StringComparison.Ordinal));
        Assert.Contains("définitive", decline.TextContent, StringComparison.Ordinal);
        Assert.Contains("Oui : ne pas donner suite", decline.QuerySelector("button")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await staff.PostFormAsync(page, [new("Action", "Enrol"), new("SessionId", sessionId.ToString())])).StatusCode);
        Assert.Equal(1, await InDbAsync(db => db.WorkshopSessions.Where(s => s.Id == sessionId).Select(s => s.SeatsTaken).SingleAsync()));
        using var wrong = await staff.PostFormAsync(page, [new("Action", "Complete")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        Assert.Contains("Impossible de passer de « inscrit à une séance » à « parcours terminé »", (await HttpHelpers.ParseAsync(wrong)).QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);

        // 5. The office sees the status and the client's timeline; the mediator was told.
        Assert.Contains("inscrit à une séance", (await mediator.GetPageAsync($"/bureaux/{office.Id}/orientations")).QuerySelector("table")!.TextContent, StringComparison.Ordinal);
        var clientId = await InDbAsync(db => db.Referrals.Where(r => r.Id == id).Select(r => r.ClientId).SingleAsync());
        Assert.Contains($"Orientation vers {partner.Name} : inscrit à une séance", (await mediator.GetPageAsync($"/clients/{clientId}")).QuerySelector(".timeline")!.TextContent, StringComparison.Ordinal);
        // The mediator's e-mail says when and where, to tell the client without opening the app.
        var enrolled = await InDbAsync(db => db.Outbox.AsNoTracking().SingleAsync(m => m.Recipient == mediatorAccount.Email && m.EventKey.StartsWith($"referral:{id}:") && m.EventKey.EndsWith(":Enrolled")));
        Assert.Matches(@"Séance : « .+ » le \p{Ll}+ \d{1,2} \p{Ll}+ \d{4} à \d{1,2} h( \d\d)?, Espace numérique .+, 1 rue de la Paix, 42000 Saint-Étienne\.", enrolled.Body);
        Assert.Equal(diagnostic, await InDbAsync(db => db.Diagnostics.Where(d => d.ClientId == clientId).Select(d => d.Id).SingleAsync()));

        // Present or absent only once the session has begun (issue 16 §7: both were accepted before it started).
        using (var early = await staff.PostFormAsync(page, [new("Action", "Attended")]))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, early.StatusCode);
            Assert.Contains("La séance n'a pas encore commencé", (await HttpHelpers.ParseAsync(early)).QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        }

        Assert.Null((await staff.GetPageAsync(page)).QuerySelector("input[name=Action][value=Attended]"));
        await InDbAsync(db => db.WorkshopSessions.Where(s => s.Id == sessionId)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.StartsAt, DateTime.UtcNow.AddMinutes(-5)).SetProperty(s => s.EndsAt, DateTime.UtcNow.AddHours(2))));
        Assert.NotNull((await staff.GetPageAsync(page)).QuerySelector("input[name=Action][value=Attended]"));
        Assert.Equal(HttpStatusCode.Redirect, (await staff.PostFormAsync(page, [new("Action", "Attended")])).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await staff.PostFormAsync(page, [new("Action", "Complete")])).StatusCode);
        var events = await InDbAsync(db => db.ReferralEvents.Where(e => e.ReferralId == id).OrderBy(e => e.At).ThenBy(e => e.To).Select(e => e.To).ToListAsync());
        Assert.Equal([ReferralStatus.Proposed, ReferralStatus.Sent, ReferralStatus.Contacted, ReferralStatus.Enrolled, ReferralStatus.Attended, ReferralStatus.Completed], events.Order());

        // The journey over, the partner no longer needs to reach the client: the shared details are gone (issue 16 §4).
        var hidden = (await staff.GetPageAsync(page)).QuerySelector("main")!.TextContent;
        Assert.DoesNotContain("0612345678", hidden, StringComparison.Ordinal);
        Assert.DoesNotContain("Awa", hidden, StringComparison.Ordinal);
        Assert.Contains("L'orientation est close", hidden, StringComparison.Ordinal);
    }

    private static async Task WaitForFileAsync(string path)
    {
        for (var i = 0; i < 100 && !File.Exists(path); i++)
        {
            await Task.Delay(100);
        }

        Assert.True(File.Exists(path), $"{path} was not written");
        Assert.Contains("Nouvelle orientation", await File.ReadAllTextAsync(path), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_foreign_referral_answers_404_to_another_partner_and_another_office()
    {
        var partner = await App.CreatePartnerAsync();
        var office = await App.CreateOfficeAsync();
        var referral = await App.CreateReferralAsync(office, partner, await App.CreateMediatorAsync(office));
        var page = $"/orientations/{referral.Id}";

        using var otherPartner = await App.SignedInAsync(await App.CreatePartnerStaffAsync(await App.CreatePartnerAsync()));
        using var otherOffice = await App.SignedInAsync(await App.CreateMediatorAsync(await App.CreateOfficeAsync()));
        foreach (var client in new[] { otherPartner, otherOffice })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri(page, UriKind.Relative))).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri($"/api/v1/referrals/{referral.Id}", UriKind.Relative))).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri($"/orientations/{Guid.NewGuid()}", UriKind.Relative))).StatusCode);
        }

        using var contacted = await otherPartner.PostAsJsonAsync(new Uri($"/api/v1/referrals/{referral.Id}/actions", UriKind.Relative), new { action = "Contacted" });
        Assert.Equal(HttpStatusCode.NotFound, contacted.StatusCode);
        using var empty = await otherPartner.PostAsJsonAsync(new Uri($"/api/v1/referrals/{referral.Id}/actions", UriKind.Relative), new { });
        Assert.Equal(HttpStatusCode.NotFound, empty.StatusCode);   // the scope before the body
        Assert.Empty((await otherPartner.GetPageAsync("/partenaire/orientations")).QuerySelectorAll("tbody tr"));
        Assert.Equal(HttpStatusCode.NotFound, (await otherOffice.GetAsync(new Uri($"/bureaux/{office.Id}/orientations", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task The_api_refuses_a_referral_without_consent_with_422_naming_the_field()
    {
        var partner = await App.CreatePartnerAsync();
        var (_, workshop) = await App.CreatePlaceWithSessionAsync(partner);
        var (placeId, _) = await App.CreatePlaceWithSessionAsync(partner);
        var office = await App.CreateOfficeAsync();
        using var mediator = await App.SignedInAsync(await App.CreateMediatorAsync(office));
        var diagnostic = await KeyDiagnosticAsync(mediator, office);

        var clientsBefore = await InDbAsync(db => db.Clients.CountAsync());

        // A value of the wrong type: 400 problem+json in French, naming the property.
        using (var wrongType = await mediator.PostAsync(new Uri("/api/v1/referrals", UriKind.Relative),
            new StringContent($$"""{"diagnosticId":"{{diagnostic}}","placeId":"{{placeId}}","consent":"oui"}""", System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
            Assert.Equal("application/problem+json", wrongType.Content.Headers.ContentType?.MediaType);
            var problem = System.Text.Json.Nodes.JsonNode.Parse(await wrongType.Content.ReadAsStringAsync())!;
            Assert.Equal("La valeur de « consent » n'a pas la forme attendue.", (string?)problem["detail"]);
            Assert.NotNull(problem["errors"]!["consent"]);
        }

        using var response = await mediator.PostAsJsonAsync(new Uri("/api/v1/referrals", UriKind.Relative), new { id = Guid.NewGuid(), diagnosticId = diagnostic, placeId, consent = false, firstName = "Awa", phone = "0612345678" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().ContainsKey("consent"));

        using var noContact = await mediator.PostAsJsonAsync(new Uri("/api/v1/referrals", UriKind.Relative), new { id = Guid.NewGuid(), diagnosticId = diagnostic, placeId, consent = true, firstName = "Awa" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noContact.StatusCode);
        Assert.True((await noContact.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().ContainsKey("phone"));
        Assert.False(await InDbAsync(db => db.Referrals.AnyAsync(r => r.DiagnosticId == diagnostic)));
        Assert.Equal(clientsBefore, await InDbAsync(db => db.Clients.CountAsync()));   // nothing half-written

        var id = Guid.NewGuid();
        using var ok = await mediator.PostAsJsonAsync(new Uri("/api/v1/referrals", UriKind.Relative), new { id, diagnosticId = diagnostic, placeId, consent = true, firstName = "Awa", phone = "0612345678" });
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        Assert.Equal("Sent", (string?)(await ok.Content.ReadFromJsonAsync<JsonObject>())!["status"]);
        Assert.Equal($"/api/v1/referrals/{id}", ok.Headers.Location?.OriginalString);

        // Issue 15 §2: the same id again is the same referral (200, nothing added); with other content, 409.
        using var again = await mediator.PostAsJsonAsync(new Uri("/api/v1/referrals", UriKind.Relative), new { id, diagnosticId = diagnostic, placeId, consent = true, firstName = "Awa", phone = "0612345678" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(id.ToString(), (string?)(await again.Content.ReadFromJsonAsync<JsonObject>())!["id"]);
        using var other = await mediator.PostAsJsonAsync(new Uri("/api/v1/referrals", UriKind.Relative), new { id, diagnosticId = diagnostic, placeId = (string?)null, sessionId = Guid.NewGuid(), consent = true, firstName = "Awa", phone = "0612345678" });
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.True((await other.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().ContainsKey("id"));
        using var noId = await mediator.PostAsJsonAsync(new Uri("/api/v1/referrals", UriKind.Relative), new { diagnosticId = diagnostic, placeId, consent = true, firstName = "Awa", phone = "0612345678" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noId.StatusCode);
        Assert.Equal(1, await InDbAsync(db => db.Referrals.CountAsync(r => r.DiagnosticId == diagnostic)));
        Assert.NotEqual(Guid.Empty, workshop.Id);
    }

    [Fact]
    public async Task A_cancelled_session_sends_its_clients_back_to_be_enrolled_elsewhere_and_is_offered_no_more()
    {
        var partner = await App.CreatePartnerAsync();
        var (placeId, workshop) = await App.CreatePlaceWithSessionAsync(partner);
        var sessionId = await App.CreateSessionAsync(workshop, placeId, 4);
        var office = await App.CreateOfficeAsync();
        var mediatorAccount = await App.CreateMediatorAsync(office);
        var referral = await App.CreateReferralAsync(office, partner, mediatorAccount, contacted: true);
        using var staff = await App.SignedInAsync(await App.CreatePartnerStaffAsync(partner));
        using (var enrolled = await staff.PostAsJsonAsync(new Uri($"/api/v1/referrals/{referral.Id}/actions", UriKind.Relative), new { action = "Enrol", sessionId }))
        {
            Assert.Equal(HttpStatusCode.OK, enrolled.StatusCode);
        }

        // Another partner cannot cancel it: 404, like a missing session.
        var page = $"/partenaire/ateliers/{workshop.Id}";
        using (var other = await App.SignedInAsync(await App.CreatePartnerStaffAsync(await App.CreatePartnerAsync())))
        {
            using var foreign = await other.PostFormAsync("/partenaire/ateliers", [new("SessionId", sessionId.ToString())], $"{page}?handler=Cancel");
            Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        }

        using (var cancelled = await staff.PostFormAsync(page, [new("SessionId", sessionId.ToString())], $"{page}?handler=Cancel"))
        {
            Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
        }

        Assert.Contains("Annulée le", (await staff.GetPageAsync(page)).QuerySelector("tbody")!.TextContent, StringComparison.Ordinal);
        var back = await InDbAsync(db => db.Referrals.Include(r => r.Events).SingleAsync(r => r.Id == referral.Id));
        Assert.Equal((ReferralStatus.Contacted, (Guid?)null), (back.Status, back.SessionId));
        Assert.Equal((ReferralStatus.Enrolled, ReferralStatus.Contacted, (Guid?)sessionId), (back.Events[^1].From!.Value, back.Events[^1].To, back.Events[^1].SessionId));
        Assert.True(await InDbAsync(db => db.Outbox.AnyAsync(m => m.Recipient == mediatorAccount.Email && m.EventKey.EndsWith(":session-annulee"))));

        // Offered to nobody, enrols nobody; cancelling twice is refused in words.
        using (var again = await staff.PostAsJsonAsync(new Uri($"/api/v1/referrals/{referral.Id}/actions", UriKind.Relative), new { action = "Enrol", sessionId }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        }

        var referralPage = await staff.GetPageAsync($"/orientations/{referral.Id}");
        Assert.Null(referralPage.QuerySelector($"option[value='{sessionId}']"));
        using (var twice = await staff.PostFormAsync(page, [new("SessionId", sessionId.ToString())], $"{page}?handler=Cancel"))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, twice.StatusCode);
            Assert.Contains("déjà annulée", (await HttpHelpers.ParseAsync(twice)).QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_moved_session_tells_the_mediators_of_its_clients_and_keeps_a_seat_for_each()
    {
        var partner = await App.CreatePartnerAsync();
        var (placeId, workshop) = await App.CreatePlaceWithSessionAsync(partner);
        var sessionId = await App.CreateSessionAsync(workshop, placeId, 4);
        var office = await App.CreateOfficeAsync();
        var mediatorAccount = await App.CreateMediatorAsync(office);
        using var staff = await App.SignedInAsync(await App.CreatePartnerStaffAsync(partner));
        foreach (var referral in new[] { await App.CreateReferralAsync(office, partner, mediatorAccount, contacted: true), await App.CreateReferralAsync(office, partner, mediatorAccount, contacted: true) })
        {
            using var enrolled = await staff.PostAsJsonAsync(new Uri($"/api/v1/referrals/{referral.Id}/actions", UriKind.Relative), new { action = "Enrol", sessionId });
            Assert.Equal(HttpStatusCode.OK, enrolled.StatusCode);
        }

        var page = $"/partenaire/ateliers/{workshop.Id}";
        var form = await staff.GetPageAsync($"{page}?seance={sessionId}");
        Assert.Equal("4", form.QuerySelector("#Seats")!.GetAttribute("value"));
        var day = DateTime.UtcNow.AddDays(5).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        // Fewer seats than clients enrolled: refused on the field, nothing changed.
        using (var tooFew = await staff.PostFormAsync($"{page}?seance={sessionId}", [new("SessionId", sessionId.ToString()), new("Date", day), new("Start", "14:00"), new("End", "16:00"), new("Seats", "1")], $"{page}?handler=Edit"))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, tooFew.StatusCode);
            Assert.NotNull((await HttpHelpers.ParseAsync(tooFew)).QuerySelector(".error-summary a[href='#Seats']"));
        }

        using (var moved = await staff.PostFormAsync($"{page}?seance={sessionId}", [new("SessionId", sessionId.ToString()), new("Date", day), new("Start", "14:00"), new("End", "16:00"), new("Seats", "2")], $"{page}?handler=Edit"))
        {
            Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        }

        var session = await InDbAsync(db => db.WorkshopSessions.SingleAsync(s => s.Id == sessionId));
        Assert.Equal((2, 2, day), (session.Seats, session.SeatsTaken, Aiguillage.Web.Platform.Web.ParisTime.ToParis(session.StartsAt).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(2, await InDbAsync(db => db.Outbox.CountAsync(m => m.Recipient == mediatorAccount.Email && m.EventKey.Contains(":session-deplacee:"))));

        // Another partner's staff: 404 on the form and on the change.
        using var other = await App.SignedInAsync(await App.CreatePartnerStaffAsync(await App.CreatePartnerAsync()));
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(new Uri($"{page}?seance={sessionId}", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Parallel_enrolments_never_take_more_seats_than_the_session_has()
    {
        const int seats = 3;
        var partner = await App.CreatePartnerAsync();
        var (placeId, workshop) = await App.CreatePlaceWithSessionAsync(partner);
        var sessionId = await App.CreateSessionAsync(workshop, placeId, seats);
        var office = await App.CreateOfficeAsync();
        var mediator = await App.CreateMediatorAsync(office);
        var referrals = new List<Referral>();
        for (var i = 0; i < (2 * seats) + 5; i++)
        {
            referrals.Add(await App.CreateReferralAsync(office, partner, mediator, contacted: true));
        }

        using var staff = await App.SignedInAsync(await App.CreatePartnerStaffAsync(partner));
        var responses = await Task.WhenAll(referrals.Select(r => staff.PostAsJsonAsync(new Uri($"/api/v1/referrals/{r.Id}/actions", UriKind.Relative), new { action = "Enrol", sessionId })));
        Assert.Equal(seats, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode));
        Assert.Equal(seats, await InDbAsync(db => db.WorkshopSessions.Where(s => s.Id == sessionId).Select(s => s.SeatsTaken).SingleAsync()));
        Assert.Equal(seats, await InDbAsync(db => db.Referrals.CountAsync(r => r.SessionId == sessionId && r.Status == ReferralStatus.Enrolled)));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task The_reminder_flags_referrals_not_contacted_after_the_deadline_once()
    {
        var partner = await App.CreatePartnerAsync();
        var staff = await App.CreatePartnerStaffAsync(partner);
        var office = await App.CreateOfficeAsync();
        var mediator = await App.CreateMediatorAsync(office);
        var sentAt = new DateTime(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);
        var late = await App.CreateReferralAsync(office, partner, mediator, sentAt: sentAt);
        var contacted = await App.CreateReferralAsync(office, partner, mediator, contacted: true, sentAt: sentAt);
        var recent = await App.CreateReferralAsync(office, partner, mediator, sentAt: sentAt.AddDays(3));

        async Task<int> RunAtAsync(DateTime now)
        {
            using var scope = App.Services.CreateScope();
            var sp = scope.ServiceProvider;
            var job = new ReferralReminders(sp.GetRequiredService<AppDbContext>(), sp.GetRequiredService<ReferralService>(), new ReferralOptions(),
                sp.GetRequiredService<MailOptions>(), new FakeTimeProvider(new DateTimeOffset(now)));
            return await job.FlagOverdueAsync(CancellationToken.None);
        }

        Assert.Equal(0, await RunAtAsync(sentAt.AddDays(6)));
        Assert.Equal(1, await RunAtAsync(sentAt.AddDays(7).AddHours(1)));
        Assert.Equal(0, await RunAtAsync(sentAt.AddDays(8)));   // flagged once, not twice

        Assert.Equal(sentAt.AddDays(7).AddHours(1), await InDbAsync(db => db.Referrals.Where(r => r.Id == late.Id).Select(r => r.OverdueSince).SingleAsync()));
        Assert.Null(await InDbAsync(db => db.Referrals.Where(r => r.Id == contacted.Id || r.Id == recent.Id).Select(r => r.OverdueSince).FirstOrDefaultAsync(d => d != null)));
        var told = await InDbAsync(db => db.Outbox.Where(m => m.EventKey == $"referral:{late.Id}:overdue").Select(m => m.Recipient).OrderBy(r => r).ToListAsync());
        Assert.Equal(new[] { mediator.Email, staff.Email }.Order(), told);

        using var browser = await App.SignedInAsync(mediator);
        Assert.Contains("en retard", (await browser.GetPageAsync($"/orientations/{late.Id}")).QuerySelector(".lead")!.TextContent, StringComparison.Ordinal);
    }
}

public sealed class ReferralJourneyTests_Sqlite(SqliteApp app) : ReferralJourneyTests(app), IClassFixture<SqliteApp>;

public sealed class ReferralJourneyTests_PostgreSql(PostgresApp app) : ReferralJourneyTests(app), IClassFixture<PostgresApp>;
