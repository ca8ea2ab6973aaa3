namespace Aiguillage.Domain.Partners;

/// <summary>What a partner's API key may do.</summary>
public enum ApiKeyAccess
{
    /// <summary>Read the partner's referrals and sessions.</summary>
    ReadOnly = 0,

    /// <summary>Also move referrals and manage sessions.</summary>
    ReadWrite = 1,
}

/// <summary>
/// A key a partner's staff create for their own tools (issue 21 §4): named, shown once, kept only as a hash, scoped to
/// the partner, read-only or read-write, revocable. The key reads <c>agl_&lt;prefix&gt;_&lt;secret&gt;</c>; the prefix
/// finds it, the hash of the whole key proves it.
/// </summary>
public sealed class PartnerApiKey
{
    public const int MaxNameLength = 80;

    private PartnerApiKey()
    {
        Name = Prefix = SecretHash = CreatedBy = string.Empty;
    }

    public PartnerApiKey(Guid id, int partnerId, string name, ApiKeyAccess access, string prefix, string secretHash, string createdBy, DateTime nowUtc) : this()
    {
        var clean = name?.Trim() ?? string.Empty;
        if (clean.Length is < 3 or > MaxNameLength)
        {
            throw new DomainException("api-key.name-invalid", $"Donnez un nom à la clé, de 3 à {MaxNameLength} caractères (par exemple « Logiciel d'accueil »).", nameof(Name));
        }

        if (!Enum.IsDefined(access))
        {
            throw new DomainException("api-key.access-invalid", "Choisissez « lecture seule » ou « lecture et écriture ».", nameof(Access));
        }

        if (string.IsNullOrWhiteSpace(prefix) || string.IsNullOrWhiteSpace(secretHash))
        {
            throw new ArgumentException("A key has a prefix and the hash of its secret.");
        }

        (Id, PartnerId, Name, Access, Prefix, SecretHash, CreatedBy, CreatedAt) = (id, partnerId, clean, access, prefix, secretHash, createdBy, nowUtc);
    }

    public Guid Id { get; private set; }

    public int PartnerId { get; private set; }

    public string Name { get; private set; }

    public ApiKeyAccess Access { get; private set; }

    /// <summary>The key's first characters, shown to tell keys apart and used to find it; never enough to use it.</summary>
    public string Prefix { get; private set; }

    /// <summary>SHA-256 of the whole key, hexadecimal.</summary>
    public string SecretHash { get; private set; }

    public string CreatedBy { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime? LastUsedAt { get; private set; }

    public DateTime? RevokedAt { get; private set; }

    public string? RevokedBy { get; private set; }

    public bool IsActive => RevokedAt is null;

    /// <summary>Revoked at once, for good: a key cannot be brought back, only a new one made.</summary>
    public void Revoke(string byUserId, DateTime nowUtc)
    {
        if (RevokedAt is not null)
        {
            throw new DomainException("api-key.revoked", "Cette clé est déjà révoquée.", nameof(RevokedAt));
        }

        (RevokedAt, RevokedBy) = (nowUtc, byUserId);
    }
}
