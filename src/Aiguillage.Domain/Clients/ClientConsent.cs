namespace Aiguillage.Domain.Clients;

public enum ConsentPurpose
{
    /// <summary>Être recontacté pour le suivi de son parcours (orientation, atelier, nouveau diagnostic).</summary>
    FollowUp = 0,
}

/// <summary>How a message reaches a client who consented to be contacted.</summary>
public enum MessageChannel
{
    Email = 0,
    Sms = 1,
}

/// <summary>A consent as given: what for, which text was shown, who recorded it and when; and its withdrawal.</summary>
public sealed class ClientConsent
{
    private ClientConsent()
    {
        TextVersion = GivenBy = string.Empty;
    }

    public ClientConsent(Guid id, Guid clientId, ConsentPurpose purpose, string textVersion, string givenBy, DateTime givenAtUtc) : this()
    {
        if (string.IsNullOrWhiteSpace(textVersion))
        {
            throw new DomainException("consent.text-version-required", "La version du texte montré au client est obligatoire.");
        }

        Id = id;
        ClientId = clientId;
        Purpose = purpose;
        TextVersion = textVersion;
        GivenBy = givenBy;
        GivenAt = givenAtUtc;
    }

    public Guid Id { get; private set; }

    public Guid ClientId { get; private set; }

    public ConsentPurpose Purpose { get; private set; }

    /// <summary>Version of the consent text shown (e.g. « suivi-v1 »), so the exact wording can be found again.</summary>
    public string TextVersion { get; private set; }

    public string GivenBy { get; private set; }

    public DateTime GivenAt { get; private set; }

    public string? WithdrawnBy { get; private set; }

    public DateTime? WithdrawnAt { get; private set; }

    internal void Withdraw(string by, DateTime atUtc)
    {
        WithdrawnBy = by;
        WithdrawnAt = atUtc;
    }
}
