namespace Aiguillage.Domain.Diagnostics;

/// <summary>What the mediator thinks of the level the questionnaire gave (issue 20 §3).</summary>
public enum LevelVerdict
{
    Right = 0,
    TooHigh = 1,
    TooLow = 2,
}

/// <summary>
/// The mediator's own judgement of a diagnostic's level, in one optional click on the result (« Ce niveau vous
/// paraît : juste / trop haut / trop bas »): how far the questionnaire agrees with the person who saw the client. One
/// per diagnostic; a second click changes it.
/// </summary>
public sealed class LevelJudgement
{
    private LevelJudgement()
    {
        JudgedBy = string.Empty;
    }

    public LevelJudgement(Guid diagnosticId, LevelVerdict verdict, string judgedBy, DateTime nowUtc) : this()
    {
        DiagnosticId = diagnosticId;
        Change(verdict, judgedBy, nowUtc);
    }

    public Guid DiagnosticId { get; private set; }

    public LevelVerdict Verdict { get; private set; }

    public string JudgedBy { get; private set; }

    public DateTime JudgedAt { get; private set; }

    public void Change(LevelVerdict verdict, string judgedBy, DateTime nowUtc)
    {
        if (!Enum.IsDefined(verdict))
        {
            throw new DomainException("judgement.invalid", "Choisissez : juste, trop haut ou trop bas.", nameof(Verdict));
        }

        (Verdict, JudgedBy, JudgedAt) = (verdict, judgedBy, nowUtc);
    }
}

public static class LevelVerdictLabels
{
    public static string Label(this LevelVerdict verdict) => verdict switch
    {
        LevelVerdict.Right => "juste",
        LevelVerdict.TooHigh => "trop haut",
        _ => "trop bas",
    };
}
