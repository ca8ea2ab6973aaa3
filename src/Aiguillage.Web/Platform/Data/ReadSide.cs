using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace Aiguillage.Web.Platform.Data;

/// <summary>
/// The optional read-only connection (<c>ConnectionStrings:AiguillageReadOnly</c>, issue 22): Npgsql's
/// <c>Target Session Attributes=prefer-standby</c> over the same hosts, so that the heavy reads (dashboard, open data,
/// exports) go to a standby and leave the primary to the counters. Every session on it is read-only
/// (<c>default_transaction_read_only</c>), even when no standby answers and it lands on the primary.
/// </summary>
public sealed class ReadOnlyDatabase
{
    public const string ConnectionName = "AiguillageReadOnly";

    private readonly PooledDbContextFactory<PostgresAppDbContext> _factory;

    public ReadOnlyDatabase(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.Options = string.Join(' ', new[] { builder.Options, "-c default_transaction_read_only=on" }.Where(o => !string.IsNullOrWhiteSpace(o)));
        builder.ApplicationName ??= "aiguillage-lecture";
        ConnectionString = builder.ConnectionString;
        _factory = new PooledDbContextFactory<PostgresAppDbContext>(new DbContextOptionsBuilder<PostgresAppDbContext>()
            .UseNpgsql(ConnectionString)
            .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking)
            .Options);
    }

    public string ConnectionString { get; }

    public PostgresAppDbContext Create() => _factory.CreateDbContext();
}

/// <summary>
/// Where a page that only reads figures reads them: the read-only connection when one is configured and it has
/// caught up with this browser's last write, else the primary (docs/adr/0024). A standby replays the primary's WAL a
/// little later; a manager who has just changed something (the roll-out target, an import) must not be shown the
/// figures from before. Every successful write through a browser leaves the primary's WAL position in a cookie
/// (<see cref="ReadYourWrites"/>); the standby is used for that browser only once it has replayed up to there.
/// </summary>
public sealed class ReadSide(AppDbContext primary, IHttpContextAccessor http, ReadOnlyDatabase? readOnly = null) : IAsyncDisposable, IDisposable
{
    private PostgresAppDbContext? _replica;

    public async Task<AppDbContext> DatabaseAsync(CancellationToken ct)
    {
        if (readOnly is null)
        {
            return primary;
        }

        if (_replica is not null)
        {
            return _replica;
        }

        var replica = readOnly.Create();
        try
        {
            // One connection for the check and every query after it: EF would otherwise open one per query, and a later
            // one could land on a standby that the check never looked at (Host Recheck Seconds).
            await replica.Database.OpenConnectionAsync(ct);
            var written = ReadYourWrites.Position(http.HttpContext?.Request);
            // On a standby: has it replayed the browser's last write? On the primary (no standby answered): yes.
            var fresh = written is null || await replica.Database.SqlQueryRaw<bool>(
                "SELECT (NOT pg_is_in_recovery() OR pg_last_wal_replay_lsn() >= {0}::pg_lsn) AS \"Value\"", written).SingleAsync(ct);
            if (fresh)
            {
                _replica = replica;
                return replica;
            }
        }
        catch (Exception e) when (DatabaseUnavailable.Is(e))
        {
            // No server answers the read-only connection: the primary may still.
        }

        await replica.DisposeAsync();
        return primary;
    }

    public async ValueTask DisposeAsync()
    {
        if (_replica is not null)
        {
            await _replica.DisposeAsync();
        }
    }

    // Scopes disposed synchronously (`using var scope = services.CreateScope()`) refuse a service that is only IAsyncDisposable.
    public void Dispose() => _replica?.Dispose();
}

/// <summary>
/// After each write through a browser (a successful POST, PUT, PATCH or DELETE), the primary's current WAL position
/// goes into a short-lived cookie, read back by <see cref="ReadSide"/>. Only when a read-only connection is
/// configured: otherwise every read is on the primary and there is nothing to wait for.
/// </summary>
public static class ReadYourWrites
{
    public const string CookieName = "aiguillage.ecriture";

    /// <summary>Long enough for any standby in normal service to have replayed; after that, reads go back to it.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    public static string? Position(HttpRequest? request) =>
        request?.Cookies[CookieName] is { } value && IsLsn(value) ? value : null;

    /// <summary>A WAL position as PostgreSQL writes it, « 16/B374D848 »: two hexadecimal numbers of up to 8 digits.</summary>
    public static bool IsLsn(string value)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        return slash is > 0 and <= 8 && value.Length - slash - 1 is > 0 and <= 8
            && value.AsSpan(0, slash).ContainsOnlyHex() && value.AsSpan(slash + 1).ContainsOnlyHex();
    }

    private static bool ContainsOnlyHex(this ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    public static IApplicationBuilder UseReadYourWrites(this IApplicationBuilder app)
    {
        if (app.ApplicationServices.GetService<ReadOnlyDatabase>() is null)
        {
            return app;
        }

        return app.Use(async (context, next) =>
        {
            if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method) && !HttpMethods.IsOptions(context.Request.Method))
            {
                context.Response.OnStarting(async () =>
                {
                    if (context.Response.StatusCode >= 400)
                    {
                        return;
                    }

                    try
                    {
                        var db = context.RequestServices.GetRequiredService<AppDbContext>();
                        var position = await db.Database.SqlQueryRaw<string>("SELECT pg_current_wal_lsn()::text AS \"Value\"").SingleAsync(context.RequestAborted);
                        context.Response.Cookies.Append(CookieName, position, new CookieOptions
                        {
                            HttpOnly = true,
                            SameSite = SameSiteMode.Lax,
                            Secure = context.Request.IsHttps,
                            MaxAge = Lifetime,
                            Path = "/",
                        });
                    }
                    catch (Exception e)
                    {
                        // The write is done and answered; without a position this browser reads from the standby, like anyone else.
                        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ReadYourWrites).FullName!)
                            .LogDebug(e, "No WAL position for the read-your-writes cookie");
                    }
                });
            }

            await next(context);
        });
    }
}
