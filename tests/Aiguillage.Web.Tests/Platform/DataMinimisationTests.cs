using System.Text.RegularExpressions;
using Aiguillage.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Tests.Platform;

/// <summary>
/// Data minimisation (issue 9 §9): every persisted property is listed, by entity, in persisted-properties.txt, and
/// those holding personal data are marked « personal » with what they are for. A property added to an entity without
/// being reviewed there fails this test; so does a name that suggests data the programme must never hold (health,
/// origin, religion, social-security number).
/// </summary>
public sealed partial class DataMinimisationTests
{
    private static IReadOnlyList<string> ModelProperties()
    {
        using var db = new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite("Data Source=:memory:").Options);
        return [.. db.Model.GetEntityTypes().Where(e => !e.IsOwned() || e.GetTableName() is not null)
            .SelectMany(e => e.GetProperties().Select(p => $"{e.GetTableName() ?? e.ShortName()}.{p.Name}")).Distinct().Order(StringComparer.Ordinal)];
    }

    private static Dictionary<string, string> Allowlist() =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Platform", "persisted-properties.txt"))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(' ', 2, StringSplitOptions.TrimEntries))
            .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : string.Empty, StringComparer.Ordinal);

    [Fact]
    public void Every_persisted_property_is_reviewed_in_the_allowlist()
    {
        var model = ModelProperties();
        var allowed = Allowlist();
        var unreviewed = model.Where(p => !allowed.ContainsKey(p)).ToList();
        Assert.True(unreviewed.Count == 0,
            "Persisted properties not reviewed for personal data; add each to tests/Aiguillage.Web.Tests/Platform/persisted-properties.txt " +
            "(« personal: what for » when it holds personal data):\n" + string.Join('\n', unreviewed));
        var stale = allowed.Keys.Where(k => !model.Contains(k)).ToList();
        Assert.True(stale.Count == 0, "Listed but no longer persisted (remove them):\n" + string.Join('\n', stale));
    }

    [Fact]
    public void No_property_holds_data_the_programme_must_never_hold()
    {
        var forbidden = ModelProperties().Where(p => Forbidden().IsMatch(p)).ToList();
        Assert.True(forbidden.Count == 0, "Special-category or identifying data the programme must not hold:\n" + string.Join('\n', forbidden));
    }

    [Theory]
    [InlineData("Clients.Religion")]
    [InlineData("Clients.NIR")]
    [InlineData("Clients.Nationalite")]
    [InlineData("Diagnostics.HealthCondition")]
    [InlineData("Clients.SecuriteSociale")]
    public void The_guard_recognises_what_must_never_be_held(string property) => Assert.Matches(Forbidden(), property);

    [Fact]
    public void Personal_data_is_limited_to_the_contact_details_clients_consent_to_and_staff_identities()
    {
        var personal = Allowlist().Where(p => p.Value.StartsWith("personal", StringComparison.Ordinal)).Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
        [
            "AspNetUsers.DisplayName", "AspNetUsers.Email", "AspNetUsers.NormalizedEmail", "AspNetUsers.NormalizedUserName", "AspNetUsers.PhoneNumber", "AspNetUsers.UserName",
            // The language a client chose on the tablet (issue 17), kept 30 days with the visit (ClientVisitPurge).
            "ClientVisits.Language",
            "Clients.Email", "Clients.FirstName", "Clients.Phone",
            // The client's own check-in answers and the language it spoke, on the office's follow-up (issue 20 §1).
            "FollowUps.Attended", "FollowUps.Helps", "FollowUps.Language",
            "Outbox.Recipient",
            // The details shared with one partner for one referral, under that referral's own consent (issue 16 §4).
            "Referrals.ContactEmail", "Referrals.ContactFirstName", "Referrals.ContactPhone",
            // A typed e-mail address, hashed (pseudonymised, not anonymous), for a day: sign-in throttling (issue 16 §13).
            "SignInThrottles.Key",
        ], personal);
    }

    [GeneratedRegex(@"(sant[ée]|health|handicap|disability|religi|(?<![a-z])origin(e)?(?![a-z])|ethni|nationalit|(?<![a-z])nir(?![a-z])|secu(rite)?[-_ ]?sociale|social[-_ ]?security|(?<![a-z])ssn(?![a-z])|sexual|sexuel)", RegexOptions.IgnoreCase)]
    private static partial Regex Forbidden();
}
