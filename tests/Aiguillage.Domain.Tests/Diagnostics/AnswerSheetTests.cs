using Aiguillage.Domain.Diagnostics;

namespace Aiguillage.Domain.Tests.Diagnostics;

public sealed class AnswerSheetTests
{
    private static AnswerSheet Sheet(Action<Dictionary<string, string>>? answers = null, string[]? needs = null, Dictionary<string, string>? profile = null)
    {
        var a = Questionnaires.Answers(6, 12);
        answers?.Invoke(a);
        return new AnswerSheet(a, needs ?? ["caf"], profile ?? new() { ["ageBand"] = "65-74" });
    }

    [Fact]
    public void A_complete_sheet_is_valid() => Assert.Empty(Sheet().Validate(Questionnaires.V1));

    [Fact]
    public void Each_fault_names_its_field()
    {
        var sheet = Sheet(a => { a.Remove("E2"); a["Z9"] = "oui"; a["K1"] = "peut-etre"; }, ["caf", "voyage", "caf"], new() { ["gender"] = "licorne", ["taille"] = "grand" });
        var fields = sheet.Validate(Questionnaires.V1).Select(e => e.Field).Order().ToList();
        Assert.Equal(["answers.E2", "answers.K1", "answers.Z9", "needs[1]", "needs[2]", "profile.gender", "profile.taille"], fields);
    }

    [Fact]
    public void Every_need_maps_to_a_service_of_the_national_standard()
    {
        // The services of the « standard de données des lieux de médiation numérique » v1.0.2 used by the national map.
        string[] services =
        [
            "Aide aux démarches administratives", "Maîtrise des outils numériques du quotidien", "Insertion professionnelle via le numérique",
            "Utilisation sécurisée du numérique", "Parentalité et éducation avec le numérique", "Loisirs et créations numériques",
            "Compréhension du monde numérique", "Accès internet et matériel informatique", "Acquisition de matériel informatique à prix solidaire",
        ];
        Assert.All(Questionnaires.V1.Needs, n => Assert.Contains(n.Service, services));
        Assert.Contains(Questionnaires.V1.Needs, n => n.Id == "scolarite");
    }
}
