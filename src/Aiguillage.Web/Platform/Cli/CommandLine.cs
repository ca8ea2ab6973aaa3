using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Imports;
using Aiguillage.Web.Platform.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace Aiguillage.Web.Platform.Cli;

/// <summary>
/// Administration commands run through the app itself so they use the same configuration and database:
/// <c>dotnet run --project src/Aiguillage.Web -- admin create --email …</c> and <c>-- import offices FILE</c> (each
/// area registers the files it imports as an <see cref="IFileImport"/>).
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
            case ["import", var name] when command.Length == 3 && sp.GetServices<IFileImport>().FirstOrDefault(i => i.Name == name) is { } import:
                return await ImportAsync(import, command[2]);
            case ["backup", _] when command.Length == 2:
                return Backup(sp, command[1]);
            default:
                Console.Error.WriteLine(Usage(sp.GetServices<IFileImport>()));
                return 2;
        }
    }

    private static string Usage(IEnumerable<IFileImport> imports) =>
        "Usage :\n"
        + "  admin create --email ADRESSE [--name \"Nom affiché\"]   (mot de passe lu sur l'entrée standard ou demandé)\n"
        + string.Concat(imports.Select(i => $"  import {i.Name} {i.Usage}\n"))
        + "  backup FICHIER.db   (copie cohérente de la base SQLite, application en marche)\n"
        + "  restore FICHIER.db   (application arrêtée ; la sauvegarde est vérifiée d'abord)";

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

    /// <summary>One command for every file an area imports (<see cref="IFileImport"/>): progress, each rejected line, a summary.</summary>
    private static async Task<int> ImportAsync(IFileImport import, string path)
    {
        if (!File.Exists(path))
        {
            Console.Error.WriteLine($"Fichier introuvable : {path}");
            return 1;
        }

        ImportReport report;
        try
        {
            report = await AnsiConsole.Progress().StartAsync(async context =>
            {
                var task = context.AddTask(import.Progress, maxValue: 1);
                await using var file = File.OpenRead(path);
                return await import.ImportFileAsync(file, path, new Progress<double>(p => task.Value = p), CancellationToken.None);
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

        foreach (var mapping in report.Mappings ?? [])
        {
            Console.WriteLine($"Converti ({mapping.Rows} {(mapping.Rows > 1 ? "lignes" : "ligne")}, dès la ligne {mapping.FirstLine}) : {mapping.Text}");
        }

        foreach (var rejection in report.Rejected)
        {
            Console.WriteLine($"Ligne {rejection.Line} rejetée : {rejection.Reason}");
        }

        Console.WriteLine($"{report.Read} lignes lues : {report.Created} créées, {report.Updated} mises à jour, {report.Unchanged} inchangées, {report.Rejected.Count} rejetées.");

        // « Imported with rejected lines » only when something was imported.
        if (report.Imported == 0 && report.Rejected.Count > 0)
        {
            Console.Error.WriteLine("Rien n'a été importé : toutes les lignes ont été rejetées.");
            return 1;
        }

        return report.Rejected.Count == 0 ? 0 : 3;
    }
}
