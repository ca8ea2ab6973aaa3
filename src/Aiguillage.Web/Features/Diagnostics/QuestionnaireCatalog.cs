using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Aiguillage.Domain.Diagnostics;

namespace Aiguillage.Web.Features.Diagnostics;

/// <summary>A definition as loaded, with the file it came from and the SHA-256 of its bytes.</summary>
public sealed record LoadedQuestionnaire(QuestionnaireDefinition Definition, string File, string Hash);

/// <summary>A definition file that cannot be used; the app refuses to start (issue 3).</summary>
public sealed class QuestionnaireDefinitionException(string message) : Exception(message);

/// <summary>
/// Every questionnaire version found in <c>Content/questionnaires</c>, loaded and validated once at start-up.
/// The current questionnaire is the highest version of <see cref="DefaultId"/>.
/// </summary>
public sealed class QuestionnaireCatalog
{
    public const string DefaultId = "aisance-numerique";

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly Dictionary<(string Id, int Version), LoadedQuestionnaire> _all;

    public QuestionnaireCatalog(string folder)
    {
        _all = [];
        if (!Directory.Exists(folder))
        {
            throw new QuestionnaireDefinitionException($"Questionnaire folder not found: {folder}");
        }

        foreach (var path in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            var loaded = Load(path);
            if (!_all.TryAdd((loaded.Definition.Id, loaded.Definition.Version), loaded))
            {
                throw new QuestionnaireDefinitionException($"{Path.GetFileName(path)}: questionnaire {loaded.Definition.Id} v{loaded.Definition.Version} is defined twice.");
            }
        }

        Current = _all.Values.Where(q => q.Definition.Id == DefaultId).MaxBy(q => q.Definition.Version)
            ?? throw new QuestionnaireDefinitionException($"No definition of questionnaire '{DefaultId}' in {folder}.");
    }

    public LoadedQuestionnaire Current { get; }

    public LoadedQuestionnaire? Find(string id, int version) => _all.GetValueOrDefault((id, version));

    public IEnumerable<LoadedQuestionnaire> All => _all.Values;

    public static LoadedQuestionnaire Load(string path)
    {
        var file = Path.GetFileName(path);
        var bytes = File.ReadAllBytes(path);
        QuestionnaireDefinition? definition;
        try
        {
            definition = JsonSerializer.Deserialize<QuestionnaireDefinition>(bytes, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new QuestionnaireDefinitionException($"{file}: invalid definition at {e.Path ?? "$"}: {e.Message}");
        }

        if (definition is null)
        {
            throw new QuestionnaireDefinitionException($"{file}: empty definition");
        }

        var faults = QuestionnaireValidator.Validate(definition);
        if (faults.Count > 0)
        {
            throw new QuestionnaireDefinitionException($"{file}: invalid definition:{Environment.NewLine}  - {string.Join($"{Environment.NewLine}  - ", faults)}");
        }

        return new LoadedQuestionnaire(definition, file, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }
}
