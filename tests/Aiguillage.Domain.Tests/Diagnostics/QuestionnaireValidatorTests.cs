using Aiguillage.Domain.Diagnostics;

namespace Aiguillage.Domain.Tests.Diagnostics;

public sealed class QuestionnaireValidatorTests
{
    private static readonly QuestionnaireDefinition V1 = Questionnaires.V1;

    [Fact]
    public void Version_1_is_valid_with_exactly_15_scored_questions_in_three_axes()
    {
        Assert.Empty(QuestionnaireValidator.Validate(V1));
        Assert.Equal(15, V1.Questions.Count);
        Assert.Equal(4, V1.Questions.Count(q => q.Axis == Axes.Equipment));
        Assert.Equal(9, V1.Questions.Count(q => q.Axis == Axes.KnowHow));
        Assert.Equal(2, V1.Questions.Count(q => q.Axis == Axes.Confidence));
        Assert.Equal(5, V1.Domains.Count);
        Assert.All(V1.Profile, p => Assert.Contains(p.Options, o => o.Id == ProfileAnswers.NoAnswer));
    }

    private static Question Q(string id) => V1.Questions.Single(q => q.Id == id);

    private static QuestionnaireDefinition WithQuestion(string id, Func<Question, Question> change) =>
        V1 with { Questions = [.. V1.Questions.Select(q => q.Id == id ? change(q) : q)] };

    public static TheoryData<string, QuestionnaireDefinition, string> Broken => new()
    {
        { "duplicate question id", V1 with { Questions = [.. V1.Questions, Q("K1")] }, "question K1: id used more than once" },
        { "unknown domain", WithQuestion("K3", q => q with { Domain = "cuisine" }), "question K3: a know-how question needs one of the domains" },
        { "unknown axis", WithQuestion("C1", q => q with { Axis = "humeur" }), "question C1: unknown axis 'humeur'" },
        { "one scored option", WithQuestion("E2", q => q with { Options = [q.Options[0]] }), "question E2: needs at least two scored options" },
        { "negative points", WithQuestion("E2", q => q with { Options = [.. q.Options.Select(o => o.Id == "non" ? o with { Points = -1 } : o)] }), "question E2: points must be 0 or more" },
        { "scored not-applicable", WithQuestion("K2", q => q with { Options = [.. q.Options.Select(o => o.Kind == OptionKind.NotApplicable ? o with { Points = 1 } : o)] }), "question K2: option pas-concerne (NotApplicable) must be worth 0 points" },
        { "levels not covering 0", V1 with { Levels = [.. V1.Levels.Select(l => l.Value == 0 ? l with { MinEquipment = 1 } : l)] }, "level 0: the lowest level must start at 0 equipment and 0 % know-how" },
        { "decreasing thresholds", V1 with { Levels = [.. V1.Levels.Select(l => l.Value == 3 ? l with { MinKnowHowPercent = 10 } : l)] }, "level 3: thresholds must not decrease" },
        { "threshold over 100 %", V1 with { Levels = [.. V1.Levels.Select(l => l.Value == 4 ? l with { MinKnowHowPercent = 120 } : l)] }, "level 4: minKnowHowPercent must be between 0 and 100" },
        { "gap in levels", V1 with { Levels = [.. V1.Levels.Where(l => l.Value != 2)] }, "levels must be numbered 0, 1, 2… without gaps" },
        { "no internet-access role", WithQuestion("E3", q => q with { Role = null }), "exactly one question must have the role 'internet-access'" },
        { "domain only not-applicable", V1 with { Questions = [.. V1.Questions.Where(q => q.Id != "K1")] }, "domain information: needs at least one question without a « pas concerné » option" },
        { "illectronisme rule out of range", V1 with { Illectronisme = new IllectronismeRule(6) }, "illectronisme: minDomainsLacking must be between 1 and the number of domains" },
        { "profile without no-answer", V1 with { Profile = [.. V1.Profile.Select(p => p.Id == "gender" ? p with { Options = [.. p.Options.Where(o => o.Id != "nsp")] } : p)] }, "profile question gender: must offer" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void A_broken_definition_is_refused_naming_the_question_and_the_fault(string because, QuestionnaireDefinition definition, string fault)
    {
        var faults = QuestionnaireValidator.Validate(definition);
        Assert.True(faults.Any(f => f.Contains(fault, StringComparison.Ordinal)), $"{because}: expected « {fault} » in: {string.Join(" / ", faults)}");
    }
}
