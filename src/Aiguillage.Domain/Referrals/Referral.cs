namespace Aiguillage.Domain.Referrals;

/// <summary>
/// Where a referral stands (issue 6): proposed → sent → contacted → enrolled → attended / absent → completed; declined,
/// abandoned and withdrawn (the client took back their consent to share, issue 16 §6) end it.
/// </summary>
public enum ReferralStatus
{
    Proposed = 0,
    Sent = 1,
    Contacted = 2,
    Enrolled = 3,
    Attended = 4,
    Absent = 5,
    Completed = 6,
    Declined = 7,
    Abandoned = 8,
    Withdrawn = 9,
}

/// <summary>Why a partner declines a referral: a closed list, so that steering can count them.</summary>
public enum DeclineReason
{
    Unreachable = 0,
    ClientNoLongerInterested = 1,
    OutsideArea = 2,
    NoSuitableWorkshop = 3,
    AlreadyFollowed = 4,
    Other = 5,
}

/// <summary>One step of a referral's journey: from, to, who, when, and the reason of a decline.</summary>
public sealed class ReferralEvent
{
    private ReferralEvent()
    {
        ByUserId = string.Empty;
    }

    internal ReferralEvent(Guid referralId, int sequence, ReferralStatus? from, ReferralStatus to, string byUserId, DateTime atUtc, DeclineReason? reason, Guid? sessionId) : this()
    {
        Id = Guid.NewGuid();
        Sequence = sequence;
        ReferralId = referralId;
        From = from;
        To = to;
        ByUserId = byUserId;
        At = atUtc;
        Reason = reason;
        SessionId = sessionId;
    }

    public Guid Id { get; private set; }

    public Guid ReferralId { get; private set; }

    /// <summary>
    /// Its place in the referral's history, from 0 (issue 16 §16): steps of the same instant — proposed and sent at
    /// once — keep their order, which the time alone does not give.
    /// </summary>
    public int Sequence { get; private set; }

    public ReferralStatus? From { get; private set; }

    public ReferralStatus To { get; private set; }

    public string ByUserId { get; private set; }

    public DateTime At { get; private set; }

    public DeclineReason? Reason { get; private set; }

    /// <summary>The session enrolled in, for an enrolment.</summary>
    public Guid? SessionId { get; private set; }
}

/// <summary>
/// The promise that a client sent to a partner does not fall through the cracks. A referral is created proposed,
/// and sent only with the client's consent to share their contact details with that partner; each change follows
/// <see cref="ReferralRules"/> and is kept as a <see cref="ReferralEvent"/>.
/// </summary>
public sealed class Referral
{
    private readonly List<ReferralEvent> _events = [];

    private Referral()
    {
        Needs = [];
        LevelInWords = CreatedBy = string.Empty;
    }

    /// <summary>A proposal made by a mediator after a diagnostic: a partner (and one of its places or sessions) for the client's needs.</summary>
    public Referral(Guid id, Guid clientId, int officeId, Guid? diagnosticId, int partnerId, string? placeId, Guid? sessionId,
        IReadOnlyList<string> needs, string levelInWords, string mediatorId, DateTime nowUtc) : this()
    {
        if (string.IsNullOrWhiteSpace(levelInWords))
        {
            throw new DomainException("referral.level-required", "Le niveau du client est nécessaire au partenaire.", nameof(LevelInWords));
        }

        Id = id;
        ClientId = clientId;
        OfficeId = officeId;
        DiagnosticId = diagnosticId;
        PartnerId = partnerId;
        PlaceId = placeId;
        ProposedSessionId = sessionId;
        Needs = [.. needs.Distinct()];
        LevelInWords = levelInWords;
        CreatedBy = mediatorId;
        CreatedAt = nowUtc;
        Status = ReferralStatus.Proposed;
        StatusChangedAt = nowUtc;
        _events.Add(new ReferralEvent(id, 0, null, ReferralStatus.Proposed, mediatorId, nowUtc, null, null));
    }

    public Guid Id { get; private set; }

    public Guid ClientId { get; private set; }

    public int OfficeId { get; private set; }

    public Guid? DiagnosticId { get; private set; }

    public int PartnerId { get; private set; }

    public string? PlaceId { get; private set; }

    /// <summary>The session the mediator proposed, if any (the partner may enrol the client in another).</summary>
    public Guid? ProposedSessionId { get; private set; }

