using System.Globalization;
using System.Text.RegularExpressions;
using Aiguillage.Domain.Offices;

namespace Aiguillage.Domain.Partners.Standard;

/// <summary>One field of a Frictionless Table Schema, as far as the national standard uses them.</summary>
public sealed record SchemaField(string Name, string Type, bool Required, bool Unique, string? Pattern, int? MaxLength);

/// <summary>
/// The national standard of help places (« standard de données des lieux de médiation numérique » v1.0.2), read from
/// its Table Schema. Validates one row (field name → text) and normalises it; multi-values are separated by <c>|</c>.
/// </summary>
public sealed class StandardSchema
{
    /// <summary>Fields holding several values separated by <c>|</c> (the schema's descriptions say so).</summary>
    public static readonly IReadOnlySet<string> MultiValued = new HashSet<string>(StringComparer.Ordinal)
    {
        "typologie", "courriels", "site_web", "itinerance", "services", "publics_specifiquement_adresses", "prise_en_charge_specifique",
        "frais_a_charge", "dispositif_programmes_nationaux", "formations_labels", "modalites_acces", "modalites_accompagnement",
    };

    /// <summary>
    /// Known trap (ARCHITECTURE §5): the schema's pattern spells « Étapes numériques(La Poste) » without the space its
    /// description shows. Both are accepted; the schema's spelling is stored and exported.
    /// </summary>
    private const string LaPosteLabelAsDescribed = "Étapes numériques (La Poste)";
    private const string LaPosteLabelAsPattern = "Étapes numériques(La Poste)";

    private readonly Dictionary<string, Regex> _patterns;
    private readonly HashSet<string> _names;

    public StandardSchema(IReadOnlyList<SchemaField> fields)
    {
        Fields = fields;
        _names = fields.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        _patterns = fields.Where(f => f.Pattern is not null)
            .ToDictionary(f => f.Name, f => new Regex($"^(?:{f.Pattern})$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200)));
        Services = AllowedValues("services");
    }

    /// <summary>The nine services of the standard (the vocabulary of its <c>services</c> field).</summary>
    public IReadOnlySet<string> Services { get; }

    public IReadOnlyList<SchemaField> Fields { get; }

    public IEnumerable<string> FieldNames => Fields.Select(f => f.Name);

    /// <summary>The normalised row (trimmed, empty fields dropped, La Poste label fixed), or the faults field by field.</summary>
    public (IReadOnlyDictionary<string, string>? Row, IReadOnlyList<FieldError> Errors) Validate(IReadOnlyDictionary<string, string?> raw)
    {
        var errors = new List<FieldError>();
        var row = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in raw.Keys.Where(k => !_names.Contains(k)))
        {
            errors.Add(new(name, "champ inconnu du standard"));
        }

        foreach (var field in Fields)
        {
            var value = raw.TryGetValue(field.Name, out var v) ? v?.Trim() ?? string.Empty : string.Empty;
            if (MultiValued.Contains(field.Name))
            {
                value = string.Join('|', value.Split('|').Select(p => p.Trim()).Where(p => p.Length > 0));
            }

            if (field.Name == "formations_labels")
            {
                value = value.Replace(LaPosteLabelAsDescribed, LaPosteLabelAsPattern, StringComparison.Ordinal);
            }

            if (value.Length == 0)
            {
                if (field.Required)
                {
                    errors.Add(new(field.Name, "valeur obligatoire manquante"));
                }

                continue;
            }

            if (value.Any(char.IsControl))
            {
                errors.Add(new(field.Name, "contient des caractères de contrôle"));
                continue;
            }

            if (field.MaxLength is { } max && value.Length > max)
            {
                errors.Add(new(field.Name, $"trop long ({value.Length} caractères, {max} au plus)"));
                continue;
            }

            if (value.Length > 5000)
            {
                errors.Add(new(field.Name, "trop long (5 000 caractères au plus)"));
                continue;
            }

            switch (field.Type)
            {
                case "number":
                    if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || double.IsNaN(number) || double.IsInfinity(number))
                    {
                        errors.Add(new(field.Name, $"« {value} » n'est pas un nombre (séparateur décimal : point)"));
                        continue;
                    }

                    if ((field.Name == "latitude" && number is < -90 or > 90) || (field.Name == "longitude" && number is < -180 or > 180))
                    {
                        errors.Add(new(field.Name, $"{value} hors des bornes des coordonnées"));
                        continue;
                    }

                    value = number.ToString("R", CultureInfo.InvariantCulture);
                    break;
                case "date":
                    if (!IsoDate.TryParse(value, out _))
                    {
                        errors.Add(new(field.Name, $"« {value} » n'est pas une date AAAA-MM-JJ"));
                        continue;
                    }

                    break;
                default:
                    break;
            }

            if (_patterns.TryGetValue(field.Name, out var pattern))
            {
                bool matches;
                try
                {
                    matches = pattern.IsMatch(value);
                }
                catch (RegexMatchTimeoutException)
                {
                    matches = false;
                }

                if (!matches)
                {
                    var allowed = AllowedValues(field.Name);
                    errors.Add(new(field.Name, allowed.Count > 0 ? VocabularyError(value, allowed) : $"« {Shorten(value)} » ne respecte pas le format attendu par le standard"));
                    continue;
                }
            }

            row[field.Name] = value;
        }

        return errors.Count > 0 ? (null, errors) : (row, errors);
    }

