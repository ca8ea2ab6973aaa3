using Aiguillage.Domain.Partners.Standard;

namespace Aiguillage.Domain.Tests.Partners;

/// <summary>
/// Issue 21 §2: the standard's older shapes, recognised by their header and converted row by row to the standard v1,
/// every change said. Cases from each shape: the v0.1 example of the standard itself (tag v0.1.1), the same with the
/// field titles as headers, and the v1 example with « ; » and no pivot.
/// </summary>
public sealed class OlderShapesTests
{
    private static readonly string[] Today =
    [
        "id", "pivot", "nom", "commune", "code_postal", "code_insee", "adresse", "complement_adresse", "latitude", "longitude", "typologie", "telephone", "courriels",
        "site_web", "horaires", "presentation_resume", "presentation_detail", "source", "itinerance", "structure_parente", "date_maj", "services",
        "publics_specifiquement_adresses", "prise_en_charge_specifique", "frais_a_charge", "dispositif_programmes_nationaux", "formations_labels",
        "autres_formations_labels", "modalites_acces", "modalites_accompagnement", "fiche_acces_libre", "prise_rdv",
    ];

    /// <summary>The nine services of the standard v1.0.2 (its vocabulary).</summary>
    private static readonly string[] NineServices =
    [
        "Aide aux démarches administratives", "Maîtrise des outils numériques du quotidien", "Insertion professionnelle via le numérique", "Utilisation sécurisée du numérique",
        "Parentalité et éducation avec le numérique", "Loisirs et créations numériques", "Compréhension du monde numérique", "Accès internet et matériel informatique",
        "Acquisition de matériel informatique à prix solidaire",
    ];

    /// <summary>The one row of the standard's own valid example at tag v0.1.1 (github LaMednum/standard-mediation-num).</summary>
    private static Dictionary<string, string?> V01Example() => new()
    {
        ["id"] = "structure-1", ["pivot"] = "43493312300029", ["nom"] = "Anonymal", ["commune"] = "Reims", ["code_postal"] = "51100", ["code_insee"] = "51454",
        ["adresse"] = "12 BIS RUE DE LECLERCQ", ["complement_adresse"] = "Le patio du bois de l'Aulne", ["latitude"] = "43.52609", ["longitude"] = "5.41423",
        ["cle_ban"] = "13001_3079_00001", ["typologie"] = "TIERS_LIEUX;ASSO", ["telephone"] = "+33180059880", ["courriel"] = "contact@laquincaillerie.tl",
        ["site_web"] = "https://www.laquincaillerie.tl/;https://m.facebook.com/laquincaillerienumerique/", ["horaires"] = "Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00",
        ["presentation_resume"] = "Notre association propose des formations aux outils numériques à destination des personnes âgées.",
        ["presentation_detail"] = "Notre parcours d'initiation permet l'acquisition de compétences numériques de base.", ["source"] = "Hubik", ["structure_parente"] = "Pôle emploi",
        ["date_maj"] = "2022-06-02",
        ["services"] = "Devenir autonome dans les démarches administratives;Réaliser des démarches administratives avec un accompagnement;Prendre en main un smartphone ou une tablette",
        ["publics_accueillis"] = "Familles/enfants;Adultes;Déficience visuelle",
        ["conditions_acces"] = "Payant : L'accès au lieu et/ou à ses services est payant;Accepte le Pass numérique : Il est possible d'utiliser un Pass numérique pour accéder au lieu",
        ["labels_nationaux"] = "France Services;APTIC;Point relais CAF", ["labels_autres"] = "SudLabs;Nièvre médiation numérique",
        ["modalites_accompagnement"] = "Seul : j'ai accès à du matériel et une connexion;Avec de l'aide : je suis accompagné seul dans l'usage du numérique",
        ["accessibilite"] = "https://acceslibre.beta.gouv.fr/app/29-lampaul-plouarzel/a/bibliotheque-mediatheque/erp/mediatheque-13/", ["prise_rdv"] = "https://www.rdv-solidarites.fr/",
    };

