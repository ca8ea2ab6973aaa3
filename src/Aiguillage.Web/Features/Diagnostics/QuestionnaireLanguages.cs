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

/// <summary>
/// One language of the texts a client reads, for the Diagnostics pages a client takes home (« Mon parcours
/// numérique », issue 17 §8). Implemented by the client-mode area, which owns the language files.
/// </summary>
public interface IClientText
{
    string Code { get; }

    /// <summary>The language written in itself (« العربية »).</summary>
    string Name { get; }

    /// <summary>The <c>lang</c> attribute of what is written in it.</summary>
    string HtmlLang { get; }

    /// <summary><c>ltr</c> or <c>rtl</c>.</summary>
    string Direction { get; }

    string Text(string key);

    /// <summary>A date as the language writes it (its month names and digits, the Gregorian calendar as on the French side).</summary>
    string Date(DateOnly date);

    /// <summary>An appointment in words, as the language writes it: weekday, date and time (« mardi 8 décembre 2026 à 14 h 30 »).</summary>
    string Appointment(DateTime parisTime);

    /// <summary>Days of the week in the language (« Tuesday, Friday »), or the language's « no day ».</summary>
    string Days(Domain.Offices.Weekdays days);
}

/// <summary>The client languages, and the one a client chose on the tablet for a diagnostic made in client mode.</summary>
public interface IClientTexts
{
    IReadOnlyList<IClientText> All { get; }

    IClientText? Find(string? code);

    /// <summary>The language of the client-mode visit that made this diagnostic, if one did.</summary>
    Task<string?> ChosenForAsync(Guid diagnosticId, CancellationToken ct);
}
