using System.Net;
using Aiguillage.Domain.Clients;
using Aiguillage.Domain.Referrals;
using Aiguillage.Testing;
using Aiguillage.Web.Features.Referrals;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Aiguillage.Web.Tests.Referrals;

/// <summary>
/// Issue 16 §4–6, one consent per purpose: the follow-up consent (the office keeps the details to recontact the
/// client, its own text, on the client's page) and the sharing consent (this partner sees the details, for this
/// referral, under the sharing text). Each case found by hand is replayed through the pages, on both engines.
/// </summary>
public abstract class ReferralConsentTests(AppFactory app) : EngineTests(app)
{
    private async Task<T> InDbAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        using var scope = App.Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    /// <summary>The details the office keeps under the follow-up consent.</summary>
    private async Task<(string?, string?, string?)> OfficeCopyAsync(Guid clientId)
    {
        var c = await InDbAsync(db => db.Clients.AsNoTracking().SingleAsync(c => c.Id == clientId));
        return (c.FirstName, c.Phone, c.Email);
    }

    /// <summary>The details a referral shares with its partner under the sharing consent.</summary>
    private async Task<(string?, string?, string?)> PartnerCopyAsync(Guid referralId)
    {
        var r = await InDbAsync(db => db.Referrals.AsNoTracking().SingleAsync(r => r.Id == referralId));
        return (r.ContactFirstName, r.ContactPhone, r.ContactEmail);
    }

    private sealed record Setup(Domain.Offices.Office Office, TestAccount Mediator, TestAccount Staff, string PlaceId, Guid SessionId);

    private async Task<Setup> SetUpAsync()
    {
        var partner = await App.CreatePartnerAsync();
        var staff = await App.CreatePartnerStaffAsync(partner);
        var (placeId, workshop) = await App.CreatePlaceWithSessionAsync(partner);
        var sessionId = await App.CreateSessionAsync(workshop, placeId, 4);
        var office = await App.CreateOfficeAsync();
        return new Setup(office, await App.CreateMediatorAsync(office), staff, placeId, sessionId);
    }

    /// <summary>Sends a referral from the page, as the mediator does; returns its page's address.</summary>
    private static async Task<string> SendAsync(HttpClient mediator, Guid diagnostic, Guid sessionId, string firstName, string phone)
    {
        using var sent = await mediator.PostFormAsync($"/orientations/nouvelle?diagnostic={diagnostic}&seance={sessionId}",
            [new("Consent", "true"), new("FirstName", firstName), new("Phone", phone)]);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        return sent.Headers.Location!.OriginalString;
    }

    private static Guid IdOf(string page) => Guid.Parse(page.Split('/')[2]);

