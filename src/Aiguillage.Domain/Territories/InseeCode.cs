using System.Text.RegularExpressions;

namespace Aiguillage.Domain.Territories;

/// <summary>
/// Rules of the French commune code (code officiel géographique, INSEE).
/// Source: INSEE, « Code officiel géographique » — mainland and Corsica departments use two characters
/// (01–95, 2A, 2B); overseas departments and collectivities use three (971–978, 984–989).
/// </summary>
public static partial class InseeCode
{
    [GeneratedRegex("^(?:[0-9]{5}|2[AB][0-9]{3})$")]
    private static partial Regex Pattern();

    public static bool IsValid(string? code) => code is not null && Pattern().IsMatch(code);

    [GeneratedRegex("^(?:0[1-9]|[1-8][0-9]|9[0-5]|2[AB]|97[1-8]|98[4-9])$")]
    private static partial Regex DepartmentPattern();

    /// <summary>A department (or overseas collectivity) code: 01–95 (no 20), 2A, 2B, 971–978, 984–989.</summary>
    public static bool IsDepartmentCode(string? code) => code is not null && code != "20" && DepartmentPattern().IsMatch(code);

    /// <summary>The department code a commune code belongs to (e.g. 42218 → 42, 2A004 → 2A, 97411 → 974).</summary>
    public static string DepartmentOf(string communeCode)
    {
        if (!IsValid(communeCode))
        {
            throw new DomainException("insee.invalid", $"Le code commune « {communeCode} » n'est pas un code INSEE valide.");
        }

        return communeCode.StartsWith("97", StringComparison.Ordinal) || communeCode.StartsWith("98", StringComparison.Ordinal)
            ? communeCode[..3]
            : communeCode[..2];
    }
}
