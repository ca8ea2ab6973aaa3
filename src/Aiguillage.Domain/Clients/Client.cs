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

    public static bool IsReference(string? value) => value is not null && ReferencePattern().IsMatch(value);

    /// <summary>Normalises what a person types (« k7f 3qx ») to the stored form (« K7F-3QX »).</summary>
    public static string NormaliseReference(string typed)
    {
        var compact = new string([.. typed.ToUpperInvariant().Where(char.IsLetterOrDigit)]);
        return compact.Length == 6 ? $"{compact[..3]}-{compact[3..]}" : typed.Trim().ToUpperInvariant();
    }
}
