using System.Globalization;

namespace Aiguillage.Domain.Partners;

/// <summary>
/// A help place (lieu de médiation numérique), held as the national standard describes it: <see cref="Fields"/>
/// keeps every field of the standard exactly as validated, so that export gives back what was imported; the columns
/// beside it are what searches need (name, where, services).
/// </summary>
public sealed class Place
{
    private Place()
    {
        Id = Name = Commune = PostCode = string.Empty;
        Fields = new Dictionary<string, string>();
        Services = Fees = SpecificSupport = [];
    }

    public Place(IReadOnlyDictionary<string, string> fields) : this()
    {
        Apply(fields);
    }

    /// <summary>The standard's <c>id</c>: unique, stable, the key of re-imports.</summary>
    public string Id { get; private set; }

    /// <summary>The partner organisation running the place, when known.</summary>
    public int? PartnerId { get; private set; }

    public string Name { get; private set; }

    public string Commune { get; private set; }

    public string PostCode { get; private set; }

    public string? InseeCode { get; private set; }

    public double? Latitude { get; private set; }

    public double? Longitude { get; private set; }

    public IReadOnlyList<string> Services { get; private set; }

    public DateOnly UpdatedOn { get; private set; }

    /// <summary>The standard's <c>horaires</c> as written (OSM opening_hours, or free text).</summary>
    public string? Hours { get; private set; }

    public IReadOnlyList<string> Fees { get; private set; }

    public IReadOnlyList<string> SpecificSupport { get; private set; }

    public IReadOnlyDictionary<string, string> Fields { get; private set; }

    /// <summary>Replaces the standard's fields; false when nothing changed (re-import is a no-op).</summary>
    public bool Update(IReadOnlyDictionary<string, string> fields)
    {
        if (fields["id"] != Id)
        {
            throw new DomainException("place.id-mismatch", "L'identifiant ne correspond pas à ce lieu.", "id");
        }

        if (fields.Count == Fields.Count && fields.All(f => Fields.TryGetValue(f.Key, out var v) && v == f.Value))
        {
            return false;
        }

        Apply(fields);
        return true;
    }

    public void AttachTo(int? partnerId) => PartnerId = partnerId;

    private void Apply(IReadOnlyDictionary<string, string> fields)
    {
        Id = fields["id"];
        Name = fields["nom"];
        Commune = fields["commune"];
        PostCode = fields["code_postal"];
        InseeCode = fields.GetValueOrDefault("code_insee");
        Latitude = fields.TryGetValue("latitude", out var lat) ? double.Parse(lat, CultureInfo.InvariantCulture) : null;
        Longitude = fields.TryGetValue("longitude", out var lon) ? double.Parse(lon, CultureInfo.InvariantCulture) : null;
        Services = List(fields, "services");
        Fees = List(fields, "frais_a_charge");
        SpecificSupport = List(fields, "prise_en_charge_specifique");
        Hours = fields.GetValueOrDefault("horaires");
        UpdatedOn = IsoDate.TryParse(fields["date_maj"], out var updated) ? updated
            : throw new DomainException("place.date", $"« {fields["date_maj"]} » n'est pas une date AAAA-MM-JJ.", "date_maj");
        Fields = new SortedDictionary<string, string>(fields as IDictionary<string, string> ?? fields.ToDictionary(), StringComparer.Ordinal);
    }

    private static string[] List(IReadOnlyDictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var value) ? value.Split('|') : [];
}
