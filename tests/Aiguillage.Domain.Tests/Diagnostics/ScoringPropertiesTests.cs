using Aiguillage.Domain.Diagnostics;
using FsCheck;
using FsCheck.Fluent;

namespace Aiguillage.Domain.Tests.Diagnostics;

/// <summary>Properties of the scoring that must hold for every possible answer sheet of v1 (FsCheck).</summary>
public sealed class ScoringPropertiesTests
{
    private static readonly QuestionnaireDefinition V1 = Questionnaires.V1;

    /// <summary>Any complete answer sheet: one option, of any kind, per question.</summary>
    private static readonly Arbitrary<Dictionary<string, string>> AnySheet = Gen
        .ArrayOf(Gen.Choose(0, 1_000), V1.Questions.Count)
        .Select(picks => V1.Questions.Select((q, i) => (q.Id, q.Options[picks[i] % q.Options.Count].Id)).ToDictionary(p => p.Item1, p => p.Item2))
        .ToArbitrary();

    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(500);

    [Fact]
    public void Improving_any_single_answer_never_lowers_a_score_or_the_level()
    {
        Prop.ForAll(AnySheet, answers =>
        {
            var before = DiagnosticScorer.Score(V1, answers);
            foreach (var question in V1.Questions)
            {
                var current = question.Options.Single(o => o.Id == answers[question.Id]);
                if (current.Kind == OptionKind.NotApplicable)
                {
                    continue;
                }

                foreach (var better in question.Options.Where(o => o.Kind == OptionKind.Scored && o.Points > current.Points))
                {
                    var after = DiagnosticScorer.Score(V1, new Dictionary<string, string>(answers) { [question.Id] = better.Id });
                    if (after.EquipmentScore < before.EquipmentScore || after.KnowHowPercent < before.KnowHowPercent
                        || after.ConfidenceScore < before.ConfidenceScore || after.Level.Value < before.Level.Value
                        || (after.Illectronisme && !before.Illectronisme)
                        || after.Domains.Zip(before.Domains).Any(d => d.First.Points < d.Second.Points))
                    {
                        throw new InvalidOperationException($"{question.Id}: {current.Id} → {better.Id} lowered the result");
                    }
                }
            }
        }).Check(Runs);
    }

    [Fact]
    public void The_same_answers_always_give_the_same_result()
    {
        Prop.ForAll(AnySheet, answers =>
        {
            var a = DiagnosticScorer.Score(V1, answers);
            var b = DiagnosticScorer.Score(V1, answers.Reverse().ToDictionary());
            return a.Level == b.Level && a.EquipmentScore == b.EquipmentScore && a.KnowHowPoints == b.KnowHowPoints
                && a.KnowHowMax == b.KnowHowMax && a.ConfidenceScore == b.ConfidenceScore && a.Illectronisme == b.Illectronisme
                && a.Domains.SequenceEqual(b.Domains) && a.AnswersToCheck.SequenceEqual(b.AnswersToCheck);
        }).Check(Runs);
    }

    [Fact]
    public void Every_complete_answer_sheet_gets_exactly_one_level_the_highest_it_reaches()
    {
        Prop.ForAll(AnySheet, answers =>
        {
            var result = DiagnosticScorer.Score(V1, answers);
            var reached = V1.Levels.Where(l => result.EquipmentScore >= l.MinEquipment && result.KnowHowPercent >= l.MinKnowHowPercent).ToList();
            return reached.Count >= 1 && result.Level == reached.MaxBy(l => l.Value) && V1.Levels.Count(l => l == result.Level) == 1
                && result.KnowHowPercent is >= 0 and <= 100;
        }).Check(Runs);
    }
}
