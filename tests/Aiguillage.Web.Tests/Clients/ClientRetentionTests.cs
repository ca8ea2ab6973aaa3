using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Aiguillage.Domain.Audit;
using Aiguillage.Domain.Clients;
using Aiguillage.Domain.Offices;
using Aiguillage.Testing;
using Aiguillage.Web.Features.Clients;
using Aiguillage.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aiguillage.Web.Tests.Clients;

/// <summary>
/// Issue 9 §2 and §3: clients are anonymised 24 months after their last contact, statistics stay; an admin shows a
/// client everything held about them (page and JSON) and erases it; every step is journaled.
/// </summary>
public abstract class ClientRetentionTests(AppFactory app) : EngineTests(app)
{
    private static readonly DateTime Now = DateTime.UtcNow;

    /// <summary>A client first seen <paramref name="monthsAgo"/> months ago, who gave consent and a contact then, with a diagnostic of that day.</summary>
    private async Task<(Guid Id, string Reference, Guid DiagnosticId)> OldClientAsync(Office office, TestAccount mediator, int monthsAgo)
    {
        var then = Now.AddMonths(-monthsAgo);
        using var admin = await App.SignedInAsync(await App.CreateAdminAsync());
        var submission = Diagnostics.DiagnosticsApiTests.Submission(office);
        using (var posted = await admin.PostAsync(new Uri("/api/v1/diagnostics", UriKind.Relative), new StringContent(submission.ToJsonString(), Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        }

        var diagnosticId = Guid.Parse((string)submission["id"]!);
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var client = new Client(Guid.NewGuid(), await ClientRegistry.NewReferenceAsync(db, CancellationToken.None), office.Id, then);
        client.GiveConsent("suivi-v1", "Awa", "0612345678", "awa@example.fr", mediator.Id, then);
        db.Clients.Add(client);
        await db.SaveChangesAsync();
        await db.Diagnostics.Where(d => d.Id == diagnosticId)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.ClientId, client.Id).SetProperty(d => d.FilledAt, then).SetProperty(d => d.ReceivedAt, then));
        return (client.Id, client.Reference, diagnosticId);
    }

