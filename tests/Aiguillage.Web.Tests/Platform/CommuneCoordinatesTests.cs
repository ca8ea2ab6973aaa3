using System.Globalization;
using Aiguillage.Web.Platform.Territories;

namespace Aiguillage.Web.Tests.Platform;

/// <summary>
/// Every commune can be located (issue 15 §4): a search for help places by INSEE code needs the commune's coordinates,
/// and a commune without any answers « Aucune commune localisée » (Paris, Lyon and Marseille did). The shipped
/// <c>Content/territories/communes.csv</c> is read through the app's own <see cref="TerritoryDirectory"/>; each position
/// must lie inside its department's box, computed from the La Poste 2020 coordinates of the original file
/// (<c>Data/departements-emprise.csv</c>, see Data/SOURCE.md), so a swapped or mistyped coordinate is caught.
/// </summary>
public sealed class CommuneCoordinatesTests
{
    /// <summary>
    /// Saint-Pierre-et-Miquelon, Saint-Barthélemy, Saint-Martin: no commune had La Poste 2020 coordinates, so no box;
    /// their 4 communes were placed from La Poste 2025 offices and checked against tzdata (Content/territories/SOURCE.md).
    /// </summary>
    private static readonly HashSet<string> DepartmentsWithoutBox = ["975", "977", "978"];

    private static List<Commune> ShippedCommunes()
    {
        var territories = new TerritoryDirectory(AppContext.BaseDirectory);
        var codes = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Content", "territories", "communes.csv"))
            .Skip(1).Where(l => l.Length > 0).Select(l => l.Split(';')[0]).ToList();
        Assert.Equal(codes.Count, territories.CommuneCount);
        return [.. codes.Select(code => territories.FindCommune(code) ?? throw new InvalidOperationException($"commune {code} not loaded"))];
    }

    private static Dictionary<string, Box> DepartmentBoxes() =>
        File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Data", "departements-emprise.csv")).Skip(1)
            .Where(l => l.Length > 0)
            .Select(l => l.Split(';'))
            .ToDictionary(f => f[0], f => new Box(Parse(f[1]), Parse(f[2]), Parse(f[3]), Parse(f[4])), StringComparer.Ordinal);

    private static double Parse(string value) => double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string Describe(Commune c) => $"{c.InseeCode} {c.Name} ({c.DepartmentCode}): {c.Latitude?.ToString(CultureInfo.InvariantCulture) ?? "?"}, {c.Longitude?.ToString(CultureInfo.InvariantCulture) ?? "?"}";

    [Fact]
    public void Every_commune_has_coordinates()
    {
        var communes = ShippedCommunes();
        Assert.True(communes.Count > 35_000, $"only {communes.Count} communes read from Content/territories/communes.csv");

        var missing = communes.Where(c => c.Latitude is null || c.Longitude is null).ToList();
        Assert.True(missing.Count == 0,
            $"{missing.Count} communes have no coordinates, so a search by their INSEE code answers « Aucune commune localisée »; " +
            "derive them as Content/territories/SOURCE.md says:\n" + string.Join('\n', missing.Select(Describe)));

        var outOfRange = communes.Where(c => c.Latitude is { } lat && c.Longitude is { } lon
            && (!double.IsFinite(lat) || !double.IsFinite(lon) || Math.Abs(lat) > 90 || Math.Abs(lon) > 180)).ToList();
        Assert.True(outOfRange.Count == 0, "Coordinates that are not degrees of latitude and longitude:\n" + string.Join('\n', outOfRange.Select(Describe)));
    }

    [Fact]
    public void Every_commune_lies_inside_its_department_box()
    {
        var boxes = DepartmentBoxes();
        Assert.True(boxes.Count >= 100, $"only {boxes.Count} department boxes read from Data/departements-emprise.csv");
        var stale = DepartmentsWithoutBox.Where(boxes.ContainsKey).ToList();
        Assert.True(stale.Count == 0, "These departments have a box now; take them out of DepartmentsWithoutBox: " + string.Join(", ", stale));

        var noBox = new List<string>();
        var outside = new List<string>();
        foreach (var c in ShippedCommunes())
        {
            if (c is not { Latitude: { } lat, Longitude: { } lon })
            {
                continue;
            }

            if (!boxes.TryGetValue(c.DepartmentCode, out var box))
            {
                if (!DepartmentsWithoutBox.Contains(c.DepartmentCode))
                {
                    noBox.Add(Describe(c));
                }

                continue;
            }

            if (!box.Contains(lat, lon))
            {
                outside.Add($"{Describe(c)} outside lat {box.LatMin.ToString(CultureInfo.InvariantCulture)}..{box.LatMax.ToString(CultureInfo.InvariantCulture)}, " +
                    $"lon {box.LonMin.ToString(CultureInfo.InvariantCulture)}..{box.LonMax.ToString(CultureInfo.InvariantCulture)}");
            }
        }

        Assert.True(noBox.Count == 0, "Located communes whose department has no box in Data/departements-emprise.csv:\n" + string.Join('\n', noBox));
        Assert.True(outside.Count == 0, $"{outside.Count} communes lie outside their department's box (swapped, mistyped or misplaced coordinates?):\n" + string.Join('\n', outside));
    }

    private sealed record Box(double LatMin, double LatMax, double LonMin, double LonMax)
    {
        public bool Contains(double lat, double lon) => lat >= LatMin && lat <= LatMax && lon >= LonMin && lon <= LonMax;
    }
}
