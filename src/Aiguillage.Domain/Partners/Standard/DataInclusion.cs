using System.Globalization;

namespace Aiguillage.Domain.Partners.Standard;

/// <summary>A structure of data·inclusion (schema v1.0.8, structure.json), the fields the mapping reads.</summary>
public sealed record DiStructure(
    string Source, string Id, string Nom, string DateMaj, string? Siret = null, string? Adresse = null, string? ComplementAdresse = null, string? CodePostal = null,
    string? CodeInsee = null, string? Commune = null, double? Latitude = null, double? Longitude = null, string? Telephone = null, string? Courriel = null,
    string? SiteWeb = null, string? Description = null, string? Horaires = null, string? AccessibiliteLieu = null, IReadOnlyList<string>? ReseauxPorteurs = null,
    string? LienSource = null);

/// <summary>A service of data·inclusion (schema v1.0.8, service.json), the fields the mapping reads.</summary>
public sealed record DiService(
    string Id, string StructureId, string Nom, IReadOnlyList<string>? Thematiques = null, string? Frais = null, IReadOnlyList<string>? Publics = null,
    IReadOnlyList<string>? ModesAccueil = null, IReadOnlyList<string>? ModesMobilisation = null, string? LienMobilisation = null, string? Type = null);

/// <summary>
/// data·inclusion, the national aggregator of social-inclusion structures and services, and the standard of help
/// places, both ways (issue 21 §1). A structure and its services become one place of the standard; a place becomes a
/// structure, and each of its services and workshops a service. The value lists are data·inclusion's v1.0.8 (shared
/// reference value-lists/*.json) and the standard's v1.0.2. Where a value has no counterpart it is reported, never
/// guessed: data·inclusion covers every field of social inclusion, the standard only digital help.
/// </summary>
public static class DataInclusion
{
    /// <summary>Our producer name in data·inclusion ids (« source--id »).</summary>
    public const string Source = "aiguillage";