    private async Task<T> InScopeAsync<T>(Func<AppDbContext, IServiceProvider, Task<T>> work)
    {
        using var scope = App.Services.CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<AppDbContext>(), scope.ServiceProvider);
    }

    [Fact]
    public async Task Clients_silent_for_24_months_are_anonymised_and_their_diagnostics_kept_for_statistics()
    {
        var office = await App.CreateOfficeAsync();
        var mediator = await App.CreateMediatorAsync(office);
        var partner = await App.CreatePartnerAsync();
        var silent = await OldClientAsync(office, mediator, 25);
        var seenLastYear = await OldClientAsync(office, mediator, 30);
        var withRecentAction = await OldClientAsync(office, mediator, 30);
        var recent = await OldClientAsync(office, mediator, 20);

        // A referral sent 26 months ago, sharing the silent client's contact with the partner; another client's
        // last diagnostic was 10 months ago; a third had an action noted 5 months ago.
        var referral = await App.CreateReferralAsync(office, partner, mediator, sentAt: Now.AddMonths(-26));
        await InScopeAsync(async (db, services) =>
        {
            await db.Referrals.Where(r => r.Id == referral.Id).ExecuteUpdateAsync(u => u.SetProperty(r => r.ClientId, silent.Id));
            await db.Diagnostics.Where(d => d.Id == seenLastYear.DiagnosticId).ExecuteUpdateAsync(u => u.SetProperty(d => d.FilledAt, Now.AddMonths(-10)));
            var action = new Domain.Activity.RecordedAction(Guid.NewGuid(), office.Id, mediator.Id, withRecentAction.Id, null, Now.AddMonths(-5));
            action.Describe(services.GetRequiredService<Domain.Orientation.ActionCatalogue>(), Domain.Activity.ActionKind.Informed, null, SelfServiceMachines.None, null, Now.AddMonths(-5), Now.AddMonths(-5));
            db.RecordedActions.Add(action);
            return await db.SaveChangesAsync();
        });
        var levelsBefore = await InScopeAsync((db, _) => db.Diagnostics.Where(d => d.OfficeId == office.Id).OrderBy(d => d.Id).Select(d => new { d.Id, d.Level, d.ClientId }).ToListAsync());

        var anonymised = await InScopeAsync((_, services) => services.GetRequiredService<ClientRetention>().AnonymiseExpiredAsync(CancellationToken.None));

        Assert.True(anonymised >= 1);
        await InScopeAsync(async (db, _) =>
        {
            var clients = await db.Clients.AsNoTracking().Include(c => c.Consents).Where(c => c.OfficeId == office.Id).ToDictionaryAsync(c => c.Id);
            var gone = clients[silent.Id];
            Assert.Equal((null, null, null), (gone.FirstName, gone.Phone, gone.Email));
            Assert.NotNull(gone.AnonymisedAt);
            Assert.NotEqual(silent.Reference, gone.Reference);
            Assert.All(gone.Consents, c => Assert.NotNull(c.WithdrawnAt));
            Assert.False((await db.Referrals.AsNoTracking().SingleAsync(r => r.Id == referral.Id)).SharesContact);
            foreach (var kept in new[] { seenLastYear, withRecentAction, recent })
            {
                Assert.Equal(("Awa", kept.Reference, (DateTime?)null), (clients[kept.Id].FirstName, clients[kept.Id].Reference, clients[kept.Id].AnonymisedAt));
            }

            // Statistics intact: every diagnostic still there, same level, same (now anonymous) client.
            Assert.Equal(levelsBefore.Select(d => (d.Id, d.Level, d.ClientId)),
                await db.Diagnostics.Where(d => d.OfficeId == office.Id).OrderBy(d => d.Id).Select(d => new { d.Id, d.Level, d.ClientId }).ToListAsync().ContinueWith(t => t.Result.Select(d => (d.Id, d.Level, d.ClientId))));

            var line = Assert.Single(await db.AuditEvents.AsNoTracking().Where(e => e.Subject == $"client:{silent.Id}").ToListAsync());
            Assert.Equal((AuditAction.ClientAnonymised, (string?)null, "conservation 24 mois"), (line.Action, line.UserId, line.Scope));
            return 0;
        });

        // Run again: nothing more to do for these clients.
        await InScopeAsync((_, services) => services.GetRequiredService<ClientRetention>().AnonymiseExpiredAsync(CancellationToken.None));
        Assert.Single(await InScopeAsync((db, _) => db.AuditEvents.Where(e => e.Subject == $"client:{silent.Id}").ToListAsync()));
    }

    [Fact]
    public async Task An_admin_shows_a_client_everything_held_about_them_and_erases_it_both_journaled()
    {
        var office = await App.CreateOfficeAsync();
        var mediator = await App.CreateMediatorAsync(office);
        var person = await OldClientAsync(office, mediator, 2);
        var adminAccount = await App.CreateAdminAsync();
        using var admin = await App.SignedInAsync(adminAccount);

        // A mediator opened the client's page: that view is part of what the person is told.
        using (var signedIn = await App.SignedInAsync(mediator))
        {
            Assert.Equal(HttpStatusCode.OK, (await signedIn.GetAsync(new Uri($"/clients/{person.Id}", UriKind.Relative))).StatusCode);
        }

        var typed = person.Reference.Replace("-", " ", StringComparison.Ordinal).ToLowerInvariant();
        var page = await admin.GetPageAsync($"/admin/personnes?reference={Uri.EscapeDataString(typed)}");
        var text = page.Body!.TextContent;
        Assert.Contains(person.Reference, text, StringComparison.Ordinal);
        Assert.Contains("0612345678", text, StringComparison.Ordinal);
        Assert.Contains("awa@example.fr", text, StringComparison.Ordinal);
        Assert.Contains("Avez-vous un ordinateur", text, StringComparison.OrdinalIgnoreCase);   // answers in words
        Assert.Contains("Fiche client consultée", text, StringComparison.Ordinal);              // the client's journal

        using var json = await admin.GetAsync(new Uri($"/admin/personnes?handler=Json&reference={person.Reference}", UriKind.Relative));
        Assert.Equal("application/json", json.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(await json.Content.ReadAsStringAsync())!;
        Assert.Equal(person.Reference, (string?)body["client"]!["reference"]);
        Assert.Equal("0612345678", (string?)body["client"]!["phone"]);
        Assert.Equal(15, body["diagnostics"]![0]!["answers"]!.AsArray().Count);
        Assert.Contains(body["journal"]!.AsArray(), j => (string?)j!["action"] == "Fiche client consultée");

        // Erasing needs the box ticked; then the contact is gone and the reference leads nowhere.
        using (var unticked = await admin.PostFormAsync($"/admin/personnes?reference={person.Reference}", [new("reference", person.Reference)], "/admin/personnes?handler=Erase"))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, unticked.StatusCode);
            Assert.NotNull((await HttpHelpers.ParseAsync(unticked)).QuerySelector(".error-summary a[href='#Confirmed']"));
        }

        using (var erased = await admin.PostFormAsync($"/admin/personnes?reference={person.Reference}", [new("reference", person.Reference), new("Confirmed", "true")], "/admin/personnes?handler=Erase"))
        {
            Assert.Equal(HttpStatusCode.Redirect, erased.StatusCode);
        }

        using (var missing = await admin.GetAsync(new Uri($"/admin/personnes?reference={person.Reference}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.NotNull((await HttpHelpers.ParseAsync(missing)).QuerySelector(".error-summary a[href='#reference']"));
        }

        using (var malformed = await admin.GetAsync(new Uri("/admin/personnes?reference=%3Cscript%3E", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
            Assert.DoesNotContain("<script>", await malformed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await InScopeAsync(async (db, _) =>
        {
            var client = await db.Clients.AsNoTracking().SingleAsync(c => c.Id == person.Id);
            Assert.Equal((null, null, null), (client.FirstName, client.Phone, client.Email));
            Assert.True(await db.Diagnostics.AnyAsync(d => d.Id == person.DiagnosticId));
            var lines = await db.AuditEvents.AsNoTracking().Where(e => e.Subject == $"client:{person.Id}" && e.UserId == adminAccount.Id).OrderBy(e => e.Id).ToListAsync();
            // The page and the JSON (the form posts open the page first: more views), then the erasure, last.
            Assert.Equal((AuditAction.ClientAnonymised, "demande de la personne"), (lines[^1].Action, lines[^1].Scope));
            Assert.All(lines[..^1], l => Assert.Equal(AuditAction.PersonalDataViewed, l.Action));
            Assert.Equal(["droit d'accès : page", "droit d'accès : JSON"], lines.Take(2).Select(l => l.Scope));
            return 0;
        });

        // Only admins.
        using var other = await App.SignedInAsync(mediator);
        using var refused = await other.GetAsync(new Uri("/admin/personnes", UriKind.Relative));
        Assert.StartsWith("/acces-refuse", refused.Headers.Location?.AbsolutePath, StringComparison.Ordinal);
    }
}

public sealed class ClientRetentionTests_Sqlite(SqliteApp app) : ClientRetentionTests(app), IClassFixture<SqliteApp>;

public sealed class ClientRetentionTests_PostgreSql(PostgresApp app) : ClientRetentionTests(app), IClassFixture<PostgresApp>;
