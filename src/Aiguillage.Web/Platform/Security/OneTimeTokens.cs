using System.Security.Cryptography;
using System.Text;

namespace Aiguillage.Web.Platform.Security;

/// <summary>
/// Tokens of links that open something without an account (the client's check-in, issue 20 §1): 128 random bits in
/// base64url, so the link tells nothing and cannot be guessed; only their SHA-256 is stored, so a copy of the
/// database opens nothing. A fast hash suffices: the token is random, not a password someone chose.
/// </summary>
public static class OneTimeTokens
{
    public static (string Token, string Hash) Create()
    {
        var token = Base64Url(RandomNumberGenerator.GetBytes(16));
        return (token, Hash(token));
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>What a link may carry: 22 base64url characters; anything else is no token of ours.</summary>
    public static bool LooksValid(string? token) => token is { Length: 22 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
