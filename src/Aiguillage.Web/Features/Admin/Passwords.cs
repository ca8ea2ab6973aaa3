using System.Security.Cryptography;

namespace Aiguillage.Web.Features.Admin;

/// <summary>Provisional passwords an admin hands over: 16 characters without look-alikes (0/O, 1/l/I).</summary>
public static class Passwords
{
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public static string Generate() => RandomNumberGenerator.GetString(Alphabet, 16);
}
