namespace Aiguillage.Web.Platform.Imports;

/// <summary>A line of an import file that was not taken, with its line number in the file and why.</summary>
public sealed record ImportRejection(int Line, string Reason);

/// <summary>One change an import made to rows it converted from an older shape: how many rows, and the first one's line.</summary>
public sealed record ImportMapping(string Text, int Rows, int FirstLine);

/// <summary>
/// What an import did, line by line (ARCHITECTURE rule 4: each rejected line with its number and reason), the same for
/// every file an area imports. <paramref name="Note"/>: said once about the file (an older header read as today's);
/// <paramref name="Mappings"/>: what a conversion from an older shape changed (issue 21 §2), each change once with its count.
/// </summary>
public sealed record ImportReport(int Created, int Updated, int Unchanged, IReadOnlyList<ImportRejection> Rejected, string? Note = null, IReadOnlyList<ImportMapping>? Mappings = null)
{
    /// <summary>Each distinct change once, in the order first met, with the number of rows it touched.</summary>
    public static IReadOnlyList<ImportMapping> Summarise(IEnumerable<(int Line, string Text)> changes) =>
        [.. changes.GroupBy(c => c.Text, StringComparer.Ordinal).Select(g => new ImportMapping(g.Key, g.Select(c => c.Line).Distinct().Count(), g.Min(c => c.Line))).OrderBy(m => m.FirstLine)];

    public int Read => Created + Updated + Unchanged + Rejected.Count;

    public int Imported => Created + Updated + Unchanged;
}

/// <summary>The whole file was refused (not a CSV, not the expected format): nothing was imported.</summary>
public sealed class ImportFileException(string message) : Exception(message);

/// <summary>
/// A file an area imports from the command line (<c>-- import NAME FILE</c>): the area registers it, the command line
/// finds it by name, so Platform names no feature (docs/adr/0021).
/// </summary>
public interface IFileImport
{
    /// <summary>The word after « import » (« offices », « places »).</summary>
    string Name { get; }

    /// <summary>What the file is, for the usage text (« FICHIER.csv (format « points de contact » de La Poste) »).</summary>
    string Usage { get; }

    /// <summary>The progress bar's label (« Import des bureaux »).</summary>
    string Progress { get; }

    Task<ImportReport> ImportFileAsync(Stream file, string path, IProgress<double> progress, CancellationToken ct);
}
