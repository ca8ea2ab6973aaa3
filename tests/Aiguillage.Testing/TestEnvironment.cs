namespace Aiguillage.Testing;

/// <summary>
/// What the machine offers the tests. PostgreSQL tests need <c>AIGUILLAGE_TEST_POSTGRES</c> (a connection string of
/// a role allowed to create databases); browser tests need Chromium at <c>CHROMIUM_PATH</c> or /usr/bin/chromium.
/// When <c>AIGUILLAGE_TEST_REQUIRE_ALL=1</c> (CI), a missing one fails the test instead of skipping it.
/// </summary>
public static class TestEnvironment
{
    public static string? PostgresConnectionString => Environment.GetEnvironmentVariable("AIGUILLAGE_TEST_POSTGRES") is { Length: > 0 } cs ? cs : null;

    public static string? ChromiumPath =>
        Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path && File.Exists(path) ? path
        : File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium"
        : null;

    public static bool RequireAll => Environment.GetEnvironmentVariable("AIGUILLAGE_TEST_REQUIRE_ALL") == "1";

    public const string NoPostgres = "PostgreSQL absent : définissez AIGUILLAGE_TEST_POSTGRES (chaîne de connexion d'un rôle qui peut créer des bases) pour lancer ce test.";

    public const string NoChromium = "Chromium absent : installez le paquet chromium ou définissez CHROMIUM_PATH pour lancer ce test.";

    /// <summary>The reason to skip, or null when the test can run. Throws when CI requires everything.</summary>
    public static string? SkipReason(bool available, string reason)
    {
        if (available)
        {
            return null;
        }

        if (RequireAll)
        {
            throw new InvalidOperationException("AIGUILLAGE_TEST_REQUIRE_ALL=1 mais : " + reason);
        }

        return reason;
    }
}
