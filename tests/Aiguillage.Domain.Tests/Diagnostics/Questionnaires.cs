using System.Text.Json;
using System.Text.Json.Serialization;
using Aiguillage.Domain.Diagnostics;

namespace Aiguillage.Domain.Tests.Diagnostics;

/// <summary>The real « Aisance numérique » v1 definition, and a builder of answer sheets for it.</summary>
public static class Questionnaires
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static readonly QuestionnaireDefinition V1 = Load("aisance-numerique-v1.json");

    public static QuestionnaireDefinition Load(string file) =>
        JsonSerializer.Deserialize<QuestionnaireDefinition>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "questionnaires", file)), Options)!;

    /// <summary>
    /// A complete answer sheet reaching exactly these points: equipment points spread over the equipment
    /// questions, know-how points over the know-how questions (no « pas concerné »), confidence likewise.
    /// </summary>
    public static Dictionary<string, string> Answers(int equipment, int knowHow, int confidence = 2)
    {
        var answers = new Dictionary<string, string>();
        Spread(Axes.Equipment, equipment);
        Spread(Axes.KnowHow, knowHow);
        Spread(Axes.Confidence, confidence);
        return answers;

        void Spread(string axis, int points)
        {
            foreach (var q in V1.Questions.Where(q => q.Axis == axis))
            {
                var scored = q.Options.Where(o => o.Kind == OptionKind.Scored).OrderByDescending(o => o.Points).ToList();
                var option = scored.FirstOrDefault(o => o.Points <= points) ?? scored[^1];
                answers[q.Id] = option.Id;
                points -= option.Points;
            }

            if (points != 0)
            {
                throw new ArgumentException($"cannot reach the requested points on {axis}");
            }
        }
    }
}
