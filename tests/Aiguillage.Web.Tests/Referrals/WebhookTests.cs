using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aiguillage.Testing;
using Aiguillage.Web.Features.Referrals.Webhooks;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Notifications;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Aiguillage.Web.Tests.Referrals;

/// <summary>The app with a clock the test moves (the outbox's backoff) and plain HTTP allowed for the local receiver.</summary>
public abstract class WebhookApp(DatabaseProvider provider) : AppFactory(provider)
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Mail:Runner", "false");
        builder.UseSetting("Webhooks:AllowHttp", "true");
        builder.UseSetting("Webhooks:TimeoutSeconds", "1");
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
    }
}

public sealed class WebhookSqliteApp() : WebhookApp(DatabaseProvider.Sqlite);

public sealed class WebhookPostgresApp() : WebhookApp(DatabaseProvider.PostgreSql);

/// <summary>
/// Issue 21 §4 with a real receiver on the loopback: a partner sets its address and gets its secret once; a new
/// referral and a change are posted, signed (HMAC-SHA256 of « t.body »), the first refusal retried after the outbox's
/// backoff with the same delivery id, and the delivery log shows each attempt's answer.
/// </summary>
public abstract class WebhookTests(WebhookApp app) : EngineTests(app)
{
    private FakeTimeProvider Clock => ((WebhookApp)App).Clock;

    /// <summary>A local HTTP server that answers the queued status codes (then 200) and keeps what it was sent.</summary>
    private sealed class Receiver : IAsyncDisposable
    {
        private readonly WebApplication _app;

        public ConcurrentQueue<HttpStatusCode> Answers { get; } = new();

        /// <summary>When set, the receiver answers only once it is released (a partner's server that hangs).</summary>
        public TaskCompletionSource? Hang { get; set; }

        public ConcurrentQueue<(Dictionary<string, string> Headers, string Body)> Received { get; } = new();

        private Receiver(WebApplication app) => _app = app;

        public string Url => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/aiguillage";

