using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Aiguillage.Domain.Audit;
using Aiguillage.Domain.ClientMode;
using Aiguillage.Domain.Offices;
using Aiguillage.Domain.Referrals;
using Aiguillage.Testing;
using Aiguillage.Web.Features.ClientMode;
using Aiguillage.Web.Features.Diagnostics;
using Aiguillage.Web.Features.Referrals;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Notifications;
using Aiguillage.Web.Platform.Web;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Aiguillage.Web.Tests.Referrals;

/// <summary>The app with a clock the tests move (weeks pass between a referral and its follow-up); the outbox is sent by the tests.</summary>
public abstract class FollowUpApp(DatabaseProvider provider) : AppFactory(provider)
{
    // A Monday morning in Paris, pinned: nothing here depends on the hour CI runs. Each test moves it forward.
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Mail:Runner", "false");
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
    }
}

public sealed class FollowUpSqliteApp() : FollowUpApp(DatabaseProvider.Sqlite);

public sealed class FollowUpPostgresApp() : FollowUpApp(DatabaseProvider.PostgreSql);

/// <summary>
/// Issue 20 §1 over HTTP and the real database: the daily follow-up lists the client on the office's page, invites
/// them by SMS (a file, in their language) when they consented, the check-in answers reach the referral's timeline,
/// « STOP » stops the SMS in the journal, and a later diagnostic is linked as the re-diagnosis.
/// </summary>
public abstract partial class FollowUpTests(FollowUpApp app) : EngineTests(app)
{
    private FakeTimeProvider Clock => ((FollowUpApp)App).Clock;

    private DateTime Now => Clock.GetUtcNow().UtcDateTime;

    [GeneratedRegex(@"https://aiguillage\.test/suivi/([A-Za-z0-9_-]{22})")]
    private static partial Regex CheckInLink();

