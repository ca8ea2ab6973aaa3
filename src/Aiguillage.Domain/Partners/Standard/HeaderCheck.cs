namespace Aiguillage.Domain.Partners.Standard;

/// <summary>A file layout met in the field, by its columns, and what to do to bring it to the standard.</summary>
public sealed record KnownLayout(string Name, IReadOnlyList<string> Columns, string Advice);

/// <summary>
/// A file's header against the standard (issue 15 §5): said once, at file level, instead of one error per line listing
/// every unknown column. Missing required columns and unknown columns, and — when the columns are recognised — which
/// older version of the standard, or which other file, it looks like.
/// </summary>
public sealed record HeaderVerdict(IReadOnlyList<string> Missing, IReadOnlyList<string> Unknown, KnownLayout? LooksLike)
{
    public bool Matches => Missing.Count == 0 && Unknown.Count == 0;

    /// <summary>Plain French, for the admin page and the command line; a JSON file has keys where a CSV has columns.</summary>
    public string Message(string standardName, bool json = false)
    {
        var what = json ? "Les clés des objets du fichier ne correspondent" : "L'en-tête du fichier ne correspond";
        var parts = new List<string> { $"{what} pas au {standardName} : rien n'a été importé." };
        if (LooksLike is { } layout)
        {
            parts.Add($"Il ressemble au {layout.Name}. {layout.Advice}");
        }

        if (Missing.Count > 0)
        {
            parts.Add($"{(Missing.Count == 1 ? (json ? "Clé obligatoire absente" : "Colonne obligatoire absente") : (json ? "Clés obligatoires absentes" : "Colonnes obligatoires absentes"))} : {string.Join(", ", Missing)}.");
        }

        if (Unknown.Count > 0)
        {
            var shown = Unknown.Take(12).ToList();
            var noun = json ? (Unknown.Count == 1 ? "Clé inconnue du standard" : $"Clés inconnues du standard ({Unknown.Count})") : (Unknown.Count == 1 ? "Colonne inconnue du standard" : $"Colonnes inconnues du standard ({Unknown.Count})");
            parts.Add($"{noun} : {string.Join(", ", shown)}{(Unknown.Count > shown.Count ? ", …" : string.Empty)}.");
        }

        return string.Join(' ', parts);
    }
}

public static class HeaderCheck
{
    /// <summary>
    /// Layouts recognised in a refused header. Columns read from their published schemas: the standard v0.1.0
    /// (github LaMednum/standard-mediation-num, tag v0.1.0, schema.json; « descriptif-des-evolutions » for what became of
    /// each field in v1), data·inclusion's structures v1.0.8 (shared reference structure.json) and La Poste's points of
    /// contact (the 2025 open data file, which the offices import reads).
    /// </summary>
    public static readonly IReadOnlyList<KnownLayout> Known =
    [
        new("standard des lieux de médiation numérique v0.1 (2022)",
            ["id", "pivot", "nom", "commune", "code_postal", "code_insee", "adresse", "complement_adresse", "latitude", "longitude", "cle_ban", "typologie",
             "telephone", "courriel", "site_web", "horaires", "presentation_resume", "presentation_detail", "source", "structure_parente", "date_maj", "services",
             "publics_accueillis", "conditions_acces", "labels_nationaux", "labels_autres", "modalites_accompagnement", "accessibilite", "prise_rdv"],
            "Renommez courriel → courriels, conditions_acces → frais_a_charge, labels_autres → autres_formations_labels, accessibilite → fiche_acces_libre ; "
            + "répartissez publics_accueillis entre publics_specifiquement_adresses et prise_en_charge_specifique, labels_nationaux entre "
            + "dispositif_programmes_nationaux et formations_labels ; retirez cle_ban ; les 15 services de la v0.1 sont devenus 9."),
        new("schéma des structures de data·inclusion",
            ["accessibilite_lieu", "adresse", "code_insee", "code_postal", "commune", "complement_adresse", "courriel", "date_maj", "description", "horaires_accueil",
             "id", "latitude", "lien_source", "longitude", "nom", "reseaux_porteurs", "siret", "site_web", "source", "telephone"],
            "Ce n'est pas le standard des lieux de médiation numérique : importez-le avec « import data-inclusion » (ou envoyez-le sur /admin/lieux), qui le convertit."),
        new("fichier des points de contact de La Poste",
            ["identifiant_a", "libelle_du_site", "caracteristique_du_site", "site_acores_de_rattachement", "adresse", "complement_d_adresse", "lieu_dit",
             "code_postal", "localite", "code_insee", "pays", "latitude", "longitude", "numero_de_telephone"],
            "Ce fichier décrit des bureaux de poste : importez-le avec « import offices »."),
    ];

    /// <summary>Compares a header with the standard's fields (names as the standard writes them).</summary>
    public static HeaderVerdict Check(IEnumerable<string> header, StandardSchema schema)
    {
        var columns = header.Where(h => h.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var fields = schema.FieldNames.ToHashSet(StringComparer.Ordinal);
        var missing = schema.Fields.Where(f => f.Required && !columns.Contains(f.Name, StringComparer.Ordinal)).Select(f => f.Name).ToList();
        var unknown = columns.Where(c => !fields.Contains(c)).ToList();
        var verdict = new HeaderVerdict(missing, unknown, null);
        return verdict.Matches ? verdict : verdict with { LooksLike = Resembles(columns, [.. fields], Known) };
    }

    /// <summary>
    /// The known layout closest to the header (Jaccard similarity of the normalised names, at least 0.6), when it is
    /// closer than today's standard: a file of today with one stray column is not said to be of another version.
    /// </summary>
    public static KnownLayout? Resembles(IReadOnlyCollection<string> columns, IReadOnlyCollection<string> standard, IEnumerable<KnownLayout> layouts)
    {
        var header = columns.Select(Normalise).ToHashSet(StringComparer.Ordinal);
        double Similarity(IEnumerable<string> names)
        {
            var set = names.ToHashSet(StringComparer.Ordinal);
            return (double)set.Count(header.Contains) / Math.Max(1, set.Union(header).Count());
        }

        var today = Similarity(standard);
        return layouts.Select(l => (Layout: l, Score: Similarity(l.Columns)))
            .Where(x => x.Score >= 0.6 && x.Score > today)
            .OrderByDescending(x => x.Score)
            .Select(x => x.Layout)
            .FirstOrDefault();
    }

    /// <summary>
    /// A column name as files write it in other versions (« Code postal », « #Identifiant_A », « Libellé du site »,
    /// « Complément d'adresse ») brought to the snake_case of today's files: lower case, no accent, separators as « _ ».
    /// </summary>
    public static string Normalise(string column)
    {
        var text = column.Trim().TrimStart('\uFEFF', '#').Trim().ToLowerInvariant().Normalize(System.Text.NormalizationForm.FormD);
        var builder = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            var keep = char.IsLetterOrDigit(c) ? c : '_';
            if (keep != '_' || (builder.Length > 0 && builder[^1] != '_'))
            {
                builder.Append(keep);
            }
        }

        return builder.ToString().Trim('_');
    }
}
