using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aiguillage.Domain.Partners;
using Aiguillage.Domain.Partners.Standard;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Imports;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Partners;

/// <summary>
/// Import and export of help places in the national standard (CSV with <c>|</c> multi-values, or JSON), every row
/// validated against the standard's Table Schema (Content/mednum-standard/schema.json). Valid rows are imported,
/// invalid rows reported with their line and field; re-import is idempotent by <c>id</c>; export(import(x)) = x.
/// </summary>
public sealed class PlaceStandard(AppDbContext db, ReadSide reads, StandardSchema schema, TimeProvider clock) : IFileImport
{
    string IFileImport.Name => "places";

    string IFileImport.Usage => "FICHIER.csv|FICHIER.json   (standard des lieux de médiation numérique)";

    string IFileImport.Progress => "Import des lieux";

    Task<ImportReport> IFileImport.ImportFileAsync(Stream file, string path, IProgress<double> progress, CancellationToken ct) => ImportAsync(file, path, progress, ct);

    public const long MaxBytes = 200 * 1024 * 1024;

    public static StandardSchema LoadSchema(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var fields = document.RootElement.GetProperty("fields").EnumerateArray().Select(f =>
        {
            var constraints = f.TryGetProperty("constraints", out var c) ? c : default;
            bool Flag(string name) => constraints.ValueKind == JsonValueKind.Object && constraints.TryGetProperty(name, out var v) && v.GetBoolean();
            string? Text(string name) => constraints.ValueKind == JsonValueKind.Object && constraints.TryGetProperty(name, out var v) ? v.GetString() : null;
            int? Number(string name) => constraints.ValueKind == JsonValueKind.Object && constraints.TryGetProperty(name, out var v) ? v.GetInt32() : null;
            return new SchemaField(f.GetProperty("name").GetString()!, f.GetProperty("type").GetString()!, Flag("required"), Flag("unique"), Text("pattern"), Number("maxLength"));
        }).ToList();
        return new StandardSchema(fields);
    }

    public async Task<ImportReport> ImportAsync(Stream input, string fileName, IProgress<double>? progress = null, CancellationToken ct = default)
    {
        var bytes = await ReadAsync(input, ct);
        var (shape, rows) = fileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? (null, ReadJson(bytes, schema)) : ReadCsv(bytes, schema);
        var note = shape is null ? null
            : $"Fichier reconnu : {shape.Name}. Il a été converti au {StandardName} ; les changements sont listés ci-dessous.";
        return await ImportRowsAsync(rows, note, progress, ct);
    }

    /// <summary>
    /// Validates rows already in the standard's field names (read from a file, or converted from an older shape or from
    /// data·inclusion) and writes the valid ones in one transaction: created, updated or unchanged by <c>id</c>. A row's
    /// <see cref="SourceRow.PartnerId"/> attaches a place not yet attached to anyone.
    /// </summary>
    public async Task<ImportReport> ImportRowsAsync(IEnumerable<SourceRow> rows, string? note, IProgress<double>? progress = null, CancellationToken ct = default)
    {
        var rejected = new List<ImportRejection>();
        var changes = new List<(int Line, string Text)>();
        var valid = new Dictionary<string, (int Line, IReadOnlyDictionary<string, string> Row, int? PartnerId)>(StringComparer.Ordinal);
        var count = 0;
        foreach (var (line, raw, problem, notes, partnerId) in rows)
        {
            if (problem is not null)
            {
                rejected.Add(new(line, problem));
                continue;
            }

            var (row, errors) = schema.Validate(raw!);
            if (row is null)
            {
                rejected.Add(new(line, string.Join(" ; ", errors.Select(e => $"{e.Field} : {e.Reason}"))));
            }
            else if (valid.TryGetValue(row["id"], out var first))
            {
                rejected.Add(new(line, $"id : l'identifiant {row["id"]} figure déjà ligne {first.Line}"));
            }
            else
            {
                valid[row["id"]] = (line, row, partnerId);
                changes.AddRange((notes ?? []).Select(n => (line, n.Text)));
            }

            if (++count % 2000 == 0)
            {
                progress?.Report(0.6 * count / Math.Max(1, count + 1));
            }
        }
        var existing = await db.Places.ToDictionaryAsync(p => p.Id, StringComparer.Ordinal, ct);
        int created = 0, updated = 0, unchanged = 0;
        var moved = new List<string>();
        var fresh = new List<Place>();
        foreach (var (id, (_, row, partnerId)) in valid)
        {
            if (existing.TryGetValue(id, out var place))
            {
                var attached = partnerId is not null && place.PartnerId is null;
                if (attached)
                {
                    place.AttachTo(partnerId);
                }

                if (place.Update(row))
                {
                    moved.Add(id);
                    updated++;
                }
                else if (attached)
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
                place = new Place(row);
                if (partnerId is { } owner)
                {
                    place.AttachTo(owner);
                }

                fresh.Add(place);
                created++;
            }
        }
        // One transaction: a failure leaves the directory as it was. The changed places through the change tracker, the
        // new ones (most of a first import) by multi-row inserts (issue 23 §4).
        await using (var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null)
        {
            await db.SaveChangesAsync(ct);
            await BulkInsert.InsertAsync(db, fresh, ct);
            if (transaction is not null)
            {
                await transaction.CommitAsync(ct);
            }
        }
        if (moved.Count > 0)
        {
            await PlaceFinder.RelocateSessionsAsync(db, moved, clock.GetUtcNow().UtcDateTime, ct);
        }

        progress?.Report(1);
        return new ImportReport(created, updated, unchanged, rejected.OrderBy(r => r.Line).ToList(), note, changes.Count == 0 ? null : ImportReport.Summarise(changes));
    }

