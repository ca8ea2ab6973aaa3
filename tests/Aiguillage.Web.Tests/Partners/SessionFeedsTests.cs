using System.Net;
using System.Text.Json;
using Aiguillage.Testing;
using Aiguillage.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aiguillage.Web.Tests.Partners;

/// <summary>
/// Issue 21 §3 over HTTP, with no account: the JSON feed of sessions near a commune with their free seats (a cancelled
/// one kept, marked), the iCalendar of a place and of a partner (RFC 5545, read back with Ical.Net), and the embeddable
/// widget that any site may frame; bad input is a 400 naming its field, an unknown place or partner a 404.
/// </summary>
public abstract class SessionFeedsTests(AppFactory app) : EngineTests(app)
{
    private async Task<(string PlaceId, int PartnerId, Guid Open, Guid Cancelled)> ArrangeAsync()
    {
        var partner = await App.CreatePartnerAsync();
        var (placeId, workshop) = await App.CreatePlaceWithSessionAsync(partner, "Débuter avec internet");
        var cancelled = await App.CreateSessionAsync(workshop, placeId, 6);
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var session = await db.WorkshopSessions.SingleAsync(s => s.Id == cancelled);
        session.Cancel(DateTime.UtcNow);
        await db.SaveChangesAsync();
        var open = await db.WorkshopSessions.Where(s => s.PlaceId == placeId && s.Id != cancelled).Select(s => s.Id).SingleAsync();
        return (placeId, partner.Id, open, cancelled);
    }

