namespace Aiguillage.Domain.Steering;

/// <summary>
/// The dimensions a diagnostic is counted under in the steering aggregates (issue 8): never a person, only the
/// month, the office, the mode and bands of the result and profile.
/// </summary>
public sealed record DiagnosticFacts(DateOnly Month, int OfficeId, string Mode, int Level, bool Illectronisme, int Equipment, int KnowHowBand,
    string AgeBand, string Gender, bool EquippedButNotUsing)
{
    /// <summary>Know-how in five bands of the score: 0–24 %, 25–49 %, 50–74 %, 75–99 %, 100 %.</summary>
    public static int BandOf(int knowHowPercent) => Math.Clamp(knowHowPercent / 25, 0, 4);

    /// <summary>
    /// « Équipé mais n'utilise pas » (has the equipment, lacks the know-how): the segment the programme's field
    /// experience points to (programme article, 2019: people who own a smartphone but do not do their procedures).
    /// Here: an equipment score of 2 or more (a device and a connection) and less than 40 % of the know-how.
    /// </summary>
    public static bool IsEquippedButNotUsing(int equipmentScore, int knowHowPercent) => equipmentScore >= 2 && knowHowPercent < 40;

    public static DiagnosticFacts Of(DateOnly filledOnParis, int officeId, string mode, int level, bool illectronisme, int equipmentScore, int knowHowPercent,
        IReadOnlyDictionary<string, string> profile) =>
        new(new DateOnly(filledOnParis.Year, filledOnParis.Month, 1), officeId, mode, level, illectronisme, equipmentScore, BandOf(knowHowPercent),
            profile.GetValueOrDefault("ageBand") ?? "nsp", profile.GetValueOrDefault("gender") ?? "nsp", IsEquippedButNotUsing(equipmentScore, knowHowPercent));
}
