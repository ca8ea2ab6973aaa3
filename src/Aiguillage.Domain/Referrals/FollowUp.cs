namespace Aiguillage.Domain.Referrals;

/// <summary>Why the office should hear from a referred client again (issue 20 §1).</summary>
public enum FollowUpReason
{
    /// <summary>The partner reported the journey finished.</summary>
    Completed = 0,

    /// <summary>The partner declined: the client still needs another way.</summary>
    Declined = 1,

    /// <summary>A set number of weeks have passed since the referral was sent, whatever the partner reported.</summary>
    WeeksAfterSending = 2,
}

/// <summary>An answer of the two-question check-in. « Un peu » is offered for the second question only.</summary>
public enum CheckInAnswer
{
    Yes = 0,
    No = 1,
    ABit = 2,
}

/// <summary>
/// The office's follow-up of one referral (issue 20 §1): listed under « Suivis à faire » from the day it is due until
/// the mediator marks it done; where the client consented to be contacted, an invitation to a two-question check-in
/// (a one-time, expiring link) is sent by SMS and e-mail, and the answers are kept here, on the referral's timeline.
/// One per referral.
/// </summary>
public sealed class FollowUp
{
    private FollowUp()
    {
        Language = string.Empty;
    }

    public FollowUp(Guid id, Referral referral, FollowUpReason reason, string language, DateTime nowUtc) : this()
    {
        if (!Enum.IsDefined(reason))
        {
            throw new DomainException("follow-up.reason-invalid", "Raison de suivi inconnue.", nameof(Reason));
        }

        if (string.IsNullOrWhiteSpace(language))
        {
            throw new DomainException("follow-up.language-required", "La langue du client est nécessaire.", nameof(Language));
        }

        Id = id;
        ReferralId = referral.Id;
        ClientId = referral.ClientId;
        OfficeId = referral.OfficeId;
        Reason = reason;
        Language = language;
        CreatedAt = nowUtc;
    }

    public Guid Id { get; private set; }

    public Guid ReferralId { get; private set; }

    public Guid ClientId { get; private set; }

    public int OfficeId { get; private set; }

    public FollowUpReason Reason { get; private set; }

    /// <summary>The language of the client's screens (the code of a language file): the check-in speaks it.</summary>
    public string Language { get; private set; }

    public DateTime CreatedAt { get; private set; }

    /// <summary>SHA-256 of the check-in link's token, never the token itself: a copy of the database opens no check-in.</summary>
    public string? TokenHash { get; private set; }

    public DateTime? TokenExpiresAt { get; private set; }

    public DateTime? InvitedAt { get; private set; }

    public bool InvitedBySms { get; private set; }

    public bool InvitedByEmail { get; private set; }

    /// <summary>« Êtes-vous allé à l'atelier ? » — yes or no.</summary>
    public CheckInAnswer? Attended { get; private set; }

    /// <summary>« Est-ce que cela vous aide pour vos démarches ? » — yes, a bit, or no.</summary>
    public CheckInAnswer? Helps { get; private set; }

    public DateTime? AnsweredAt { get; private set; }

    /// <summary>When the mediator marked it done (the client was seen, called, or needs nothing more).</summary>
    public DateTime? ClosedAt { get; private set; }

    public string? ClosedBy { get; private set; }

    public bool IsOpen => ClosedAt is null;

    /// <summary>The check-in can still be answered: invited, not answered, link not expired.</summary>
    public bool CanCheckIn(DateTime nowUtc) => TokenHash is not null && AnsweredAt is null && nowUtc < TokenExpiresAt;

    /// <summary>Records the invitation: the link's token (hashed) and its end, and the ways it went.</summary>
    public void Invite(string tokenHash, DateTime expiresAtUtc, bool bySms, bool byEmail, DateTime nowUtc)
    {
        if (InvitedAt is not null)
        {
            throw new DomainException("follow-up.invited", "Le client a déjà été invité pour ce suivi.", nameof(InvitedAt));
        }

        if (!bySms && !byEmail)
        {
            throw new DomainException("follow-up.no-channel", "Une invitation part par SMS ou par e-mail.", nameof(InvitedAt));
        }

        if (string.IsNullOrWhiteSpace(tokenHash) || expiresAtUtc <= nowUtc)
        {
            throw new DomainException("follow-up.token-invalid", "Le lien d'invitation doit expirer plus tard.", nameof(TokenExpiresAt));
        }

        (TokenHash, TokenExpiresAt, InvitedAt, InvitedBySms, InvitedByEmail) = (tokenHash, expiresAtUtc, nowUtc, bySms, byEmail);
    }

    /// <summary>The client's answers, once: the link serves one time, before it expires.</summary>
    public void CheckIn(CheckInAnswer attended, CheckInAnswer helps, DateTime nowUtc)
    {
        if (attended is not (CheckInAnswer.Yes or CheckInAnswer.No))
        {
            throw new DomainException("check-in.attended-invalid", "Répondez oui ou non.", nameof(Attended));
        }

        if (!Enum.IsDefined(helps))
        {
            throw new DomainException("check-in.helps-invalid", "Répondez oui, un peu ou non.", nameof(Helps));
        }

        if (!CanCheckIn(nowUtc))
        {
            throw new DomainException("check-in.closed", "Ce lien ne marche plus : il a déjà servi, ou il est trop ancien.", "token");
        }

        (Attended, Helps, AnsweredAt) = (attended, helps, nowUtc);
    }

    /// <summary>The mediator marks the follow-up done; it leaves « Suivis à faire ».</summary>
    public void Close(string byUserId, DateTime nowUtc)
    {
        if (ClosedAt is not null)
        {
            throw new DomainException("follow-up.closed", "Ce suivi est déjà fait.", nameof(ClosedAt));
        }

        (ClosedAt, ClosedBy) = (nowUtc, byUserId);
    }
}

/// <summary>When a referral calls for a follow-up, and the French words for it.</summary>
public static class FollowUpRules
{
    /// <summary>
    /// Why <paramref name="referral"/> is due for a follow-up now, or null: at once when it is completed or declined;
    /// otherwise once <paramref name="afterSending"/> has passed since it was sent, unless the mediator abandoned it or
    /// the client took back their consent — both the client's or the office's own choice to stop.
    /// </summary>
    public static FollowUpReason? Due(Referral referral, TimeSpan afterSending, DateTime nowUtc) => referral.Status switch
    {
        ReferralStatus.Completed => FollowUpReason.Completed,
        ReferralStatus.Declined => FollowUpReason.Declined,
        ReferralStatus.Proposed or ReferralStatus.Abandoned or ReferralStatus.Withdrawn => null,
        _ when referral.SentAt is { } sent && nowUtc - sent >= afterSending => FollowUpReason.WeeksAfterSending,
        _ => null,
    };

    public static string Label(this FollowUpReason reason, int weeks) => reason switch
    {
        FollowUpReason.Completed => "Parcours terminé chez le partenaire",
        FollowUpReason.Declined => "Refusée par le partenaire : proposer une autre solution",
        _ => weeks == 1 ? "Orientation envoyée il y a 1 semaine" : $"Orientation envoyée il y a {weeks} semaines",
    };

    public static string Label(this CheckInAnswer answer) => answer switch
    {
        CheckInAnswer.Yes => "oui",
        CheckInAnswer.No => "non",
        _ => "un peu",
    };
}
