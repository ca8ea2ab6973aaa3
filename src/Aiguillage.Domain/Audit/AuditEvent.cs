namespace Aiguillage.Domain.Audit;

/// <summary>What the audit journal records (issue 9 §1): a closed list, so the journal can be searched and counted.</summary>
public enum AuditAction
{
    SignInSucceeded = 0,
    SignInFailed = 1,
    ClientViewed = 2,
    ConsentGiven = 3,
    ConsentWithdrawn = 4,
    ReferralSent = 5,
    ChequeIssued = 6,
    ChequeRedeemed = 7,
    Exported = 8,
    AccountCreated = 9,
    AccountChanged = 10,
    PersonalDataViewed = 11,
    ClientAnonymised = 12,
    TwoFactorChanged = 13,

    /// <summary>An office looked a returning client up by first name and contact (issue 18): one line per search.</summary>
    ClientSearched = 14,

    /// <summary>A client stopped messages by one channel (« STOP » by SMS, or the check-in page; issue 20 §1).</summary>
    MessagesStopped = 15,

    /// <summary>A partner's API key was created or revoked (issue 21 §4).</summary>
    ApiKeyChanged = 16,

    /// <summary>A call made with a partner's API key: one line per call (issue 21 §4).</summary>
    ApiKeyUsed = 17,

    /// <summary>A partner's webhook address or secret was set, changed or removed (issue 21 §4).</summary>
    WebhookChanged = 18,
}

public enum AuditOutcome
{
    Success = 0,
    Refused = 1,
}

public static class AuditActions
{
    public static string Label(this AuditAction action) => action switch
    {
        AuditAction.SignInSucceeded => "Connexion réussie",
        AuditAction.SignInFailed => "Connexion refusée",
        AuditAction.ClientViewed => "Fiche client consultée",
        AuditAction.ConsentGiven => "Accord du client recueilli",
        AuditAction.ConsentWithdrawn => "Accord du client retiré",
        AuditAction.ReferralSent => "Orientation envoyée",
        AuditAction.ChequeIssued => "Chèque remis",
        AuditAction.ChequeRedeemed => "Chèque encaissé",
        AuditAction.Exported => "Export de données",
        AuditAction.AccountCreated => "Compte créé",
        AuditAction.AccountChanged => "Compte modifié",
        AuditAction.PersonalDataViewed => "Données d'une personne communiquées",
        AuditAction.ClientAnonymised => "Données d'un client anonymisées",
        AuditAction.TwoFactorChanged => "Double authentification modifiée",
        AuditAction.ClientSearched => "Client recherché par prénom et coordonnées",
        AuditAction.MessagesStopped => "Le client ne veut plus de messages",
        AuditAction.ApiKeyChanged => "Clé d'API créée ou révoquée",
        AuditAction.ApiKeyUsed => "Appel avec une clé d'API",
        AuditAction.WebhookChanged => "Webhook d'un partenaire modifié",
        _ => action.ToString(),
    };
}

/// <summary>
/// One line of the audit journal: when, who (an account id, none for a failed sign-in of an unknown address), what,
/// about what (a subject such as « client:… », never a name or a contact), in which scope, and the outcome. Lines are
/// only ever added: the data layer refuses to change or delete them, and so does the database (triggers).
/// </summary>
public sealed class AuditEvent
{
    public const int MaxSubject = 200;

    private AuditEvent()
    {
        Subject = string.Empty;
    }

    public AuditEvent(DateTime atUtc, string? userId, AuditAction action, string subject, string? scope, AuditOutcome outcome) : this()
    {
        if (!Enum.IsDefined(action))
        {
            throw new DomainException("audit.action-unknown", "Action du journal inconnue.", nameof(Action));
        }

        At = atUtc;
        UserId = userId;
        Action = action;
        Subject = subject.Length > MaxSubject ? subject[..MaxSubject] : subject;
        Scope = scope;
        Outcome = outcome;
    }

    public long Id { get; private set; }

    public DateTime At { get; private set; }

    public string? UserId { get; private set; }

    public AuditAction Action { get; private set; }

    public string Subject { get; private set; }

    public string? Scope { get; private set; }

    public AuditOutcome Outcome { get; private set; }
}
