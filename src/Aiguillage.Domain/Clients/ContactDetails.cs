using System.Globalization;
using System.Text.RegularExpressions;

namespace Aiguillage.Domain.Clients;

/// <summary>The only contact details kept about a client: a first name, and a phone number or an e-mail.</summary>
public static partial class ContactDetails
{
    public const int MaxFirstName = 50;

    // Letters (any alphabet), spaces, hyphens and apostrophes: a first name, not a sentence.
    [GeneratedRegex(@"^[\p{L}][\p{L}\p{M} '’-]{0,49}$")]
    private static partial Regex FirstNamePattern();

    // French numbers: 10 digits starting with 0, or +33 and 9 digits (ARCEP numbering plan).
    [GeneratedRegex(@"^(?:0[1-9]\d{8}|\+33[1-9]\d{8})$")]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"^[^@\s]{1,64}@[^@\s]{1,180}\.[^@\s]{2,}$")]
    private static partial Regex EmailPattern();

    public static (string FirstName, string? Phone, string? Email) Validate(string? firstName, string? phone, string? email)
    {
        var name = firstName?.Trim() ?? string.Empty;
        if (!FirstNamePattern().IsMatch(name))
        {
            throw new DomainException("contact.first-name-invalid", "Indiquez un prénom (lettres, espaces, tirets ; 50 caractères au plus).", "FirstName");
        }

        var cleanPhone = string.IsNullOrWhiteSpace(phone) ? null : new string([.. phone.Where(c => char.IsDigit(c) || c == '+')]);
        if (cleanPhone is not null && !PhonePattern().IsMatch(cleanPhone))
        {
            throw new DomainException("contact.phone-invalid", "Indiquez un numéro de téléphone à 10 chiffres, par exemple 06 12 34 56 78.", "Phone");
        }

        var cleanEmail = string.IsNullOrWhiteSpace(email) ? null : email.Trim();
        if (cleanEmail is not null && (cleanEmail.Length > 254 || !EmailPattern().IsMatch(cleanEmail)))
        {
            throw new DomainException("contact.email-invalid", "Indiquez une adresse e-mail de la forme nom@exemple.fr.", "Email");
        }

        if (cleanPhone is null && cleanEmail is null)
        {
            throw new DomainException("contact.channel-required", "Indiquez un numéro de téléphone ou une adresse e-mail pour pouvoir recontacter le client.", "Phone");
        }

        return (name, cleanPhone, cleanEmail);
    }

    /// <summary>
    /// A phone number as the office types it to find a client again (« 06 12 34 56 78 », « +33 6 12… »), in the two
    /// forms a consent may have stored it (issue 18): national, then international. Null when it is not a French number.
    /// </summary>
    public static (string National, string International)? PhoneForms(string? typed)
    {
        var digits = string.IsNullOrWhiteSpace(typed) ? string.Empty : new string([.. typed.Where(c => char.IsDigit(c) || c == '+')]);
        if (!PhonePattern().IsMatch(digits))
        {
            return null;
        }

        var significant = digits.StartsWith('+') ? digits[3..] : digits[1..];
        return ("0" + significant, "+33" + significant);
    }

    /// <summary>
    /// Whether a stored number can receive an SMS: a French mobile, 06 or 07 (ARCEP numbering plan); a landline
    /// cannot, so no invitation is sent there.
    /// </summary>
    public static bool IsMobile(string? phone) => PhoneForms(phone) is { } forms && forms.National[1] is '6' or '7';

    /// <summary>
    /// Whether a first name typed at the counter is the one the client gave: case and accents aside (« helene » finds
    /// « Hélène »), since the mediator types what they hear.
    /// </summary>
    public static bool SameFirstName(string? given, string? typed) =>
        given is not null && typed is not null && !string.IsNullOrWhiteSpace(typed) &&
        string.Compare(given.Trim(), typed.Trim(), CultureInfo.InvariantCulture, CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace) == 0;

    /// <summary>An e-mail address typed at the counter is the one the client gave, case aside.</summary>
    public static bool SameEmail(string? given, string? typed) =>
        given is not null && typed is not null && string.Equals(given.Trim(), typed.Trim(), StringComparison.OrdinalIgnoreCase);
}
