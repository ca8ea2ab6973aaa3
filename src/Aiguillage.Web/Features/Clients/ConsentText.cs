namespace Aiguillage.Web.Features.Clients;

/// <summary>
/// The consent text shown to the client, versioned: a recorded consent keeps the version it was given on. A new
/// wording gets a new version; old versions stay here so any recorded consent can be read as it was shown.
/// </summary>
public static class ConsentText
{
    public const string CurrentVersion = "suivi-v1";

    public static readonly IReadOnlyDictionary<string, string> Versions = new Dictionary<string, string>
    {
        [CurrentVersion] = "J'accepte que le bureau de poste garde mon prénom et mon numéro de téléphone ou mon adresse e-mail "
            + "pour me recontacter au sujet de mon parcours numérique (atelier, rendez-vous, nouveau diagnostic). "
            + "Ces informations ne servent qu'à cela. Je peux retirer mon accord à tout moment au bureau : elles sont alors effacées.",
    };
}
