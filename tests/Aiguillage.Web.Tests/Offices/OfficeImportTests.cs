using System.Text;
using Aiguillage.Testing;
using Aiguillage.Web.Platform.Imports;
using Aiguillage.Web.Features.Offices;
using Aiguillage.Web.Platform.Cli;
using Aiguillage.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aiguillage.Web.Tests.Offices;

public abstract class OfficeImportTests(AppFactory app) : EngineTests(app)
{
    private static readonly string DataFolder = Path.Combine(AppContext.BaseDirectory, "Data");
    private static readonly string MalformedFile = Path.Combine(DataFolder, "bureaux-malformes.csv");

    private async Task<ImportReport> ImportAsync(Stream stream)
    {
        using var scope = App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<OfficeImporter>().ImportAsync(stream);
    }

    private async Task<ImportReport> ImportAsync(string path)
    {
        await using var file = File.OpenRead(path);
        return await ImportAsync(file);
    }

    /// <summary>Runs a command as the command line would, with what it printed (the console is the process's: see ConsoleCollection).</summary>
    private async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var (output, error, originalOut, originalError) = (new StringWriter(), new StringWriter(), Console.Out, Console.Error);
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            return (await CommandLine.RunAsync(App.Services, args), output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(originalOut);
            Console.SetError(originalError);
        }
    }

    [Fact]
    public async Task A_file_with_malformed_lines_reports_each_one_with_its_number_and_imports_the_rest()
    {
        var report = await ImportAsync(MalformedFile);

        Assert.Equal(3, report.Created + report.Unchanged);
        var reasons = report.Rejected.ToDictionary(r => r.Line, r => r.Reason);
        Assert.Equal([3, 4, 5, 6, 8, 9, 10, 12], reasons.Keys.Order());
        Assert.Contains("identifiant_a", reasons[3], StringComparison.Ordinal);
        Assert.Contains("latitude", reasons[4], StringComparison.Ordinal);
        Assert.Contains("9 colonnes au lieu de 14", reasons[5], StringComparison.Ordinal);
        Assert.Contains("type de site inconnu « Kiosque »", reasons[6], StringComparison.Ordinal);
        Assert.Contains("figure déjà ligne 2", reasons[8], StringComparison.Ordinal);
        Assert.Contains("code_postal", reasons[9], StringComparison.Ordinal);
        Assert.Contains("identifiant_a : valeur manquante", reasons[10], StringComparison.Ordinal);
        Assert.Contains("hors des bornes", reasons[12], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_line_updates_the_register_part_and_keeps_the_programme_part()
    {
        var header = "identifiant_a,libelle_du_site,caracteristique_du_site,site_acores_de_rattachement,adresse,complement_d_adresse,lieu_dit,code_postal,localite,code_insee,pays,latitude,longitude,numero_de_telephone\n";
        var line = "99001X,BUREAU TEST,Bureau de Poste,,1 RUE DE LA POSTE,,,42000,ST ETIENNE,42218,FRANCE,45.4,4.39,3631\n";
        Assert.Equal(1, (await ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(header + line)))).Created);

        using (var scope = App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var office = await db.Offices.SingleAsync(o => o.SiteCode == "99001X");
            office.SetProgramme(Domain.Offices.ProgrammeStatus.Pilot, new DateOnly(2026, 1, 5), null);
            await db.SaveChangesAsync();
        }

        var moved = line.Replace("1 RUE DE LA POSTE", "2 PLACE DE LA MAIRIE", StringComparison.Ordinal);
        var report = await ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(header + moved)));
        Assert.Equal((0, 1, 0), (report.Created, report.Updated, report.Unchanged));

        using (var scope = App.Services.CreateScope())
        {
            var office = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Offices.SingleAsync(o => o.SiteCode == "99001X");
            Assert.Equal("2 PLACE DE LA MAIRIE", office.Address);
            Assert.Equal(Domain.Offices.ProgrammeStatus.Pilot, office.Status);
        }
    }

    [Fact]
    public async Task A_file_that_is_not_a_points_of_contact_csv_is_refused_whole_with_a_clear_message()
    {
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52 };
        var binary = await Assert.ThrowsAsync<ImportFileException>(() => ImportAsync(new MemoryStream(png)));
        Assert.Contains("pas un fichier texte CSV", binary.Message, StringComparison.Ordinal);

        var other = "code_insee,nom,population\n42218,Saint-Étienne,170000\n";
        var wrong = await Assert.ThrowsAsync<ImportFileException>(() => ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(other))));
        Assert.Contains("Colonnes absentes", wrong.Message, StringComparison.Ordinal);
        Assert.Contains("rien n'a été importé", wrong.Message, StringComparison.Ordinal);

        var latin1 = Encoding.Latin1.GetBytes("identifiant_a;libellé\n");
        var encoding = await Assert.ThrowsAsync<ImportFileException>(() => ImportAsync(new MemoryStream(latin1)));
        Assert.Contains("UTF-8", encoding.Message, StringComparison.Ordinal);

        using var scope = App.Services.CreateScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<AppDbContext>().Offices.AnyAsync(o => o.Name == "Saint-Étienne"));
    }

    [Fact]
    public async Task The_2020_layout_with_capitals_accents_and_semicolons_is_imported_and_said_once()
    {
        // Issue 15 §5: La Poste's 2020 open data file (laposte_poincont2) wrote the same columns another way.
        var header = "#Identifiant_A;Libellé_du_site;Caractéristique_du_site;Site_Acores_de_rattachement;Adresse;Complément_d_adresse;Lieu-dit;Code_postal;Localité;Code_INSEE;Pays;Latitude;Longitude;Numéro_de_téléphone\n";
        var line = "99020X;BUREAU DE 2020;Bureau de Poste;;1 RUE DE LA POSTE;;;42000;ST ETIENNE;42218;FRANCE;45.4;4.39;3631\n";
        var report = await ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(header + line)));
        Assert.Equal(1, report.Created);
        Assert.Empty(report.Rejected);
        Assert.Contains("autre version du fichier des points de contact", report.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Columns_under_other_names_are_refused_once_with_the_renaming_to_do()
    {
        var header = "identifiant_site,libelle_du_site,caracteristique_du_site,site_acores_de_rattachement,adresse,complement_d_adresse,lieu_dit,code_postale,localite,code_insee,pays,latitude,longitude,numero_de_telephone\n";
        var line = "99021X,BUREAU,Bureau de Poste,,1 RUE,,,42000,ST ETIENNE,42218,FRANCE,45.4,4.39,3631\n";
        var refused = await Assert.ThrowsAsync<ImportFileException>(() => ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(header + line))));
        Assert.Contains("rien n'a été importé", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Colonnes absentes : identifiant_a, code_postal", refused.Message, StringComparison.Ordinal);
        Assert.Contains("« identifiant_site » en « identifiant_a »", refused.Message, StringComparison.Ordinal);
        Assert.Contains("« code_postale » en « code_postal »", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_whose_every_line_is_rejected_exits_with_the_code_for_nothing_imported()
    {
        var file = Path.Combine(Path.GetTempPath(), $"bureaux-rejetes-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, string.Join(',', Domain.Offices.PointOfContactParser.Columns) + "\n" + "ZZ,,Bureau de Poste,,,,,,,,,,,\n");
        try
        {
            var (exit, _, error) = await RunAsync("import", "offices", file);
            Assert.Equal(1, exit);
            Assert.Contains("Rien n'a été importé", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task The_import_command_prints_each_rejected_line_and_a_summary()
    {
        var (exit, text, _) = await RunAsync("import", "offices", MalformedFile);
        Assert.Equal(3, exit);
        Assert.Contains("Ligne 5 rejetée : 9 colonnes au lieu de 14", text, StringComparison.Ordinal);
        Assert.Contains("11 lignes lues", text, StringComparison.Ordinal);
        Assert.Contains("8 rejetées", text, StringComparison.Ordinal);
    }
}

/// <summary>The command-line tests swap the process's console: never two classes at once.</summary>
[CollectionDefinition("Console", DisableParallelization = true)]
public sealed class ConsoleCollection;

[Collection("Console")]
public sealed class OfficeImportTests_Sqlite(SqliteApp app) : OfficeImportTests(app), IClassFixture<SqliteApp>;

[Collection("Console")]
public sealed class OfficeImportTests_PostgreSql(PostgresApp app) : OfficeImportTests(app), IClassFixture<PostgresApp>;

/// <summary>The whole national file, in a class of its own so that its database starts empty.</summary>
public abstract class NationalOfficeImportTests(AppFactory app) : EngineTests(app)
{
    private static readonly string RealFile = Path.Combine(AppContext.BaseDirectory, "Data", "points-de-contact-2025.csv");

    private async Task<ImportReport> ImportAsync(string path)
    {
        await using var file = File.OpenRead(path);
        using var scope = App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<OfficeImporter>().ImportAsync(file);
    }

    [Fact]
    public async Task The_real_national_file_imports_fully_and_a_second_import_changes_nothing()
    {
        var first = await ImportAsync(RealFile);
        Assert.Empty(first.Rejected);
        Assert.Equal(17_972, first.Created);

        var second = await ImportAsync(RealFile);
        Assert.Equal((0, 0, 17_972), (second.Created, second.Updated, second.Unchanged));
        Assert.Empty(second.Rejected);

        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Equal(17_972, await db.Offices.CountAsync());
        var andorra = await db.Offices.SingleAsync(o => o.SiteCode == "01290A");
        Assert.Equal(("09", "76"), (andorra.DepartmentCode, andorra.RegionCode));
        var monaco = await db.Offices.SingleAsync(o => o.SiteCode == "00937A");
        Assert.Equal(("06", "93"), (monaco.DepartmentCode, monaco.RegionCode));
        var stEtienne = await db.Offices.SingleAsync(o => o.SiteCode == "07933A");
        Assert.Equal(("42", "84", "42218"), (stEtienne.DepartmentCode, stEtienne.RegionCode, stEtienne.InseeCode));
    }

}

public sealed class NationalOfficeImportTests_Sqlite(SqliteApp app) : NationalOfficeImportTests(app), IClassFixture<SqliteApp>;

public sealed class NationalOfficeImportTests_PostgreSql(PostgresApp app) : NationalOfficeImportTests(app), IClassFixture<PostgresApp>;
