using System.Text.Encodings.Web;
using Npgsql;

namespace Aiguillage.Web.Platform.Data;

/// <summary>
/// The database cannot be reached or cannot take writes right now: the primary died and no standby is promoted yet,
/// the only server left is a standby, or the synchronous standby did not confirm a write (issue 22). Every request that
/// meets it answers at once 503 with <c>Retry-After</c> — problem+json on the API, a French page elsewhere — instead of
/// a 500 or a wait: once a standby is promoted, Npgsql's multi-host connection finds it and the next request is served.
/// </summary>
public static class DatabaseUnavailable
{
    /// <summary>How long a request waits for its write to commit (<c>Database:CommitWaitSeconds</c>) before answering 503.</summary>
    public const double DefaultCommitWaitSeconds = 35;

    public const int RetryAfterSeconds = 5;

    public const string Code = "database.unavailable";

    /// <summary>True when <paramref name="exception"/> (or what it wraps) says the database is away, not that the request is wrong.</summary>
    public static bool Is(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SynchronousReplicationNotConfirmedException or CommitTimedOutException:
                    return true;
                // 25006: a write reached a server that is (now) a standby; 57P0x: the server is shutting down or
                // starting; class 08: the connection failed; Npgsql calls these transient.
                case PostgresException postgres when postgres.SqlState is PostgresErrorCodes.ReadOnlySqlTransaction || postgres.IsTransient:
                    return true;
                case PostgresException:
                    return false;
                // Not an error of the server's: the connection could not be made or was lost (« No suitable host was
                // found » while no server is primary, a timeout, a reset): the database is away.
                case NpgsqlException:
                    return true;
            }
        }

        return false;
    }

    private static long _lastLogTicks;

    private static long _lastClearTicks;

    /// <summary>
    /// Answers the request with 503 when the database is away. A lost primary leaves dead connections idle in the pool:
    /// they are dropped (at most once a second) so that the requests after this one open fresh connections, which
    /// find the promoted standby, instead of each failing once on a dead one.
    /// </summary>
    public static IApplicationBuilder UseDatabaseUnavailable(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (Is(e) && !context.Response.HasStarted)
        {
            var now = Environment.TickCount64;
            var last = Interlocked.Read(ref _lastClearTicks);
            if (now - last > 1000 && Interlocked.CompareExchange(ref _lastClearTicks, now, last) == last)
            {
                NpgsqlConnection.ClearAllPools();
            }

            last = Interlocked.Read(ref _lastLogTicks);
            if (now - last > 5000 && Interlocked.CompareExchange(ref _lastLogTicks, now, last) == last)
            {
                // Once every few seconds: an outage answers thousands of requests, the log needs to say it once.
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseUnavailable).FullName!)
                    .LogWarning(e, "The database is unavailable: answering 503 (Retry-After {Seconds} s)", RetryAfterSeconds);
            }

            await WriteAsync(context);
        }
    });

    public static async Task WriteAsync(HttpContext context)
    {
        context.Response.Clear();
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers.CacheControl = "no-store";
        if (PlatformSetup.IsApi(context.Request))
        {
            await Results.Problem(
                title: "Service momentanément indisponible",
                detail: "La base de données ne répond pas pour l'instant. Réessayez dans quelques secondes avec le même contenu : ce qui était déjà enregistré ne le sera pas deux fois.",
                statusCode: StatusCodes.Status503ServiceUnavailable,
                extensions: new Dictionary<string, object?> { ["code"] = Code }).ExecuteAsync(context);
            return;
        }

        // A page of its own, with nothing that reads the database (no layout, no session): it must show while the
        // database is away.
        var again = context.Request.PathBase + context.Request.Path + (HttpMethods.IsGet(context.Request.Method) ? context.Request.QueryString.ToString() : string.Empty);
        if (!again.StartsWith('/') || again.StartsWith("//", StringComparison.Ordinal) || again.StartsWith("/\\", StringComparison.Ordinal)
            || again.Any(char.IsControl))
        {
            // « //ailleurs.example » would be another site's address: only a path of this one. Browsers drop tabs and
            // line breaks from an address, so « /\t/ailleurs.example » would become one too.
            again = "/";
        }

        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(Page(again));
    }

    /// <summary>
    /// The French page: plain words and what to do next (UI.md), the typography FrenchTypography would give, the
    /// site's style sheet (a static file). <paramref name="again"/> is the address « Réessayer » opens, encoded here.
    /// </summary>
    public static string Page(string again) => $$"""
        <!DOCTYPE html>
        <html lang="fr">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Service momentanément indisponible – Aiguillage</title>
        <link rel="stylesheet" href="/css/site.css">
        </head>
        <body>
        <main id="contenu" class="container">
        <h1>Service momentanément indisponible</h1>
        <p>Le serveur ne peut pas enregistrer ni lire les données en ce moment. Patientez quelques secondes, puis réessayez.</p>
        <p>Ce que vous veniez d’envoyer n’a peut-être pas été enregistré&#x202F;: envoyez-le de nouveau, il ne sera pas enregistré deux fois.</p>
        <p><a href="{{HtmlEncoder.Default.Encode(again)}}">Réessayer</a></p>
        </main>
        </body>
        </html>
        """;
}

/// <summary>
/// The primary committed a write but its synchronous standby did not confirm it before the wait was cancelled (the
/// command timeout, or the request given up): PostgreSQL then keeps the write on the primary alone and says so only in
/// a warning. Acknowledging it would break the promise that an acknowledged write survives the primary's loss, so
/// the request fails instead (503); a replay of the same id finds it if the primary lives on.
/// </summary>
public sealed class SynchronousReplicationNotConfirmedException()
    : Exception("The synchronous standby did not confirm the commit: the write is on the primary only and is not acknowledged.");

/// <summary>
/// A request waited longer than its bound for its write to commit (a standby away makes each commit wait the full
/// statement timeout, and writes queue behind each other). The write may still commit: the client sends it again with
/// the same id, and the replay finds it or makes it (hostile review of issue 22: requests waited up to a minute).
/// </summary>
public sealed class CommitTimedOutException() : Exception("The write was not committed within its bound; it may still be.");
