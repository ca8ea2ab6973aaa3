using System.Globalization;
using System.Text;
using Aiguillage.Domain.Offices;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Territories;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Offices;

/// <summary>A line of an import file that was not taken, with its line number in the file and why.</summary>
public sealed record ImportRejection(int Line, string Reason);

public sealed record OfficeImportReport(int Created, int Updated, int Unchanged, IReadOnlyList<ImportRejection> Rejected)
{
    public int Read => Created + Updated + Unchanged + Rejected.Count;
}

/// <summary>The whole file was refused (not a CSV, not the La Poste format): nothing was imported.</summary>
public sealed class ImportFileException(string message) : Exception(message);

/// <summary>
/// Imports La Poste's points-of-contact file (open data format, see <see cref="PointOfContactParser.Columns"/>).
/// Idempotent by site code: a known office gets its register data updated, never its programme data.
/// Every valid line is imported; every other line is reported with its number and reason.
/// </summary>
public sealed class OfficeImporter(AppDbContext db, TerritoryDirectory territories)
{
    /// <summary>Larger files are refused: the national file is 2.4 MB.</summary>
    public const long MaxBytes = 50 * 1024 * 1024;

    public async Task<OfficeImportReport> ImportAsync(Stream input, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
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

        var header = parser.Record!.Select(h => h.Trim().TrimStart('\uFEFF')).ToArray();
        var missing = PointOfContactParser.Columns.Except(header, StringComparer.OrdinalIgnoreCase).ToList();
        if (missing.Count > 0)
        {
            throw new ImportFileException(
                $"Ce fichier n'est pas au format « points de contact » de La Poste : colonnes manquantes ({string.Join(", ", missing)}). " +
                $"La première ligne doit être : {string.Join(",", PointOfContactParser.Columns)}.");
        }

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
        return new OfficeImportReport(created, updated, unchanged, rejected);
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
}
