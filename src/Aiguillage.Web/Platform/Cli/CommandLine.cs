using Aiguillage.Web.Features.Offices;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace Aiguillage.Web.Platform.Cli;

/// <summary>
/// Administration commands run through the app itself so they use the same configuration and database:
/// <c>dotnet run --project src/Aiguillage.Web -- admin create --email …</c> and <c>-- import offices FILE</c>.
/// Exit codes: 0 done, 1 refused — nothing imported (a file refused whole, or every line rejected), 2 usage error,
/// 3 imported with rejected lines.
/// </summary>
public static class CommandLine
{
    private static readonly string[] Verbs = ["admin", "import", "backup", "restore"];

    /// <summary>Splits the command (if any) from the arguments meant for the web host.</summary>
    public static (string[]? Command, string[] HostArgs) Split(string[] args) =>
        args.Length > 0 && Verbs.Contains(args[0], StringComparer.OrdinalIgnoreCase) ? (args, []) : (null, args);

    public static async Task<int> RunAsync(IServiceProvider services, string[] command)
    {
        using var scope = services.CreateScope();
        var sp = scope.ServiceProvider;
        switch (command.Select(a => a.ToLowerInvariant()).Take(2).ToArray())
        {
            case ["admin", "create"]:
                return await CreateAdminAsync(sp, command.Skip(2).ToArray());
            case ["import", "offices"] when command.Length == 3:
                return await ImportOfficesAsync(sp, command[2]);
            case ["import", "places"] when command.Length == 3:
                return await ImportPlacesAsync(sp, command[2]);
            case ["backup", _] when command.Length == 2:
                return Backup(sp, command[1]);
            default:
                Console.Error.WriteLine("""
                    Usage :
                      admin create --email ADRESSE [--name "Nom affiché"]   (mot de passe lu sur l'entrée standard ou demandé)
                      import offices FICHIER.csv                            (format « points de contact » de La Poste)
                      import places FICHIER.csv|FICHIER.json                (standard des lieux de médiation numérique)
                      backup FICHIER.db                                     (copie cohérente de la base SQLite, application en marche)
                      restore FICHIER.db                                    (application arrêtée ; la sauvegarde est vérifiée d'abord)
                    """);
                return 2;
        }
    }

    private static int Backup(IServiceProvider sp, string destination)
    {
        var db = sp.GetRequiredService<AppDbContext>();
        if (!db.Database.IsSqlite())
        {
            Console.Error.WriteLine("La base est PostgreSQL : sauvegardez-la avec pg_dump ou une sauvegarde de base + WAL (docs/operations.md).");
            return 1;
        }

        try
        {
            SqliteBackup.Backup(db.Database.GetConnectionString()!, Path.GetFullPath(destination));
        }
        catch (Exception e) when (e is IOException or InvalidDataException or Microsoft.Data.Sqlite.SqliteException)
        {
            Console.Error.WriteLine($"Sauvegarde impossible : {e.Message}");
            return 1;
        }

        Console.WriteLine($"Sauvegarde faite et vérifiée : {Path.GetFullPath(destination)}");
        return 0;
    }

    /// <summary>
    /// Restores a SQLite backup over the configured database file, before anything opens it (so it runs before the
    /// host is built and the database migrated): the backup is checked first, then the migrations apply at the next start.
    /// </summary>
    public static int Restore(IConfiguration configuration, string contentRoot, string backup)
    {
        if (DatabaseSetup.Provider(configuration) != DatabaseProvider.Sqlite)
        {
            Console.Error.WriteLine("La base est PostgreSQL : restaurez-la avec pg_restore ou la procédure de docs/operations.md.");
            return 1;
        }

        var path = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(DatabaseSetup.SqliteConnectionString(configuration.GetConnectionString("Aiguillage") ?? DatabaseSetup.DefaultSqlite, contentRoot)).DataSource;
        try
        {
            SqliteBackup.Restore(Path.GetFullPath(backup), path);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            Console.Error.WriteLine($"Restauration refusée : {e.Message}");
            return 1;
        }

        Console.WriteLine($"Base restaurée depuis {Path.GetFullPath(backup)} vers {path}.");
        return 0;
    }