    [Fact]
    public async Task Sending_a_referral_records_no_follow_up_consent_and_keeps_nothing_once_sharing_is_withdrawn()
    {
        // §4: it recorded a FollowUp consent under « partage-partenaire-v1 », kept the phone after the withdrawal, and
        // offered it again on the next referral although the follow-up text was never read.
        var s = await SetUpAsync();
        using var mediator = await App.SignedInAsync(s.Mediator);
        var diagnostic = await ReferralJourneyTests.KeyDiagnosticAsync(mediator, s.Office);
        var page = await SendAsync(mediator, diagnostic, s.SessionId, "Awa", "06 12 34 56 78");
        var clientId = await InDbAsync(db => db.Referrals.Where(r => r.Id == IdOf(page)).Select(r => r.ClientId).SingleAsync());

        Assert.Empty(await InDbAsync(db => db.Set<ClientConsent>().Where(c => c.ClientId == clientId).ToListAsync()));
        Assert.Equal((null, null, null), await OfficeCopyAsync(clientId));
        Assert.Equal(("Awa", "0612345678", null), await PartnerCopyAsync(IdOf(page)));
        Assert.Contains("Le client est anonyme", (await mediator.GetPageAsync($"/clients/{clientId}")).QuerySelector("main")!.TextContent, StringComparison.Ordinal);

        using (var withdrawn = await mediator.PostFormAsync(page, [new("Confirm", "true")], $"{page}?handler=Withdraw"))
        {
            Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        }

        Assert.Equal((null, null, null), await PartnerCopyAsync(IdOf(page)));

        // The next referral of the same client asks for the details again: nothing was kept to offer.
        var next = await mediator.GetPageAsync($"/orientations/nouvelle?diagnostic={diagnostic}&seance={s.SessionId}");
        Assert.Equal(string.Empty, next.QuerySelector("#Phone")!.GetAttribute("value") ?? string.Empty);
        Assert.Equal(string.Empty, next.QuerySelector("#FirstName")!.GetAttribute("value") ?? string.Empty);
        Assert.DoesNotContain("0612345678", next.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_follow_up_consent_is_offered_for_a_referral_and_each_consent_keeps_its_own_text()
    {
        var s = await SetUpAsync();
        using var mediator = await App.SignedInAsync(s.Mediator);
        var diagnostic = await ReferralJourneyTests.KeyDiagnosticAsync(mediator, s.Office);
        var first = await SendAsync(mediator, diagnostic, s.SessionId, "Awa", "0612345678");
        var clientId = await InDbAsync(db => db.Referrals.Where(r => r.Id == IdOf(first)).Select(r => r.ClientId).SingleAsync());
        using (var given = await mediator.PostFormAsync($"/clients/{clientId}", [new("Agreed", "true"), new("FirstName", "Awa"), new("Phone", "0711223344")], $"/clients/{clientId}?handler=Consent"))
        {
            Assert.Equal(HttpStatusCode.Redirect, given.StatusCode);
        }

        var consent = await InDbAsync(db => db.Set<ClientConsent>().SingleAsync(c => c.ClientId == clientId));
        Assert.Equal((ConsentPurpose.FollowUp, Features.Clients.ConsentText.CurrentVersion), (consent.Purpose, consent.TextVersion));
        Assert.Equal(ReferralService.ConsentVersion, await InDbAsync(db => db.Referrals.Where(r => r.Id == IdOf(first)).Select(r => r.ConsentTextVersion).SingleAsync()));

        // The office's details are offered on the next referral, to be checked with the client; the first referral keeps its own.
        var form = await mediator.GetPageAsync($"/orientations/nouvelle?diagnostic={diagnostic}&seance={s.SessionId}");
        Assert.Equal("0711223344", form.QuerySelector("#Phone")!.GetAttribute("value"));
        Assert.Equal("0612345678", await InDbAsync(db => db.Referrals.Where(r => r.Id == IdOf(first)).Select(r => r.ContactPhone).SingleAsync()));
    }

    [Fact]
    public async Task A_new_follow_up_consent_never_shows_the_details_again_to_a_partner_whose_share_was_withdrawn()
    {
        // §5: after withdrawal, a new follow-up consent made the partner see name, phone and e-mail again on the old referral.
        var s = await SetUpAsync();
        using var mediator = await App.SignedInAsync(s.Mediator);
        var diagnostic = await ReferralJourneyTests.KeyDiagnosticAsync(mediator, s.Office);
        var page = await SendAsync(mediator, diagnostic, s.SessionId, "Awa", "0612345678");
        var clientId = await InDbAsync(db => db.Referrals.Where(r => r.Id == IdOf(page)).Select(r => r.ClientId).SingleAsync());
        using (var withdrawn = await mediator.PostFormAsync(page, [new("Confirm", "true")], $"{page}?handler=Withdraw"))
        {
            Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        }

        using (var given = await mediator.PostFormAsync($"/clients/{clientId}", [new("Agreed", "true"), new("FirstName", "Awa"), new("Phone", "0612345678"), new("Email", "awa@example.fr")], $"/clients/{clientId}?handler=Consent"))
        {
            Assert.Equal(HttpStatusCode.Redirect, given.StatusCode);
        }

        using var staff = await App.SignedInAsync(s.Staff);
        foreach (var url in new[] { page, "/partenaire/orientations" })
        {
            var text = (await staff.GetPageAsync(url)).QuerySelector("main")!.TextContent;
            Assert.DoesNotContain("Awa", text, StringComparison.Ordinal);
            Assert.DoesNotContain("0612345678", text, StringComparison.Ordinal);
            Assert.DoesNotContain("awa@example.fr", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_withdrawn_referral_is_confirmed_first_then_ends_for_everyone_leaves_every_list_and_reminder_and_frees_its_seat()
    {
        // §6: a withdrawn referral stayed « envoyée » under « À suivre » with « Le client a été contacté », the overdue
        // reminder still asked the partner to call, no line in the history or the timeline, and no confirmation.
        var s = await SetUpAsync();
        using var mediator = await App.SignedInAsync(s.Mediator);
        using var staff = await App.SignedInAsync(s.Staff);
        var diagnostic = await ReferralJourneyTests.KeyDiagnosticAsync(mediator, s.Office);
        var page = await SendAsync(mediator, diagnostic, s.SessionId, "Awa", "0612345678");
        var id = IdOf(page);
        var sentAt = await InDbAsync(db => db.Referrals.Where(r => r.Id == id).Select(r => r.SentAt!.Value).SingleAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await staff.PostFormAsync(page, [new("Action", "Contacted")])).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await staff.PostFormAsync(page, [new("Action", "Enrol"), new("SessionId", s.SessionId.ToString())])).StatusCode);
        Assert.Equal(1, await InDbAsync(db => db.WorkshopSessions.Where(x => x.Id == s.SessionId).Select(x => x.SeatsTaken).SingleAsync()));

        // A partner cannot withdraw; the office must tick the box first, and nothing changes until it does.
        using (var byPartner = await staff.PostFormAsync(page, [new("Confirm", "true")], $"{page}?handler=Withdraw"))
        {
            Assert.Equal("/acces-refuse", byPartner.Headers.Location!.AbsolutePath);
        }

        using (var unconfirmed = await mediator.PostFormAsync(page, [], $"{page}?handler=Withdraw"))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, unconfirmed.StatusCode);
            Assert.NotNull((await HttpHelpers.ParseAsync(unconfirmed)).QuerySelector(".error-summary a[href='#Confirm']"));
        }

        Assert.Equal(ReferralStatus.Enrolled, await InDbAsync(db => db.Referrals.Where(r => r.Id == id).Select(r => r.Status).SingleAsync()));
        using (var withdrawn = await mediator.PostFormAsync(page, [new("Confirm", "true")], $"{page}?handler=Withdraw"))
        {
            Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        }

        Assert.Equal(ReferralStatus.Withdrawn, await InDbAsync(db => db.Referrals.Where(r => r.Id == id).Select(r => r.Status).SingleAsync()));
        Assert.Equal(0, await InDbAsync(db => db.WorkshopSessions.Where(x => x.Id == s.SessionId).Select(x => x.SeatsTaken).SingleAsync()));

        // Shown as withdrawn to all, with its line in the history and the client's timeline; no action left to the partner.
        var partnerView = await staff.GetPageAsync(page);
        Assert.Contains("retirée : le client a retiré son accord", partnerView.QuerySelector(".lead")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(partnerView.QuerySelectorAll("main form"));
        Assert.Contains("retirée : le client a retiré son accord", partnerView.QuerySelector(".timeline")!.TextContent, StringComparison.Ordinal);
        var clientId = await InDbAsync(db => db.Referrals.Where(r => r.Id == id).Select(r => r.ClientId).SingleAsync());
        Assert.Contains("retirée : le client a retiré son accord", (await mediator.GetPageAsync($"/clients/{clientId}")).QuerySelector(".timeline")!.TextContent, StringComparison.Ordinal);

        // Out of « À suivre », in the closed ones.
        var inbox = await staff.GetPageAsync("/partenaire/orientations");
        var open = inbox.QuerySelector("main")!.InnerHtml.Split("<h2", StringSplitOptions.None).First(part => part.Contains("À suivre", StringComparison.Ordinal));
        Assert.DoesNotContain($"/orientations/{id}", open, StringComparison.Ordinal);
        Assert.Contains($"/orientations/{id}", inbox.QuerySelector("main")!.InnerHtml, StringComparison.Ordinal);

        // The partner is told there is nothing more to do, without the client's details; no reminder ever asks to call.
        var told = await InDbAsync(db => db.Outbox.AsNoTracking().SingleAsync(m => m.EventKey == $"referral:{id}:retiree"));
        Assert.Equal(s.Staff.Email, told.Recipient);
        Assert.DoesNotContain("0612345678", told.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Awa", told.Body, StringComparison.Ordinal);
        using (var scope = App.Services.CreateScope())
        {
            var sp = scope.ServiceProvider;
            var job = new ReferralReminders(sp.GetRequiredService<AppDbContext>(), sp.GetRequiredService<ReferralService>(), new ReferralOptions(),
                sp.GetRequiredService<MailOptions>(), new FakeTimeProvider(new DateTimeOffset(sentAt.AddDays(30), TimeSpan.Zero)));
            await job.FlagOverdueAsync(CancellationToken.None);
        }

        Assert.False(await InDbAsync(db => db.Outbox.AnyAsync(m => m.EventKey == $"referral:{id}:overdue")));
    }

    [Fact]
    public async Task A_withdrawn_referral_not_yet_contacted_gets_no_overdue_reminder()
    {
        var partner = await App.CreatePartnerAsync();
        var office = await App.CreateOfficeAsync();
        var mediatorAccount = await App.CreateMediatorAsync(office);
        var sentAt = new DateTime(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);
        var referral = await App.CreateReferralAsync(office, partner, mediatorAccount, sentAt: sentAt);
        using var mediator = await App.SignedInAsync(mediatorAccount);
        var page = $"/orientations/{referral.Id}";
        using (var withdrawn = await mediator.PostFormAsync(page, [new("Confirm", "true")], $"{page}?handler=Withdraw"))
        {
            Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        }

        using var scope = App.Services.CreateScope();
        var sp = scope.ServiceProvider;
        var job = new ReferralReminders(sp.GetRequiredService<AppDbContext>(), sp.GetRequiredService<ReferralService>(), new ReferralOptions(),
            sp.GetRequiredService<MailOptions>(), new FakeTimeProvider(new DateTimeOffset(sentAt.AddDays(8), TimeSpan.Zero)));
        await job.FlagOverdueAsync(CancellationToken.None);
        Assert.False(await sp.GetRequiredService<AppDbContext>().Outbox.AnyAsync(m => m.EventKey == $"referral:{referral.Id}:overdue"));
    }
}

public sealed class ReferralConsentTests_Sqlite(SqliteApp app) : ReferralConsentTests(app), IClassFixture<SqliteApp>;

public sealed class ReferralConsentTests_PostgreSql(PostgresApp app) : ReferralConsentTests(app), IClassFixture<PostgresApp>;
