namespace Aiguillage.Domain.Referrals;

/// <summary>
/// Where a partner wants its referrals' news posted (issue 21 §4): one HTTPS address per partner, and the secret the
/// posts are signed with (HMAC-SHA256), kept protected by the caller. Each new referral and each change is posted.
/// </summary>
public sealed class ReferralWebhook
{
    public const int MaxUrlLength = 500;

    private ReferralWebhook()
    {
        Url = ProtectedSecret = string.Empty;
    }

    public ReferralWebhook(int partnerId, string url, string protectedSecret, bool allowHttp, DateTime nowUtc) : this()
    {
        PartnerId = partnerId;
        CreatedAt = nowUtc;
        Change(url, protectedSecret, allowHttp, nowUtc);
    }

    public int PartnerId { get; private set; }

    public string Url { get; private set; }

    /// <summary>The signing secret, as the app protects it (never shown again once given).</summary>
    public string ProtectedSecret { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    /// <summary>A new address or a new secret. Only HTTPS, with a host; plain HTTP only where the app allows it (tests on the loopback).</summary>
    public void Change(string url, string protectedSecret, bool allowHttp, DateTime nowUtc)
    {
        var clean = url?.Trim() ?? string.Empty;
        if (clean.Length > MaxUrlLength || !Uri.TryCreate(clean, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host)
            || !(uri.Scheme == Uri.UriSchemeHttps || (allowHttp && uri.Scheme == Uri.UriSchemeHttp)) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new DomainException("webhook.url-invalid", $"Indiquez une adresse HTTPS complète, par exemple https://mon-logiciel.example/aiguillage ({MaxUrlLength} caractères au plus).", nameof(Url));
        }

        if (string.IsNullOrWhiteSpace(protectedSecret))
        {
            throw new ArgumentException("A webhook has a secret.", nameof(protectedSecret));
        }

        (Url, ProtectedSecret, UpdatedAt) = (uri.ToString(), protectedSecret, nowUtc);
    }
}