    private static async Task<int> CreateAdminAsync(IServiceProvider sp, string[] options)
    {
        string? Option(string name)
        {
            var i = Array.FindIndex(options, o => o.Equals(name, StringComparison.OrdinalIgnoreCase));
            return i >= 0 && i + 1 < options.Length ? options[i + 1] : null;
        }

        var email = Option("--email");
        if (string.IsNullOrWhiteSpace(email))
        {
            Console.Error.WriteLine("Indiquez l'adresse e-mail : admin create --email ADRESSE");
            return 2;
        }

        var password = ReadPassword();
        var users = sp.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser
        {
            UserName = email, Email = email, EmailConfirmed = true, DisplayName = Option("--name") ?? email, CreatedAt = DateTime.UtcNow,
        };
        var result = await users.CreateAsync(user, password);
        if (result.Succeeded)
        {
            result = await users.AddToRoleAsync(user, Roles.Admin);
        }

        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                Console.Error.WriteLine(error.Description);
            }

            return 1;
        }

        Console.WriteLine($"Compte administrateur créé : {email}");
        return 0;
    }

    /// <summary>From standard input when it is redirected (scripts), else a prompt that does not echo.</summary>
    private static string ReadPassword()
    {
        if (Console.IsInputRedirected)
        {
            return Console.In.ReadLine() ?? string.Empty;
        }

        return AnsiConsole.Prompt(new TextPrompt<string>("Mot de passe (12 caractères au moins) :").Secret());
    }

    private static async Task<int> ImportPlacesAsync(IServiceProvider sp, string path)
    {
        if (!File.Exists(path))
        {
            Console.Error.WriteLine($"Fichier introuvable : {path}");
            return 1;
        }

        var standard = sp.GetRequiredService<Features.Partners.PlaceStandard>();
        Features.Partners.PlaceImportReport report;
        try
        {
            report = await AnsiConsole.Progress().StartAsync(async context =>
            {
                var task = context.AddTask("Import des lieux", maxValue: 1);
                await using var file = File.OpenRead(path);
                return await standard.ImportAsync(file, path, new Progress<double>(p => task.Value = p));
            });
        }
        catch (ImportFileException e)
        {
            Console.Error.WriteLine($"Fichier refusé : {e.Message}");
            return 1;
        }

        foreach (var rejection in report.Rejected)
        {
            Console.WriteLine($"Ligne {rejection.Line} rejetée : {rejection.Reason}");
        }

        Console.WriteLine($"{report.Read} lignes lues : {report.Created} créées, {report.Updated} mises à jour, {report.Unchanged} inchangées, {report.Rejected.Count} rejetées.");
        return Verdict(report.Created + report.Updated + report.Unchanged, report.Rejected.Count);
    }

    /// <summary>The exit code of an import: « imported with rejected lines » only when something was imported.</summary>
    private static int Verdict(int imported, int rejected)
    {
        if (imported == 0 && rejected > 0)
        {
            Console.Error.WriteLine("Rien n'a été importé : toutes les lignes ont été rejetées.");
            return 1;
        }

        return rejected == 0 ? 0 : 3;
    }

    private static async Task<int> ImportOfficesAsync(IServiceProvider sp, string path)
    {
        if (!File.Exists(path))
        {
            Console.Error.WriteLine($"Fichier introuvable : {path}");
            return 1;
        }

        var importer = sp.GetRequiredService<OfficeImporter>();
        OfficeImportReport report;
        try
        {
            report = await AnsiConsole.Progress().StartAsync(async context =>
            {
                var task = context.AddTask("Import des bureaux", maxValue: 1);
                await using var file = File.OpenRead(path);
                return await importer.ImportAsync(file, new Progress<double>(p => task.Value = p));
            });
        }
        catch (ImportFileException e)
        {
            Console.Error.WriteLine($"Fichier refusé : {e.Message}");
            return 1;
        }

        if (report.Note is not null)
        {
            Console.WriteLine(report.Note);
        }

        foreach (var rejection in report.Rejected)
        {
            Console.WriteLine($"Ligne {rejection.Line} rejetée : {rejection.Reason}");
        }

        Console.WriteLine($"{report.Read} lignes lues : {report.Created} créées, {report.Updated} mises à jour, {report.Unchanged} inchangées, {report.Rejected.Count} rejetées.");
        return Verdict(report.Created + report.Updated + report.Unchanged, report.Rejected.Count);
    }
}
