namespace Aiguillage.Domain.Diagnostics;

/// <summary>
/// Turns a valid answer sheet into scores, a level and the illectronisme flag (docs/questionnaire.md).
/// Deterministic and monotonic: a better answer to any question never lowers a score or the level.
/// </summary>
public static class DiagnosticScorer
{
    public static DiagnosticResult Score(QuestionnaireDefinition definition, IReadOnlyDictionary<string, string> answers)
    {
        int equipment = 0, equipmentMax = 0, knowHow = 0, knowHowMax = 0, confidence = 0, confidenceMax = 0;
        var domainPoints = definition.Domains.ToDictionary(d => d.Id, _ => (Points: 0, Max: 0));
        var toCheck = new List<string>();
        var lowestOnRole = new Dictionary<string, bool>();

        foreach (var question in definition.Questions)
        {
            if (!answers.TryGetValue(question.Id, out var optionId))
            {
                throw new DomainException("diagnostic.answer-missing", $"La question {question.Id} n'a pas de réponse.", $"answers.{question.Id}");
            }

            var option = question.Options.FirstOrDefault(o => o.Id == optionId)
                ?? throw new DomainException("diagnostic.option-unknown", $"La réponse « {optionId} » n'est pas proposée pour la question {question.Id}.", $"answers.{question.Id}");

            if (question.Role is not null)
            {
                lowestOnRole[question.Role] = option.Kind != OptionKind.NotApplicable && option.Points == 0;
            }

            if (option.Kind == OptionKind.NotApplicable)
            {
                continue;
            }

            if (option.Kind == OptionKind.DontKnow)
            {
                toCheck.Add(question.Id);
            }

            var max = definition.MaxPoints(question);
            switch (question.Axis)
            {
                case Axes.Equipment:
                    equipment += option.Points;
                    equipmentMax += max;
                    break;
                case Axes.KnowHow:
                    knowHow += option.Points;
                    knowHowMax += max;
                    var current = domainPoints[question.Domain!];
                    domainPoints[question.Domain!] = (current.Points + option.Points, current.Max + max);
                    break;
                default:
                    confidence += option.Points;
                    confidenceMax += max;
                    break;
            }
        }

        var domains = definition.Domains.Select(d => new DomainScore(d.Id, d.Label, domainPoints[d.Id].Points, domainPoints[d.Id].Max)).ToList();
        var knowHowPercent = knowHowMax == 0 ? 0 : (int)Math.Floor(100.0 * knowHow / knowHowMax);
        var level = definition.Levels
            .Where(l => equipment >= l.MinEquipment && knowHowPercent >= l.MinKnowHowPercent)
            .MaxBy(l => l.Value)!;

        // "No internet use" (INSEE): no internet access at all and no smartphone use.
        var noInternetUse = lowestOnRole.GetValueOrDefault(QuestionnaireDefinition.InternetAccessRole)
            && lowestOnRole.GetValueOrDefault(QuestionnaireDefinition.SmartphoneRole);
        var illectronisme = noInternetUse || domains.Count(d => !d.HasBasicSkill) >= definition.Illectronisme.MinDomainsLacking;

        return new DiagnosticResult(equipment, equipmentMax, knowHow, knowHowMax, confidence, confidenceMax, domains, level, illectronisme, noInternetUse, toCheck);
    }
}
