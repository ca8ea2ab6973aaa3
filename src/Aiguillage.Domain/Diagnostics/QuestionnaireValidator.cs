namespace Aiguillage.Domain.Diagnostics;

/// <summary>
/// Checks a definition before the app uses it: a broken file must stop the start-up with a message naming the
/// question and the fault, never produce wrong levels at the counter.
/// </summary>
public static class QuestionnaireValidator
{
    public static IReadOnlyList<string> Validate(QuestionnaireDefinition d)
    {
        var faults = new List<string>();
        if (string.IsNullOrWhiteSpace(d.Id) || d.Version < 1 || string.IsNullOrWhiteSpace(d.Title))
        {
            faults.Add("questionnaire: id, version (≥ 1) and title are required");
        }

        Duplicates(d.Questions.Select(q => q.Id), "question", faults);
        Duplicates(d.Domains.Select(x => x.Id), "domain", faults);
        Duplicates(d.Needs.Select(n => n.Id), "need", faults);
        Duplicates(d.Profile.Select(p => p.Id), "profile question", faults);
        Duplicates(d.Levels.Select(l => l.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)), "level", faults);

        var domains = d.Domains.Select(x => x.Id).ToHashSet();
        foreach (var q in d.Questions)
        {
            var where = $"question {q.Id}";
            if (string.IsNullOrWhiteSpace(q.Text))
            {
                faults.Add($"{where}: text is empty");
            }

            if (!Axes.All.Contains(q.Axis))
            {
                faults.Add($"{where}: unknown axis '{q.Axis}' (expected {string.Join(", ", Axes.All)})");
            }

            if (q.Axis == Axes.KnowHow && (q.Domain is null || !domains.Contains(q.Domain)))
            {
                faults.Add($"{where}: a know-how question needs one of the domains {string.Join(", ", domains)}");
            }

            if (q.Axis != Axes.KnowHow && q.Domain is not null)
            {
                faults.Add($"{where}: only know-how questions have a domain");
            }

            Duplicates(q.Options.Select(o => o.Id), $"{where}: option", faults);
            var scored = q.Options.Where(o => o.Kind == OptionKind.Scored).ToList();
            if (scored.Count < 2)
            {
                faults.Add($"{where}: needs at least two scored options");
                continue;
            }

            if (scored.Any(o => o.Points < 0))
            {
                faults.Add($"{where}: points must be 0 or more");
            }

            if (scored.Min(o => o.Points) != 0)
            {
                faults.Add($"{where}: the lowest scored option must be worth 0 points");
            }

            foreach (var o in q.Options.Where(o => o.Kind != OptionKind.Scored && o.Points != 0))
            {
                faults.Add($"{where}: option {o.Id} ({o.Kind}) must be worth 0 points");
            }

            if (q.Options.Any(o => string.IsNullOrWhiteSpace(o.Label)))
            {
                faults.Add($"{where}: every option needs a label");
            }
        }

        foreach (var domain in d.Domains)
        {
            // Each domain must be assessable whatever the answers: at least one of its questions cannot be "not applicable".
            if (!d.Questions.Any(q => q.Domain == domain.Id && q.Options.All(o => o.Kind != OptionKind.NotApplicable)))
            {
                faults.Add($"domain {domain.Id}: needs at least one question without a « pas concerné » option");
            }
        }

        foreach (var role in new[] { QuestionnaireDefinition.InternetAccessRole, QuestionnaireDefinition.SmartphoneRole })
        {
            if (d.Questions.Count(q => q.Role == role) != 1)
            {
                faults.Add($"questionnaire: exactly one question must have the role '{role}'");
            }
        }

        ValidateLevels(d, faults);
        if (d.Illectronisme.MinDomainsLacking < 1 || d.Illectronisme.MinDomainsLacking > d.Domains.Count)
        {
            faults.Add($"illectronisme: minDomainsLacking must be between 1 and the number of domains ({d.Domains.Count})");
        }

        foreach (var p in d.Profile)
        {
            if (!p.Options.Any(o => o.Id == ProfileAnswers.NoAnswer))
            {
                faults.Add($"profile question {p.Id}: must offer « {ProfileAnswers.NoAnswer} » (ne souhaite pas répondre)");
            }

            Duplicates(p.Options.Select(o => o.Id), $"profile question {p.Id}: option", faults);
        }

        return faults;
    }

    private static void ValidateLevels(QuestionnaireDefinition d, List<string> faults)
    {
        if (d.Levels.Count == 0)
        {
            faults.Add("levels: at least one level is required");
            return;
        }

        var ordered = d.Levels.OrderBy(l => l.Value).ToList();
        if (ordered[0].MinEquipment != 0 || ordered[0].MinKnowHowPercent != 0)
        {
            faults.Add($"level {ordered[0].Value}: the lowest level must start at 0 equipment and 0 % know-how, so every answer set has a level");
        }

        var maxEquipment = d.Questions.Where(q => q.Axis == Axes.Equipment && q.Options.Count(o => o.Kind == OptionKind.Scored) >= 2).Sum(d.MaxPoints);
        for (var i = 0; i < ordered.Count; i++)
        {
            var level = ordered[i];
            if (level.Value != i)
            {
                faults.Add($"level {level.Value}: levels must be numbered 0, 1, 2… without gaps");
            }

            if (level.MinKnowHowPercent is < 0 or > 100)
            {
                faults.Add($"level {level.Value}: minKnowHowPercent must be between 0 and 100");
            }

            if (level.MinEquipment < 0 || level.MinEquipment > maxEquipment)
            {
                faults.Add($"level {level.Value}: minEquipment must be between 0 and the equipment maximum ({maxEquipment})");
            }

            if (i > 0 && (level.MinEquipment < ordered[i - 1].MinEquipment || level.MinKnowHowPercent < ordered[i - 1].MinKnowHowPercent))
            {
                faults.Add($"level {level.Value}: thresholds must not decrease from one level to the next");
            }

            if (string.IsNullOrWhiteSpace(level.Label) || string.IsNullOrWhiteSpace(level.Description))
            {
                faults.Add($"level {level.Value}: label and description are required");
            }
        }
    }

    private static void Duplicates(IEnumerable<string> ids, string what, List<string> faults)
    {
        foreach (var id in ids.GroupBy(x => x).Where(g => g.Count() > 1).Select(g => g.Key))
        {
            faults.Add($"{what} {id}: id used more than once");
        }
    }
}