    [Fact]
    public void Each_shape_is_recognised_by_its_header_and_todays_or_another_file_is_not()
    {
        Assert.Same(OlderShapes.V01, OlderShapes.Recognise([.. V01Example().Keys], Today));
        Assert.Same(OlderShapes.V01Titles, OlderShapes.Recognise(["Identifiant unique local du lieu", "SIRET ou RNA", "Nom", "Commune", "Code postal", "Adresse", "Services", "Date de mise à jour"], Today));
        Assert.Same(OlderShapes.V01Titles, OlderShapes.Recognise(["nom", "ADRESSE", "code postal", "Commune", "Services"], Today));
        Assert.Same(OlderShapes.V1Semicolons, OlderShapes.Recognise([.. Today.Where(f => f != "pivot")], Today));

        Assert.Null(OlderShapes.Recognise(Today, Today));
        Assert.Null(OlderShapes.Recognise([.. V01Example().Keys, "colonne_en_plus"], Today));
        Assert.Null(OlderShapes.Recognise(["identifiant_a", "libelle_du_site", "adresse", "code_postal"], Today));
        Assert.Null(OlderShapes.Recognise(["Adresse", "Code postal"], Today));   // no name: not a file of places
        Assert.Null(OlderShapes.Recognise([], Today));
    }

    [Fact]
    public void The_v01_example_becomes_a_v1_row_and_every_change_is_said()
    {
        var (row, notes) = OlderShapes.Convert(OlderShapes.V01, V01Example());

        Assert.Equal("Aide aux démarches administratives|Maîtrise des outils numériques du quotidien", row["services"]);
        Assert.Equal("contact@laquincaillerie.tl", row["courriels"]);
        Assert.Equal("https://www.laquincaillerie.tl/|https://m.facebook.com/laquincaillerienumerique/", row["site_web"]);
        Assert.Equal("TIERS_LIEUX|ASSO", row["typologie"]);
        Assert.Equal("Payant", row["frais_a_charge"]);
        Assert.Equal("France Services|Point d'accès numérique CAF", row["dispositif_programmes_nationaux"]);
        Assert.Equal("SudLabs, Nièvre médiation numérique", row["autres_formations_labels"]);
        Assert.Equal("En autonomie|Accompagnement individuel", row["modalites_accompagnement"]);
        Assert.Equal("Familles et/ou enfants", row["publics_specifiquement_adresses"]);
        Assert.Equal("Déficience visuelle", row["prise_en_charge_specifique"]);
        Assert.Equal(V01Example()["accessibilite"], row["fiche_acces_libre"]);
        Assert.Equal("43493312300029", row["pivot"]);
        Assert.Equal("Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00", row["horaires"]);
        Assert.All(row.Keys, k => Assert.Contains(k, Today));   // only v1 fields

        var said = notes.Select(n => n.Text).ToList();
        Assert.Contains("cle_ban : valeur retirée, le champ n'existe plus en v1 (l'adresse et le code INSEE suffisent)", said);
        Assert.Contains("courriels : ancien nom « courriel »", said);
        Assert.Contains("services : valeur traduite, « Prendre en main un smartphone ou une tablette » → « Maîtrise des outils numériques du quotidien »", said);
        Assert.Contains("publics_accueillis : valeur retirée, « Adultes » : la v1 ne nomme que les publics spécifiques", said);
        Assert.Contains(said, t => t.StartsWith("conditions_acces : valeur retirée, « Accepte le Pass numérique »", StringComparison.Ordinal));
        Assert.Contains("labels_nationaux : valeur retirée, « APTIC » : ce n'est plus une valeur du standard v1", said);
        Assert.Contains("dispositif_programmes_nationaux : valeur traduite, « CNFS » (labels_nationaux) → « Conseillers numériques »",
            OlderShapes.Convert(OlderShapes.V01, new Dictionary<string, string?>(V01Example()) { ["labels_nationaux"] = "CNFS" }).Notes.Select(n => n.Text));
    }

