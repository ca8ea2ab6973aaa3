using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Aiguillage.Domain.Diagnostics;

/// <summary>
/// A printed questionnaire carries a sheet number (« K7FQ-3X2M »). Keying it in gives the diagnostic an id derived
/// from the office and that number, so the same sheet keyed twice is recognised as a replay, not a second client.
/// </summary>
public static partial class PaperSheet
{
    [GeneratedRegex("^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{4}-[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{4}$")]
    private static partial Regex NumberPattern();

    public static bool IsNumber(string? value) => value is not null && NumberPattern().IsMatch(value);

    /// <summary>« k7fq 3x2m » → « K7FQ-3X2M »; anything else is returned trimmed and upper-cased for the error message.</summary>
    public static string Normalise(string typed)
    {
        var compact = new string([.. typed.ToUpperInvariant().Where(char.IsLetterOrDigit)]);
        return compact.Length == 8 ? $"{compact[..4]}-{compact[4..]}" : typed.Trim().ToUpperInvariant();
    }

    /// <summary>The diagnostic id of a sheet: the same office and number always give the same id.</summary>
    public static Guid DiagnosticId(int officeId, string number)
    {
        if (!IsNumber(number))
        {
            throw new DomainException("paper.number-invalid", "Le numéro de feuille a la forme ABCD-2345.", "SheetNumber");
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"aiguillage-paper|{officeId}|{number}"));
        return new Guid(hash.AsSpan(0, 16));
    }
}
