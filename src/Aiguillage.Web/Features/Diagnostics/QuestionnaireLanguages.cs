using Aiguillage.Domain.Diagnostics;

namespace Aiguillage.Web.Features.Diagnostics;

/// <summary>
/// The questionnaire in the client's language (issue 17 §2). Defined here, where the questionnaire is served, and
/// implemented by the client-mode area, which owns the language files: Diagnostics never names ClientMode.
/// </summary>
public interface IQuestionnaireLanguages
{
    /// <summary>The definition with its texts in <paramref name="language"/> and that language's direction (ltr, rtl); null when the language is unknown.</summary>
    (QuestionnaireDefinition Definition, string Direction)? Translate(QuestionnaireDefinition definition, string language);

    /// <summary>Language codes offered, for the error message of an unknown one.</summary>
    IReadOnlyList<string> Codes { get; }
}
