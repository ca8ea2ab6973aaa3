using Aiguillage.Testing;

namespace Aiguillage.Web.Tests;

/// <summary>
/// Base of the HTTP tests that run on both engines: each concrete class (…_Sqlite, …_PostgreSql) gets its own
/// fresh database. PostgreSQL tests are skipped, with the reason shown, when no server is configured.
/// </summary>
public abstract class EngineTests(AppFactory app)
{
    protected AppFactory App
    {
        get
        {
            Assert.SkipWhen(app.SkipReason is not null, app.SkipReason ?? string.Empty);
            return app;
        }
    }
}