    /// <summary>The directory as CSV in the standard's column order, multi-values joined by <c>|</c>.</summary>
    public async Task<string> ExportCsvAsync(CancellationToken ct)
    {
        // An export reads from the standby when one is configured (issue 22).
        var places = await (await reads.DatabaseAsync(ct)).Places.AsNoTracking().OrderBy(p => p.Id).ToListAsync(ct);
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        using var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture) { ShouldQuote = _ => true });
        foreach (var name in schema.FieldNames)
        {
            csv.WriteField(name);
        }

        await csv.NextRecordAsync();
        foreach (var place in places)
        {
            foreach (var name in schema.FieldNames)
            {
                // Partners edit these fields: a name such as « =HYPERLINK(…) » must not run in the reader's spreadsheet.
                csv.WriteField(Platform.Web.TableFile.Defuse(place.Fields.GetValueOrDefault(name, string.Empty) ?? string.Empty));
            }

            await csv.NextRecordAsync();
        }

        await csv.FlushAsync();
        return writer.ToString();
    }

    /// <summary>The directory as a JSON array of objects (numbers as numbers, multi-values as <c>|</c> text).</summary>
    public async Task<string> ExportJsonAsync(CancellationToken ct)
    {
        // An export reads from the standby when one is configured (issue 22).
        var places = await (await reads.DatabaseAsync(ct)).Places.AsNoTracking().OrderBy(p => p.Id).ToListAsync(ct);
        var array = new JsonArray();
        foreach (var place in places)
        {
            var item = new JsonObject();
            foreach (var field in schema.Fields.Where(f => place.Fields.ContainsKey(f.Name)))
            {
                var value = place.Fields[field.Name];
                item[field.Name] = field.Type == "number" ? JsonValue.Create(double.Parse(value, CultureInfo.InvariantCulture)) : JsonValue.Create(value);
            }

            array.Add(item);
        }

        return array.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    /// <summary>The standard's name as the verdicts say it.</summary>
    public const string StandardName = "standard des lieux de médiation numérique (v1.0.2)";

    /// <summary>A header that is not the standard's is refused once, for the whole file, with what differs (issue 15 §5).</summary>
    private static void CheckHeader(IEnumerable<string> header, StandardSchema schema, bool json = false)
    {
        var verdict = HeaderCheck.Check(header, schema);
        if (!verdict.Matches)
        {
            throw new ImportFileException(verdict.Message(StandardName, json));
        }
    }

    private static (OlderShape? Shape, List<SourceRow> Rows) ReadCsv(byte[] bytes, StandardSchema schema)
    {
        var rows = new List<SourceRow>();
        var shape = ReadCsv(bytes, schema, rows.Add);
        return (shape, rows);
    }

    private static OlderShape? ReadCsv(byte[] bytes, StandardSchema schema, Action<SourceRow> yield)
    {
        var text = Decode(bytes);
        var badData = new HashSet<int>();
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { BadDataFound = a => badData.Add(a.Context.Parser?.RawRow ?? 0), DetectColumnCountChanges = false };
        using var parser = new CsvParser(new StringReader(text), config);
        if (!parser.Read())
        {
            throw new ImportFileException("Le fichier est vide.");
        }

        var header = parser.Record!.Select(h => h.Trim().TrimStart('\uFEFF')).ToArray();

        // A hub's file in an older shape of the standard is converted, row by row, rather than refused (issue 21 §2).
        var shape = HeaderCheck.Check(header, schema).Matches ? null : OlderShapes.Recognise(header, [.. schema.FieldNames]);
        if (shape is null)
        {
            CheckHeader(header, schema);
        }
        else if (header.Where(h => h.Length > 0).GroupBy(h => h, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new ImportFileException($"La colonne « {twice.Key} » figure deux fois dans l'en-tête : gardez-en une, rien n'a été importé.");
        }

        while (parser.Read())
        {
            var line = parser.RawRow;
            var record = parser.Record!;
            if (record.Length == 1 && string.IsNullOrWhiteSpace(record[0]))
            {
                continue;
            }

            if (badData.Contains(line))
            {
                yield(new(line, null, "guillemets mal placés"));
            }
            else if (record.Length != header.Length)
            {
                yield(new(line, null, $"{record.Length} colonnes au lieu de {header.Length}"));
            }
            else
            {
                var row = header.Zip(record).Where(p => shape is null || p.First.Length > 0).ToDictionary(p => p.First, p => (string?)p.Second);
                var converted = shape is null ? null : OlderShapes.Convert(shape, row);
                yield(new(line, converted?.Row ?? row, null, converted?.Notes));
            }
        }

        return shape;
    }

    private static List<SourceRow> ReadJson(byte[] bytes, StandardSchema schema)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(bytes);
        }
        catch (JsonException e)
        {
            throw new ImportFileException($"Ce fichier n'est pas du JSON valide (ligne {e.LineNumber + 1}).");
        }

        if (root is not JsonArray array)
        {
            throw new ImportFileException("Le fichier JSON doit contenir une liste de lieux : [ {…}, {…} ].");
        }

        // The « header » of a JSON file: every key its objects use (an empty list, an empty directory's export, has none to check).
        if (array.OfType<JsonObject>().Any())
        {
            CheckHeader(array.OfType<JsonObject>().SelectMany(o => o.Select(p => p.Key)).Distinct(StringComparer.Ordinal), schema, json: true);
        }

        var rows = new List<SourceRow>();
        for (var i = 0; i < array.Count; i++)
        {
            // For JSON, the « line » is the position in the list, counted from 1.
            if (array[i] is not JsonObject item)
            {
                rows.Add(new(i + 1, null, "élément qui n'est pas un objet"));
                continue;
            }

            rows.Add(new(i + 1, item.ToDictionary(p => p.Key, p => p.Value switch
            {
                null => null,
                JsonValue v when v.TryGetValue<string>(out var s) => s,
                JsonValue v => v.ToJsonString(),
                JsonArray a => string.Join('|', a.Select(x => x?.ToString())),
                var other => other.ToJsonString(),
            }), null));
        }

        return rows;
    }

    private static async Task<byte[]> ReadAsync(Stream input, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await input.CopyToAsync(buffer, ct);
        if (buffer.Length > MaxBytes)
        {
            throw new ImportFileException($"Le fichier dépasse {MaxBytes / 1024 / 1024} Mo.");
        }

        var bytes = buffer.ToArray();
        if (bytes.AsSpan(0, Math.Min(bytes.Length, 8192)).Contains((byte)0))
        {
            throw new ImportFileException("Ce fichier n'est pas un fichier texte (il contient des données binaires).");
        }

        return bytes;
    }

    private static string Decode(byte[] bytes)
    {
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

/// <summary>One row to import, in the standard's field names, with its line, or the reason it cannot be read; what a conversion changed; the partner to attach the place to.</summary>
public sealed record SourceRow(int Line, IReadOnlyDictionary<string, string?>? Row, string? Problem, IReadOnlyList<MappingNote>? Notes = null, int? PartnerId = null);
