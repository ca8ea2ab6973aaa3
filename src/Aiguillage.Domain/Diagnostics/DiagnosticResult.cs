namespace Aiguillage.Domain.Diagnostics;

/// <summary>Know-how in one domain: points over the applicable maximum, and whether a basic skill is shown.</summary>
public sealed record DomainScore(string Domain, string Label, int Points, int Max)
{
    /// <summary>Percentage of the applicable maximum (0 when nothing applies).</summary>
    public int Percent => Max == 0 ? 0 : (int)Math.Floor(100.0 * Points / Max);

    /// <summary>
    /// Basic skill in the domain: at least one of its activities done, alone or with help (INSEE counts an activity
    /// done, whatever the help). Source: Insee Première n°1780 (2019) and n°1953 (2023).
    /// </summary>
    public bool HasBasicSkill => Points > 0;
}

/// <summary>The computed result of one answer sheet. Pure function of the definition and the answers.</summary>
public sealed record DiagnosticResult(
    int EquipmentScore,
    int EquipmentMax,
    int KnowHowPoints,
    int KnowHowMax,
    int ConfidenceScore,
    int ConfidenceMax,
    IReadOnlyList<DomainScore> Domains,
    LevelDefinition Level,
    bool Illectronisme,
    bool NoInternetUse,
    IReadOnlyList<string> AnswersToCheck)
{
    /// <summary>Know-how as a percentage of the applicable maximum, rounded down.</summary>
    public int KnowHowPercent => KnowHowMax == 0 ? 0 : (int)Math.Floor(100.0 * KnowHowPoints / KnowHowMax);

    public int DomainsLacking => Domains.Count(d => !d.HasBasicSkill);
}
