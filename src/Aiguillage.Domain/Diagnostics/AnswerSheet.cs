namespace Aiguillage.Domain.Diagnostics;

public static class ProfileAnswers
{
    /// <summary>The option id of « ne souhaite pas répondre », offered by every profile question.</summary>
    public const string NoAnswer = "nsp";
}

/// <summary>A problem with a submitted answer sheet, on the field it concerns (e.g. <c>answers.E3</c>).</summary>
public sealed record AnswerError(string Field, string Message);

/// <summary>
/// What a client answered: one option per scored question, the needs, the optional profile.
/// <see cref="Validate"/> checks it against the definition before anything is scored or stored.
/// </summary>
public sealed record AnswerSheet(
    IReadOnlyDictionary<string, string> Answers,
    IReadOnlyList<string> Needs,
    IReadOnlyDictionary<string, string> Profile)
{
    public const int MaxNeeds = 30;

    public IReadOnlyList<AnswerError> Validate(QuestionnaireDefinition definition)
    {
        var errors = new List<AnswerError>();
        foreach (var (questionId, optionId) in Answers)
        {
            var question = definition.FindQuestion(questionId);
            if (question is null)
            {
                errors.Add(new($"answers.{questionId}", $"La question « {questionId} » n'existe pas dans ce questionnaire."));
            }
            else if (question.Options.All(o => o.Id != optionId))
            {
                errors.Add(new($"answers.{questionId}", $"La réponse « {optionId} » n'est pas proposée pour la question {questionId}."));
            }
        }

        foreach (var question in definition.Questions.Where(q => !Answers.ContainsKey(q.Id)))
        {
            errors.Add(new($"answers.{question.Id}", $"La question {question.Id} n'a pas de réponse."));
        }

        if (Needs.Count > MaxNeeds)
        {
            errors.Add(new("needs", $"{MaxNeeds} besoins au plus."));
        }

        for (var i = 0; i < Needs.Count; i++)
        {
            if (definition.Needs.All(n => n.Id != Needs[i]))
            {
                errors.Add(new($"needs[{i}]", $"Le besoin « {Needs[i]} » n'existe pas."));
            }
            else if (Needs.Take(i).Contains(Needs[i]))
            {
                errors.Add(new($"needs[{i}]", $"Le besoin « {Needs[i]} » est donné deux fois."));
            }
        }

        foreach (var (profileId, optionId) in Profile)
        {
            var question = definition.Profile.FirstOrDefault(p => p.Id == profileId);
            if (question is null)
            {
                errors.Add(new($"profile.{profileId}", $"La question de profil « {profileId} » n'existe pas."));
            }
            else if (question.Options.All(o => o.Id != optionId))
            {
                errors.Add(new($"profile.{profileId}", $"La réponse « {optionId} » n'est pas proposée pour « {question.Label} »."));
            }
        }

        return errors;
    }
}
