using System.Globalization;
using System.Text.Json;
using Aiguillage.Domain.Territories;

namespace Aiguillage.Web.Platform.Territories;

public sealed record Commune(string InseeCode, string Name, IReadOnlyList<string> PostCodes, string DepartmentCode, string RegionCode, double? Latitude, double? Longitude);

public sealed record Department(string Code, string Name, string RegionCode);

public sealed record Region(string Code, string Name);

/// <summary>
/// The French communes, departments and regions, read once from <c>Content/territories</c> and kept in memory:
/// reference data that changes once a year does not need a table per test database (docs/adr/0003).
/// </summary>
public sealed class TerritoryDirectory
{
    private readonly Dictionary<string, Commune> _communes;
    private readonly Dictionary<string, Department> _departments;
    private readonly Dictionary<string, Region> _regions;

    public TerritoryDirectory(string contentRoot)
    {
        var folder = Path.Combine(contentRoot, "Content", "territories");
        var options = new JsonSerializerOptions { PropertyNameCaseInsensitive = true };
        _regions = JsonSerializer.Deserialize<List<RegionJson>>(File.ReadAllText(Path.Combine(folder, "regions.json")), options)!
            .ToDictionary(r => r.Code, r => new Region(r.Code, r.Nom));
        _departments = JsonSerializer.Deserialize<List<DepartmentJson>>(File.ReadAllText(Path.Combine(folder, "departements.json")), options)!
            .ToDictionary(d => d.Code, d => new Department(d.Code, d.Nom, d.Region));
        _communes = new Dictionary<string, Commune>(36_000);
        foreach (var line in File.ReadLines(Path.Combine(folder, "communes.csv")).Skip(1))
        {
            var f = line.Split(';');
            _communes[f[0]] = new Commune(f[0], f[1], f[2].Split('|', StringSplitOptions.RemoveEmptyEntries), f[3], f[4], ParseNullable(f[5]), ParseNullable(f[6]));
        }
    }

    public int CommuneCount => _communes.Count;

    public IEnumerable<Department> Departments => _departments.Values.OrderBy(d => d.Code, StringComparer.Ordinal);

    public IEnumerable<Region> Regions => _regions.Values.OrderBy(r => r.Name, StringComparer.Create(CultureInfo.GetCultureInfo("fr-FR"), false));

    public Commune? FindCommune(string inseeCode) => _communes.GetValueOrDefault(inseeCode);

    /// <summary>The first commune (by INSEE code) served by this postcode that has coordinates.</summary>
    public Commune? FindByPostCode(string postCode) =>
        _communes.Values.Where(c => c.PostCodes.Contains(postCode) && c.Latitude is not null).MinBy(c => c.InseeCode, StringComparer.Ordinal);

    public Department? FindDepartment(string code) => _departments.GetValueOrDefault(code);

    public Region? FindRegion(string code) => _regions.GetValueOrDefault(code);

    public string? RegionOfDepartment(string departmentCode) => FindDepartment(departmentCode)?.RegionCode;

    /// <summary>« département Loire (42) », « région Occitanie », « France entière ».</summary>
    public string Describe(TerritoryLevel level, string? code) => level switch
    {
        TerritoryLevel.Nation => "France entière",
        TerritoryLevel.Region => FindRegion(code ?? string.Empty) is { } r ? $"région {r.Name}" : $"région {code}",
        TerritoryLevel.Department => FindDepartment(code ?? string.Empty) is { } d ? $"département {d.Name} ({d.Code})" : $"département {code}",
        _ => $"bureau {code}",
    };

    private static double? ParseNullable(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

    private sealed record RegionJson(string Code, string Nom);

    private sealed record DepartmentJson(string Code, string Nom, string Region);
}
