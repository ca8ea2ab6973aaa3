namespace Aiguillage.Domain.Partners.Standard;

/// <summary>What a conversion did to a field: renamed it, translated a value, dropped one (and why), or filled one in.</summary>
public enum MappingKind
{
    Renamed = 0,
    Translated = 1,
    Dropped = 2,
    Filled = 3,
}

/// <summary>One change a conversion made to one row, in plain French for the import's report.</summary>
public sealed record MappingNote(string Field, MappingKind Kind, string Detail)
{
    public string Text => Kind switch
    {
        MappingKind.Renamed => $"{Field} : {Detail}",
        MappingKind.Translated => $"{Field} : valeur traduite, {Detail}",
        MappingKind.Dropped => $"{Field} : valeur retirée, {Detail}",
        _ => $"{Field} : valeur ajoutée, {Detail}",
    };
}

/// <summary>A row brought to today's standard, with what was changed on the way.</summary>
public sealed record ConvertedRow(IReadOnlyDictionary<string, string?> Row, IReadOnlyList<MappingNote> Notes);

/// <summary>A layout of help places older than the standard v1, which an import converts instead of refusing.</summary>
public sealed record OlderShape(string Id, string Name, IReadOnlyList<string> Columns);

/// <summary>
/// The shapes regional hubs still publish, read from the standard's own history (github LaMednum/standard-mediation-num:
/// tags v0.1.0 and v0.1.1, « descriptif-des-evolutions », and commit 064c02c « use pipe as separator »), and their
/// conversion to the standard v1 — a pure function, the same for every importer (issue 21 §2):
/// <list type="bullet">
/// <item>the v0.1 of 2022, by its field names (<c>cle_ban</c>, <c>courriel</c>, <c>conditions_acces</c>…), values separated
/// by <c>;</c>, its 15 services in words;</item>
/// <item>the same v0.1 with the schema's titles as headers (« Adresse », « Code postal », « SIRET ou RNA »…), as a file
/// typed from the field titles is;</item>
/// <item>the v1 field names with <c>;</c> between values (the README still says so) and no <c>pivot</c> column.</item>
/// </list>
/// </summary>
public static class OlderShapes
{
    /// <summary>SIRET placeholder of the national map for a place whose SIRET or RNA is not known.</summary>
    public const string UnknownPivot = "00000000000000";

    private static readonly (string Name, string Title)[] V01Fields =
    [
        ("id", "Identifiant unique local du lieu"), ("pivot", "SIRET ou RNA"), ("nom", "Nom"), ("commune", "Commune"), ("code_postal", "Code postal"),
        ("code_insee", "Code officiel géographique"), ("adresse", "Adresse"), ("complement_adresse", "Complément d'adresse"), ("latitude", "Latitude"),
        ("longitude", "Longitude"), ("cle_ban", "Clé nationale d’interopérabilité de l'adresse"), ("typologie", "Typologie"), ("telephone", "Numéro de téléphone"),
        ("courriel", "Courriel"), ("site_web", "Site web"), ("horaires", "Horaires"), ("presentation_resume", "Présentation résumé"),
        ("presentation_detail", "Présentation détaillée"), ("source", "Structure collectant la donnée"), ("structure_parente", "Structure parente"),
        ("date_maj", "Date de mise à jour"), ("services", "Services"), ("publics_accueillis", "Publics accueillis"), ("conditions_acces", "Conditions d'accès"),
        ("labels_nationaux", "Labels nationaux"), ("labels_autres", "Autres labels"), ("modalites_accompagnement", "Modalités d'accompagnement"),
        ("accessibilite", "Accessibilité / accueil handicap"), ("prise_rdv", "Prise de rdv"),
    ];

    public static readonly OlderShape V01 = new("v0.1", "standard des lieux de médiation numérique v0.1 (2022)", [.. V01Fields.Select(f => f.Name)]);

    public static readonly OlderShape V01Titles = new("v0.1-titres", "standard v0.1 (2022) avec les titres des champs en en-tête (« Adresse », « Code postal »…)", [.. V01Fields.Select(f => f.Title)]);

    public static readonly OlderShape V1Semicolons = new("v1-sans-pivot", "standard v1 avec « ; » entre les valeurs et sans colonne pivot", []);

