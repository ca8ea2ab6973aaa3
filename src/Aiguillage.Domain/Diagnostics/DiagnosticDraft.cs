namespace Aiguillage.Domain.Diagnostics;

/// <summary>
/// A diagnostic being answered at the counter. Every answer is saved as it is given, so a reload, a network error
/// or another computer resumes where it stopped. Its id becomes the diagnostic's id when submitted, which makes a
/// double submission land on the same diagnostic.
/// </summary>
public sealed class DiagnosticDraft
{
    private DiagnosticDraft()
    {
        QuestionnaireId = StartedBy = string.Empty;
        Answers = new Dictionary<string, string>();
        Needs = [];
        Profile = new Dictionary<string, string>();
    }

    public DiagnosticDraft(Guid id, int officeId, Guid clientId, DiagnosticMode mode, QuestionnaireDefinition definition, string startedBy, DateTime nowUtc) : this()
    {
        Id = id;
        OfficeId = officeId;
        ClientId = clientId;
        Mode = mode;
        QuestionnaireId = definition.Id;
        QuestionnaireVersion = definition.Version;
        StartedBy = startedBy;
        StartedAt = UpdatedAt = nowUtc;
    }

    public Guid Id { get; private set; }

    public int OfficeId { get; private set; }

    public Guid ClientId { get; private set; }

    public DiagnosticMode Mode { get; private set; }

    public string QuestionnaireId { get; private set; }

    public int QuestionnaireVersion { get; private set; }

    public IReadOnlyDictionary<string, string> Answers { get; private set; }

    public IReadOnlyList<string> Needs { get; private set; }

    public IReadOnlyDictionary<string, string> Profile { get; private set; }

    /// <summary>Whether the needs step was passed (even with no need chosen).</summary>
    public bool NeedsDone { get; private set; }

    /// <summary>Whether the profile step was passed (answered or skipped).</summary>
    public bool ProfileDone { get; private set; }

    public string StartedBy { get; private set; }

    public DateTime StartedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    /// <summary>Set once submitted: the draft is then read-only and points to the stored diagnostic (same id).</summary>
    public DateTime? SubmittedAt { get; private set; }

    public bool IsSubmitted => SubmittedAt is not null;

    public void Answer(QuestionnaireDefinition definition, string questionId, string optionId, DateTime nowUtc)
    {
        EnsureOpen();
        var question = definition.FindQuestion(questionId)
            ?? throw new DomainException("draft.question-unknown", $"La question « {questionId} » n'existe pas.", "answer");
        if (question.Options.All(o => o.Id != optionId))
        {
            throw new DomainException("draft.option-unknown", "Choisissez une des réponses proposées.", "answer");
        }

        Answers = new Dictionary<string, string>(Answers) { [questionId] = optionId };
        UpdatedAt = nowUtc;
    }

    public void SetNeeds(QuestionnaireDefinition definition, IReadOnlyList<string> needs, DateTime nowUtc)
    {
        EnsureOpen();
        var unknown = needs.FirstOrDefault(n => definition.Needs.All(d => d.Id != n));
        if (unknown is not null)
        {
            throw new DomainException("draft.need-unknown", $"Le besoin « {unknown} » n'existe pas.", "needs");
        }

        Needs = [.. needs.Distinct()];
        NeedsDone = true;
        UpdatedAt = nowUtc;
    }

    /// <summary>The optional profile; only « ne souhaite pas répondre » and real options are accepted.</summary>
    public void SetProfile(QuestionnaireDefinition definition, IReadOnlyDictionary<string, string> profile, DateTime nowUtc)
    {
        EnsureOpen();
        var errors = new AnswerSheet(new Dictionary<string, string>(), [], profile).Validate(definition).Where(e => e.Field.StartsWith("profile.", StringComparison.Ordinal)).ToList();
        if (errors.Count > 0)
        {
            throw new DomainException("draft.profile-invalid", errors[0].Message, errors[0].Field);
        }

        // « Ne souhaite pas répondre » is not stored as an answer: nothing is kept that the person did not give.
        Profile = profile.Where(p => p.Value != ProfileAnswers.NoAnswer).ToDictionary(p => p.Key, p => p.Value);
        ProfileDone = true;
        UpdatedAt = nowUtc;
    }

    /// <summary>The first question without an answer, in the definition's order; null when all are answered.</summary>
    public Question? FirstUnanswered(QuestionnaireDefinition definition) => definition.Questions.FirstOrDefault(q => !Answers.ContainsKey(q.Id));

    public bool IsComplete(QuestionnaireDefinition definition) => FirstUnanswered(definition) is null && NeedsDone && ProfileDone;

    public AnswerSheet ToSheet() => new(Answers, Needs, Profile);

    public void MarkSubmitted(DateTime nowUtc)
    {
        SubmittedAt ??= nowUtc;
        UpdatedAt = nowUtc;
    }

    private void EnsureOpen()
    {
        if (IsSubmitted)
        {
            throw new DomainException("draft.submitted", "Ce diagnostic est déjà enregistré : il ne peut plus être modifié.");
        }
    }
}
