using System.Text.Json;
using Aiguillage.Domain.Orientation;
using Aiguillage.Web.Features.Diagnostics;

namespace Aiguillage.Web.Features.Orientation;

/// <summary>The action catalogue (Content/orientation/actions.json), loaded and checked against every deployed
/// questionnaire at start-up: a broken catalogue stops the app, as a broken questionnaire does.</summary>
public static class OrientationCatalog
{
    public static ActionCatalogue Load(string path, QuestionnaireCatalog questionnaires)
    {
        var file = Path.GetFileName(path);
        ActionCatalogue? catalogue;
        try
        {
            catalogue = JsonSerializer.Deserialize<ActionCatalogue>(File.ReadAllBytes(path), QuestionnaireCatalog.JsonOptions);
        }
        catch (JsonException e)
        {
            throw new QuestionnaireDefinitionException($"{file}: invalid catalogue at {e.Path ?? "$"}: {e.Message}");
        }

        var faults = questionnaires.All.SelectMany(q => catalogue!.Validate(q.Definition)).Distinct().ToList();
        if (catalogue is null || faults.Count > 0)
        {
            throw new QuestionnaireDefinitionException($"{file}: invalid catalogue:{Environment.NewLine}  - {string.Join($"{Environment.NewLine}  - ", faults)}");
        }

        return catalogue;
    }
}