    /// <summary>The 15 services of v0.1 and the one of the 9 services of v1 each became (« descriptif-des-evolutions »: « condensation »).</summary>
    public static readonly IReadOnlyDictionary<string, string> V01Services = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Devenir autonome dans les démarches administratives"] = "Aide aux démarches administratives",
        ["Réaliser des démarches administratives avec un accompagnement"] = "Aide aux démarches administratives",
        ["Accompagner les démarches de santé"] = "Aide aux démarches administratives",
        ["Prendre en main un smartphone ou une tablette"] = "Maîtrise des outils numériques du quotidien",
        ["Prendre en main un ordinateur"] = "Maîtrise des outils numériques du quotidien",
        ["Utiliser le numérique au quotidien"] = "Maîtrise des outils numériques du quotidien",
        ["Approfondir ma culture numérique"] = "Compréhension du monde numérique",
        ["Promouvoir la citoyenneté numérique"] = "Compréhension du monde numérique",
        ["Favoriser mon insertion professionnelle"] = "Insertion professionnelle via le numérique",
        ["Créer et développer mon entreprise"] = "Insertion professionnelle via le numérique",
        ["Accéder à une connexion internet"] = "Accès internet et matériel informatique",
        ["Accéder à du matériel"] = "Accès internet et matériel informatique",
        ["S’équiper en matériel informatique"] = "Acquisition de matériel informatique à prix solidaire",
        ["S'équiper en matériel informatique"] = "Acquisition de matériel informatique à prix solidaire",
        ["Créer avec le numérique"] = "Loisirs et créations numériques",
        ["Soutenir la parentalité et l'éducation avec le numérique"] = "Parentalité et éducation avec le numérique",
    };

    /// <summary>v0.1 « publics accueillis », split in v1 between two fields (or dropped, with why).</summary>
    private static readonly Dictionary<string, (string? Field, string? Value, string? Why)> Publics = new(StringComparer.Ordinal)
    {
        ["Seniors (+ 65 ans)"] = ("publics_specifiquement_adresses", "Seniors", null),
        ["Familles/enfants"] = ("publics_specifiquement_adresses", "Familles et/ou enfants", null),
        ["Jeunes (16-26 ans)"] = ("publics_specifiquement_adresses", "Jeunes", null),
        ["Uniquement femmes"] = ("publics_specifiquement_adresses", "Femmes", null),
        ["Adultes"] = (null, null, "la v1 ne nomme que les publics spécifiques"),
        ["Public langues étrangères"] = ("prise_en_charge_specifique", "Langues étrangères (autres)", null),
        ["Déficience visuelle"] = ("prise_en_charge_specifique", "Déficience visuelle", null),
        ["Surdité"] = ("prise_en_charge_specifique", "Surdité", null),
        ["Handicaps mentaux : déficiences limitant les activités d'une personne"] = ("prise_en_charge_specifique", "Handicaps mentaux", null),
        ["Handicaps psychiques : troubles psychiatriques donnant lieu à des atteintes comportementales"] = (null, null, "la v1 n'a pas de valeur pour les handicaps psychiques"),
        ["Personnes en situation d'illettrisme"] = ("prise_en_charge_specifique", "Illettrisme", null),
    };

    /// <summary>v0.1 « conditions d'accès » → v1 « frais à charge » (the pass numérique is no longer a value of the place).</summary>
    private static readonly Dictionary<string, (string? Value, string? Why)> Fees = new(StringComparer.Ordinal)
    {
        ["Gratuit"] = ("Gratuit", null),
        ["Gratuit sous condition"] = ("Gratuit sous condition", null),
        ["Payant"] = ("Payant", null),
        ["Adhésion"] = ("Payant", null),
        ["Accepte le Pass numérique"] = (null, "la v1 n'a plus de valeur « pass numérique » : indiquez-le sur la fiche du partenaire"),
    };

    /// <summary>v0.1 « labels nationaux », split in v1 between national programmes and labels (others kept as free text).</summary>
    private static readonly Dictionary<string, (string? Field, string? Value)> Labels = new(StringComparer.Ordinal)
    {
        ["France Services"] = ("dispositif_programmes_nationaux", "France Services"),
        ["CNFS"] = ("dispositif_programmes_nationaux", "Conseillers numériques"),
        ["Aidants Connect"] = ("dispositif_programmes_nationaux", "Aidants Connect"),
        ["Point relais CAF"] = ("dispositif_programmes_nationaux", "Point d'accès numérique CAF"),
        ["Point numérique CAF"] = ("dispositif_programmes_nationaux", "Point d'accès numérique CAF"),
        ["Grandes écoles du numérique"] = ("dispositif_programmes_nationaux", "Grande école du numérique"),
        ["Fabriques de Territoire"] = ("formations_labels", "Fabriques de Territoire"),
        ["Relais pôle emploi"] = ("autres_formations_labels", "Relais pôle emploi"),
        ["French Tech"] = ("autres_formations_labels", "French Tech"),
        ["Campus connecté"] = ("autres_formations_labels", "Campus connecté"),
        ["APTIC"] = (null, null),
    };

    private static readonly Dictionary<string, string?> Support = new(StringComparer.Ordinal)
    {
        ["Seul"] = "En autonomie",
        ["Avec de l'aide"] = "Accompagnement individuel",
        ["Dans un atelier"] = "Dans un atelier collectif",
        ["A ma place"] = null,
        ["À ma place"] = null,
    };

    /// <summary>The fields the standard v1 requires, but its pivot.</summary>
    private static readonly string[] V1RequiredButPivot = ["id", "nom", "commune", "code_postal", "adresse", "date_maj"];

    private static readonly (string From, string To)[] V01Renames =
    [
        ("courriel", "courriels"), ("conditions_acces", "frais_a_charge"), ("labels_autres", "autres_formations_labels"), ("accessibilite", "fiche_acces_libre"),
    ];

    /// <summary>
    /// The older shape a header is in, or null (today's standard, or something else). A shape is recognised when every
    /// column of the header is one of its columns and the columns that set it apart are there.
    /// </summary>
    public static OlderShape? Recognise(IReadOnlyCollection<string> header, IReadOnlyCollection<string> standardFields)
    {
        var columns = header.Where(h => h.Length > 0).ToList();
        if (columns.Count == 0)
        {
            return null;
        }

        var v1 = standardFields.ToHashSet(StringComparer.Ordinal);
        if (columns.All(v1.Contains))
        {
            // Every other required field must be there: a file of two columns is not a hub's export missing its pivot.
            return !columns.Contains("pivot", StringComparer.Ordinal) && V1RequiredButPivot.All(columns.Contains) ? V1Semicolons : null;
        }

        var names = V01.Columns.ToHashSet(StringComparer.Ordinal);
        if (columns.All(names.Contains) && columns.Any(c => !v1.Contains(c)))
        {
            return V01;
        }

        var titles = V01Titles.Columns.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return columns.All(titles.Contains) && columns.Contains("Nom", StringComparer.OrdinalIgnoreCase) ? V01Titles : null;
    }

    /// <summary>Brings one row of <paramref name="shape"/> to the standard v1; what it cannot carry over is said, never silently lost.</summary>
    public static ConvertedRow Convert(OlderShape shape, IReadOnlyDictionary<string, string?> raw)
    {
        var notes = new List<MappingNote>();
        if (shape == V1Semicolons)
        {
            var row = new Dictionary<string, string?>(raw, StringComparer.Ordinal);
            foreach (var field in StandardSchema.MultiValued.Where(f => row.TryGetValue(f, out var v) && v is not null && v.Contains(';', StringComparison.Ordinal)))
            {
                row[field] = string.Join('|', Split(row[field]));
                notes.Add(new(field, MappingKind.Translated, "« ; » entre les valeurs remplacé par « | »"));
            }

            FillPivot(row, notes);
            return new(row, notes);
        }

        var named = raw;
        if (shape == V01Titles)
        {
            var byTitle = V01Fields.ToDictionary(f => f.Title, f => f.Name, StringComparer.OrdinalIgnoreCase);
            named = raw.ToDictionary(p => byTitle[p.Key], p => p.Value, StringComparer.Ordinal);
            foreach (var key in raw.Keys.Where(k => !string.IsNullOrWhiteSpace(raw[k])))
            {
                notes.Add(new(byTitle[key], MappingKind.Renamed, $"colonne « {key} » lue comme « {byTitle[key]} »"));
            }
        }

        return new(FromV01(named, notes), notes);
    }

    private static Dictionary<string, string?> FromV01(IReadOnlyDictionary<string, string?> v01, List<MappingNote> notes)
    {
        string? Get(string name) => v01.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
        var row = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in new[] { "id", "pivot", "nom", "commune", "code_postal", "code_insee", "adresse", "complement_adresse", "latitude", "longitude",
            "telephone", "horaires", "presentation_detail", "source", "structure_parente", "date_maj", "prise_rdv" })
        {
            if (Get(name) is { } value)
            {
                row[name] = value;
            }
        }

        FillPivot(row, notes);
        foreach (var (from, to) in V01Renames)
        {
            if (Get(from) is not null)
            {
                notes.Add(new(to, MappingKind.Renamed, $"ancien nom « {from} »"));
            }
        }

        if (Get("cle_ban") is not null)
        {
            notes.Add(new("cle_ban", MappingKind.Dropped, "le champ n'existe plus en v1 (l'adresse et le code INSEE suffisent)"));
        }

        // Lists: « ; » in v0.1 (the site_web description says « , »: both are read).
        if (Get("typologie") is { } types)
        {
            row["typologie"] = string.Join('|', Split(types));
        }

        if (Get("courriel") is { } mails)
        {
            row["courriels"] = string.Join('|', Split(mails));
        }

        if (Get("site_web") is { } sites)
        {
            row["site_web"] = string.Join('|', sites.Split([';', ',', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        if (Get("accessibilite") is { } access)
        {
            row["fiche_acces_libre"] = access;
        }

        if (Get("presentation_resume") is { } summary)
        {
            if (summary.Length > 280)
            {
                row.TryAdd("presentation_detail", summary);
                summary = string.Concat(summary.AsSpan(0, 279).TrimEnd(), "…");
                notes.Add(new("presentation_resume", MappingKind.Translated, "raccourci à 280 caractères, la limite de la v1 (le texte entier est dans presentation_detail quand il était vide)"));
            }

            row["presentation_resume"] = summary;
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

        foreach (var service in Split(Get("services")))
        {
            if (V01Services.TryGetValue(service, out var today))
            {
                Add("services", today);
                notes.Add(new("services", MappingKind.Translated, $"« {service} » → « {today} »"));
            }
            else
            {
                notes.Add(new("services", MappingKind.Dropped, $"« {service} » n'est pas un service de la v0.1"));
            }
        }

        foreach (var audience in Split(Get("publics_accueillis")))
        {
            if (Publics.TryGetValue(audience, out var to) && to.Field is not null)
            {
                Add(to.Field, to.Value!);
                notes.Add(new(to.Field, MappingKind.Translated, $"« {audience} » (publics_accueillis) → « {to.Value} »"));
            }
            else
            {
                notes.Add(new("publics_accueillis", MappingKind.Dropped, $"« {audience} » : {(Publics.TryGetValue(audience, out var why) ? why.Why : "valeur inconnue de la v0.1")}"));
            }
        }

        foreach (var condition in Split(Get("conditions_acces")))
        {
            var key = Before(condition);
            if (Fees.TryGetValue(key, out var fee) && fee.Value is not null)
            {
                Add("frais_a_charge", fee.Value);
                notes.Add(new("frais_a_charge", MappingKind.Translated, $"« {key} » → « {fee.Value} »"));
            }
            else
            {
                notes.Add(new("conditions_acces", MappingKind.Dropped, $"« {key} » : {(Fees.TryGetValue(key, out var why) ? why.Why : "valeur inconnue de la v0.1")}"));
            }
        }

        foreach (var label in Split(Get("labels_nationaux")))
        {
            if (Labels.TryGetValue(label, out var to) && to.Field is not null)
            {
                Add(to.Field, to.Value!);
                notes.Add(new(to.Field, MappingKind.Translated, $"« {label} » (labels_nationaux) → « {to.Value} »"));
            }
            else
            {
                notes.Add(new("labels_nationaux", MappingKind.Dropped, $"« {label} » : {(Labels.ContainsKey(label) ? "ce n'est plus une valeur du standard v1" : "valeur inconnue de la v0.1")}"));
            }
        }

        foreach (var label in Split(Get("labels_autres")))
        {
            Add("autres_formations_labels", label);
        }

        foreach (var way in Split(Get("modalites_accompagnement")))
        {
            var key = Before(way);
            if (Support.TryGetValue(key, out var to) && to is not null)
            {
                Add("modalites_accompagnement", to);
                notes.Add(new("modalites_accompagnement", MappingKind.Translated, $"« {key} » → « {to} »"));
            }
            else
            {
                notes.Add(new("modalites_accompagnement", MappingKind.Dropped, $"« {key} » : {(Support.ContainsKey(key) ? "la v1 n'a pas de valeur pour les démarches faites à la place de la personne" : "valeur inconnue de la v0.1")}"));
            }
        }

        foreach (var (field, values) in lists)
        {
            // Free text in v1 (autres_formations_labels) keeps the « , » lists of the standard's example; the others are v1 lists.
            row[field] = string.Join(field == "autres_formations_labels" ? ", " : "|", values);
        }

        return row;
    }

    private static void FillPivot(Dictionary<string, string?> row, List<MappingNote> notes)
    {
        if (!row.TryGetValue("pivot", out var pivot) || string.IsNullOrWhiteSpace(pivot))
        {
            row["pivot"] = UnknownPivot;
            notes.Add(new("pivot", MappingKind.Filled, $"SIRET ou RNA absent : {UnknownPivot} (inconnu), à compléter"));
        }
    }

    /// <summary>v0.1 values read « Label : explanation »; the label is what counts.</summary>
    private static string Before(string value) => value.Split(" : ", 2)[0].Trim();

    private static string[] Split(string? value) =>
        (value ?? string.Empty).Split([';', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