    /// <summary>The session the client is enrolled in.</summary>
    public Guid? SessionId { get; private set; }

    /// <summary>The needs, as services of the national standard: what the partner sees, never the raw answers.</summary>
    public IReadOnlyList<string> Needs { get; private set; }

    /// <summary>The level in words (« Débutant (niveau 3 sur 5) »), as shown to the partner.</summary>
    public string LevelInWords { get; private set; }

    public string CreatedBy { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public ReferralStatus Status { get; private set; }

    public DateTime StatusChangedAt { get; private set; }

    public DateTime? SentAt { get; private set; }

    /// <summary>
    /// The contact details the client agreed to share with this partner, for this referral only (issue 16 §4–5): a
    /// copy, not the office's follow-up record, so that each consent covers its own data. Erased for good when the
    /// client withdraws the sharing and when the referral ends — a later consent never shows them again.
    /// </summary>
    public string? ContactFirstName { get; private set; }

    public string? ContactPhone { get; private set; }

    public string? ContactEmail { get; private set; }

    /// <summary>Version of the sharing text the client agreed to (e.g. « partage-partenaire-v1 »).</summary>
    public string? ConsentTextVersion { get; private set; }

    public DateTime? ConsentGivenAt { get; private set; }

    public string? ConsentGivenBy { get; private set; }

    public DateTime? ConsentWithdrawnAt { get; private set; }

    /// <summary>When the reminder job found it still not contacted after the deadline (flagged once).</summary>
    public DateTime? OverdueSince { get; private set; }

    public DeclineReason? DeclineReason { get; private set; }

    /// <summary>
    /// The client's re-diagnosis after this referral (issue 20 §1): their first diagnostic filled after it was sent,
    /// in the office, on paper or in client mode. Null until they are diagnosed again.
    /// </summary>
    public Guid? RediagnosisId { get; private set; }

    /// <summary>When the re-diagnosis was filled (not when it was keyed).</summary>
    public DateTime? RediagnosedAt { get; private set; }

    public IReadOnlyList<ReferralEvent> Events => _events;

    /// <summary>The next step's place: after every step loaded (a referral is always changed with its history).</summary>
    private int NextSequence => _events.Count == 0 ? 0 : _events.Max(e => e.Sequence) + 1;

    /// <summary>The partner may see the client's contact details: shared under this referral's consent, neither withdrawn nor ended.</summary>
    public bool SharesContact => ContactFirstName is not null;

    /// <summary>
    /// Sends the referral to the partner with the client's consent to share these details (no consent, no referral):
    /// the sharing text's version is kept with the details it covers.
    /// </summary>
    public void Send(bool clientAgreed, string consentTextVersion, string? firstName, string? phone, string? email, string mediatorId, DateTime nowUtc)
    {
        if (!clientAgreed)
        {
            throw new DomainException("referral.consent-required", "Sans l'accord du client pour transmettre ses coordonnées au partenaire, l'orientation ne peut pas être envoyée.", "Consent");
        }

        if (string.IsNullOrWhiteSpace(consentTextVersion))
        {
            throw new DomainException("referral.consent-version-required", "La version du texte montré au client est obligatoire.", "Consent");
        }

        var (name, cleanPhone, cleanEmail) = Clients.ContactDetails.Validate(firstName, phone, email);
        Move(ReferralStatus.Sent, mediatorId, nowUtc);
        (ContactFirstName, ContactPhone, ContactEmail) = (name, cleanPhone, cleanEmail);
        ConsentTextVersion = consentTextVersion;
        ConsentGivenAt = nowUtc;
        ConsentGivenBy = mediatorId;
        SentAt = nowUtc;
    }

    /// <summary>
    /// The client withdraws the sharing consent (issue 16 §6): the partner no longer sees their details, at once, and
    /// the referral ends as « retirée » — out of every list of things to do and of every reminder, a line in its history.
    /// </summary>
    public void WithdrawConsent(string byUserId, DateTime nowUtc)
    {
        if (!SharesContact)
        {
            throw new DomainException("referral.no-consent", "Il n'y a pas d'accord de partage à retirer.", "Consent");
        }

        Move(ReferralStatus.Withdrawn, byUserId, nowUtc);
        ConsentWithdrawnAt = nowUtc;
    }

    /// <summary>The client's personal data is erased (retention over, or at their request): the shared copy goes with it.</summary>
    public void EraseContact() => ContactFirstName = ContactPhone = ContactEmail = null;

    public void MarkContacted(string byUserId, DateTime nowUtc) => Move(ReferralStatus.Contacted, byUserId, nowUtc);

    /// <summary>Enrols the client in a session; the seat itself is taken by the caller, atomically, in the same transaction.</summary>
    public void Enrol(Guid sessionId, string byUserId, DateTime nowUtc)
    {
        Move(ReferralStatus.Enrolled, byUserId, nowUtc, sessionId: sessionId);
        SessionId = sessionId;
    }

    /// <summary>The client came to the session; said once it has begun, not before (issue 16 §7).</summary>
    public void MarkAttended(DateTime sessionStartsAtUtc, string byUserId, DateTime nowUtc)
    {
        RequireStarted(sessionStartsAtUtc, nowUtc);
        Move(ReferralStatus.Attended, byUserId, nowUtc);
    }

    /// <summary>The client did not come; said once the session has begun, not before (issue 16 §7).</summary>
    public void MarkAbsent(DateTime sessionStartsAtUtc, string byUserId, DateTime nowUtc)
    {
        RequireStarted(sessionStartsAtUtc, nowUtc);
        Move(ReferralStatus.Absent, byUserId, nowUtc);
    }

    private void RequireStarted(DateTime sessionStartsAtUtc, DateTime nowUtc)
    {
        // The transition is checked first, so that « not enrolled » reads as such rather than as « not started ».
        if (ReferralRules.CanMove(Status, ReferralStatus.Attended) && nowUtc < sessionStartsAtUtc)
        {
            throw new DomainException("referral.session-not-started",
                "La séance n'a pas encore commencé : la présence ou l'absence se note à partir de son début.", "Action");
        }
    }

    public void Complete(string byUserId, DateTime nowUtc) => Move(ReferralStatus.Completed, byUserId, nowUtc);

    public void Decline(DeclineReason reason, string byUserId, DateTime nowUtc)
    {
        if (!Enum.IsDefined(reason))
        {
            throw new DomainException("referral.reason-invalid", "Choisissez une raison dans la liste.", "Reason");
        }

        Move(ReferralStatus.Declined, byUserId, nowUtc, reason);
        DeclineReason = reason;
    }

    public void Abandon(string byUserId, DateTime nowUtc) => Move(ReferralStatus.Abandoned, byUserId, nowUtc);

    /// <summary>
    /// The partner cancelled the session the client was enrolled in: the referral goes back to « contacté », its seat
    /// gone with the session, so that the client can be enrolled in another one. Not a move a person chooses, hence
    /// not in <see cref="ReferralRules"/>; recorded as an event like the others, with the cancelled session.
    /// </summary>
    public void SessionCancelled(string byUserId, DateTime nowUtc)
    {
        if (Status != ReferralStatus.Enrolled || SessionId is not { } cancelled)
        {
            throw new DomainException("referral.not-enrolled", "Le client n'est inscrit à aucune séance.", "Status");
        }

        _events.Add(new ReferralEvent(Id, NextSequence, Status, ReferralStatus.Contacted, byUserId, nowUtc, null, cancelled));
        Status = ReferralStatus.Contacted;
        StatusChangedAt = nowUtc;
        SessionId = null;
    }

    /// <summary>Flags a referral not contacted in time; false when it needs no flag (already flagged, or moved on).</summary>
    public bool FlagOverdue(TimeSpan deadline, DateTime nowUtc)
    {
        if (Status != ReferralStatus.Sent || OverdueSince is not null || SentAt is not { } sent || nowUtc - sent < deadline)
        {
            return false;
        }

        OverdueSince = nowUtc;
        return true;
    }

    /// <summary>
    /// Links a later diagnostic of the client as this referral's re-diagnosis; true when the link changed. The
    /// re-diagnosis is the <em>first</em> diagnostic filled after sending: a paper sheet keyed late but filled earlier
    /// than the one linked takes its place; a diagnostic of before the sending, or of another client, is no re-diagnosis.
    /// </summary>
    public bool LinkRediagnosis(Guid diagnosticId, Guid? diagnosticClientId, DateTime filledAtUtc)
    {
        if (diagnosticClientId != ClientId || SentAt is not { } sent || filledAtUtc <= sent || diagnosticId == DiagnosticId)
        {
            return false;
        }

        if (RediagnosedAt is { } linked && linked <= filledAtUtc)
        {
            return false;
        }

        (RediagnosisId, RediagnosedAt) = (diagnosticId, filledAtUtc);
        return true;
    }

    /// <summary>Whether leaving the current status releases a seat in <see cref="SessionId"/> (enrolled, then declined, abandoned or withdrawn).</summary>
    public bool HoldsSeat => Status == ReferralStatus.Enrolled;

    private void Move(ReferralStatus to, string byUserId, DateTime nowUtc, DeclineReason? reason = null, Guid? sessionId = null)
    {
        if (!ReferralRules.CanMove(Status, to))
        {
            throw new DomainException("referral.transition-refused",
                $"Impossible de passer de « {Status.Label()} » à « {to.Label()} ».", "Status");
        }

        _events.Add(new ReferralEvent(Id, NextSequence, Status, to, byUserId, nowUtc, reason, sessionId));
        Status = to;
        StatusChangedAt = nowUtc;
        if (ReferralRules.IsEnd(to))
        {
            // The partner's work is over: it no longer needs to reach the client (data minimisation, RGPD art. 5.1.c).
            EraseContact();
        }
    }
}

/// <summary>The allowed moves of a referral, and the French words for its states.</summary>
public static class ReferralRules
{
    private static readonly Dictionary<ReferralStatus, ReferralStatus[]> Allowed = new()
    {
        [ReferralStatus.Proposed] = [ReferralStatus.Sent, ReferralStatus.Abandoned],
        // Withdrawn is never chosen from the action list: it follows the client's withdrawal of consent (Referral.WithdrawConsent).
        [ReferralStatus.Sent] = [ReferralStatus.Contacted, ReferralStatus.Declined, ReferralStatus.Abandoned, ReferralStatus.Withdrawn],
        [ReferralStatus.Contacted] = [ReferralStatus.Enrolled, ReferralStatus.Declined, ReferralStatus.Abandoned, ReferralStatus.Withdrawn],
        [ReferralStatus.Enrolled] = [ReferralStatus.Attended, ReferralStatus.Absent, ReferralStatus.Declined, ReferralStatus.Abandoned, ReferralStatus.Withdrawn],
        // An absent client may be enrolled again in another session.
        [ReferralStatus.Absent] = [ReferralStatus.Enrolled, ReferralStatus.Declined, ReferralStatus.Abandoned, ReferralStatus.Withdrawn],
        [ReferralStatus.Attended] = [ReferralStatus.Completed, ReferralStatus.Withdrawn],
        [ReferralStatus.Completed] = [],
        [ReferralStatus.Declined] = [],
        [ReferralStatus.Abandoned] = [],
        [ReferralStatus.Withdrawn] = [],
    };

