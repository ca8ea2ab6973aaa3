using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Aiguillage.Domain.Diagnostics;
using Aiguillage.Web.Features.Diagnostics;

namespace Aiguillage.Web.Features.ClientMode;

/// <summary>
/// One language of the client's screens (issue 17 §2): a file of <c>Content/languages</c>, with who translated it
/// and whether a native speaker reviewed it. The French file is the reference: every other file has its keys.
/// </summary>
public sealed record ClientLanguage(
    string Code,
    string Name,
    string Direction,
    string Translator,
    bool ReviewedByNativeSpeaker,
    string? Reviewer,
    IReadOnlyDictionary<string, string> Texts) : IClientText
{
    public bool IsRightToLeft => Direction == "rtl";

    /// <summary>The page's <c>lang</c>: FALC is French (« FALC » is no language subtag); the others are their code.</summary>
    public string HtmlLang => Code == "fr-FALC" ? "fr" : Code;

    /// <summary>The culture numbers and dates are written in (FALC is French; Dari writes as Persian in Afghanistan).</summary>
    public CultureInfo Culture => CultureInfo.GetCultureInfo(Code switch
    {
        "fr-FALC" => "fr-FR",
        "prs" => "fa-AF",
        _ => Code,
    });

    /// <summary>
    /// A number as this language writes it: Arabic with Arabic-Indic digits, Dari with Persian ones (the culture's
    /// native digits, from ICU), every other language with 0–9.
    /// </summary>
    public string Number(int value)
    {
        return Digits(value.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// « 3 décembre 2026 » in the language: its month names and digits, on the Gregorian calendar whatever the
    /// culture's default (Persian of Afghanistan counts in the solar Hijri calendar), so both columns of a
    /// bilingual sheet give the same day.
    /// </summary>
    public string Date(DateOnly date)
    {
        var format = (DateTimeFormatInfo)Culture.DateTimeFormat.Clone();
        if (format.Calendar is not GregorianCalendar && Culture.OptionalCalendars.OfType<GregorianCalendar>().FirstOrDefault() is { } gregorian)
        {
            format.Calendar = gregorian;
        }

        return Digits(date.ToString("d MMMM yyyy", format));
    }

    /// <summary>
    /// The weekday and date in the language, then the time: « 14 h 30 » in French (the Imprimerie nationale's rule,
    /// as every French page), the culture's short time elsewhere, in its digits; joined by <c>handout.appointment.when</c>.
    /// </summary>
    public string Appointment(DateTime parisTime)
    {
        var format = (DateTimeFormatInfo)Culture.DateTimeFormat.Clone();
        if (format.Calendar is not GregorianCalendar && Culture.OptionalCalendars.OfType<GregorianCalendar>().FirstOrDefault() is { } gregorian)
        {
            format.Calendar = gregorian;
        }

        var day = Digits(parisTime.ToString("dddd d MMMM yyyy", format));
        var time = Culture.TwoLetterISOLanguageName == "fr"
            ? (parisTime.Minute == 0 ? $"{parisTime.Hour}\u00a0h" : $"{parisTime.Hour}\u00a0h\u00a0{parisTime.Minute:00}")
            : Digits(parisTime.ToString("HH:mm", CultureInfo.InvariantCulture));
        return Text("handout.appointment.when").Replace("{0}", day, StringComparison.Ordinal).Replace("{1}", time, StringComparison.Ordinal);
    }

    /// <summary>The days in the language's own names, separated by commas; empty for none.</summary>
    public string Days(Domain.Offices.Weekdays days) =>
        string.Join(Code is "ar" or "prs" ? "، " : ", ", Domain.Offices.WeekdaysExtensions.All.Where(d => days.HasFlag(d.Day))
            .Select(d => Culture.DateTimeFormat.GetDayName(DayOfWeekOf(d.Day))));

    private static DayOfWeek DayOfWeekOf(Domain.Offices.Weekdays day) => day switch
    {
        Domain.Offices.Weekdays.Monday => DayOfWeek.Monday,
        Domain.Offices.Weekdays.Tuesday => DayOfWeek.Tuesday,
        Domain.Offices.Weekdays.Wednesday => DayOfWeek.Wednesday,
        Domain.Offices.Weekdays.Thursday => DayOfWeek.Thursday,
        Domain.Offices.Weekdays.Friday => DayOfWeek.Friday,
        _ => DayOfWeek.Saturday,
    };

    private string Digits(string text)
    {
        var digits = Culture.NumberFormat.NativeDigits;
        return IsRightToLeft && digits.Length == 10 ? string.Concat(text.Select(c => char.IsAsciiDigit(c) ? digits[c - '0'] : c.ToString())) : text;
    }

    /// <summary>A text with {0}, {1}… filled with numbers written the language's way.</summary>
    public string Format(string key, params int[] numbers) =>
        string.Format(CultureInfo.InvariantCulture, Text(key), [.. numbers.Select(n => (object)Number(n))]);

    /// <summary>The language codes a device's voices may carry for this language, best first (Dari: Persian of Afghanistan, then Persian).</summary>
    public IReadOnlyList<string> VoiceLanguages => Code switch
    {
        "fr-FALC" => ["fr-FR", "fr"],
        "prs" => ["prs", "fa-AF", "fa"],
        _ => [Code],
    };

    public string Text(string key) => Texts.TryGetValue(key, out var text) ? text : throw new KeyNotFoundException($"{Code}: no text « {key} »");
}

/// <summary>A language file that cannot be used; the app refuses to start, like a broken questionnaire.</summary>
public sealed class LanguageFileException(string message) : Exception(message);

/// <summary>
/// Every language file of <c>Content/languages</c>, loaded and checked once at start-up: adding a language is adding
/// a file. A file missing a key of the French reference, or with one it does not have, stops the start-up.
/// </summary>
public sealed class LanguageCatalog
{
    public const string Reference = "fr";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        RespectNullableAnnotations = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    private readonly Dictionary<string, ClientLanguage> _byCode;

    public LanguageCatalog(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new LanguageFileException($"Language folder not found: {folder}");
        }

        var languages = Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal).Select(Load).ToList();
        _byCode = new Dictionary<string, ClientLanguage>(StringComparer.OrdinalIgnoreCase);
        foreach (var language in languages)
        {
            if (!_byCode.TryAdd(language.Code, language))
            {
                throw new LanguageFileException($"Language {language.Code} is defined twice in {folder}.");
            }
        }

        var reference = _byCode.GetValueOrDefault(Reference) ?? throw new LanguageFileException($"No reference language file {Reference}.json in {folder}.");
        foreach (var language in languages)
        {
            var missing = reference.Texts.Keys.Except(language.Texts.Keys).ToList();
            var extra = language.Texts.Keys.Except(reference.Texts.Keys).ToList();
            if (missing.Count > 0 || extra.Count > 0)
            {
                throw new LanguageFileException($"{language.Code}: {missing.Count} missing texts ({string.Join(", ", missing.Take(5))}), {extra.Count} unknown ({string.Join(", ", extra.Take(5))}).");
            }
        }

        // French first, then each language by its own name.
        All = [reference, .. languages.Where(l => l != reference).OrderBy(l => l.Code == "fr-FALC" ? 0 : 1).ThenBy(l => l.Name, StringComparer.Ordinal)];
    }

    public IReadOnlyList<ClientLanguage> All { get; }

    public ClientLanguage French => _byCode[Reference];

    public ClientLanguage? Find(string? code) => code is null ? null : _byCode.GetValueOrDefault(code);

    /// <summary>The questionnaire with every text a client reads in <paramref name="language"/>; scores and ids unchanged.</summary>
    public static QuestionnaireDefinition Translate(QuestionnaireDefinition definition, ClientLanguage language) => definition with
    {
        Title = language.Text("q.title"),
        Domains = [.. definition.Domains.Select(d => d with { Label = language.Text($"q.domain.{d.Id}") })],
        Questions = [.. definition.Questions.Select(q => q with
        {
            Text = language.Text($"q.{q.Id}.text"),
            Hint = q.Hint is null ? null : language.Text($"q.{q.Id}.hint"),
            Options = [.. q.Options.Select(o => o with { Label = language.Text($"q.{q.Id}.option.{o.Id}") })],
        })],
        // The client never reads the staff's level labels (issue 17 §7): kind words instead.
        Levels = [.. definition.Levels.Select(l => l with { Label = language.Text($"client.level.{l.Value}"), Description = language.Text($"client.level.{l.Value}") })],
        Needs = [.. definition.Needs.Select(n => n with { Label = language.Text($"q.need.{n.Id}") })],
        Profile = [.. definition.Profile.Select(p => p with
        {
            Label = language.Text($"q.profile.{p.Id}"),
            Options = [.. p.Options.Select(o => o with { Label = language.Text($"q.profile.{p.Id}.option.{o.Id}") })],
        })],
        Language = language.Code,
    };

    private static ClientLanguage Load(string path)
    {
        var file = Path.GetFileName(path);
        LanguageFile? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<LanguageFile>(File.ReadAllBytes(path), Json);
        }
        catch (JsonException e)
        {
            throw new LanguageFileException($"{file}: invalid at {e.Path ?? "$"}: {e.Message}");
        }

        if (parsed is null || parsed.Direction is not ("ltr" or "rtl") || string.IsNullOrWhiteSpace(parsed.Code) || string.IsNullOrWhiteSpace(parsed.Name))
        {
            throw new LanguageFileException($"{file}: code, name and direction (ltr or rtl) are required.");
        }

        if (!string.Equals(Path.GetFileNameWithoutExtension(path), parsed.Code, StringComparison.Ordinal))
        {
            throw new LanguageFileException($"{file}: the file is named after its code ({parsed.Code}.json).");
        }

        return new ClientLanguage(parsed.Code, parsed.Name, parsed.Direction, parsed.Translator, parsed.ReviewedByNativeSpeaker, parsed.Reviewer, parsed.Texts);
    }

    private sealed record LanguageFile(string Code, string Name, string Direction, string Translator, bool ReviewedByNativeSpeaker, string? Reviewer, Dictionary<string, string> Texts);
}