    /// <summary>data·inclusion thematiques read as a service of the standard (the four « numérique » ones and administrative help).</summary>
    public static readonly IReadOnlyDictionary<string, string> ServiceOfThematique = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["numerique--acceder-a-des-services-en-ligne"] = "Aide aux démarches administratives",
        ["difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives"] = "Aide aux démarches administratives",
        ["numerique--maitriser-les-fondamentaux-du-numerique"] = "Maîtrise des outils numériques du quotidien",
        ["numerique--acceder-a-une-connexion-internet"] = "Accès internet et matériel informatique",
        ["numerique--acquerir-un-equipement"] = "Acquisition de matériel informatique à prix solidaire",
    };

    /// <summary>Each service of the standard as data·inclusion thematiques (the closest ones: the lists do not match one to one).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> ThematiquesOfService = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["Aide aux démarches administratives"] = ["numerique--acceder-a-des-services-en-ligne", "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives"],
        ["Maîtrise des outils numériques du quotidien"] = ["numerique--maitriser-les-fondamentaux-du-numerique"],
        ["Insertion professionnelle via le numérique"] = ["numerique--maitriser-les-fondamentaux-du-numerique", "preparer-sa-candidature--organiser-ses-demarches-de-recherche-demploi"],
        ["Utilisation sécurisée du numérique"] = ["numerique--maitriser-les-fondamentaux-du-numerique"],
        ["Parentalité et éducation avec le numérique"] = ["numerique--maitriser-les-fondamentaux-du-numerique", "famille--soutien-a-la-parentalite-et-a-leducation"],
        ["Loisirs et créations numériques"] = ["numerique--maitriser-les-fondamentaux-du-numerique"],
        ["Compréhension du monde numérique"] = ["numerique--maitriser-les-fondamentaux-du-numerique"],
        ["Accès internet et matériel informatique"] = ["numerique--acceder-a-une-connexion-internet"],
        ["Acquisition de matériel informatique à prix solidaire"] = ["numerique--acquerir-un-equipement"],
    };

    /// <summary>data·inclusion networks and the standard's national programmes or labels, both ways.</summary>
    public static readonly IReadOnlyList<(string Reseau, string Field, string Value)> Networks =
    [
        ("france-service", "dispositif_programmes_nationaux", "France Services"),
        ("conseillers-numeriques", "dispositif_programmes_nationaux", "Conseillers numériques"),
        ("aidants-connect", "dispositif_programmes_nationaux", "Aidants Connect"),
        ("croix-rouge", "dispositif_programmes_nationaux", "La Croix Rouge"),
        ("caf", "dispositif_programmes_nationaux", "Point d'accès numérique CAF"),
        ("grandes-ecoles-du-numerique", "dispositif_programmes_nationaux", "Grande école du numérique"),
        ("fabrique-de-territoire", "formations_labels", "Fabriques de Territoire"),
    ];

    private static readonly Dictionary<string, string> Publics = new(StringComparer.Ordinal)
    {
        ["jeunes"] = "Jeunes", ["etudiants"] = "Étudiants", ["familles"] = "Familles et/ou enfants", ["seniors"] = "Seniors", ["femmes"] = "Femmes",
    };

    private static readonly Dictionary<string, string> Access = new(StringComparer.Ordinal)
    {
        ["se-presenter"] = "Se présenter", ["telephoner"] = "Téléphoner", ["envoyer-un-courriel"] = "Contacter par mail", ["utiliser-lien-mobilisation"] = "Prendre un RDV en ligne",
    };

    /// <summary>A structure and its services as one row of the standard, and what the mapping could not carry.</summary>
    public static ConvertedRow ToStandard(DiStructure structure, IReadOnlyList<DiService> services)
    {
        var notes = new List<MappingNote>();
        var row = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            // data·inclusion ids are « producer--local id »; one without its producer gets it, so that two sources never collide.
            ["id"] = structure.Id.Contains("--", StringComparison.Ordinal) ? structure.Id : $"{structure.Source}--{structure.Id}",
            ["nom"] = structure.Nom,
            ["commune"] = structure.Commune,
            ["code_postal"] = structure.CodePostal,
            ["code_insee"] = structure.CodeInsee,
            ["adresse"] = structure.Adresse,
            ["complement_adresse"] = structure.ComplementAdresse,
            ["latitude"] = structure.Latitude?.ToString(CultureInfo.InvariantCulture),
            ["longitude"] = structure.Longitude?.ToString(CultureInfo.InvariantCulture),
            ["source"] = structure.Source,
            ["date_maj"] = structure.DateMaj.Length >= 10 ? structure.DateMaj[..10] : structure.DateMaj,
            ["site_web"] = structure.SiteWeb,
            ["horaires"] = structure.Horaires,
            ["fiche_acces_libre"] = structure.AccessibiliteLieu,
        };
        Rename(notes, structure.Courriel, "courriels", "courriel");
        row["courriels"] = structure.Courriel;
        Rename(notes, structure.Horaires, "horaires", "horaires_accueil");
        Rename(notes, structure.AccessibiliteLieu, "fiche_acces_libre", "accessibilite_lieu");

        if (structure.Siret is { Length: 14 } siret && siret.All(char.IsAsciiDigit))
        {
            row["pivot"] = siret;
            notes.Add(new("pivot", MappingKind.Renamed, "ancien nom « siret »"));
        }
        else
        {
            row["pivot"] = OlderShapes.UnknownPivot;
            notes.Add(new("pivot", MappingKind.Filled, $"pas de SIRET : {OlderShapes.UnknownPivot} (inconnu), à compléter"));
        }

        if (structure.Telephone is { } phone)
        {
            if (E164(phone) is { } international)
            {
                row["telephone"] = international;
                if (international != phone)
                {
                    notes.Add(new("telephone", MappingKind.Translated, "écrit au format international (+33…)"));
                }
            }
            else
            {
                notes.Add(new("telephone", MappingKind.Dropped, $"« {phone} » n'est pas un numéro français lisible"));
            }
        }

        if (structure.Description is { Length: > 0 } description)
        {
            row["presentation_detail"] = description;
            row["presentation_resume"] = description.Length <= 280 ? description : string.Concat(description.AsSpan(0, 279).TrimEnd(), "…");
            notes.Add(new("presentation_detail", MappingKind.Renamed, "ancien nom « description » (le résumé en reprend le début)"));
        }

        if (structure.LienSource is not null)
        {
            notes.Add(new("lien_source", MappingKind.Dropped, "le standard n'a pas de lien vers la fiche du producteur"));
        }

        var lists = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string field, string value)
        {
            if (!lists.TryGetValue(field, out var list))
            {
                lists[field] = list = [];
            }

            if (!list.Contains(value, StringComparer.Ordinal))
            {
                list.Add(value);
            }
        }

        foreach (var reseau in structure.ReseauxPorteurs ?? [])
        {
            if (Networks.FirstOrDefault(n => n.Reseau == reseau) is { Field: not null } network)
            {
                Add(network.Field, network.Value);
                notes.Add(new(network.Field, MappingKind.Translated, $"réseau « {reseau} » → « {network.Value} »"));
            }
            else
            {
                notes.Add(new("reseaux_porteurs", MappingKind.Dropped, $"« {reseau} » : pas de dispositif ni de label du standard pour ce réseau"));
            }
        }

        foreach (var service in services)
        {
            foreach (var thematique in service.Thematiques ?? [])
            {
                if (ServiceOfThematique.TryGetValue(thematique, out var ours))
                {
                    Add("services", ours);
                    notes.Add(new("services", MappingKind.Translated, $"thématique « {thematique} » → « {ours} »"));
                }
                else
                {
                    notes.Add(new("services", MappingKind.Dropped, $"thématique « {thematique} » : hors de la médiation numérique, pas de service du standard"));
                }
            }

            switch (service.Frais)
            {
                case "gratuit":
                    Add("frais_a_charge", "Gratuit");
                    break;
                case "payant":
                    Add("frais_a_charge", "Payant");
                    break;
                case { } other:
                    notes.Add(new("frais_a_charge", MappingKind.Dropped, $"frais « {other} » inconnus"));
                    break;
                default:
                    break;
            }

            foreach (var audience in service.Publics ?? [])
            {
                if (Publics.TryGetValue(audience, out var ours))
                {
                    Add("publics_specifiquement_adresses", ours);
                }
                else if (audience != "tous-publics")
                {
                    notes.Add(new("publics_specifiquement_adresses", MappingKind.Dropped, $"public « {audience} » : pas de valeur du standard"));
                }
            }

            foreach (var mode in service.ModesMobilisation ?? [])
            {
                if (Access.TryGetValue(mode, out var ours))
                {
                    Add("modalites_acces", ours);
                }
                else
                {
                    notes.Add(new("modalites_acces", MappingKind.Dropped, $"mode « {mode} » inconnu"));
                }
            }

            if (service.ModesMobilisation?.Contains("utiliser-lien-mobilisation") == true && service.LienMobilisation is { } link)
            {
                row.TryAdd("prise_rdv", link);
            }

            if (service.Type == "atelier")
            {
                Add("modalites_accompagnement", "Dans un atelier collectif");
            }
            else if (service.Type == "accompagnement")
            {
                Add("modalites_accompagnement", "Accompagnement individuel");
            }

            if (service.ModesAccueil?.Contains("a-distance") == true)
            {
                Add("modalites_accompagnement", "À distance");
            }
        }

        foreach (var (field, values) in lists)
        {
            row[field] = string.Join('|', values);
        }

        return new(row, notes);
    }

    /// <summary>A French phone number as the standard writes it (E.164, no spaces), or null.</summary>
    public static string? E164(string? phone)
    {
        var digits = new string([.. (phone ?? string.Empty).Where(c => char.IsAsciiDigit(c) || c == '+')]);
        return digits switch
        {
            { Length: 10 } when digits[0] == '0' && digits[1] != '0' => $"+33{digits[1..]}",
            { Length: 12 } when digits.StartsWith("+33", StringComparison.Ordinal) => digits,
            { Length: 11 } when digits.StartsWith("33", StringComparison.Ordinal) => $"+{digits}",
            _ => null,
        };
    }

    /// <summary>A place's national programme or label as a data·inclusion network, when there is one.</summary>
    public static string? ReseauOf(string value) => Networks.FirstOrDefault(n => n.Value == value).Reseau;

    /// <summary>The standard's fees as data·inclusion's: « payant » wins over « gratuit » when both are said.</summary>
    public static string? Frais(IEnumerable<string> fees)
    {
        var list = fees.ToList();
        return list.Contains("Payant") ? "payant" : list.Any(f => f.StartsWith("Gratuit", StringComparison.Ordinal)) ? "gratuit" : null;
    }

    /// <summary>The standard's audiences as data·inclusion publics (everyone when none is named).</summary>
    public static IReadOnlyList<string> PublicsOf(IEnumerable<string> audiences)
    {
        var ours = audiences.Select(a => Publics.FirstOrDefault(p => p.Value == a).Key).Where(k => k is not null).Select(k => k!).Distinct().ToList();
        return ours.Count > 0 ? ours : ["tous-publics"];
    }

    /// <summary>The standard's ways in as data·inclusion « modes de mobilisation » (none when none matches).</summary>
    public static IReadOnlyList<string> ModesOf(IEnumerable<string> access) =>
        [.. access.Select(a => Access.FirstOrDefault(p => p.Value == a).Key).Where(k => k is not null).Select(k => k!).Distinct()];

    private static void Rename(List<MappingNote> notes, string? value, string field, string from)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            notes.Add(new(field, MappingKind.Renamed, $"ancien nom « {from} »"));
        }
    }
}
