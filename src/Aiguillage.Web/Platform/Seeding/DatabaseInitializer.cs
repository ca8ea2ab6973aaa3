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
        var existing = await ExistingRolesAsync(db);
        foreach (var role in Roles.All.Where(r => !existing.Contains(roles.NormalizeKey(r) ?? r)))
        {
            IdentityResult created;
            try
            {
                created = await roles.CreateAsync(new IdentityRole(role));
            }
            catch (DbUpdateException e)
            {
                // The unique name, when another instance inserted it between Identity's check and this insert. The
                // failed row must not stay tracked: the start-up tasks below save through the same context.
                db.ChangeTracker.Clear();
                created = IdentityResult.Failed(new IdentityError { Description = e.InnerException?.Message ?? e.Message });
            }

            // Two instances started together on a new database may both create it: the other one's is as good. A role
            // still missing after a failure (a query above that missed it would fail here as a duplicate too) stops
            // the start rather than being ignored.
            if (!created.Succeeded && !(await ExistingRolesAsync(db)).Contains(roles.NormalizeKey(role) ?? role))
            {
                throw new InvalidOperationException($"The role {role} could not be created: {string.Join(" ", created.Errors.Select(e => e.Description))}");
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

    /// <summary>
    /// The roles already stored, read by one plain query (issue 23 §6): four <c>RoleExistsAsync</c> took ~200 ms of a
    /// start, most of it compiling Identity's LINQ query, to learn that the four roles exist, as they do after the
    /// first start. Missing ones are still created by the role manager.
    /// </summary>
    private static Task<HashSet<string>> ExistingRolesAsync(AppDbContext db) =>
        DatabaseSetup.ReadStringsAsync(db, "SELECT \"NormalizedName\" FROM \"AspNetRoles\" WHERE \"NormalizedName\" IS NOT NULL", CancellationToken.None);
}
