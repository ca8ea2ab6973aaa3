using Aiguillage.Web.Platform.Data;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Aiguillage.Web.Features.Demo;

/// <summary>What a developer needs after <c>dotnet run</c>: the address and the demo accounts (Development only).</summary>
public static class DemoBanner
{
    public static void Print(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        Console.WriteLine();
        Console.WriteLine($"Aiguillage est prêt : {string.Join(", ", addresses)}");
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var emails = DemoData.DemoAccounts.Select(a => a.Email).ToList();
        var existing = db.Users.Where(u => emails.Contains(u.Email!)).Select(u => u.Email).ToHashSet();
        var accounts = DemoData.DemoAccounts.Where(a => existing.Contains(a.Email)).ToList();
        if (accounts.Count > 0)
        {
            Console.WriteLine($"Comptes de démonstration (mot de passe : {DemoData.DemoPassword}) :");
            foreach (var (email, _, role) in accounts)
            {
                Console.WriteLine($"  {Platform.Security.Roles.Label(role),-15} {email}");
            }

            Console.WriteLine($"Pilote et administrateur : double authentification, clé {DemoData.DemoAuthenticatorKey}");
            Console.WriteLine($"  (à ajouter dans une application d'authentification, ou : oathtool --totp -b {DemoData.DemoAuthenticatorKey})");
        }

        Console.WriteLine();
    }
}
