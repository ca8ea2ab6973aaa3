namespace Aiguillage.Domain.ClientMode;

/// <summary>
/// An office tablet in client mode (issue 17 §1): opened by a mediator from their signed-in session, it shows only
/// the client's screens until the mediator closes it with their password or the short code they chose. Clients take
/// turns on it (<see cref="ClientVisit"/>); the tablet remembers which one is in front of it, nothing else.
/// </summary>
public sealed class ClientTablet
{
    /// <summary>Wrong exit codes allowed before only the mediator's password opens the tablet.</summary>
    public const int ExitCodeAttempts = 5;

    private ClientTablet()
    {
        OpenedBy = string.Empty;
    }

    /// <param name="exitCodeHash">The hash of the mediator's short code, or null when only their password closes it.</param>
    /// <param name="returningClientId">A returning client the mediator chose for the first turn (by their reference).</param>
    public ClientTablet(Guid id, int officeId, string openedBy, string? exitCodeHash, Guid? returningClientId, DateTime nowUtc) : this()
    {
        if (string.IsNullOrWhiteSpace(openedBy))
        {
            throw new DomainException("tablet.opener-missing", "Le mode client s'ouvre depuis la session d'un médiateur.");
        }

        Id = id;
        OfficeId = officeId;
        OpenedBy = openedBy;
        ExitCodeHash = exitCodeHash;
        ReturningClientId = returningClientId;
        OpenedAt = nowUtc;
    }

    public Guid Id { get; private set; }

    public int OfficeId { get; private set; }

    /// <summary>The mediator's account id.</summary>
    public string OpenedBy { get; private set; }

    public DateTime OpenedAt { get; private set; }

    public DateTime? ClosedAt { get; private set; }

    public bool IsOpen => ClosedAt is null;

    public string? ExitCodeHash { get; private set; }

    public int ExitCodeFailures { get; private set; }

    /// <summary>Whether the short code may still be tried (else only the password closes the tablet).</summary>
    public bool ExitCodeUsable => ExitCodeHash is not null && ExitCodeFailures < ExitCodeAttempts;

    /// <summary>Taken by the first visit; every later visit is a new client.</summary>
    public Guid? ReturningClientId { get; private set; }

    /// <summary>The visit in front of the tablet now; null on the language screen.</summary>
    public Guid? CurrentVisitId { get; private set; }

    public void Begin(ClientVisit visit)
    {
        EnsureOpen();
        CurrentVisitId = visit.Id;
        ReturningClientId = null;
    }

    /// <summary>The visit is over or was cleared: the next person starts on the language screen.</summary>
    public void Release() => CurrentVisitId = null;


    public void Close(DateTime nowUtc)
    {
        ClosedAt ??= nowUtc;
        CurrentVisitId = null;
    }

    private void EnsureOpen()
    {
        if (!IsOpen)
        {
            throw new DomainException("tablet.closed", "Le mode client de cette tablette est fermé.");
        }
    }
}

/// <summary>
/// One client's turn on a tablet: their language, the draft their answers are saved in, and what the mediator must
/// know — that they ask for help, that they finished and wait.
/// </summary>
public sealed class ClientVisit
{
    private ClientVisit()
    {
        Language = string.Empty;
    }

    public ClientVisit(Guid id, Guid tabletId, int officeId, Guid draftId, string language, DateTime nowUtc) : this()
    {
        if (string.IsNullOrWhiteSpace(language))
        {
            throw new DomainException("visit.language-missing", "Choisissez une langue.", "language");
        }

        Id = id;
        TabletId = tabletId;
        OfficeId = officeId;
        DraftId = draftId;
        Language = language;
        StartedAt = LastSeenAt = nowUtc;
    }

    public Guid Id { get; private set; }

    public Guid TabletId { get; private set; }

    public int OfficeId { get; private set; }

    public Guid DraftId { get; private set; }

    /// <summary>The code of the language file the client chose (fr, ar, prs…).</summary>
    public string Language { get; private set; }

    /// <summary>« Lire automatiquement chaque question ».</summary>
    public bool AutoRead { get; private set; }

    public DateTime StartedAt { get; private set; }

    /// <summary>The client's last action; the tablet clears itself after a while without one.</summary>
    public DateTime LastSeenAt { get; private set; }

    /// <summary>Set by « J'ai besoin d'aide », cleared when the mediator answers « J'arrive ».</summary>
    public DateTime? HelpRequestedAt { get; private set; }

    public DateTime? FinishedAt { get; private set; }

    /// <summary>The mediator opened the result from « Clients en attente ».</summary>
    public DateTime? SeenAt { get; private set; }

    /// <summary>Cleared from the tablet (inactivity, or « Terminer »): nothing of this visit shows on it again.</summary>
    public DateTime? ClearedAt { get; private set; }

    public bool IsWaiting => FinishedAt is not null && SeenAt is null;

    public bool IsIdle(DateTime nowUtc, TimeSpan idle) => nowUtc - LastSeenAt >= idle;

    public void Seen(DateTime nowUtc) => LastSeenAt = nowUtc > LastSeenAt ? nowUtc : LastSeenAt;

    public void ChangeLanguage(string language, DateTime nowUtc)
    {
        if (string.IsNullOrWhiteSpace(language))
        {
            throw new DomainException("visit.language-missing", "Choisissez une langue.", "language");
        }

        Language = language;
        Seen(nowUtc);
    }

    public void SetAutoRead(bool on, DateTime nowUtc)
    {
        AutoRead = on;
        Seen(nowUtc);
    }

    public void AskForHelp(DateTime nowUtc)
    {
        HelpRequestedAt ??= nowUtc;
        Seen(nowUtc);
    }

    public void HelpAnswered() => HelpRequestedAt = null;

    public void Finish(DateTime nowUtc)
    {
        FinishedAt ??= nowUtc;
        Seen(nowUtc);
    }

    /// <summary>The mediator took over: the visit leaves « Clients en attente » and its help call is answered.</summary>
    public void TakenOver(DateTime nowUtc)
    {
        SeenAt ??= nowUtc;
        HelpRequestedAt = null;
    }

    public void Clear(DateTime nowUtc)
    {
        ClearedAt ??= nowUtc;
        HelpRequestedAt = null;
    }
}