    public static bool CanMove(ReferralStatus from, ReferralStatus to) => Allowed.TryGetValue(from, out var next) && next.Contains(to);

    public static IReadOnlyList<ReferralStatus> Next(ReferralStatus from) => Allowed.GetValueOrDefault(from) ?? [];

    public static bool IsEnd(ReferralStatus status) => Next(status).Count == 0;

    public static string Label(this ReferralStatus status) => status switch
    {
        ReferralStatus.Proposed => "proposée",
        ReferralStatus.Sent => "envoyée au partenaire",
        ReferralStatus.Contacted => "client contacté",
        ReferralStatus.Enrolled => "inscrit à une séance",
        ReferralStatus.Attended => "présent à la séance",
        ReferralStatus.Absent => "absent à la séance",
        ReferralStatus.Completed => "parcours terminé",
        ReferralStatus.Declined => "refusée par le partenaire",
        ReferralStatus.Withdrawn => "retirée : le client a retiré son accord",
        _ => "abandonnée",
    };

    public static string Label(this DeclineReason reason) => reason switch
    {
        DeclineReason.Unreachable => "Client injoignable",
        DeclineReason.ClientNoLongerInterested => "Le client ne souhaite plus d'accompagnement",
        DeclineReason.OutsideArea => "Hors de notre zone",
        DeclineReason.NoSuitableWorkshop => "Aucun atelier adapté à ses besoins",
        DeclineReason.AlreadyFollowed => "Déjà accompagné ailleurs",
        _ => "Autre raison",
    };
}
