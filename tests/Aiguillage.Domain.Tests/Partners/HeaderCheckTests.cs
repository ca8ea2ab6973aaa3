using Aiguillage.Domain.Partners.Standard;

namespace Aiguillage.Domain.Tests.Partners;

/// <summary>Issue 15 §5: a file's header read the way other years wrote it, and recognised when it is another layout.</summary>
public sealed class HeaderCheckTests
{
    [Theory]
    [InlineData("#Identifiant_A", "identifiant_a")]
    [InlineData("Libellé du site", "libelle_du_site")]
    [InlineData("Complément d'adresse", "complement_d_adresse")]
    [InlineData("Lieu-dit", "lieu_dit")]
    [InlineData("\uFEFFNuméro_de_téléphone ", "numero_de_telephone")]
    public void A_column_is_read_as_todays_name(string written, string today) => Assert.Equal(today, HeaderCheck.Normalise(written));

    [Fact]
    public void Todays_header_with_one_stray_column_is_not_said_to_be_an_older_version()
    {
        string[] today = ["id", "pivot", "nom", "commune", "code_postal", "code_insee", "adresse", "complement_adresse", "latitude", "longitude", "typologie",
            "telephone", "courriels", "site_web", "horaires", "presentation_resume", "presentation_detail", "source", "itinerance", "structure_parente", "date_maj",
            "services", "publics_specifiquement_adresses", "prise_en_charge_specifique", "frais_a_charge", "dispositif_programmes_nationaux", "formations_labels",
            "autres_formations_labels", "modalites_acces", "modalites_accompagnement", "fiche_acces_libre", "prise_rdv"];
        Assert.Null(HeaderCheck.Resembles([.. today, "colonne_en_plus"], today, HeaderCheck.Known));
        Assert.Equal("fichier des points de contact de La Poste",
            HeaderCheck.Resembles(["Identifiant_A", "Libellé du site", "Caractéristique du site", "Adresse", "Code postal", "Localité", "Code INSEE", "Pays", "Latitude", "Longitude", "Lieu-dit", "Numéro de téléphone"], today, HeaderCheck.Known)?.Name);
    }
}
