using System.Globalization;
using System.Text;
using Aiguillage.Domain.Offices;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Imports;
using Aiguillage.Web.Platform.Territories;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Offices;

/// <summary>How the points-of-contact file's columns were written over the years.</summary>
public static class PointOfContactHeader
{
    /// <summary>
    /// Names of other years that normalising alone does not bring to today's (issue 15 §5). The 2020 file of La Poste's
    /// open data (laposte_poincont2, « ; » separated) wrote its columns with capitals, accents and a « # » before the first
    /// (« #Identifiant_A;Libellé_du_site;…;Numéro_de_téléphone »): normalised, they are today's.
    /// </summary>
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["identifiant"] = "identifiant_a",
        ["libelle"] = "libelle_du_site",
        ["caracteristique"] = "caracteristique_du_site",
        ["complement_adresse"] = "complement_d_adresse",
        ["code_commune_insee"] = "code_insee",
        ["telephone"] = "numero_de_telephone",
        ["numero_telephone"] = "numero_de_telephone",
    };

    /// <summary>Today's name for a written column (the column as written when it is not one of ours).</summary>
    public static string Today(string written)
    {
        var normalised = Aiguillage.Domain.Partners.Standard.HeaderCheck.Normalise(written);
        return PointOfContactParser.Columns.Contains(normalised) ? normalised : Aliases.GetValueOrDefault(normalised, written);
    }
}

/// <summary>
/// Imports La Poste's points-of-contact file (open data format, see <see cref="PointOfContactParser.Columns"/>).
/// Idempotent by site code: a known office gets its register data updated, never its programme data.
/// Every valid line is imported; every other line is reported with its number and reason.
/// </summary>
public sealed class OfficeImporter(AppDbContext db, TerritoryDirectory territories) : IFileImport
{
    string IFileImport.Name => "offices";

    string IFileImport.Usage => "FICHIER.csv   (format « points de contact » de La Poste)";

    string IFileImport.Progress => "Import des bureaux";

    Task<ImportReport> IFileImport.ImportFileAsync(Stream file, string path, IProgress<double> progress, CancellationToken ct) => ImportAsync(file, progress, ct);

    /// <summary>Larger files are refused: the national file is 2.4 MB.</summary>
    public const long MaxBytes = 50 * 1024 * 1024;

    public async Task<ImportReport> ImportAsync(Stream input, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        var text = await ReadTextAsync(input, cancellationToken);
        var rejected = new List<ImportRejection>();
        var valid = new List<(int Line, PointOfContact Poc)>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);