    [Fact]
    public void Every_v01_service_becomes_one_of_the_nine()
    {
        Assert.Equal(15, OlderShapes.V01Services.Keys.Select(k => k.Replace('’', '\'')).Distinct().Count());   // « S’équiper » is read with either apostrophe
        Assert.All(OlderShapes.V01Services.Values, s => Assert.Contains(s, NineServices));
        var unknown = OlderShapes.Convert(OlderShapes.V01, new Dictionary<string, string?>(V01Example()) { ["services"] = "Prendre en main un ordinateur;Faire du vélo" });
        Assert.Equal("Maîtrise des outils numériques du quotidien", unknown.Row["services"]);
        Assert.Contains("services : valeur retirée, « Faire du vélo » n'est pas un service de la v0.1", unknown.Notes.Select(n => n.Text));
    }

    [Fact]
    public void Titles_as_headers_read_as_the_v01_names()
    {
        var byName = OlderShapes.Convert(OlderShapes.V01, V01Example());
        var titles = OlderShapes.V01.Columns.Zip(OlderShapes.V01Titles.Columns).ToDictionary(p => p.First, p => p.Second);
        var byTitle = OlderShapes.Convert(OlderShapes.V01Titles, V01Example().ToDictionary(p => titles[p.Key], p => p.Value));
        Assert.Equal(byName.Row.OrderBy(p => p.Key), byTitle.Row.OrderBy(p => p.Key));
        Assert.Contains("adresse : colonne « Adresse » lue comme « adresse »", byTitle.Notes.Select(n => n.Text));
    }

    [Fact]
    public void A_v1_row_with_semicolons_and_no_pivot_gets_pipes_and_the_unknown_pivot()
    {
        var raw = new Dictionary<string, string?>
        {
            ["id"] = "hub-12", ["nom"] = "Médiathèque", ["commune"] = "Reims", ["code_postal"] = "51100", ["adresse"] = "1 rue X", ["date_maj"] = "2024-05-02",
            ["services"] = "Aide aux démarches administratives;Loisirs et créations numériques", ["horaires"] = "Mo-Fr 09:00-12:00; Sa 10:00-12:00",
        };
        var (row, notes) = OlderShapes.Convert(OlderShapes.V1Semicolons, raw);
        Assert.Equal("Aide aux démarches administratives|Loisirs et créations numériques", row["services"]);
        Assert.Equal("Mo-Fr 09:00-12:00; Sa 10:00-12:00", row["horaires"]);   // not a list: its « ; » is the opening hours' own
        Assert.Equal(OlderShapes.UnknownPivot, row["pivot"]);
        Assert.Equal(["services : valeur traduite, « ; » entre les valeurs remplacé par « | »", "pivot : valeur ajoutée, SIRET ou RNA absent : 00000000000000 (inconnu), à compléter"],
            notes.Select(n => n.Text));
    }

    [Fact]
    public void A_summary_longer_than_the_v1_limit_is_shortened_and_kept_whole_in_the_detail()
    {
        var text = string.Concat(Enumerable.Repeat("Accompagnement au numérique pour tous. ", 12));
        var (row, notes) = OlderShapes.Convert(OlderShapes.V01, new Dictionary<string, string?>(V01Example()) { ["presentation_resume"] = text, ["presentation_detail"] = null });
        Assert.InRange(row["presentation_resume"]!.Length, 200, 280);
        Assert.EndsWith("…", row["presentation_resume"], StringComparison.Ordinal);
        Assert.Equal(text.Trim(), row["presentation_detail"]);
        Assert.Contains(notes, n => n.Field == "presentation_resume" && n.Kind == MappingKind.Translated);
    }
}
