using System.Net;
using System.Text.Json;
using Aiguillage.Web.Features.Clients;
using Aiguillage.Web.Platform.Notifications;

namespace Aiguillage.Web.Tests.Platform;

/// <summary>
/// Issue 20 §1: the SMS provider is a true boundary, so its HTTP side is replaced here by a handler that records the
/// request and answers as told; the file drop is real. What the provider receives is checked against its documented
/// shape (Brevo's transactional SMS API).
/// </summary>
public sealed class SmsSenderTests
{
    private sealed class RecordingHandler(HttpStatusCode answer) : HttpMessageHandler
    {
        public List<(HttpRequestMessage Request, string Body)> Received { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Received.Add((request, await request.Content!.ReadAsStringAsync(cancellationToken)));
            return new HttpResponseMessage(answer) { Content = new StringContent("{\"message\":\"refusé\"}") };
        }
    }

    private static OutboxMessage Sms(string text) => new()
    {
        Id = Guid.NewGuid(), Channel = OutboxChannel.Sms, EventKey = "follow-up:x:sms", Recipient = "+33612345678", Subject = "SMS", Body = text,
        CreatedAt = new DateTime(2026, 4, 13, 7, 0, 0, DateTimeKind.Utc), EraseAfterSending = true,
    };

    private static readonly SmsOptions Options = new() { Provider = new() { ApiKey = "clé-de-test", Url = "https://sms.example/v3/transactionalSMS/sms" } };

    [Fact]
    public async Task The_provider_gets_one_post_with_its_key_the_number_without_plus_and_unicode_for_arabic()
    {
        var handler = new RecordingHandler(HttpStatusCode.Created);
        var sender = new HttpSmsSender(new HttpClient(handler), Options);
        var message = Sms("مرحباً Awa https://aiguillage.test/suivi/abc STOP");
        await sender.SendAsync(message, CancellationToken.None);

        var (request, body) = Assert.Single(handler.Received);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://sms.example/v3/transactionalSMS/sms", request.RequestUri!.ToString());
        Assert.Equal("clé-de-test", Assert.Single(request.Headers.GetValues("api-key")));
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.Equal("33612345678", root.GetProperty("recipient").GetString());
        Assert.Equal("LaPoste", root.GetProperty("sender").GetString());
        Assert.Equal(message.Body, root.GetProperty("content").GetString());
        Assert.Equal("transactional", root.GetProperty("type").GetString());
        Assert.Equal(message.Id.ToString("N"), root.GetProperty("tag").GetString());
        Assert.True(root.GetProperty("unicodeEnabled").GetBoolean());
    }

    [Fact]
    public async Task French_in_the_gsm_alphabet_goes_as_plain_text_and_a_letter_outside_it_as_unicode()
    {
        var handler = new RecordingHandler(HttpStatusCode.Created);
        var sender = new HttpSmsSender(new HttpClient(handler), Options);
        await sender.SendAsync(Sms("Bonjour Awa, le bureau de poste aimerait savoir si l'atelier vous a aidé. Répondez STOP."), CancellationToken.None);
        await sender.SendAsync(Sms("Bonjour Awa, à bientôt"), CancellationToken.None);   // « ô » is not in GSM 03.38
        var unicode = handler.Received.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("unicodeEnabled").GetBoolean()).ToList();
        Assert.Equal([false, true], unicode);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task An_answer_other_than_2xx_throws_so_that_the_outbox_tries_again(HttpStatusCode answer)
    {
        var sender = new HttpSmsSender(new HttpClient(new RecordingHandler(answer)), Options);
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => sender.SendAsync(Sms("Bonjour Awa"), CancellationToken.None));
        Assert.Contains(((int)answer).ToString(System.Globalization.CultureInfo.InvariantCulture), refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_provider_each_sms_is_one_file_and_a_resend_rewrites_the_same_file()
    {
        var folder = Path.Combine(Path.GetTempPath(), "aiguillage-tests", "sms-" + Guid.NewGuid().ToString("N"));
        var sender = new FileSmsSender(new SmsOptions(), folder);
        var message = Sms("Bonjour Awa");
        await sender.SendAsync(message, CancellationToken.None);
        await sender.SendAsync(message, CancellationToken.None);
        var file = Assert.Single(Directory.GetFiles(folder));
        using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(file));
        Assert.Equal(("+33612345678", "Bonjour Awa"), (json.RootElement.GetProperty("to").GetString(), json.RootElement.GetProperty("text").GetString()));
    }

    [Theory]
    [InlineData("STOP", true)]
    [InlineData(" stop. ", true)]
    [InlineData("Stop !", true)]
    [InlineData("STOP SMS", true)]
    [InlineData("Arrêt", true)]
    [InlineData("arret", true)]
    [InlineData("Merci, je ne veux pas stopper", false)]
    [InlineData("STOPPER", false)]
    [InlineData("", false)]
    public void Only_a_stop_word_stops(string text, bool stops) => Assert.Equal(stops, SmsReplies.IsStop(text));
}
