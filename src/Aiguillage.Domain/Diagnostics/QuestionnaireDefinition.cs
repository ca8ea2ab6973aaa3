namespace Aiguillage.Domain.Diagnostics;

/// <summary>The three angles of the diagnostic (docs/questionnaire.md).</summary>
public static class Axes
{
    public const string Equipment = "equipment";
    public const string KnowHow = "knowhow";
    public const string Confidence = "confidence";

    public static readonly IReadOnlyList<string> All = [Equipment, KnowHow, Confidence];
}

/// <summary>How an answer option counts.</summary>
public enum OptionKind
{
    /// <summary>A point on the question's scale.</summary>
    Scored = 0,

    /// <summary>« Je ne sais pas »: scored like the lowest point of the scale, and reported as "to check".</summary>
    DontKnow = 1,

    /// <summary>« Pas concerné »: the question leaves the denominator; it neither helps nor harms.</summary>
    NotApplicable = 2,
}

public sealed record AnswerOption(string Id, string Label, int Points, OptionKind Kind = OptionKind.Scored);

/// <summary>
/// One scored question. <see cref="Domain"/> is set for know-how questions (one of the definition's domains).
/// <see cref="Role"/> marks the questions a rule reads by meaning (e.g. <c>internet-access</c>).
/// </summary>
public sealed record Question(string Id, string Axis, string Text, IReadOnlyList<AnswerOption> Options, string? Domain = null, string? Hint = null, string? Role = null);

/// <summary>A named ease level: reached when both the equipment score and the know-how percentage reach its minimums.</summary>
public sealed record LevelDefinition(int Value, string Label, string Description, int MinEquipment, int MinKnowHowPercent);

public sealed record DomainDefinition(string Id, string Label);

/// <summary>A need the client can pick; <see cref="Service"/> is the national data standard's service it maps to.</summary>
public sealed record NeedDefinition(string Id, string Label, string Category, string Service);

public sealed record ProfileOption(string Id, string Label);

/// <summary>An optional profile question; each offers « ne souhaite pas répondre ».</summary>
public sealed record ProfileQuestion(string Id, string Label, IReadOnlyList<ProfileOption> Options);

/// <summary>
/// Illectronisme rule parameters (INSEE 2021: no internet use, or lacking basic skills in at least four of the
/// five domains).
/// </summary>
public sealed record IllectronismeRule(int MinDomainsLacking);

/// <summary>A versioned questionnaire, read from a definition file (Content/questionnaires).</summary>
public sealed record QuestionnaireDefinition(
    string Id,
    int Version,
    string Title,
    string Language,
    IReadOnlyList<DomainDefinition> Domains,
    IReadOnlyList<Question> Questions,
    IReadOnlyList<LevelDefinition> Levels,
    IllectronismeRule Illectronisme,
    IReadOnlyList<NeedDefinition> Needs,
    IReadOnlyList<ProfileQuestion> Profile)
{
    /// <summary>Role of the question on internet access: its lowest answer means "no internet use".</summary>
    public const string InternetAccessRole = "internet-access";

    /// <summary>Role of the question on the smartphone: with no internet access, its lowest answer confirms no use.</summary>
    public const string SmartphoneRole = "smartphone";

    public Question? FindQuestion(string id) => Questions.FirstOrDefault(q => q.Id == id);

    /// <summary>
    /// The level as people read it: its rank from 1 on the scale of <see cref="Levels"/> (values start at 0, so
    /// « niveau 2 sur 4 » sat on five steps, issue 18). Values stay what is stored and exported; only words use this.
    /// </summary>
    public int Rank(LevelDefinition level) => Levels.Count(l => l.Value < level.Value) + 1;

    public int Rank(int levelValue) => Levels.Count(l => l.Value < levelValue) + 1;

    /// <summary>« niveau 3 sur 5 »: the same scale wherever a level is written.</summary>
    public string LevelOnScale(int levelValue) => $"niveau {Rank(levelValue)} sur {Levels.Count}";

    /// <summary>
    /// The services of the national standard a client's needs call for (each need names one), once each, in the
    /// questionnaire's order: what a place search filters on and what a referral tells the partner.
    /// </summary>
    public IReadOnlyList<string> ServicesFor(IReadOnlyCollection<string> needs) =>
        [.. Needs.Where(n => needs.Contains(n.Id)).Select(n => n.Service).Distinct()];

    public int MaxPoints(Question question) => question.Options.Where(o => o.Kind == OptionKind.Scored).Max(o => o.Points);
}
