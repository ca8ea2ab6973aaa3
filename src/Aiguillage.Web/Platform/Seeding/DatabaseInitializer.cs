using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Aiguillage.Web.Platform.Startup;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Platform.Seeding;

/// <summary>
/// Runs before the app serves anyone: applies migrations, makes sure the four roles exist, in Development lets the
/// areas seed their demo data (<see cref="IDemoData"/>), then runs the areas' start-up tasks (<see cref="IStartupTask"/>).
/// Production seeds no account: an admin is created with <c>admin create</c> (docs/operations.md).
/// </summary>
public static class DatabaseInitializer
{
    public static async Task InitializeAsync(IServiceProvider services, IHostEnvironment environment, bool seedDemo)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await DatabaseSetup.MigrateAsync(db);

        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }

        if (seedDemo && environment.IsDevelopment())
        {
            foreach (var demo in scope.ServiceProvider.GetServices<IDemoData>())
            {
                await demo.SeedAsync(CancellationToken.None);
            }
        }

        // The areas' own start-up work (the clients' retention: a restored backup may hold clients past their period, issue 9 §2).
        foreach (var task in scope.ServiceProvider.GetServices<IStartupTask>())
        {
            await task.RunAsync(CancellationToken.None);
        }
    }
}
