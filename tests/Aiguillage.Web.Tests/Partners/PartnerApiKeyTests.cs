using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aiguillage.Domain.Audit;
using Aiguillage.Domain.Partners;
using Aiguillage.Domain.Referrals;
using Aiguillage.Testing;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aiguillage.Web.Tests.Partners;

/// <summary>
/// Issue 21 §4 over HTTP and the real database: a partner's staff make a key on their page (shown once, kept hashed);
/// with it their tool lists and reads the partner's referrals (contact details under the client's consent), moves them
/// through the domain's rules, plans and cancels sessions; a foreign referral answers 404; a read-only key cannot write;
/// a revoked key, a wrong one or a key on a page gets 401; every call is in the journal.
/// </summary>
public abstract class PartnerApiKeyTests(AppFactory app) : EngineTests(app)
{
    /// <summary>Makes a key on the page as its staff would, and reads it off the page it leads to.</summary>
    private async Task<string> MakeKeyAsync(HttpClient staff, string name, string access)
    {
        var submission = Guid.NewGuid().ToString();
        using var created = await staff.PostFormAsync("/partenaire/cles-api", [new(Submissions.FieldName, submission), new("Name", name), new("Access", access)]);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var page = await staff.GetPageAsync(created.Headers.Location!.OriginalString);
        var key = page.QuerySelector("code.api-key")!.TextContent;
        Assert.StartsWith("agl_", key, StringComparison.Ordinal);

        // Shown once: the same page again has only the reminder.
        var again = await staff.GetPageAsync(created.Headers.Location!.OriginalString);
        Assert.Null(again.QuerySelector("code.api-key"));
        Assert.Contains("ne s'affiche qu'une fois", again.QuerySelector(".notice")!.TextContent, StringComparison.Ordinal);
        return key;
    }

