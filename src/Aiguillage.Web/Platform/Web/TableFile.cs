using System.Globalization;
using System.Text;
using MiniExcelLibs;

namespace Aiguillage.Web.Platform.Web;

/// <summary>The two file formats of exports.</summary>
public enum TableFormat
{
    Csv = 0,
    Xlsx = 1,
}

/// <summary>
/// Writes a table (headings, then rows of text, whole numbers, decimals, dates or nothing) as a file French Excel
/// opens as is (issue 8): CSV in UTF-8 with BOM, « ; » between fields, « , » before decimals, dates as 26/11/2026; or
/// XLSX (MiniExcel), where numbers stay numbers and Excel shows them in the reader's own conventions.
/// </summary>
public static class TableFile
{
    /// <summary>The most rows an XLSX sheet holds (1,048,576 with the heading).</summary>
    public const int MaxXlsxRows = 1_048_575;

    public static string ContentType(TableFormat format) => format == TableFormat.Xlsx
        ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        : "text/csv; charset=utf-8";

    public static string Extension(TableFormat format) => format == TableFormat.Xlsx ? "xlsx" : "csv";

    /// <summary>Reads « csv » or « xlsx » (empty: CSV); null for anything else.</summary>
    public static TableFormat? Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "csv" => TableFormat.Csv,
        "xlsx" => TableFormat.Xlsx,
        _ => null,
    };

    public static async Task WriteAsync(Stream output, TableFormat format, string sheet, IReadOnlyList<string> headings, IEnumerable<object?[]> rows, CancellationToken ct)
    {
        if (format == TableFormat.Xlsx)
        {
            // Keyed by position, not by heading: two columns may carry the same heading. MiniExcel writes a zip, which
            // needs a seekable stream: the file is built in a temporary file, then copied.
            var path = Path.GetTempFileName();
            try
            {
                await using (var file = File.Create(path))
                {
                    await MiniExcel.SaveAsAsync(file, Sheet(headings, rows), printHeader: false, sheetName: sheet, excelType: ExcelType.XLSX, cancellationToken: ct);
                }

                await using var read = File.OpenRead(path);
                await read.CopyToAsync(output, ct);
            }
            finally
            {
                File.Delete(path);
            }

            return;
        }

        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 1 << 16, leaveOpen: true);
        await writer.WriteLineAsync(string.Join(';', headings.Select(Quote)));
        foreach (var row in rows)
        {
            ct.ThrowIfCancellationRequested();
            await writer.WriteLineAsync(string.Join(';', row.Select(Csv)));
        }

        await writer.FlushAsync(ct);
    }

    public static async Task<byte[]> ToBytesAsync(TableFormat format, string sheet, IReadOnlyList<string> headings, IEnumerable<object?[]> rows, CancellationToken ct)
    {
        using var memory = new MemoryStream();
        await WriteAsync(memory, format, sheet, headings, rows, ct);
        return memory.ToArray();
    }

    private static IEnumerable<Dictionary<string, object?>> Sheet(IReadOnlyList<string> headings, IEnumerable<object?[]> rows)
    {
        var keys = headings.Select((_, i) => $"c{i}").ToArray();
        yield return keys.Zip(headings).ToDictionary(k => k.First, k => (object?)k.Second);
        foreach (var row in rows.Take(MaxXlsxRows))
        {
            yield return keys.Select((k, i) => (k, i)).ToDictionary(k => k.k, k => Cell(row[k.i]));
        }
    }

    private static object? Cell(object? value) => value switch
    {
        DateOnly d => d.ToDateTime(TimeOnly.MinValue),
        string s => Defuse(s),
        bool b => b ? "oui" : "non",
        _ => value,
    };

    private static string Csv(object? value) => value switch
    {
        null => string.Empty,
        string s => Quote(Defuse(s)),
        int or long => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        decimal m => m.ToString("0.##########", ParisTime.French),
        double f => f.ToString("0.##########", ParisTime.French),
        DateOnly d => d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture),
        bool b => b ? "oui" : "non",
        _ => Quote(Defuse(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty)),
    };

    /// <summary>
    /// A text that a spreadsheet would take for a formula (« = », « + », « - », « @ » first) gets a leading apostrophe:
    /// an export never runs anything in the reader's Excel (OWASP, CSV injection). One rule for every export, the
    /// places file of the national standard included (issue 16 §16). A number written with its sign — a phone number
    /// « +33 4 77 … », « -1,5 » — has no letter, so it can call no function: it is kept as it is, and the standard's
    /// phone numbers survive the round trip.
    /// </summary>
    public static string Defuse(string value) =>
        value.Length > 0 && (value[0] is '=' or '@' or '\t' or '\r' || (value[0] is '+' or '-' && !value.All(c => char.IsAsciiDigit(c) || c is ' ' or '.' or ',' or '-' or '+' or '(' or ')' or '/')))
            ? "'" + value
            : value;

    private static string Quote(string value) =>
        value.IndexOfAny([';', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
}