    [Fact]
    public async Task The_json_feed_lists_sessions_near_a_commune_with_free_seats_and_keeps_a_cancelled_one()
    {
        var (placeId, _, open, cancelled) = await ArrangeAsync();
        using var visitor = App.Browser();
        using var response = await visitor.GetAsync(new Uri("/api/v1/sessions?insee=42218&radiusKm=20", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Saint-Étienne", json.RootElement.GetProperty("origin").GetString());
        var mine = json.RootElement.GetProperty("sessions").EnumerateArray().Where(s => s.GetProperty("venue").GetProperty("id").GetString() == placeId).ToList();
        Assert.Equal(2, mine.Count);
        var first = mine.Single(s => s.GetProperty("id").GetGuid() == open);
        Assert.Equal((8, 8, false), (first.GetProperty("seats").GetInt32(), first.GetProperty("seatsLeft").GetInt32(), first.GetProperty("cancelled").GetBoolean()));
        Assert.Equal("Débuter avec internet", first.GetProperty("title").GetString());
        Assert.Equal("Gratuit", first.GetProperty("fee").GetString());
        Assert.Equal("Aide aux démarches administratives", first.GetProperty("services")[0].GetString());
        Assert.True(first.GetProperty("distanceKm").GetDouble() < 20);
        var gone = mine.Single(s => s.GetProperty("id").GetGuid() == cancelled);
        Assert.Equal((true, 0), (gone.GetProperty("cancelled").GetBoolean(), gone.GetProperty("seatsLeft").GetInt32()));

        // Only public fields: nothing about who is enrolled.
        Assert.All(first.EnumerateObject(), p => Assert.DoesNotContain("taken", p.Name, StringComparison.OrdinalIgnoreCase));

        // A service filter: another service, none of ours.
        using var other = await visitor.GetAsync(new Uri("/api/v1/sessions?insee=42218&services=Loisirs%20et%20cr%C3%A9ations%20num%C3%A9riques", UriKind.Relative));
        using var otherJson = JsonDocument.Parse(await other.Content.ReadAsStringAsync());
        Assert.DoesNotContain(otherJson.RootElement.GetProperty("sessions").EnumerateArray(), s => s.GetProperty("venue").GetProperty("id").GetString() == placeId);
    }

    [Theory]
    [InlineData("/api/v1/sessions", "insee")]
    [InlineData("/api/v1/sessions?insee=00000", "insee")]
    [InlineData("/api/v1/sessions?insee=42218&radiusKm=999", "radiusKm")]
    [InlineData("/api/v1/sessions?insee=42218&services=Jardinage", "services")]
    [InlineData("/api/v1/sessions?insee=42218&radiusKm=abc", "radiusKm")]
    [InlineData("/api/v1/sessions?partner=abc", "partner")]
    [InlineData("/api/v1/sessions?insee=%3Cscript%3E", "insee")]
    public async Task Bad_input_to_the_feed_is_a_400_naming_its_field(string url, string field)
    {
        using var visitor = App.Browser();
        using var response = await visitor.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(json.RootElement.GetProperty("errors").TryGetProperty(field, out _), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_calendars_of_a_place_and_of_a_partner_are_rfc_5545_with_the_cancelled_session_marked()
    {
        var (placeId, partnerId, open, cancelled) = await ArrangeAsync();
        using var visitor = App.Browser();
        foreach (var url in new[] { $"/api/v1/places/{placeId}/seances.ics", $"/api/v1/partners/{partnerId}/seances.ics" })
        {
            using var response = await visitor.GetAsync(new Uri(url, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
            var text = await response.Content.ReadAsStringAsync();
            var calendar = Ical.Net.Calendar.Load(text)!;
            Assert.Equal(2, calendar.Events.Count);
            var first = calendar.Events.Single(e => e.Uid == $"{open}@aiguillage");
            Assert.Equal("Débuter avec internet", first.Summary);
            Assert.Equal("CONFIRMED", first.Status);
            Assert.Contains("8 places libres", first.Description, StringComparison.Ordinal);
            Assert.Contains("Saint-Étienne", first.Location, StringComparison.Ordinal);
            Assert.True(first.DtStart!.IsUtc);
            var gone = calendar.Events.Single(e => e.Uid == $"{cancelled}@aiguillage");
            Assert.Equal("CANCELLED", gone.Status);
            Assert.StartsWith("Annulé : ", gone.Summary, StringComparison.Ordinal);
        }

        using var unknownPlace = await visitor.GetAsync(new Uri("/api/v1/places/lieu-inconnu/seances.ics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, unknownPlace.StatusCode);
        using var unknownPartner = await visitor.GetAsync(new Uri("/api/v1/partners/987654/seances.ics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, unknownPartner.StatusCode);
    }

    [Fact]
    public async Task The_widget_any_site_may_frame_shows_the_sessions_in_words_with_no_script_and_no_cookie()
    {
        var (placeId, _, _, _) = await ArrangeAsync();
        using var visitor = App.Browser();
        using var response = await visitor.GetAsync(new Uri($"/integrer/seances?lieu={placeId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("frame-ancestors *", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("X-Frame-Options"));
        Assert.False(response.Headers.Contains("Set-Cookie"));
        var page = await HttpHelpers.ParseAsync(response);
        Assert.Empty(page.QuerySelectorAll("script"));
        Assert.Empty(page.QuerySelectorAll("form"));
        var items = page.QuerySelectorAll(".widget-sessions > li").Select(li => HttpHelpers.Words(li.TextContent)).ToList();
        Assert.Equal(2, items.Count);
        Assert.Contains(items, i => i.Contains("8 places libres", StringComparison.Ordinal));
        Assert.Contains(items, i => i.Contains("Annulée : Débuter avec internet", StringComparison.Ordinal) && i.Contains("Séance annulée", StringComparison.Ordinal));
        Assert.Equal($"/api/v1/places/{placeId}/seances.ics", page.QuerySelector("a[href$='.ics']")!.GetAttribute("href"));

        // Near a commune, too; a bad radius is a 400 naming it, an unknown place a 404.
        using var near = await visitor.GetAsync(new Uri("/integrer/seances?insee=42218&rayon=15", UriKind.Relative));
        Assert.Contains("près de Saint-Étienne", (await HttpHelpers.ParseAsync(near)).QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        using var badRadius = await visitor.GetAsync(new Uri("/integrer/seances?insee=42218&rayon=abc", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, badRadius.StatusCode);
        Assert.Contains("Rayon en km", (await HttpHelpers.ParseAsync(badRadius)).QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        using var unknown = await visitor.GetAsync(new Uri("/integrer/seances?lieu=lieu-inconnu", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        // Every other page still refuses to be framed.
        using var other = await visitor.GetAsync(new Uri("/donnees-ouvertes", UriKind.Relative));
        Assert.Equal("DENY", other.Headers.GetValues("X-Frame-Options").Single());
    }
}

public sealed class SessionFeedsTests_Sqlite(SqliteApp app) : SessionFeedsTests(app), IClassFixture<SqliteApp>;

public sealed class SessionFeedsTests_PostgreSql(PostgresApp app) : SessionFeedsTests(app), IClassFixture<PostgresApp>;