        public static async Task<Receiver> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var receiver = new Receiver(app);
            app.MapPost("/aiguillage", async (HttpContext context) =>
            {
                using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
                receiver.Received.Enqueue((context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), await reader.ReadToEndAsync()));
                if (receiver.Hang is { } hang)
                {
                    await hang.Task.WaitAsync(TimeSpan.FromMinutes(1));
                }

                context.Response.StatusCode = (int)(receiver.Answers.TryDequeue(out var code) ? code : HttpStatusCode.OK);
            });
            await app.StartAsync();
            return receiver;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }

    private async Task<int> DispatchAsync()
    {
        using var scope = App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchAsync(100, CancellationToken.None);
    }

    [Fact]
    public async Task A_new_referral_and_a_change_are_posted_signed_retried_and_logged()
    {
        await using var receiver = await Receiver.StartAsync();
        var office = await App.CreateOfficeAsync();
        var partner = await App.CreatePartnerAsync();
        var (placeId, _) = await App.CreatePlaceWithSessionAsync(partner);
        var mediatorAccount = await App.CreateMediatorAsync(office);
        using var staff = await App.SignedInAsync(await App.CreatePartnerStaffAsync(partner));

        // The address, refused when it is not one, then set; the secret shown once.
        using (var refused = await staff.PostFormAsync("/partenaire/webhook", [new("Address", "ftp://exemple.fr/x")]))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Contains("adresse HTTPS", (await HttpHelpers.ParseAsync(refused)).QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        }

        using (var set = await staff.PostFormAsync("/partenaire/webhook", [new("Address", receiver.Url)]))
        {
            Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        }

        var secret = (await staff.GetPageAsync("/partenaire/webhook")).QuerySelector("code.api-key")!.TextContent;
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Null((await staff.GetPageAsync("/partenaire/webhook")).QuerySelector("code.api-key"));

        // A new referral, sent by the office through the API.
        using var mediator = await App.SignedInAsync(mediatorAccount);
        var diagnostic = Diagnostics.DiagnosticsApiTests.Submission(office);
        using (var stored = await mediator.PostAsync(new Uri("/api/v1/diagnostics", UriKind.Relative), new StringContent(diagnostic.ToJsonString(), Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
        }

        var referralId = Guid.NewGuid();
        using (var sent = await mediator.PostAsJsonAsync("/api/v1/referrals", new { id = referralId, diagnosticId = diagnostic["id"]!.GetValue<string>(), placeId, consent = true, firstName = "Awa", phone = "0612345678" }))
        {
            Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        }

        // First try refused (503): logged, retried after the backoff with the same delivery id, then received.
        receiver.Answers.Enqueue(HttpStatusCode.ServiceUnavailable);
        await DispatchAsync();
        Assert.Single(receiver.Received);
        Assert.Equal(0, await DispatchAsync());   // not before the backoff
        Clock.Advance(TimeSpan.FromMinutes(3));
        await DispatchAsync();
        var posts = receiver.Received.ToList();
        Assert.Equal(2, posts.Count);
        Assert.Equal(posts[0].Headers["X-Aiguillage-Delivery"], posts[1].Headers["X-Aiguillage-Delivery"]);
        Assert.Equal("referral.sent", posts[1].Headers["X-Aiguillage-Event"]);
        using (var body = JsonDocument.Parse(posts[1].Body))
        {
            Assert.Equal(referralId, body.RootElement.GetProperty("referralId").GetGuid());
            Assert.Equal("Sent", body.RootElement.GetProperty("status").GetString());
            Assert.DoesNotContain("Awa", posts[1].Body, StringComparison.Ordinal);   // no contact detail in a post
        }

        // The signature, as the receiver checks it: the time it says, and the HMAC of « t.body » with the secret.
        var signature = posts[1].Headers["X-Aiguillage-Signature"];
        var time = long.Parse(signature.Split(',')[0]["t=".Length..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(Clock.GetUtcNow().ToUnixTimeSeconds() - time, 0, 300);
        Assert.Equal(ReferralWebhooks.Signature(secret, time, posts[1].Body), signature);
        Assert.NotEqual(ReferralWebhooks.Signature("whsec_autre", time, posts[1].Body), signature);

        // A change by the partner: posted too.
        using (var moved = await staff.PostAsJsonAsync($"/api/v1/referrals/{referralId}/actions", new { action = "Contacted" }))
        {
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        }

        await DispatchAsync();
        var change = receiver.Received.Last();
        Assert.Equal("referral.changed", change.Headers["X-Aiguillage-Event"]);
        using (var body = JsonDocument.Parse(change.Body))
        {
            Assert.Equal(("Contacted", "Sent"), (body.RootElement.GetProperty("status").GetString(), body.RootElement.GetProperty("previousStatus").GetString()));
        }

        // The delivery log: three attempts, the refusal among them.
        var log = (await staff.GetPageAsync("/partenaire/webhook")).QuerySelectorAll("tbody tr").Select(r => HttpHelpers.Words(r.TextContent)).ToList();
        Assert.Equal(3, log.Count);
        Assert.Contains(log, r => r.Contains("503 : refusé", StringComparison.Ordinal));
        Assert.Equal(2, log.Count(r => r.Contains("200 : reçu", StringComparison.Ordinal)));

        // Removed: nothing more is posted.
        using (var removed = await staff.PostFormAsync("/partenaire/webhook", [], action: "/partenaire/webhook?handler=Remove"))
        {
            Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        }

        using (var declined = await staff.PostAsJsonAsync($"/api/v1/referrals/{referralId}/actions", new { action = "Decline", reason = "Unreachable" }))
        {
            Assert.Equal(HttpStatusCode.OK, declined.StatusCode);
        }

        await DispatchAsync();
        Assert.Equal(3, receiver.Received.Count);

        // Every change of the address and the secret is in the journal.
        using (var scope = App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.True(await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.AuditEvents, e => e.Action == Domain.Audit.AuditAction.WebhookChanged && e.Subject == $"webhook:{partner.Id}") >= 2);
        }
    }

    /// <summary>A partner's server that never answers, or an address inside the hosting network: failed attempts, logged, never a stopped runner.</summary>
    [Fact]
    public async Task A_hanging_server_and_an_internal_address_are_failed_attempts_and_the_dispatcher_goes_on()
    {
        await using var receiver = await Receiver.StartAsync();
        var office = await App.CreateOfficeAsync();
        var mediator = await App.CreateMediatorAsync(office);
        var hanging = await App.CreatePartnerAsync();
        var internalOne = await App.CreatePartnerAsync();
        using var hangingStaff = await App.SignedInAsync(await App.CreatePartnerStaffAsync(hanging));
        using var internalStaff = await App.SignedInAsync(await App.CreatePartnerStaffAsync(internalOne));
        (await hangingStaff.PostFormAsync("/partenaire/webhook", [new("Address", receiver.Url)])).Dispose();
        (await internalStaff.PostFormAsync("/partenaire/webhook", [new("Address", "https://10.1.2.3/aiguillage")])).Dispose();
        var first = await App.CreateReferralAsync(office, hanging, mediator);
        var second = await App.CreateReferralAsync(office, internalOne, mediator);
        foreach (var (client, referral) in new[] { (hangingStaff, first), (internalStaff, second) })
        {
            using var moved = await client.PostAsJsonAsync($"/api/v1/referrals/{referral.Id}/actions", new { action = "Contacted" });
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        }

        receiver.Hang = new TaskCompletionSource();
        try
        {
            await DispatchAsync();   // both posts fail (the mediators' e-mails go); the call returns, nothing thrown
        }
        finally
        {
            receiver.Hang.TrySetResult();
        }

        var hangLog = (await hangingStaff.GetPageAsync("/partenaire/webhook")).QuerySelector("tbody")!.TextContent;
        Assert.Contains("délai dépassé", hangLog, StringComparison.Ordinal);
        var internalLog = (await internalStaff.GetPageAsync("/partenaire/webhook")).QuerySelector("tbody")!.TextContent;
        Assert.Contains("adresse refusée : un réseau interne n'est pas joignable", internalLog, StringComparison.Ordinal);
        Assert.DoesNotContain("10.1.2.3:443", internalLog, StringComparison.Ordinal);
    }
}

public sealed class WebhookTests_Sqlite(WebhookSqliteApp app) : WebhookTests(app), IClassFixture<WebhookSqliteApp>;

public sealed class WebhookTests_PostgreSql(WebhookPostgresApp app) : WebhookTests(app), IClassFixture<WebhookPostgresApp>;