    private HttpClient Tool(string key)
    {
        var client = App.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    [Fact]
    public async Task A_key_reads_and_moves_its_partners_referrals_and_nothing_of_another_partner()
    {
        var office = await App.CreateOfficeAsync();
        var mediator = await App.CreateMediatorAsync(office);
        var partner = await App.CreatePartnerAsync();
        var other = await App.CreatePartnerAsync();
        var mine = await App.CreateReferralAsync(office, partner, mediator, firstName: "Awa", phone: "0612345678");
        var foreign = await App.CreateReferralAsync(office, other, mediator);
        using var staff = await App.SignedInAsync(await App.CreatePartnerStaffAsync(partner));
        var key = await MakeKeyAsync(staff, "Logiciel d'accueil", "ReadWrite");

        using var tool = Tool(key);
        using (var list = await tool.GetAsync(new Uri("/api/v1/referrals", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
            using var json = JsonDocument.Parse(await list.Content.ReadAsStringAsync());
            var rows = json.RootElement.EnumerateArray().ToList();
            var row = Assert.Single(rows, r => r.GetProperty("id").GetGuid() == mine.Id);
            Assert.DoesNotContain(rows, r => r.GetProperty("id").GetGuid() == foreign.Id);
            Assert.Equal("Awa", row.GetProperty("contact").GetProperty("firstName").GetString());   // shared under the client's consent
        }

        using (var read = await tool.GetAsync(new Uri($"/api/v1/referrals/{foreign.Id}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        }

        using (var moved = await tool.PostAsJsonAsync($"/api/v1/referrals/{mine.Id}/actions", new { action = "Contacted" }))
        {
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        }

        using (var skipped = await tool.PostAsJsonAsync($"/api/v1/referrals/{mine.Id}/actions", new { action = "Complete" }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, skipped.StatusCode);   // the domain's rules: not before attending
        }

        using (var foreignMove = await tool.PostAsJsonAsync($"/api/v1/referrals/{foreign.Id}/actions", new { action = "Contacted" }))
        {
            Assert.Equal(HttpStatusCode.NotFound, foreignMove.StatusCode);
        }

        using (var filtered = await tool.GetAsync(new Uri("/api/v1/referrals?status=Contacted", UriKind.Relative)))
        {
            using var json = JsonDocument.Parse(await filtered.Content.ReadAsStringAsync());
            Assert.Contains(json.RootElement.EnumerateArray(), r => r.GetProperty("id").GetGuid() == mine.Id);
        }

        using (var badStatus = await tool.GetAsync(new Uri("/api/v1/referrals?status=Perdu", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
            Assert.Contains("status", await badStatus.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var stored = await db.Referrals.AsNoTracking().Include(r => r.Events).SingleAsync(r => r.Id == mine.Id);
        Assert.Equal(ReferralStatus.Contacted, stored.Status);
        var keyId = (await db.Set<PartnerApiKey>().AsNoTracking().SingleAsync(k => k.PartnerId == partner.Id)).Id;
        Assert.Equal($"cle:{keyId}", stored.Events.OrderBy(e => e.Sequence).Last().ByUserId);

        // Every call of the key is journaled; only its hash is stored.
        var journaled = await db.AuditEvents.AsNoTracking().Where(e => e.Action == AuditAction.ApiKeyUsed && e.Subject == $"cle:{keyId}").CountAsync();
        Assert.Equal(7, journaled);
        Assert.Equal(Features.Partners.ApiKeys.PartnerKeys.Hash(key), (await db.Set<PartnerApiKey>().AsNoTracking().SingleAsync(k => k.Id == keyId)).SecretHash);
    }

    [Fact]
    public async Task A_read_only_key_cannot_write_and_a_revoked_wrong_or_misplaced_key_gets_401()
    {
        var office = await App.CreateOfficeAsync();
        var mediator = await App.CreateMediatorAsync(office);
        var partner = await App.CreatePartnerAsync();
        var referral = await App.CreateReferralAsync(office, partner, mediator);
        using var staff = await App.SignedInAsync(await App.CreatePartnerStaffAsync(partner));
        var key = await MakeKeyAsync(staff, "Tableau de suivi", "ReadOnly");
        using var tool = Tool(key);

        Assert.Equal(HttpStatusCode.OK, (await tool.GetAsync(new Uri($"/api/v1/referrals/{referral.Id}", UriKind.Relative))).StatusCode);
        using (var write = await tool.PostAsJsonAsync($"/api/v1/referrals/{referral.Id}/actions", new { action = "Contacted" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
            Assert.Equal("application/problem+json", write.Content.Headers.ContentType?.MediaType);
        }

        // A key is for the API only: on a page it signs nobody in.
        Assert.Equal(HttpStatusCode.Unauthorized, (await tool.GetAsync(new Uri("/partenaire", UriKind.Relative))).StatusCode);
        using (var wrong = Tool(key[..^2] + "xx"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync(new Uri("/api/v1/referrals", UriKind.Relative))).StatusCode);
        }

        using (var garbage = Tool("n'importe quoi"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await garbage.GetAsync(new Uri("/api/v1/referrals", UriKind.Relative))).StatusCode);
        }

        // Revoked on the page: refused at once; a second revocation says it is done already.
        var page = await staff.GetPageAsync("/partenaire/cles-api");
        var keyId = page.QuerySelector("input[name=KeyId]")!.GetAttribute("value")!;
        using (var revoked = await staff.PostFormAsync("/partenaire/cles-api", [new("KeyId", keyId)], action: "/partenaire/cles-api?handler=Revoke"))
        {
            Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await tool.GetAsync(new Uri($"/api/v1/referrals/{referral.Id}", UriKind.Relative))).StatusCode);
        Assert.Contains("Révoquée le", (await staff.GetPageAsync("/partenaire/cles-api")).QuerySelector("tbody")!.TextContent, StringComparison.Ordinal);

        // Another partner's staff cannot revoke it: 404, as for a missing key.
        using var stranger = await App.SignedInAsync(await App.CreatePartnerStaffAsync(await App.CreatePartnerAsync()));
        using var foreign = await stranger.PostFormAsync("/partenaire/cles-api", [new("KeyId", keyId)], action: "/partenaire/cles-api?handler=Revoke");
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
    }

    [Fact]
    public async Task A_key_plans_a_session_once_whatever_the_retries_and_cancels_it()
    {
        var partner = await App.CreatePartnerAsync();
        var (placeId, workshop) = await App.CreatePlaceWithSessionAsync(partner);
        var (_, foreignWorkshop) = await App.CreatePlaceWithSessionAsync(await App.CreatePartnerAsync());
        using var staff = await App.SignedInAsync(await App.CreatePartnerStaffAsync(partner));
        using var tool = Tool(await MakeKeyAsync(staff, "Agenda de l'association", "ReadWrite"));
        var id = Guid.NewGuid();
        var starts = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(10).AddHours(13), TimeSpan.Zero);
        object Body(Guid workshopId, int seats = 6) => new { id, workshopId, startsAt = starts, endsAt = starts.AddHours(2), seats, placeId };

        var answers = await Task.WhenAll(tool.PostAsJsonAsync("/api/v1/partner/sessions", Body(workshop.Id)), tool.PostAsJsonAsync("/api/v1/partner/sessions", Body(workshop.Id)));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Created], answers.Select(a => a.StatusCode).Order());
        Assert.Equal(HttpStatusCode.Conflict, (await tool.PostAsJsonAsync("/api/v1/partner/sessions", Body(workshop.Id, seats: 7))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await tool.PostAsJsonAsync("/api/v1/partner/sessions", new { id = Guid.NewGuid(), workshopId = foreignWorkshop.Id, startsAt = starts, endsAt = starts.AddHours(2), seats = 6, placeId })).StatusCode);
        using (var past = await tool.PostAsJsonAsync("/api/v1/partner/sessions", new { id = Guid.NewGuid(), workshopId = workshop.Id, startsAt = starts.AddDays(-30), endsAt = starts.AddDays(-30).AddHours(2), seats = 6, placeId }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, past.StatusCode);
            Assert.Contains("futur", await past.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, (await tool.PostAsync(new Uri($"/api/v1/partner/sessions/{id}/cancel", UriKind.Relative), null)).StatusCode);
        using var list = await tool.GetAsync(new Uri("/api/v1/partner/sessions", UriKind.Relative));
        using var json = JsonDocument.Parse(await list.Content.ReadAsStringAsync());
        var planned = Assert.Single(json.RootElement.EnumerateArray(), s => s.GetProperty("id").GetGuid() == id);
        Assert.True(planned.GetProperty("cancelled").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, (await tool.PostAsync(new Uri($"/api/v1/partner/sessions/{Guid.NewGuid()}/cancel", UriKind.Relative), null)).StatusCode);
    }
}

public sealed class PartnerApiKeyTests_Sqlite(SqliteApp app) : PartnerApiKeyTests(app), IClassFixture<SqliteApp>;

public sealed class PartnerApiKeyTests_PostgreSql(PostgresApp app) : PartnerApiKeyTests(app), IClassFixture<PostgresApp>;
