namespace Aiguillage.Domain.Offices;

/// <summary>
/// Kinds of La Poste points of contact, as named in the open data file « points de contact du réseau postal »
/// (column <c>caracteristique_du_site</c>).
/// </summary>
public enum OfficeType
{
    BureauDePoste = 0,
    AgencePostaleCommunale = 1,
    AgencePostaleIntercommunale = 2,
    RelaisPoste = 3,
    /// <summary>« Agence postale » or « Agence postale ou Relais poste » (used abroad, e.g. Andorra).</summary>
    AgencePostale = 4,
}

public static class OfficeTypes
{
    private static readonly Dictionary<string, OfficeType> ByLabel = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Bureau de Poste"] = OfficeType.BureauDePoste,
        ["Agence postale communale"] = OfficeType.AgencePostaleCommunale,
        ["Agence postale intercommunale"] = OfficeType.AgencePostaleIntercommunale,
        ["Relais poste"] = OfficeType.RelaisPoste,
        ["Agence postale"] = OfficeType.AgencePostale,
        ["Agence postale ou Relais poste"] = OfficeType.AgencePostale,
    };

    public static bool TryParse(string label, out OfficeType type) => ByLabel.TryGetValue(label.Trim(), out type);

    public static string Label(this OfficeType type) => type switch
    {
        OfficeType.BureauDePoste => "Bureau de poste",
        OfficeType.AgencePostaleCommunale => "Agence postale communale",
        OfficeType.AgencePostaleIntercommunale => "Agence postale intercommunale",
        OfficeType.RelaisPoste => "Relais poste",
        OfficeType.AgencePostale => "Agence postale",
        _ => type.ToString(),
    };
}
