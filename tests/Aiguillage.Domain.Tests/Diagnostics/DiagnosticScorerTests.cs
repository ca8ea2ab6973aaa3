using Aiguillage.Domain.Diagnostics;

namespace Aiguillage.Domain.Tests.Diagnostics;

public sealed class DiagnosticScorerTests
{
    private static DiagnosticResult Score(Dictionary<string, string> answers) => DiagnosticScorer.Score(Questionnaires.V1, answers);

    [Theory]
    // equipment, know-how points (of 18), expected level — just below and at every threshold of v1
    [InlineData(0, 0, 0)]
    [InlineData(2, 18, 0)]
    [InlineData(3, 0, 1)]
    [InlineData(3, 4, 1)]   // 22 %
    [InlineData(3, 5, 2)]   // 27 %
    [InlineData(3, 18, 2)]  // equipment below 4
    [InlineData(4, 8, 2)]   // 44 %
    [InlineData(4, 9, 3)]   // 50 %
    [InlineData(5, 18, 3)]  // equipment below 6
    [InlineData(6, 14, 3)]  // 77 %
    [InlineData(6, 15, 4)]  // 83 %
    [InlineData(8, 18, 4)]
    public void The_level_follows_the_thresholds_of_the_definition(int equipment, int knowHow, int level)
    {
        var result = Score(Questionnaires.Answers(equipment, knowHow));
        Assert.Equal((equipment, knowHow, 18), (result.EquipmentScore, result.KnowHowPoints, result.KnowHowMax));
        Assert.Equal(level, result.Level.Value);
    }

    [Fact]
    public void Levels_have_their_names_from_the_definition()
    {
        Assert.Equal("Sans équipement ni accès", Score(Questionnaires.Answers(0, 0)).Level.Label);
        Assert.Equal("Autonome", Score(Questionnaires.Answers(8, 18)).Level.Label);
    }

    [Fact]
    public void Not_applicable_leaves_the_denominator_instead_of_counting_zero()
    {
        var answers = Questionnaires.Answers(8, 14);
        answers["K6"] = "pas-concerne";   // no bank account: the banking question does not count
        answers["K5"] = "seul";
        var result = Score(answers);
        Assert.Equal(16, result.KnowHowMax);
        Assert.Equal(Math.Floor(100.0 * result.KnowHowPoints / 16), result.KnowHowPercent);
        var demarches = result.Domains.Single(d => d.Domain == "demarches");
        Assert.Equal((2, 2), (demarches.Points, demarches.Max));
    }

    [Fact]
    public void Dont_know_scores_like_the_lowest_answer_and_is_flagged_to_check()
    {
        var answers = Questionnaires.Answers(6, 18);
        answers["E3"] = "ne-sait-pas";
        var result = Score(answers);
        Assert.Equal(["E3"], result.AnswersToCheck);
        Assert.Equal(8, result.EquipmentMax);
    }

    [Fact]
    public void No_internet_access_and_no_smartphone_is_illectronisme_whatever_the_rest()
    {
        var answers = Questionnaires.Answers(2, 18);
        answers["E1"] = "non";
        answers["E3"] = "non";
        answers["E2"] = "oui-a-moi";
        var result = Score(answers);
        Assert.True(result.NoInternetUse);
        Assert.True(result.Illectronisme);
    }

    [Theory]
    [InlineData(new[] { "K1", "K2", "K3", "K4", "K5", "K6", "K7", "K8" }, true)]          // only « protection » shown: 4 domains lacking
    [InlineData(new[] { "K3", "K4", "K5", "K6", "K7", "K8", "K9" }, true)]                // only « information »
    [InlineData(new[] { "K5", "K6", "K7", "K8", "K9" }, false)]                           // 3 domains lacking
    [InlineData(new string[0], false)]
    public void Lacking_basic_skills_in_four_of_five_domains_is_illectronisme(string[] failed, bool expected)
    {
        var answers = Questionnaires.Answers(8, 18);
        foreach (var id in failed)
        {
            answers[id] = "non";
        }

        var result = Score(answers);
        Assert.False(result.NoInternetUse);
        Assert.Equal(expected, result.Illectronisme);
    }

    [Fact]
    public void With_help_counts_as_a_basic_skill_in_the_domain()
    {
        var answers = Questionnaires.Answers(8, 0);
        answers["K1"] = "avec-aide";
        var result = Score(answers);
        Assert.True(result.Domains.Single(d => d.Domain == "information").HasBasicSkill);
        Assert.Equal(4, result.DomainsLacking);
    }

    [Fact]
    public void A_missing_or_unknown_answer_is_refused_with_its_field()
    {
        var answers = Questionnaires.Answers(8, 18);
        answers.Remove("C2");
        Assert.Equal("answers.C2", Assert.Throws<DomainException>(() => Score(answers)).Field);
        answers["C2"] = "peut-etre";
        Assert.Equal("answers.C2", Assert.Throws<DomainException>(() => Score(answers)).Field);
    }
}
