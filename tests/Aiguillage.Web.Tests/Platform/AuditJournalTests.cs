using System.Net;
using Aiguillage.Domain.Audit;
using Aiguillage.Testing;
using Aiguillage.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aiguillage.Web.Tests.Platform;

/// <summary>Issue 9 §1: what the journal records, who may read it, and that nobody can change or delete a line.</summary>
public abstract class AuditJournalTests(AppFactory app) : EngineTests(app)
{
    private async Task<List<AuditEvent>> JournalAsync(string subject)
    {
        using var scope = App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().AuditEvents.AsNoTracking().Where(e => e.Subject == subject).OrderBy(e => e.Id).ToListAsync();
    }

    [Fact]
    public async Task Sign_ins_client_views_consents_referrals_cheques_exports_and_account_changes_are_journaled()
    {
        var office = await App.CreateOfficeAsync();
        var mediator = await App.CreateMediatorAsync(office);

        // A failed then a successful sign-in.
        using (var visitor = App.Browser())
        {
            using var refused = await visitor.SignInAsync(mediator.Email, "pas le bon mot de passe");
        }

        using var client = await App.SignedInAsync(mediator);
        Assert.Equal([AuditAction.SignInFailed, AuditAction.SignInSucceeded], (await JournalAsync($"compte:{mediator.Id}")).Select(e => e.Action));

        // A referral sends, with consent: consent given and referral sent, in the same unit of work.
        var partner = await App.CreatePartnerAsync();
        var (placeId, _) = await App.CreatePlaceWithSessionAsync(partner);
        Guid clientId;
        using (var scope = App.Services.CreateScope())
        {
            var registry = scope.ServiceProvider.GetRequiredService<Features.Clients.ClientRegistry>();
            var created = await registry.CreateAsync(office.Id, CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().SaveChangesAsync();
            clientId = created.Id;
        }

        // The client's page: a view, then consent given and withdrawn, each journaled with the office as scope.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri($"/clients/{clientId}", UriKind.Relative))).StatusCode);
        using (var consent = await client.PostFormAsync($"/clients/{clientId}", [new("Agreed", "true"), new("FirstName", "Awa"), new("Phone", "0612345678")], $"/clients/{clientId}?handler=Consent"))
        {
            Assert.Equal(HttpStatusCode.Redirect, consent.StatusCode);
        }

        using (var withdraw = await client.PostFormAsync($"/clients/{clientId}", [new("Confirm", "true")], $"/clients/{clientId}?handler=Withdraw"))
        {
            Assert.Equal(HttpStatusCode.Redirect, withdraw.StatusCode);
        }

        var journal = await JournalAsync($"client:{clientId}");
        Assert.Equal([AuditAction.ClientViewed, AuditAction.ConsentGiven, AuditAction.ConsentWithdrawn], journal.Select(e => e.Action).Distinct());
        Assert.All(journal, e => Assert.Equal((mediator.Id, $"bureau:{office.Id}"), (e.UserId, e.Scope)));

        // Cheques given by the office, an export by a manager, an account disabled by an admin.
        await App.CreateStockAsync(office, 2);
        using (var scope = App.Services.CreateScope())
        {
            var (numbers, error) = await scope.ServiceProvider.GetRequiredService<Features.DigitalPass.PassService>().IssueAsync(office.Id, clientId, null, 1, mediator.Id, CancellationToken.None);
            Assert.Null(error);
            Assert.Equal(AuditAction.ChequeIssued, Assert.Single(await JournalAsync($"cheque:{numbers[0]}")).Action);
        }

        var manager = await App.CreateManagerAsync();
        using (var steering = await App.SignedInAsync(manager))
        {
            Assert.Equal(HttpStatusCode.OK, (await steering.GetAsync(new Uri("/pilotage/tableau-de-bord?handler=Export&table=niveaux&format=csv", UriKind.Relative))).StatusCode);
        }

        var export = (await JournalAsync("export:pilotage-niveaux")).Last();
        Assert.Equal((manager.Id, "departements:42"), (export.UserId, export.Scope));

        var admin = await App.CreateAdminAsync();
        using var adminClient = await App.SignedInAsync(admin);
        using (var disabled = await adminClient.PostFormAsync($"/admin/comptes/{mediator.Id}", [], $"/admin/comptes/{mediator.Id}?handler=Disable"))
        {
            Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        }

        Assert.Contains(await JournalAsync($"compte:{mediator.Id}"), e => e.Action == AuditAction.AccountChanged && e.Scope == "désactivé" && e.UserId == admin.Id);

        // The admin searches the journal: by account, by action and subject.
        var page = await adminClient.GetPageAsync($"/admin/journal?compte={Uri.EscapeDataString(mediator.Email)}&action=ConsentGiven");
        var rows = page.QuerySelectorAll("tbody tr");
        Assert.Single(rows);
        Assert.Contains($"client:{clientId}", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("Accord du client recueilli", rows[0].TextContent, StringComparison.Ordinal);
        // Every line about the client (the forms' pages were opened too: each opening is a view).
        var bySubject = await adminClient.GetPageAsync($"/admin/journal?sujet=client:{clientId}");
        Assert.Equal((await JournalAsync($"client:{clientId}")).Count, bySubject.QuerySelectorAll("tbody tr").Length);
        using var bad = await adminClient.GetAsync(new Uri("/admin/journal?action=Effacer&du=hier", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var summary = (await HttpHelpers.ParseAsync(bad)).QuerySelector(".error-summary")!;
        Assert.NotNull(summary.QuerySelector("a[href='#action']"));
        Assert.NotNull(summary.QuerySelector("a[href='#From']"));

        // Nobody else reads it.
        using var other = await App.SignedInAsync(manager);
        using var refusedJournal = await other.GetAsync(new Uri("/admin/journal", UriKind.Relative));
        Assert.StartsWith("/acces-refuse", refusedJournal.Headers.Location?.AbsolutePath, StringComparison.Ordinal);
        _ = placeId;
    }

    [Fact]
    public async Task Partner_staff_opening_a_referral_with_the_clients_contact_is_a_journaled_view()
    {
        var office = await App.CreateOfficeAsync();
        var partner = await App.CreatePartnerAsync();
        var referral = await App.CreateReferralAsync(office, partner, await App.CreateMediatorAsync(office));
        var staff = await App.CreatePartnerStaffAsync(partner);
        using var client = await App.SignedInAsync(staff);
        var page = await client.GetPageAsync($"/orientations/{referral.Id}");
        Assert.Contains("Awa", page.Body!.TextContent, StringComparison.Ordinal);
        var view = Assert.Single(await JournalAsync($"client:{referral.ClientId}"));
        Assert.Equal((AuditAction.ClientViewed, staff.Id, $"partenaire:{partner.Id}"), (view.Action, view.UserId, view.Scope));
    }

    [Fact]
    public async Task A_journal_line_can_be_neither_changed_nor_deleted_by_the_app_nor_in_the_database()
    {
        var office = await App.CreateOfficeAsync();
        var mediator = await App.CreateMediatorAsync(office);
        using (var signedIn = await App.SignedInAsync(mediator))
        {
        }

        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var line = await db.AuditEvents.FirstAsync(e => e.Subject == $"compte:{mediator.Id}");

        // The data layer refuses a unit of work that deletes a line.
        db.AuditEvents.Remove(line);
        Assert.Throws<InvalidOperationException>(() => db.SaveChanges());
        db.ChangeTracker.Clear();

        // The database refuses bulk updates and deletes and raw SQL, whoever sends them.
        await Assert.ThrowsAnyAsync<Exception>(() => db.AuditEvents.Where(e => e.Id == line.Id).ExecuteUpdateAsync(u => u.SetProperty(e => e.Subject, "effacé")));
        await Assert.ThrowsAnyAsync<Exception>(() => db.AuditEvents.Where(e => e.Id == line.Id).ExecuteDeleteAsync());
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditEvents\""));
        db.ChangeTracker.Clear();
        var still = await db.AuditEvents.AsNoTracking().SingleAsync(e => e.Id == line.Id);
        Assert.Equal((line.Subject, line.Action, line.At), (still.Subject, still.Action, still.At));
    }
}

public sealed class AuditJournalTests_Sqlite(SqliteApp app) : AuditJournalTests(app), IClassFixture<SqliteApp>;

public sealed class AuditJournalTests_PostgreSql(PostgresApp app) : AuditJournalTests(app), IClassFixture<PostgresApp>;
