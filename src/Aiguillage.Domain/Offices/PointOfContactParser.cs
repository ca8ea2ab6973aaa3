using System.Globalization;
using System.Text.RegularExpressions;
using Aiguillage.Domain.Territories;

namespace Aiguillage.Domain.Offices;

/// <summary>A field of an imported line that was refused, and why (in French, for the import report).</summary>
public sealed record FieldError(string Field, string Reason);

/// <summary>
/// Validates one line of the La Poste points-of-contact file (columns of the June 2025 open data copy).
/// Pure: the caller reads the file and gives the region of a department.
/// </summary>
public static partial class PointOfContactParser
{
    /// <summary>The columns of the open data file, in order.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        "identifiant_a", "libelle_du_site", "caracteristique_du_site", "site_acores_de_rattachement", "adresse",
        "complement_d_adresse", "lieu_dit", "code_postal", "localite", "code_insee", "pays", "latitude", "longitude",
        "numero_de_telephone",
    ];

    /// <summary>
    /// Offices outside France that the French network runs carry INSEE's code of their country (99xxx), which
    /// names no department: Andorra (99130) is served from the Ariège, Monaco (99138) from the Alpes-Maritimes.
    /// Source: INSEE « code officiel géographique », pays et territoires étrangers; La Poste points of contact 2025.
    /// </summary>
    private static readonly Dictionary<string, string> AttachedCountries = new(StringComparer.Ordinal)
    {
        ["99130"] = "09",
        ["99138"] = "06",
    };

    [GeneratedRegex("^[0-9]{5}[A-Z]{1,2}$")]
    private static partial Regex SiteCodePattern();

    [GeneratedRegex("^[0-9]{5}$")]
    private static partial Regex FrenchPostCode();

    [GeneratedRegex("^AD[0-9]{3}$")]
    private static partial Regex AndorranPostCode();

    [GeneratedRegex(@"\p{Cc}")]
    private static partial Regex ControlCharacters();

    /// <summary>Longest text accepted in a field; the real file's longest value is under 80 characters.</summary>
    public const int MaxFieldLength = 200;

    public static (PointOfContact? Value, IReadOnlyList<FieldError> Errors) Parse(
        IReadOnlyDictionary<string, string> fields,
        Func<string, string?> regionOfDepartment)
    {
        var errors = new List<FieldError>();

        string? Text(string column, bool required)
        {
            var value = fields.TryGetValue(column, out var raw) ? raw.Trim() : string.Empty;
            if (value.Length == 0)
            {
                if (required)
                {
                    errors.Add(new(column, "valeur manquante"));
                }

                return null;
            }

            if (value.Length > MaxFieldLength)
            {
                errors.Add(new(column, $"trop long ({value.Length} caractères, {MaxFieldLength} au plus)"));
                return null;
            }

            if (ControlCharacters().IsMatch(value))
            {
                errors.Add(new(column, "contient des caractères de contrôle"));
                return null;
            }

            return value;
        }

        double? Coordinate(string column, double min, double max)
        {
            var value = Text(column, required: true);
            if (value is null)
            {
                return null;
            }

            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || double.IsNaN(number))
            {
                errors.Add(new(column, $"« {value} » n'est pas un nombre (séparateur décimal : point)"));
                return null;
            }

            if (number < min || number > max)
            {
                errors.Add(new(column, $"{value} hors des bornes [{min} ; {max}]"));
                return null;
            }

            return number;
        }

        var siteCode = Text("identifiant_a", required: true);
        if (siteCode is not null && !SiteCodePattern().IsMatch(siteCode))
        {
            errors.Add(new("identifiant_a", $"« {siteCode} » n'est pas un code site La Poste (5 chiffres puis 1 ou 2 lettres)"));
        }

        var name = Text("libelle_du_site", required: true);
        var typeLabel = Text("caracteristique_du_site", required: true);
        var type = OfficeType.BureauDePoste;
        if (typeLabel is not null && !OfficeTypes.TryParse(typeLabel, out type))
        {
            errors.Add(new("caracteristique_du_site", $"type de site inconnu « {typeLabel} »"));
        }

        var parent = Text("site_acores_de_rattachement", required: false);
        if (parent is not null && !SiteCodePattern().IsMatch(parent))
        {
            errors.Add(new("site_acores_de_rattachement", $"« {parent} » n'est pas un code site La Poste"));
        }

        var address = Text("adresse", required: false);
        var complement = Text("complement_d_adresse", required: false);
        var locality = Text("lieu_dit", required: false);
        var country = Text("pays", required: true);
        var postCode = Text("code_postal", required: true);
        var city = Text("localite", required: true);
        var insee = Text("code_insee", required: true);
        var latitude = Coordinate("latitude", -90, 90);
        var longitude = Coordinate("longitude", -180, 180);
        var phone = Text("numero_de_telephone", required: false);

        var isAndorra = string.Equals(country, "ANDORRE", StringComparison.OrdinalIgnoreCase);
        if (country is not null && !isAndorra && !string.Equals(country, "FRANCE", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(new("pays", $"pays non pris en charge « {country} » (FRANCE ou ANDORRE)"));
        }

        if (postCode is not null && !(isAndorra ? AndorranPostCode() : FrenchPostCode()).IsMatch(postCode))
        {
            errors.Add(new("code_postal", isAndorra
                ? $"« {postCode} » n'est pas un code postal andorran (AD suivi de 3 chiffres)"
                : $"« {postCode} » n'est pas un code postal à 5 chiffres"));
        }

        string? department = null;
        string? region = null;
        if (insee is not null)
        {
            if (!InseeCode.IsValid(insee))
            {
                errors.Add(new("code_insee", $"« {insee} » n'est pas un code commune INSEE"));
            }
            else
            {
                department = AttachedCountries.GetValueOrDefault(insee) ?? InseeCode.DepartmentOf(insee);
                region = regionOfDepartment(department);
                if (region is null)
                {
                    errors.Add(new("code_insee", $"le département {department} du code commune « {insee} » est inconnu"));
                }
            }
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new PointOfContact(
            siteCode!, name!, type, parent, address, complement, locality, postCode!, city!, insee!,
            country!.ToUpperInvariant(), department!, region!, latitude!.Value, longitude!.Value, phone), errors);
    }
}