        var firstLine = text.AsSpan()[..Math.Max(0, text.IndexOf('\n') is var i and >= 0 ? i : text.Length)];
        var delimiter = firstLine.Contains(';') && !firstLine.Contains(',') ? ";" : ",";
        var badData = new HashSet<int>();
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = delimiter,
            BadDataFound = args => badData.Add(args.Context.Parser?.RawRow ?? 0),
            DetectColumnCountChanges = false,
        };

        using var reader = new StringReader(text);
        using var parser = new CsvParser(reader, config);
        if (!parser.Read())
        {
            throw new ImportFileException("Le fichier est vide.");
        }

        var written = parser.Record!.Select(h => h.Trim().TrimStart('\uFEFF')).ToArray();
        var (header, note) = ReadHeader(written);

        var lines = Math.Max(1, text.Count(c => c == '\n'));
        while (parser.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var line = parser.RawRow;
            var record = parser.Record!;
            if (record.Length == 1 && string.IsNullOrWhiteSpace(record[0]))
            {
                continue;
            }

            if (badData.Contains(line))
            {
                rejected.Add(new(line, "guillemets mal placés"));
                continue;
            }

            if (record.Length != header.Length)
            {
                rejected.Add(new(line, $"{record.Length} colonnes au lieu de {header.Length}"));
                continue;
            }

            var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (var c = 0; c < header.Length; c++)
            {
                fields[header[c]] = record[c];
            }

            var (poc, errors) = PointOfContactParser.Parse(fields, territories.RegionOfDepartment);
            if (poc is null)
            {
                rejected.Add(new(line, string.Join(" ; ", errors.Select(e => $"{e.Field} : {e.Reason}"))));
            }
            else if (seen.TryGetValue(poc.SiteCode, out var firstSeen))
            {
                rejected.Add(new(line, $"identifiant_a : le code site {poc.SiteCode} figure déjà ligne {firstSeen}"));
            }
            else
            {
                seen[poc.SiteCode] = line;
                valid.Add((line, poc));
            }

            if (line % 500 == 0)
            {
                progress?.Report(0.5 * line / lines);
            }
        }

        var existing = await db.Offices.ToDictionaryAsync(o => o.SiteCode, StringComparer.Ordinal, cancellationToken);
        int created = 0, updated = 0, unchanged = 0;
        for (var n = 0; n < valid.Count; n++)
        {
            var poc = valid[n].Poc;
            if (existing.TryGetValue(poc.SiteCode, out var office))
            {
                if (office.UpdateFromRegister(poc))
                {
                    updated++;
                }
                else
                {
                    unchanged++;
                }
            }
            else
            {
                db.Offices.Add(new Office(poc));
                created++;
            }

            if (n % 1000 == 0)
            {
                progress?.Report(0.5 + (0.4 * n / Math.Max(1, valid.Count)));
            }
        }

        // One transaction: a failure leaves the offices as they were, never a half-applied file.
        await db.SaveChangesAsync(cancellationToken);
        progress?.Report(1);
        return new ImportReport(created, updated, unchanged, rejected, note);
    }

    private static async Task<string> ReadTextAsync(Stream input, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await input.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                throw new ImportFileException($"Le fichier dépasse {MaxBytes / 1024 / 1024} Mo.");
            }

            buffer.Write(chunk, 0, read);
        }

        var bytes = buffer.ToArray();
        if (bytes.AsSpan(0, Math.Min(bytes.Length, 8192)).Contains((byte)0))
        {
            throw new ImportFileException("Ce fichier n'est pas un fichier texte CSV (il contient des données binaires).");
        }

        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            throw new ImportFileException("Ce fichier n'est pas encodé en UTF-8 : enregistrez-le en « CSV UTF-8 ».");
        }
    }

    /// <summary>
    /// Today's columns from the file's first line: as written, or written another year (capitals, accents, « # », other
    /// separators: the 2020 layout), which is then imported and said once. Otherwise nothing is imported, and the
    /// message names the missing columns and, where a written one is close, the renaming to do.
    /// </summary>
    private static (string[] Header, string? Note) ReadHeader(string[] written)
    {
        var header = written.Select(PointOfContactHeader.Today).ToArray();
        var missing = PointOfContactParser.Columns.Except(header, StringComparer.Ordinal).ToList();
        if (missing.Count == 0)
        {
            var renamed = written.Where((w, i) => !string.Equals(w, header[i], StringComparison.Ordinal) && PointOfContactParser.Columns.Contains(header[i])).ToList();
            return (header, renamed.Count == 0 ? null
                : $"En-tête d'une autre version du fichier des points de contact de La Poste (par exemple celle de 2020) : {Platform.Web.Plural.Of(renamed.Count, "colonne lue", "colonnes lues")} sous le nom d'aujourd'hui ({string.Join(", ", renamed.Take(4))}{(renamed.Count > 4 ? ", …" : string.Empty)}).");
        }

        var unknown = written.Where((w, i) => !PointOfContactParser.Columns.Contains(header[i])).ToList();
        var looksLike = Aiguillage.Domain.Partners.Standard.HeaderCheck.Resembles(written, PointOfContactParser.Columns, Aiguillage.Domain.Partners.Standard.HeaderCheck.Known.Where(k => !k.Name.Contains("La Poste", StringComparison.Ordinal)));
        var renames = missing.Select(m => (Missing: m, Closest: unknown.OrderBy(u => Aiguillage.Domain.TextDistance.Levenshtein(Aiguillage.Domain.Partners.Standard.HeaderCheck.Normalise(u), m)).FirstOrDefault()))
            .Where(r => r.Closest is not null && Aiguillage.Domain.TextDistance.Levenshtein(Aiguillage.Domain.Partners.Standard.HeaderCheck.Normalise(r.Closest), r.Missing) <= Math.Max(3, r.Missing.Length / 3))
            .Select(r => $"« {r.Closest} » en « {r.Missing} »").ToList();
        var message = $"Ce fichier n'est pas au format « points de contact » de La Poste : rien n'a été importé. " +
            (looksLike is not null ? $"Il ressemble au {looksLike.Name}. " : string.Empty) +
            $"{(missing.Count == 1 ? "Colonne absente" : "Colonnes absentes")} : {string.Join(", ", missing)}. " +
            (renames.Count > 0 ? $"Renommez {string.Join(", ", renames)}. " : string.Empty) +
            $"La première ligne doit être : {string.Join(",", PointOfContactParser.Columns)}.";
        throw new ImportFileException(message);
    }
}
