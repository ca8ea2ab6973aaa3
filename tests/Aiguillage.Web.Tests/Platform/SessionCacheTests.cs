using System.Net;
using Aiguillage.Testing;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Aiguillage.Web.Tests.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aiguillage.Web.Tests.Platform;

/// <summary>
/// Issue 23 §2: an instance keeps each account's session columns in memory instead of reading them at every request,
/// and still ends a session as soon as it must — at once when this instance made the change, within
/// <see cref="SecurityOptions.SessionCacheSeconds"/> when anything else did (another instance, an operator in psql),
/// because database triggers bump the accounts' version stamp whatever wrote. The clock is pinned and moved by hand.
/// </summary>
public abstract class SessionCacheTests(ClockedApp app) : EngineTests(app)
{
    private ClockedApp Clocked => (ClockedApp)App;

    private async Task<(HttpClient Client, TestAccount Mediator, int OfficeId)> SignedInMediatorAsync()
    {
        var office = await App.CreateOfficeAsync();
        var mediator = await App.CreateMediatorAsync(office);
        var client = await App.SignedInAsync(mediator);
        await AssertOpensAsync(client, office.Id);
        return (client, mediator, office.Id);
    }

    private static async Task AssertOpensAsync(HttpClient client, int officeId)
    {
        using var page = await client.GetAsync(new Uri($"/bureaux/{officeId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    private static async Task AssertSignedOutAsync(HttpClient client, int officeId)
    {
        using var page = await client.GetAsync(new Uri($"/bureaux/{officeId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/connexion", page.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    private async Task<long> AccountsVersionAsync()
    {
        using var scope = App.Services.CreateScope();
        return await VersionStamp.ReadAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), VersionStamp.Accounts, CancellationToken.None);
    }

    /// <summary>An UPDATE on a connection of its own, as an operator or another instance would write: no interceptor of this app sees it.</summary>
    private async Task<int> UpdateOutsideAsync(string sql, string userId)
    {
        await using var connection = await App.OpenOutsideConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var id = command.CreateParameter();
        id.ParameterName = "id";
        id.Value = userId;
        command.Parameters.Add(id);
        return await command.ExecuteNonQueryAsync();
    }

    private string True => App.Provider == DatabaseProvider.PostgreSql ? "true" : "1";

    [Fact]
    public async Task An_account_disabled_outside_this_instance_ends_its_session_within_the_interval()
    {
        var (client, mediator, officeId) = await SignedInMediatorAsync();
        var before = await AccountsVersionAsync();

        // A column the session does not read: the triggers leave the counter alone, and the session goes on.
        Assert.Equal(1, await UpdateOutsideAsync("UPDATE \"AspNetUsers\" SET \"DisplayName\" = 'Autre nom' WHERE \"Id\" = @id", mediator.Id));
        Assert.Equal(before, await AccountsVersionAsync());
        Clocked.Clock.Advance(TimeSpan.FromSeconds(1));
        await AssertOpensAsync(client, officeId);

        Assert.Equal(1, await UpdateOutsideAsync($"UPDATE \"AspNetUsers\" SET \"IsDisabled\" = {True} WHERE \"Id\" = @id", mediator.Id));
        Assert.Equal(before + 1, await AccountsVersionAsync());
        Clocked.Clock.Advance(TimeSpan.FromSeconds(new SecurityOptions().SessionCacheSeconds));
        await AssertSignedOutAsync(client, officeId);
    }

    [Fact]
    public async Task A_security_stamp_changed_outside_this_instance_ends_the_session_within_the_interval()
    {
        var (client, mediator, officeId) = await SignedInMediatorAsync();
        var before = await AccountsVersionAsync();
        Assert.Equal(1, await UpdateOutsideAsync("UPDATE \"AspNetUsers\" SET \"SecurityStamp\" = 'changee-ailleurs' WHERE \"Id\" = @id", mediator.Id));
        Assert.Equal(before + 1, await AccountsVersionAsync());
        Clocked.Clock.Advance(TimeSpan.FromSeconds(new SecurityOptions().SessionCacheSeconds));
        await AssertSignedOutAsync(client, officeId);
    }

    [Fact]
    public async Task A_change_made_by_this_instance_ends_the_session_at_its_next_request()
    {
        var (client, mediator, officeId) = await SignedInMediatorAsync();
        using (var scope = App.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByIdAsync(mediator.Id))!;
            Assert.True((await users.UpdateSecurityStampAsync(user)).Succeeded);
        }

        // The clock has not moved: the instance that changed the account forgot its copy at once.
        await AssertSignedOutAsync(client, officeId);
    }

    [Fact]
    public async Task Requests_are_served_from_memory_and_another_persons_sign_in_does_not_empty_it()
    {
        var (client, _, officeId) = await SignedInMediatorAsync();
        var cache = App.Services.GetRequiredService<SessionCache>();
        var reads = cache.Reads;
        await AssertOpensAsync(client, officeId);
        await AssertOpensAsync(client, officeId);
        Assert.Equal(reads, cache.Reads);

        // Signing in updates the other account's row (Identity marks every column), changing none of the session's.
        var other = await App.CreateMediatorAsync(await App.CreateOfficeAsync());
        using (await App.SignedInAsync(other))
        {
        }

        reads = cache.Reads;
        await AssertOpensAsync(client, officeId);
        Assert.Equal(reads, cache.Reads);
    }

    private static bool RenewsSession(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("aiguillage.session=", StringComparison.Ordinal));

    [Fact]
    public async Task Pages_renew_the_session_cookie_api_calls_once_a_minute_and_health_probes_never()
    {
        // Issue 23 §2: a new cookie at every answer was an encryption and a header per request. Pages still renew it
        // every time (the idle warning counts from the last page); an API call when it is a minute old.
        var (client, _, officeId) = await SignedInMediatorAsync();
        var api = new Uri("/api/v1/places/search?lat=45.4&lon=4.39&radiusKm=5", UriKind.Relative);
        using (var page = await client.GetAsync(new Uri($"/bureaux/{officeId}", UriKind.Relative)))
        {
            Assert.True(RenewsSession(page), "a page renews the session cookie");
        }

        Clocked.Clock.Advance(TimeSpan.FromSeconds(30));
        using (var early = await client.GetAsync(api))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, early.StatusCode);
            Assert.False(RenewsSession(early), "an API call renewed a cookie 30 s old");
        }

        using (var probe = await client.GetAsync(new Uri("/health/live", UriKind.Relative)))
        {
            Assert.False(RenewsSession(probe), "a health probe renewed the session cookie");
        }

        Clocked.Clock.Advance(SessionValidator.ApiRenewalAge);
        using (var late = await client.GetAsync(api))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, late.StatusCode);
            Assert.True(RenewsSession(late), "an API call did not renew a cookie more than a minute old");
        }

        using (var next = await client.GetAsync(api))
        {
            Assert.False(RenewsSession(next), "the cookie renewed just before was renewed again");
        }
    }

    [Fact]
    public async Task An_account_deleted_outside_this_instance_ends_its_session_within_the_interval()
    {
        var (client, mediator, officeId) = await SignedInMediatorAsync();
        var before = await AccountsVersionAsync();
        Assert.Equal(1, await UpdateOutsideAsync("DELETE FROM \"AspNetUsers\" WHERE \"Id\" = @id", mediator.Id));
        Assert.Equal(before + 1, await AccountsVersionAsync());
        Clocked.Clock.Advance(TimeSpan.FromSeconds(new SecurityOptions().SessionCacheSeconds));
        await AssertSignedOutAsync(client, officeId);
    }
}

public sealed class SessionCacheTests_Sqlite(ClockedSqliteApp app) : SessionCacheTests(app), IClassFixture<ClockedSqliteApp>;

public sealed class SessionCacheTests_PostgreSql(ClockedPostgresApp app) : SessionCacheTests(app), IClassFixture<ClockedPostgresApp>;