    /// <summary>
    /// The closed list of an enumerated multi-value field, read from its pattern
    /// <c>(?:(?:^|\|)(A|B|C))+$</c>: the schema is the single source of the vocabulary.
    /// </summary>
    public IReadOnlySet<string> AllowedValues(string field)
    {
        var pattern = Fields.FirstOrDefault(f => f.Name == field)?.Pattern ?? string.Empty;
        var start = pattern.IndexOf("|)(", StringComparison.Ordinal);
        var end = pattern.LastIndexOf("))", StringComparison.Ordinal);
        return start < 0 || end <= start
            ? []
            : pattern[(start + 3)..end].Split('|').Select(v => v.Replace("\\", string.Empty, StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// A value outside a closed list (issue 15 §5): which parts are not allowed and the closest allowed ones (all of
    /// them when the list is short), and, when « ; » or « , » separate them, that the standard separates values with « | ».
    /// </summary>
    private static string VocabularyError(string value, IReadOnlySet<string> allowed)
    {
        var message = new List<string>();
        var separator = value.Contains(';', StringComparison.Ordinal) ? ";" : value.Contains(',', StringComparison.Ordinal) ? "," : null;
        var parts = value.Split('|').SelectMany(p => separator is null ? [p] : p.Split(separator[0])).Select(p => p.Trim()).Where(p => p.Length > 0).ToList();
        if (separator is not null && parts.All(allowed.Contains))
        {
            return $"le standard sépare les valeurs par « | », pas par « {separator} » : écrivez « {Shorten(string.Join('|', parts))} »";
        }

        if (separator is not null)
        {
            message.Add($"le standard sépare les valeurs par « | », pas par « {separator} »");
        }

        foreach (var bad in parts.Where(p => !allowed.Contains(p)).Distinct(StringComparer.Ordinal).Take(3))
        {
            var closest = allowed.OrderBy(a => TextDistance.Levenshtein(Fold(a), Fold(bad))).ThenBy(a => a, StringComparer.Ordinal).First();
            message.Add($"« {Shorten(bad)} » n'est pas une valeur permise (la plus proche : « {closest} »)");
        }

        if (allowed.Count <= 10)
        {
            message.Add($"valeurs permises : {string.Join(", ", allowed.Order(StringComparer.Ordinal))}");
        }

        return string.Join(" ; ", message);
    }

    /// <summary>Lower case without accents, to compare what was typed with the list.</summary>
    private static string Fold(string text) =>
        new([.. text.ToLowerInvariant().Normalize(System.Text.NormalizationForm.FormD).Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)]);

    private static string Shorten(string value) => value.Length <= 80 ? value : value[..77] + "…";
}
