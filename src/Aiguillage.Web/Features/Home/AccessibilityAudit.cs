using System.Globalization;
using System.Text.RegularExpressions;

namespace Aiguillage.Web.Features.Home;

/// <summary>Where one RGAA criterion stands in the audit.</summary>
public enum CriterionResult
{
    Met,
    NotMet,
    NotApplicable,
    ToCheck,
}

public sealed record AuditedCriterion(string Id, string Title, CriterionResult Result);

/// <summary>
/// The project's RGAA audit, <c>docs/rgaa-4.1.md</c> (embedded in the app), read as the statement page needs it
/// (issue 18): each criterion's result, the date, the version, and the closing sections in Markdown. The rate is the
/// official one: criteria met ÷ criteria applicable; « À vérifier » counts as applicable and not met, so a criterion
/// nobody checked can never raise it.
/// </summary>
public sealed partial class AccessibilityAudit
{
    private AccessibilityAudit(IReadOnlyList<AuditedCriterion> criteria, string date, string version, IReadOnlyDictionary<string, string> sections)
    {
        Criteria = criteria;
        Date = date;
        Version = version;
        Sections = sections;
    }

    public IReadOnlyList<AuditedCriterion> Criteria { get; }

    /// <summary>The audit's date as written (« 2026-12-03 »).</summary>
    public string Date { get; }

    /// <summary>« 4.1.2 ».</summary>
    public string Version { get; }

    /// <summary>The level-2 sections after the criteria (« Dérogations », « Contenus non accessibles », « Signaler un problème »), as Markdown.</summary>
    public IReadOnlyDictionary<string, string> Sections { get; }

    public int Count(CriterionResult result) => Criteria.Count(c => c.Result == result);

    public int Applicable => Criteria.Count(c => c.Result != CriterionResult.NotApplicable);

    /// <summary>Met ÷ applicable, 0 to 1.</summary>
    public double Rate => Applicable == 0 ? 0 : (double)Count(CriterionResult.Met) / Applicable;

    /// <summary>« 38,7 % ».</summary>
    public string RateText => (Rate * 100).ToString("0.#", CultureInfo.GetCultureInfo("fr-FR")) + "\u00A0%";

    /// <summary>The official wording of the state of conformance: total at 100 %, partial from 50 %, none below.</summary>
    public string Conformance => Rate >= 1 ? "totalement conforme" : Rate >= 0.5 ? "partiellement conforme" : "non conforme";

    /// <summary>The audit embedded in the app.</summary>
    public static AccessibilityAudit Embedded()
    {
        using var stream = typeof(AccessibilityAudit).Assembly.GetManifestResourceStream("rgaa-4.1.md")
            ?? throw new InvalidOperationException("docs/rgaa-4.1.md is not embedded in the app");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    public static AccessibilityAudit Parse(string markdown)
    {
        var criteria = new List<AuditedCriterion>();
        var sections = new Dictionary<string, string>(StringComparer.Ordinal);
        string? section = null;
        var body = new List<string>();
        foreach (var line in markdown.Split('\n').Select(l => l.TrimEnd('\r')))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                Close();
                section = line[3..].Trim();
                continue;
            }

            var row = Row().Match(line);
            if (row.Success)
            {
                criteria.Add(new(row.Groups["id"].Value, row.Groups["title"].Value.Trim(), row.Groups["result"].Value switch
                {
                    "Conforme" => CriterionResult.Met,
                    "Non conforme" => CriterionResult.NotMet,
                    "Non applicable" => CriterionResult.NotApplicable,
                    _ => CriterionResult.ToCheck,
                }));
            }
            else if (line.StartsWith('|') && Regex.IsMatch(line, @"^\|\s*\d+\.\d+\s*\|"))
            {
                throw new FormatException($"rgaa-4.1.md: a criterion's result must be « Conforme », « Non conforme », « Non applicable » or « À vérifier » : {line}");
            }

            body.Add(line);
        }

        Close();
        var duplicates = criteria.GroupBy(c => c.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            throw new FormatException($"rgaa-4.1.md: criteria listed twice: {string.Join(", ", duplicates)}");
        }

        var date = DateLine().Match(markdown) is { Success: true } d ? d.Groups[1].Value : throw new FormatException("rgaa-4.1.md: no « Date de l’audit »");
        var version = VersionText().Match(markdown) is { Success: true } v ? v.Groups[1].Value : "4.1";
        return new AccessibilityAudit(criteria, date, version, sections);

        void Close()
        {
            if (section is not null && !Regex.IsMatch(section, @"^\d+\."))
            {
                sections[section] = string.Join('\n', body).Trim();
            }

            body.Clear();
        }
    }

    [GeneratedRegex(@"^\|\s*(?<id>\d+\.\d+)\s*\|(?<title>[^|]+)\|\s*(?<result>Conforme|Non conforme|Non applicable|À vérifier)\s*\|")]
    private static partial Regex Row();

    [GeneratedRegex(@"\*\*Date de l.audit\*\*\s*:\s*(\d{4}-\d{2}-\d{2})")]
    private static partial Regex DateLine();

    [GeneratedRegex(@"\*\*Référentiel\*\*\s*:\s*RGAA\s+(4\.1(?:\.\d+)?)")]
    private static partial Regex VersionText();
}
