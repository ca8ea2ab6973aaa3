using Aiguillage.Domain.Partners;

namespace Aiguillage.Domain.Tests.Partners;

public sealed class PlaceSearchTests
{
    private static readonly GeoPoint SaintEtienne = new(45.4397, 4.3872);
    private static readonly DateTime MondayMorning = new(2026, 11, 30, 8, 0, 0);
    private const string Demarches = "Aide aux démarches administratives";
    private const string Outils = "Maîtrise des outils numériques du quotidien";

    private static PlaceCandidate Place(string id, double lat, double lon, string[] services, string? hours = "Mo-Fr 09:00-12:00", string[]? fees = null, string[]? support = null) =>
        new(id, $"Lieu {id}", "Ville", new GeoPoint(lat, lon), services, hours, fees ?? ["Gratuit"], support ?? []);

    private static readonly PlaceCandidate[] Places =
    [
        Place("proche", 45.4420, 4.3900, [Demarches]),                                  // ~0.3 km
        Place("moyen", 45.4800, 4.4200, [Demarches, Outils], "Sa 09:00-12:00"),          // ~5 km
        Place("loin", 45.7640, 4.8357, [Demarches]),                                    // Lyon, ~50 km
        Place("autre-service", 45.4400, 4.3880, [Outils]),
        Place("payant", 45.4450, 4.3950, [Demarches], fees: ["Payant"]),
        Place("libre", 45.4460, 4.3960, [Demarches], hours: "mardi matin 9h-10h30", support: ["Langues étrangères (anglais)"]),
    ];

    [Fact]
    public void Great_circle_distances_are_right() =>
        Assert.InRange(new GeoPoint(48.8566, 2.3522).DistanceKm(new GeoPoint(45.7640, 4.8357)), 390, 394);   // Paris–Lyon

    [Fact]
    public void Nearest_matching_places_come_first_within_the_radius_each_saying_why()
    {
        var found = PlaceSearch.Rank(Places, new PlaceQuery(SaintEtienne, [Demarches], 30, 10), MondayMorning);
        Assert.Equal(["proche", "payant", "libre", "moyen"], found.Select(m => m.Place.Id));
        Assert.Contains("propose « Aide aux démarches administratives »", found[0].Reasons);
        Assert.StartsWith("à 0,", found[0].Reasons[0], StringComparison.Ordinal);
        Assert.Equal(new DateTime(2026, 11, 30, 9, 0, 0), found[0].NextOpening);
        Assert.Equal("du lundi au vendredi, de 9 h à 12 h", found[0].HoursFrench);
        Assert.True(found.Single(m => m.Place.Id == "libre").HoursFlagged);
    }

    [Fact]
    public void Filters_narrow_the_results()
    {
        Assert.DoesNotContain(PlaceSearch.Rank(Places, new PlaceQuery(SaintEtienne, [Demarches], 30, 10, FreeOnly: true), MondayMorning), m => m.Place.Id == "payant");
        Assert.Equal(["moyen"], PlaceSearch.Rank(Places, new PlaceQuery(SaintEtienne, [Demarches], 30, 10, Day: DayOfWeek.Saturday), MondayMorning).Select(m => m.Place.Id));
        Assert.Equal(["libre"], PlaceSearch.Rank(Places, new PlaceQuery(SaintEtienne, [], 30, 10, Support: "Langues étrangères (anglais)"), MondayMorning).Select(m => m.Place.Id));
        Assert.Contains(PlaceSearch.Rank(Places, new PlaceQuery(SaintEtienne, [Demarches], 60, 10), MondayMorning), m => m.Place.Id == "loin");
        Assert.Equal(2, PlaceSearch.Rank(Places, new PlaceQuery(SaintEtienne, [], 30, 2), MondayMorning).Count);
    }
}
