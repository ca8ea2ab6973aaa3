namespace Aiguillage.Domain.Partners;

/// <summary>
/// The closed lists a workshop is described with, so that a search filter and a workshop always use the same words.
/// </summary>
public static class WorkshopVocabulary
{
    public const string French = "français";
    public const string English = "anglais";
    public const string SignLanguage = "langue des signes française (LSF)";

    /// <summary>
    /// Languages a workshop can be given in: French, then the languages most asked in France's reception services
    /// (DGEF, « Langues de l'accueil », 2019) and LSF.
    /// </summary>
    public static readonly IReadOnlyList<string> Languages =
        [French, English, "arabe", "espagnol", "portugais", "roumain", "russe", "ukrainien", "turc", "tamoul", "chinois", "dari", "pachto", "wolof", "soninké", SignLanguage];

    /// <summary>
    /// Accessibility of a workshop: the national standard's <c>prise_en_charge_specifique</c> values that are not
    /// languages (schema.json v1.0.2), so that workshops and places answer the same filter.
    /// </summary>
    public static readonly IReadOnlyList<string> Accessibility =
        ["Surdité", "Handicaps moteurs", "Handicaps mentaux", "Illettrisme", "Déficience visuelle"];

    /// <summary>
    /// The standard's specific support meaning that a place welcomes speakers of <paramref name="language"/>:
    /// it only knows « anglais » and « autres »; LSF is how places supporting deafness welcome.
    /// </summary>
    public static string? PlaceSupportFor(string language) => language switch
    {
        French => null,
        English => "Langues étrangères (anglais)",
        SignLanguage => "Surdité",
        _ => "Langues étrangères (autres)",
    };
}
