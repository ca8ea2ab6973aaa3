using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Aiguillage.Domain.Diagnostics;

namespace Aiguillage.Web.Features.Diagnostics;

/// <summary>What a device posts: a client-generated id, where and how, and the answers.</summary>
public sealed record DiagnosticSubmission(
    Guid Id,
    string OfficeSiteCode,
    string Mode,
    string QuestionnaireId,
    int QuestionnaireVersion,
    Dictionary<string, string> Answers,
    [property: System.Text.Json.Serialization.JsonConverter(typeof(OffsetRequiredConverter))] DateTimeOffset FilledAt,
    List<string>? Needs = null,
    Dictionary<string, string>? Profile = null)
{
    public AnswerSheet ToSheet() => new(Answers, Needs ?? [], Profile ?? []);

    /// <summary>
    /// SHA-256 of the content in a canonical form (answers and profile sorted, time in UTC): the same submission
    /// replayed gives the same hash whatever the JSON key order or time zone of the device.
    /// </summary>
    public string ContentHash()
    {
        var text = new StringBuilder()
            .Append(Id.ToString("N")).Append('|').Append(OfficeSiteCode.ToUpperInvariant()).Append('|').Append(Mode.ToLowerInvariant())
            .Append('|').Append(QuestionnaireId).Append('|').Append(QuestionnaireVersion.ToString(CultureInfo.InvariantCulture))
            .Append('|').Append(string.Join(';', Answers.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value}")))
            .Append('|').Append(string.Join(';', Needs ?? []))
            .Append('|').Append(string.Join(';', (Profile ?? []).OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value}")))
            .Append('|').Append(FilledAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}

/// <summary>
/// Reads <c>filledAt</c> through the domain's rule (issue 15 §3): an ISO 8601 instant with its offset. Without one,
/// System.Text.Json would take the server's zone and move the date by hours.
/// </summary>
public sealed class OffsetRequiredConverter : System.Text.Json.Serialization.JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options) =>
        reader.TokenType == System.Text.Json.JsonTokenType.String && FillingDate.TryRead(reader.GetString(), out var value)
            ? value
            : throw new System.Text.Json.JsonException(FillingDate.FormatMessage);

    public override void Write(System.Text.Json.Utf8JsonWriter writer, DateTimeOffset value, System.Text.Json.JsonSerializerOptions options) =>
        writer.WriteStringValue(value);
}

public sealed record LevelView(int Value, string Label, string Description);

public sealed record DomainView(string Id, string Label, int Points, int Max, int Percent, bool BasicSkill);

public sealed record ScoresView(
    int Equipment, int EquipmentMax, int KnowHowPercent, int KnowHowPoints, int KnowHowMax, int Confidence, int ConfidenceMax,
    IReadOnlyList<DomainView> Domains);

public sealed record QuestionnaireRef(string Id, int Version, string Hash);

/// <summary>A diagnostic and its result, as the API returns it.</summary>
public sealed record DiagnosticView(
    Guid Id,
    string OfficeSiteCode,
    string OfficeName,
    string Mode,
    QuestionnaireRef Questionnaire,
    DateTime FilledAt,
    DateTime ReceivedAt,
    LevelView Level,
    ScoresView Scores,
    bool Illectronisme,
    bool NoInternetUse,
    IReadOnlyList<string> AnswersToCheck,
    IReadOnlyDictionary<string, string> Answers,
    IReadOnlyList<string> Needs,
    IReadOnlyDictionary<string, string> Profile)
{
    public static DiagnosticView From(Diagnostic d, string officeSiteCode, string officeName, QuestionnaireDefinition definition)
    {
        var r = DiagnosticScorer.Score(definition, d.Answers);
        return new DiagnosticView(
            d.Id, officeSiteCode, officeName, ModeName(d.Mode), new QuestionnaireRef(d.QuestionnaireId, d.QuestionnaireVersion, d.QuestionnaireHash),
            d.FilledAt, d.ReceivedAt, new LevelView(r.Level.Value, r.Level.Label, r.Level.Description),
            new ScoresView(r.EquipmentScore, r.EquipmentMax, r.KnowHowPercent, r.KnowHowPoints, r.KnowHowMax, r.ConfidenceScore, r.ConfidenceMax,
                [.. r.Domains.Select(x => new DomainView(x.Domain, x.Label, x.Points, x.Max, x.Percent, x.HasBasicSkill))]),
            r.Illectronisme, r.NoInternetUse, r.AnswersToCheck, d.Answers, d.Needs, d.Profile);
    }

    public static string ModeName(DiagnosticMode mode) => mode.ToString().ToLowerInvariant();

    public static DiagnosticMode? ParseMode(string? mode) => mode switch
    {
        "assisted" => DiagnosticMode.Assisted,
        "self" => DiagnosticMode.Self,
        "paper" => DiagnosticMode.Paper,
        _ => null,
    };
}
