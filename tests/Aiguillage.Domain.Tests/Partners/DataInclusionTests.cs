using Aiguillage.Domain.Partners.Standard;

namespace Aiguillage.Domain.Tests.Partners;

/// <summary>Issue 21 §1: data·inclusion's structures and services read as a place of the standard, and its values both ways.</summary>
public sealed class DataInclusionTests
{
    [Theory]
    [InlineData("04 77 10 07 77", "+33477100777")]
    [InlineData("04.77.10.07.77", "+33477100777")]
    [InlineData("+33477100777", "+33477100777")]
    [InlineData("33477100777", "+33477100777")]
    [InlineData("0077100777", null)]
    [InlineData("3631", null)]
    [InlineData("", null)]
    public void A_french_number_is_written_as_the_standard_wants(string written, string? expected) => Assert.Equal(expected, DataInclusion.E164(written));

    [Fact]
    public void A_structure_and_its_services_become_one_place_and_what_has_no_counterpart_is_said()
    {
        var structure = new DiStructure("dora", "42", "Espace numérique", "2025-02-14T09:00:00Z", Siret: "21420095600016", Adresse: "2 place du Breuil", CodePostal: "42700",
            Commune: "Firminy", Latitude: 45.3887, ReseauxPorteurs: ["aidants-connect", "la-poste"], Description: new string('x', 300));
        DiService[] services =
        [
            new("s1", "42", "Démarches", ["numerique--acceder-a-des-services-en-ligne", "sante--acces-aux-soins"], "payant", ["femmes", "tous-publics"], ["a-distance"], ["envoyer-un-courriel"], Type: "accompagnement"),
            new("s2", "42", "Matériel", ["numerique--acquerir-un-equipement"], "gratuit"),
        ];
        var (row, notes) = DataInclusion.ToStandard(structure, services);

        Assert.Equal("dora--42", row["id"]);   // an id without its producer gets it
        Assert.Equal("21420095600016", row["pivot"]);
        Assert.Equal("2025-02-14", row["date_maj"]);
        Assert.Equal("45.3887", row["latitude"]);
        Assert.Equal("Aide aux démarches administratives|Acquisition de matériel informatique à prix solidaire", row["services"]);
        Assert.Equal("Payant|Gratuit", row["frais_a_charge"]);
        Assert.Equal("Femmes", row["publics_specifiquement_adresses"]);
        Assert.Equal("Contacter par mail", row["modalites_acces"]);
        Assert.Equal("Accompagnement individuel|À distance", row["modalites_accompagnement"]);
        Assert.Equal("Aidants Connect", row["dispositif_programmes_nationaux"]);
        Assert.Equal(280, row["presentation_resume"]!.Length);
        Assert.Equal(300, row["presentation_detail"]!.Length);

        var said = notes.Select(n => n.Text).ToList();
        Assert.Contains("services : valeur retirée, thématique « sante--acces-aux-soins » : hors de la médiation numérique, pas de service du standard", said);
        Assert.Contains("reseaux_porteurs : valeur retirée, « la-poste » : pas de dispositif ni de label du standard pour ce réseau", said);
        Assert.DoesNotContain(said, t => t.Contains("tous-publics", StringComparison.Ordinal));   // everyone: nothing lost
    }

    [Fact]
    public void Every_service_of_the_standard_has_thematiques_and_every_mapped_thematique_is_a_numerique_or_administrative_one()
    {
        Assert.Equal(9, DataInclusion.ThematiquesOfService.Count);
        Assert.All(DataInclusion.ThematiquesOfService.Values, t => Assert.NotEmpty(t));
        Assert.All(DataInclusion.ServiceOfThematique.Keys, k => Assert.True(k.StartsWith("numerique--", StringComparison.Ordinal) || k.StartsWith("difficultes-administratives", StringComparison.Ordinal), k));
        // Both ways agree: a thematique read as a service exports back among that service's thematiques.
        Assert.All(DataInclusion.ServiceOfThematique, p => Assert.Contains(p.Key, DataInclusion.ThematiquesOfService[p.Value]));
    }
}
