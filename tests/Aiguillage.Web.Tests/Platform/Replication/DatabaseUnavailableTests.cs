using Aiguillage.Testing;
using Aiguillage.Web.Platform.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Aiguillage.Web.Tests.Platform.Replication;

/// <summary>What counts as « the database is away » (a 503, issue 22), and what the read side accepts from a cookie.</summary>
public sealed class DatabaseUnavailableTests
{
    public static TheoryData<string, bool> ServerErrors => new()
    {
        { PostgresErrorCodes.ReadOnlySqlTransaction, true },   // a write that reached a standby
        { PostgresErrorCodes.AdminShutdown, true },            // the server is stopping
        { PostgresErrorCodes.CannotConnectNow, true },         // the server is starting (recovery)
        { PostgresErrorCodes.ConnectionFailure, true },
        { PostgresErrorCodes.UniqueViolation, false },         // a rule of ours: the caller handles it
        { PostgresErrorCodes.ForeignKeyViolation, false },
        { PostgresErrorCodes.SyntaxError, false },
    };

    [Theory]
    [MemberData(nameof(ServerErrors))]
    public void A_server_error_is_an_outage_only_when_the_server_cannot_take_the_request(string sqlState, bool unavailable)
    {
        var error = new PostgresException("message", "ERROR", "ERROR", sqlState);
        Assert.Equal(unavailable, DatabaseUnavailable.Is(error));
        // Also wrapped as EF Core wraps it in SaveChanges.
        Assert.Equal(unavailable, DatabaseUnavailable.Is(new DbUpdateException("saving", error)));
    }

    [Fact]
    public void A_lost_connection_and_an_unconfirmed_commit_are_outages_and_other_failures_are_not()
    {
        Assert.True(DatabaseUnavailable.Is(new NpgsqlException("No suitable host was found.")));
        Assert.True(DatabaseUnavailable.Is(new DbUpdateException("saving", new SynchronousReplicationNotConfirmedException())));
        Assert.False(DatabaseUnavailable.Is(new InvalidOperationException("a bug")));
        Assert.False(DatabaseUnavailable.Is(new Microsoft.Data.Sqlite.SqliteException("busy", 5)));
        Assert.False(DatabaseUnavailable.Is(null));
    }

    [Theory]
    [InlineData("16/B374D848", true)]
    [InlineData("0/0", true)]
    [InlineData("FFFFFFFF/FFFFFFFF", true)]
    [InlineData("", false)]
    [InlineData("/1", false)]
    [InlineData("1/", false)]
    [InlineData("123456789/1", false)]
    [InlineData("1/2' OR '1'='1", false)]
    [InlineData("1/2;DROP", false)]
    public void Only_a_WAL_position_is_taken_from_the_cookie(string value, bool accepted) =>
        Assert.Equal(accepted, ReadYourWrites.IsLsn(value));

    private sealed class SqliteWithReadOnlyApp() : AppFactory(Aiguillage.Web.Platform.Data.DatabaseProvider.Sqlite)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("ConnectionStrings:AiguillageReadOnly", "Host=127.0.0.1;Database=aiguillage");
        }
    }

    [Fact]
    public void A_read_only_connection_on_SQLite_stops_the_app_at_start_and_says_why()
    {
        using var app = new SqliteWithReadOnlyApp();
        var error = Assert.ThrowsAny<Exception>(() => app.Services);
        Assert.Contains("AiguillageReadOnly needs Database:Provider PostgreSql", error.ToString(), StringComparison.Ordinal);
    }
}