    /// <summary>A mobile number of this test only: STOP for it touches no other test's client.</summary>
    private static string NewMobile() => "06" + Random.Shared.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);

    private async Task<T> InDbAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        using var scope = App.Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    /// <summary>Moves the clock to <paramref name="at"/> and runs the daily job as the runner does; returns how many follow-ups it made.</summary>
    private async Task<int> RunAtAsync(DateTime at)
    {
        if (at > Now)
        {
            Clock.SetUtcNow(new DateTimeOffset(at));
        }

        using var scope = App.Services.CreateScope();
        var job = scope.ServiceProvider.GetRequiredService<FollowUpJob>();
        await job.LinkRediagnosesAsync(CancellationToken.None);
        var made = await job.CreateDueAsync(CancellationToken.None);
        // What the runner would send next: e-mails as .eml files, SMS as .json files.
        while (await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchAsync(100, CancellationToken.None) > 0)
        {
        }

        return made;
    }

    /// <summary>The client chose <paramref name="language"/> on a tablet for the diagnostic <paramref name="diagnosticId"/> (issue 17).</summary>
    private async Task ChoseOnTabletAsync(Office office, TestAccount mediator, Guid diagnosticId, string language)
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var tablet = new ClientTablet(Guid.NewGuid(), office.Id, mediator.Id, null, null, Now);
        db.Add(tablet);
        db.Add(new ClientVisit(Guid.NewGuid(), tablet.Id, office.Id, diagnosticId, language, Now));
        await db.SaveChangesAsync();
    }

    /// <summary>The SMS files written for <paramref name="phone"/>: their texts.</summary>
    private async Task<List<string>> SmsToAsync(string phone)
    {
        var international = "+33" + phone[1..];
        var texts = new List<string>();
        foreach (var file in Directory.Exists(App.SmsOutboxFolder) ? Directory.GetFiles(App.SmsOutboxFolder, "*.json") : [])
        {
            using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(file));
            if (json.RootElement.GetProperty("to").GetString() == international)
            {
                texts.Add(json.RootElement.GetProperty("text").GetString()!);
            }
        }

        return texts;
    }

    [Fact]
    public async Task Six_weeks_after_sending_the_office_lists_the_client_who_answers_the_check_in_in_arabic_from_an_sms()
    {
        var partner = await App.CreatePartnerAsync();
        var office = await App.CreateOfficeAsync();
        var mediatorAccount = await App.CreateMediatorAsync(office);
        var staffAccount = await App.CreatePartnerStaffAsync(partner);
        var diagnosticId = Guid.NewGuid();
        var sentAt = Now;
        await ChoseOnTabletAsync(office, mediatorAccount, diagnosticId, "ar");
        var phone = NewMobile();
        var referral = await App.CreateReferralAsync(office, partner, mediatorAccount, sentAt: sentAt, firstName: "Awa", phone: phone, followUp: true, diagnosticId: diagnosticId);
        var reference = await InDbAsync(db => db.Clients.Where(c => c.Id == referral.ClientId).Select(c => c.Reference).SingleAsync());

        // Not before six weeks; once at six weeks; never twice.
        // Other tests of this class share the database and the clock: only this referral is looked at.
        await RunAtAsync(sentAt.AddDays(41));
        Assert.False(await InDbAsync(db => db.FollowUps.AnyAsync(f => f.ReferralId == referral.Id)));
        await RunAtAsync(sentAt.AddDays(42).AddHours(1));
        Assert.True(await InDbAsync(db => db.FollowUps.AnyAsync(f => f.ReferralId == referral.Id)));
        await RunAtAsync(sentAt.AddDays(43));
        Assert.Equal(1, await InDbAsync(db => db.FollowUps.CountAsync(f => f.ReferralId == referral.Id)));

        using var mediator = await App.SignedInAsync(mediatorAccount);
        var home = await mediator.GetPageAsync($"/bureaux/{office.Id}");
        var list = home.QuerySelector("section[aria-labelledby=suivis]")!.TextContent;
        Assert.Contains($"Client {reference}", list, StringComparison.Ordinal);
        Assert.Contains("Orientation envoyée il y a 6 semaines", list, StringComparison.Ordinal);
        Assert.Contains("envoyé par SMS", list, StringComparison.Ordinal);

        // The SMS, as a file: the first name, the link, how to stop — in Arabic, the language of the client's screens.
        var text = Assert.Single(await SmsToAsync(phone));
        var arabic = App.Services.GetRequiredService<LanguageCatalog>().Find("ar")!;
        var token = CheckInLink().Match(text).Groups[1].Value;
        Assert.Equal(22, token.Length);
        Assert.Equal(string.Format(CultureInfo.InvariantCulture, arabic.Text("checkin.sms"), "Awa", $"https://aiguillage.test/suivi/{token}"), text);
        Assert.Contains("STOP", text, StringComparison.Ordinal);
        Assert.DoesNotContain(reference, text, StringComparison.Ordinal);

        // The client opens it with no account: Arabic, right to left, two questions.
        using var client = App.CreateClient(new() { AllowAutoRedirect = false });
        var page = await client.GetPageAsync($"/suivi/{token}");
        Assert.Equal("ar", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("rtl", page.DocumentElement.GetAttribute("dir"));
        Assert.Equal(arabic.Text("checkin.attended"), page.QuerySelector("#Attended-text")!.TextContent);
        Assert.Equal(2, page.QuerySelectorAll("fieldset").Length);
        Assert.DoesNotContain("Awa", page.Body!.TextContent, StringComparison.Ordinal);   // the page names nobody

        // A missing answer is refused in their language; then both answers are thanked, and the same tap again too.
        using (var incomplete = await client.PostFormAsync($"/suivi/{token}", [new("Attended", "Yes")]))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, incomplete.StatusCode);
            Assert.Contains(arabic.Text("checkin.choose"), await incomplete.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        foreach (var _ in new[] { 1, 2 })
        {
            using var answered = await client.PostFormAsync($"/suivi/{token}", [new("Attended", "Yes"), new("Helps", "ABit")]);
            Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
            Assert.Contains(arabic.Text("checkin.thanks.title"), await answered.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // The link served once: it no longer opens the questions, and other answers are not taken.
        using (var again = await client.GetAsync(new Uri($"/suivi/{token}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        }

        using (var other = await client.PostFormAsync($"/suivi/{token}?langue=fr", [new("Attended", "No"), new("Helps", "No")], action: $"/suivi/{token}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        }

        var stored = await InDbAsync(db => db.FollowUps.AsNoTracking().SingleAsync(f => f.ReferralId == referral.Id));
        Assert.Equal((CheckInAnswer.Yes, CheckInAnswer.ABit), (stored.Attended!.Value, stored.Helps!.Value));
        Assert.NotEqual(token, stored.TokenHash);   // only its hash is kept

        // The answers are on the referral's timeline for the office, not for the partner.
        var timeline = (await mediator.GetPageAsync($"/orientations/{referral.Id}")).QuerySelector(".timeline")!.TextContent;
        Assert.Contains("réponse du client : Allé à l'atelier : oui · Cela l'aide pour ses démarches : un peu", timeline, StringComparison.Ordinal);
        using (var staff = await App.SignedInAsync(staffAccount))
        {
            Assert.DoesNotContain("réponse du client", (await staff.GetPageAsync($"/orientations/{referral.Id}")).Body!.TextContent, StringComparison.Ordinal);
        }

        // The mediator marks it done, twice by a double tap: it leaves « Suivis à faire », once.
        var submission = Guid.NewGuid().ToString();
        foreach (var _ in new[] { 1, 2 })
        {
            using var done = await mediator.PostFormAsync($"/orientations/{referral.Id}", [new(Submissions.FieldName, submission)], action: $"/orientations/{referral.Id}?handler=FollowUpDone");
            Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        }

        Assert.DoesNotContain($"Client {reference}", (await mediator.GetPageAsync($"/bureaux/{office.Id}")).QuerySelector("section[aria-labelledby=suivis]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("suivi fait", (await mediator.GetPageAsync($"/orientations/{referral.Id}")).QuerySelector(".timeline")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_without_consent_is_listed_not_invited_and_stop_by_sms_ends_their_sms_in_the_journal()
    {
        var partner = await App.CreatePartnerAsync();
        var office = await App.CreateOfficeAsync();
        var mediatorAccount = await App.CreateMediatorAsync(office);
        var sentAt = Now;
        var silent = await App.CreateReferralAsync(office, partner, mediatorAccount, sentAt: sentAt, phone: NewMobile(), followUp: false);
        var phone = NewMobile();
        var consenting = await App.CreateReferralAsync(office, partner, mediatorAccount, sentAt: sentAt, phone: phone, email: "awa@exemple.fr", followUp: true);

        await RunAtAsync(sentAt.AddDays(50));
        var followUps = await InDbAsync(db => db.FollowUps.AsNoTracking().Where(f => f.ReferralId == silent.Id || f.ReferralId == consenting.Id).ToListAsync());
        var (notInvited, invited) = (followUps.Single(f => f.ReferralId == silent.Id), followUps.Single(f => f.ReferralId == consenting.Id));
        Assert.Null(notInvited.InvitedAt);
        Assert.Equal((true, true), (invited.InvitedBySms, invited.InvitedByEmail));
        var keys = await InDbAsync(db => db.Outbox.Where(m => m.EventKey.StartsWith("follow-up:")).Select(m => new { m.EventKey, m.Channel, m.Recipient }).ToListAsync());
        Assert.DoesNotContain(keys, k => k.EventKey.Contains(notInvited.Id.ToString(), StringComparison.Ordinal));
        Assert.Contains(keys, k => k.EventKey == $"follow-up:{invited.Id}:sms" && k.Channel == OutboxChannel.Sms);
        Assert.Contains(keys, k => k.EventKey == $"follow-up:{invited.Id}:invitation" && k.Channel == OutboxChannel.Email);
        // Sent: the SMS went to the client's number, and the outbox keeps neither their number, address nor first name.
        Assert.Single(await SmsToAsync(phone));
        Assert.All(keys.Where(k => k.EventKey.StartsWith($"follow-up:{invited.Id}:", StringComparison.Ordinal)), k => Assert.StartsWith("effacé:", k.Recipient, StringComparison.Ordinal));
        Assert.False(await InDbAsync(db => db.Outbox.AnyAsync(m => m.EventKey.StartsWith($"follow-up:{invited.Id}:") && m.Body.Contains("Awa"))));

        using var mediator = await App.SignedInAsync(mediatorAccount);
        Assert.Contains("n'a pas donné son accord pour être recontacté", (await mediator.GetPageAsync($"/orientations/{silent.Id}")).Body!.TextContent, StringComparison.Ordinal);

        // The provider's webhook: without the secret, refused; a malformed number, named; « Stop. » stops the SMS, the
        // number written as the provider writes it (33612345678).
        using var provider = App.CreateClient();
        using (var anonymous = await provider.PostAsJsonAsync(new Uri("/api/v1/sms/reponses", UriKind.Relative), new { from = "+33" + phone[1..], text = "STOP" }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
        }

        provider.DefaultRequestHeaders.Add("X-Aiguillage-Secret", AppFactory.SmsInboundSecret);
        using (var malformed = await provider.PostAsJsonAsync(new Uri("/api/v1/sms/reponses", UriKind.Relative), new { from = "pas un numéro", text = "STOP" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
            Assert.Contains("\"from\"", await malformed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var chatter = await provider.PostAsJsonAsync(new Uri("/api/v1/sms/reponses", UriKind.Relative), new { from = "+33" + phone[1..], text = "Merci, je ne veux pas stopper" }))
        {
            Assert.Equal(HttpStatusCode.NoContent, chatter.StatusCode);
        }

        Assert.Null(await InDbAsync(db => db.Clients.Where(c => c.Id == consenting.ClientId).Select(c => c.SmsStoppedAt).SingleAsync()));
        using (var stop = await provider.PostAsJsonAsync(new Uri("/api/v1/sms/reponses", UriKind.Relative), new { from = "33" + phone[1..], text = " Stop. " }))
        {
            Assert.Equal(HttpStatusCode.NoContent, stop.StatusCode);
        }

        var client = await InDbAsync(db => db.Clients.AsNoTracking().Include(c => c.Consents).SingleAsync(c => c.Id == consenting.ClientId));
        Assert.NotNull(client.SmsStoppedAt);
        Assert.Null(client.EmailStoppedAt);   // STOP by SMS is about SMS
        Assert.False(client.Accepts(Domain.Clients.MessageChannel.Sms));
        Assert.True(client.Accepts(Domain.Clients.MessageChannel.Email));
        Assert.Equal(1, await InDbAsync(db => db.AuditEvents.CountAsync(e => e.Action == AuditAction.MessagesStopped && e.Subject == $"client:{client.Id}" && e.Scope == "sms:stop")));
    }

    [Fact]
    public async Task A_diagnostic_filled_after_the_referral_was_sent_is_linked_as_its_re_diagnosis()
    {
        var partner = await App.CreatePartnerAsync();
        var office = await App.CreateOfficeAsync();
        var mediatorAccount = await App.CreateMediatorAsync(office);
        var sentAt = Now;
        var referral = await App.CreateReferralAsync(office, partner, mediatorAccount, sentAt: sentAt, phone: NewMobile());
        var reference = await InDbAsync(db => db.Clients.Where(c => c.Id == referral.ClientId).Select(c => c.Reference).SingleAsync());
        Clock.Advance(TimeSpan.FromDays(25));
        using var mediator = await App.SignedInAsync(mediatorAccount);

        async Task<Guid> KeyAsync(DateOnly filledOn)
        {
            using var keyed = await mediator.PostFormAsync($"/bureaux/{office.Id}/papier/saisie",
            [
                new("SheetNumber", $"{System.Security.Cryptography.RandomNumberGenerator.GetString("ABCDEFGHJKMNPQRSTUVWXYZ23456789", 4)}-{System.Security.Cryptography.RandomNumberGenerator.GetString("ABCDEFGHJKMNPQRSTUVWXYZ23456789", 4)}"),
                new("FilledOn", filledOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), new("ClientReference", reference), new("Needs", "caf"),
                .. new[] { "E1", "E2", "E3", "E4", "K1", "K2", "K3", "K4", "K5", "K6", "K7", "K8", "K9", "C1", "C2" }.Zip(Diagnostics.AssistedDiagnosticTests.Beginner).Select(a => KeyValuePair.Create($"Answers[{a.First}]", a.Second)),
            ]);
            Assert.Equal(HttpStatusCode.Redirect, keyed.StatusCode);
            return Guid.Parse(keyed.Headers.Location!.OriginalString.Split('/')[2]);
        }

        // A sheet filled before the sending is no re-diagnosis; the first one after it is, even keyed after a later one.
        await KeyAsync(DateOnly.FromDateTime(sentAt).AddDays(-1));
        var later = await KeyAsync(DateOnly.FromDateTime(sentAt).AddDays(20));
        await RunAtAsync(Now);
        Assert.Equal(later, await InDbAsync(db => db.Referrals.Where(r => r.Id == referral.Id).Select(r => r.RediagnosisId).SingleAsync()));
        var first = await KeyAsync(DateOnly.FromDateTime(sentAt).AddDays(10));
        await RunAtAsync(Now.AddHours(1));
        Assert.Equal(first, await InDbAsync(db => db.Referrals.Where(r => r.Id == referral.Id).Select(r => r.RediagnosisId).SingleAsync()));

        // An hour later: the session of the morning has timed out; the mediator signs in again.
        using var again = await App.SignedInAsync(mediatorAccount);
        var page = await again.GetPageAsync($"/orientations/{referral.Id}");
        Assert.NotNull(page.QuerySelector($"a[href='/diagnostics/{first}/resultat']"));
        Assert.Contains("nouveau diagnostic du client", page.QuerySelector(".timeline")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_runs_at_once_make_one_follow_up_and_one_sms()
    {
        var partner = await App.CreatePartnerAsync();
        var office = await App.CreateOfficeAsync();
        var mediatorAccount = await App.CreateMediatorAsync(office);
        var referral = await App.CreateReferralAsync(office, partner, mediatorAccount, sentAt: Now, phone: NewMobile(), followUp: true);
        Clock.Advance(TimeSpan.FromDays(45));

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => RunAtAsync(Now))));
        var ids = await InDbAsync(db => db.FollowUps.Where(f => f.ReferralId == referral.Id).Select(f => f.Id).ToListAsync());
        Assert.Single(ids);
        Assert.Equal(1, await InDbAsync(db => db.Outbox.CountAsync(m => m.EventKey == $"follow-up:{ids[0]}:sms")));
    }
}

public sealed class FollowUpTests_Sqlite(FollowUpSqliteApp app) : FollowUpTests(app), IClassFixture<FollowUpSqliteApp>;

public sealed class FollowUpTests_PostgreSql(FollowUpPostgresApp app) : FollowUpTests(app), IClassFixture<FollowUpPostgresApp>;
