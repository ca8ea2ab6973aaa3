using System.Text.RegularExpressions;

namespace Aiguillage.Domain.Clients;

/// <summary>
/// The person diagnosed. Anonymous by default (ARCHITECTURE §4.10): only a short reference code they can keep on
/// their printout, so that a later diagnostic shows their progress. No name, no contact, no life story here.
/// </summary>
public sealed partial class Client
{
    /// <summary>Letters and digits without look-alikes (0/O, 1/I/L), read aloud easily.</summary>
    public const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    [GeneratedRegex("^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{3}-[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{3}$")]
    private static partial Regex ReferencePattern();

    private Client()
    {
        Reference = string.Empty;
    }

    public Client(Guid id, string reference, int officeId, DateTime createdAtUtc) : this()
    {
        if (!IsReference(reference))
        {
            throw new DomainException("client.reference-invalid", "La référence client a la forme ABC-234.", nameof(Reference));
        }

        Id = id;
        Reference = reference;
        OfficeId = officeId;
        CreatedAt = createdAtUtc;
    }

    public Guid Id { get; private set; }

    /// <summary>Short code such as « K7F-3QX », unique, printed on the client's handout.</summary>
    public string Reference { get; private set; }

    /// <summary>The office where the client was first seen.</summary>
    public int OfficeId { get; private set; }

    public DateTime CreatedAt { get; private set; }

    /// <summary>Contact details exist only under an active consent to follow-up; withdrawing it erases them.</summary>
    public string? FirstName { get; private set; }

    public string? Phone { get; private set; }

    public string? Email { get; private set; }

    private readonly List<ClientConsent> _consents = [];

    public IReadOnlyList<ClientConsent> Consents => _consents;

    public ClientConsent? ActiveConsent => _consents.FirstOrDefault(c => c.WithdrawnAt is null);

    /// <summary>
    /// Records the client's consent to be contacted for follow-up (purpose, the version of the text they were shown,
    /// who, when) with the contact details they chose to give: a first name, and a phone number or an e-mail.
    /// </summary>
    public ClientConsent GiveConsent(string textVersion, string firstName, string? phone, string? email, string mediatorId, DateTime nowUtc)
    {
        if (AnonymisedAt is not null)
        {
            throw new DomainException("client.anonymised", "Les données de ce client ont été anonymisées : il ne peut plus être recontacté par cette fiche.");
        }

        if (ActiveConsent is not null)
        {
            throw new DomainException("client.consent-exists", "Le client a déjà donné son accord ; retirez-le d'abord pour changer ses coordonnées.");
        }

        var (name, cleanPhone, cleanEmail) = ContactDetails.Validate(firstName, phone, email);
        var consent = new ClientConsent(Guid.NewGuid(), Id, ConsentPurpose.FollowUp, textVersion, mediatorId, nowUtc);
        _consents.Add(consent);
        FirstName = name;
        Phone = cleanPhone;
        Email = cleanEmail;
        // A consent given anew at the counter is a new choice: an earlier STOP was about the details it replaces.
        SmsStoppedAt = EmailStoppedAt = null;
        return consent;
    }

    /// <summary>Withdrawal erases the contact details at once; the consent record keeps who and when, not the data.</summary>
    public void WithdrawConsent(string mediatorId, DateTime nowUtc)
    {
        var consent = ActiveConsent ?? throw new DomainException("client.no-consent", "Le client n'a pas donné d'accord à retirer.");
        consent.Withdraw(mediatorId, nowUtc);
        FirstName = Phone = Email = null;
    }

    /// <summary>When the client answered STOP to an SMS (issue 20 §1): no SMS is sent to them again; the consent stays for the rest.</summary>
    public DateTime? SmsStoppedAt { get; private set; }

    /// <summary>When the client asked for no more e-mails from the check-in page.</summary>
    public DateTime? EmailStoppedAt { get; private set; }

    /// <summary>Whether a message may go to them by <paramref name="channel"/>: under an active consent, with that contact, not stopped.</summary>
    public bool Accepts(MessageChannel channel) => ActiveConsent is not null && channel switch
    {
        MessageChannel.Sms => ContactDetails.IsMobile(Phone) && SmsStoppedAt is null,
        _ => Email is not null && EmailStoppedAt is null,
    };

    /// <summary>
    /// The client stops messages by <paramref name="channel"/> (« STOP » by SMS, or the check-in page); false when they
    /// were already stopped. Their consent to be contacted by the office otherwise stands.
    /// </summary>
    public bool StopMessages(MessageChannel channel, DateTime nowUtc)
    {
        if (channel == MessageChannel.Sms)
        {
            if (SmsStoppedAt is not null)
            {
                return false;
            }

            SmsStoppedAt = nowUtc;
            return true;
        }

        if (EmailStoppedAt is not null)
        {
            return false;
        }

        EmailStoppedAt = nowUtc;
        return true;
    }

    /// <summary>
    /// When the client's personal data was anonymised (retention period over, or erased at their request); null while
    /// they are a known client.
    /// </summary>
    public DateTime? AnonymisedAt { get; private set; }

    /// <summary>
    /// Anonymises the client (issue 9 §2, §3; RGPD art. 5.1.e and 17): contact details erased, an active consent
    /// withdrawn, and the reference printed on their handout replaced by a fresh one nobody holds, so nothing left
    /// leads back to the person. Diagnostics, actions and referrals stay, pseudonymous, for the statistics.
    /// </summary>
    public void Anonymise(string freshReference, string by, DateTime nowUtc)
    {
        if (AnonymisedAt is not null)
        {
            throw new DomainException("client.already-anonymised", "Les données de ce client sont déjà anonymisées.");
        }

        if (!IsReference(freshReference) || freshReference == Reference)
        {
            throw new DomainException("client.reference-invalid", "La nouvelle référence doit être une autre référence de la forme ABC-234.", nameof(Reference));
        }

        ActiveConsent?.Withdraw(by, nowUtc);
        FirstName = Phone = Email = null;
        Reference = freshReference;
        AnonymisedAt = nowUtc;
    }

    public static bool IsReference(string? value) => value is not null && ReferencePattern().IsMatch(value);

    /// <summary>Normalises what a person types (« k7f 3qx ») to the stored form (« K7F-3QX »).</summary>
    public static string NormaliseReference(string typed)
    {
        var compact = new string([.. typed.ToUpperInvariant().Where(char.IsLetterOrDigit)]);
        return compact.Length == 6 ? $"{compact[..3]}-{compact[3..]}" : typed.Trim().ToUpperInvariant();
    }
}
