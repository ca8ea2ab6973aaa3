using Aiguillage.Testing;
using Aiguillage.Web.Platform.Security;
using Aiguillage.Web.Platform.Seeding;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Aiguillage.Web.Tests.Platform;

/// <summary>
/// A start on an existing database (issue 23 §6) reads the stored roles with one plain query instead of asking
/// Identity four times: a later start must find the four roles and create none twice, and a role that went missing
/// must come back.
/// </summary>
public abstract class DatabaseInitializerTests(AppFactory app) : EngineTests(app)
{
    private async Task<List<string>> StoredRolesAsync()
    {
        using var scope = App.Services.CreateScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        return await roles.Roles.Select(r => r.Name!).OrderBy(n => n).ToListAsync();
    }

    private Task StartAgainAsync() =>
        DatabaseInitializer.InitializeAsync(App.Services, App.Services.GetRequiredService<IHostEnvironment>(), seedDemo: false);

    [Fact]
    public async Task A_start_on_an_existing_database_keeps_each_role_once_and_brings_back_a_missing_one()
    {
        var expected = Roles.All.Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, await StoredRolesAsync());   // the first start created them

        await StartAgainAsync();
        Assert.Equal(expected, await StoredRolesAsync());

        await using (var connection = await App.OpenOutsideConnectionAsync())
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"DELETE FROM \"AspNetRoles\" WHERE \"Name\" = '{Roles.Manager}'";
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        Assert.DoesNotContain(Roles.Manager, await StoredRolesAsync());
        await StartAgainAsync();
        Assert.Equal(expected, await StoredRolesAsync());
    }
}

public sealed class DatabaseInitializerTests_Sqlite(SqliteApp app) : DatabaseInitializerTests(app), IClassFixture<SqliteApp>;

public sealed class DatabaseInitializerTests_PostgreSql(PostgresApp app) : DatabaseInitializerTests(app), IClassFixture<PostgresApp>;
