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
        Assert.DoesNotContain(PlaceSearch.Rank(Places, new PlaceQuery(SaintEtienne, [Demarches], 30, 10, Fee: FeeFilter.Free), MondayMorning), m => m.Place.Id == "payant");
        Assert.Equal(["moyen"], PlaceSearch.Rank(Places, new PlaceQuery(SaintEtienne, [Demarches], 30, 10, Day: DayOfWeek.Saturday), MondayMorning).Select(m => m.Place.Id));
        Assert.Equal(["libre"], PlaceSearch.Rank(Places, new PlaceQuery(SaintEtienne, [], 30, 10, Language: "anglais"), MondayMorning).Select(m => m.Place.Id));
        Assert.Contains(PlaceSearch.Rank(Places, new PlaceQuery(SaintEtienne, [Demarches], 60, 10), MondayMorning), m => m.Place.Id == "loin");
        Assert.Equal(2, PlaceSearch.Rank(Places, new PlaceQuery(SaintEtienne, [], 30, 2), MondayMorning).Count);
    }

    [Fact]
    public void A_time_window_keeps_places_open_then_and_says_so()
    {
        var afternoon = new PlaceQuery(SaintEtienne, [Demarches], 30, 10, FreeFrom: new TimeOnly(14, 0), FreeUntil: new TimeOnly(18, 0));
        Assert.Empty(PlaceSearch.Rank(Places, afternoon, MondayMorning));   // every place with readable hours closes at noon
        var saturdayMorning = new PlaceQuery(SaintEtienne, [Demarches], 30, 10, Day: DayOfWeek.Saturday, FreeFrom: new TimeOnly(10, 0), FreeUntil: new TimeOnly(11, 0));
        var found = Assert.Single(PlaceSearch.Rank(Places, saturdayMorning, MondayMorning));
        Assert.Equal("moyen", found.Place.Id);
        Assert.Contains("ouvert le samedi entre 10 h et 11 h", found.Reasons);
    }

    private static SessionCandidate Session(string title, DateTime startsAt, string[]? services = null, WorkshopFee fee = WorkshopFee.Free, string[]? languages = null,
        string[]? accessibility = null, int seatsLeft = 5) =>
        new(Guid.NewGuid(), Guid.NewGuid(), title, services ?? [Outils], WorkshopLevel.Beginner, fee, languages ?? ["français"], accessibility ?? [], startsAt, startsAt.AddHours(2), seatsLeft);

    [Fact]
    public void A_place_whose_own_fields_do_not_match_is_found_through_a_suitable_session()
    {
        var tuesday = new DateTime(2026, 12, 1, 14, 0, 0);
        var place = Place("atelier", 45.4430, 4.3910, [Demarches], fees: ["Payant"]) with
        {
            Sessions = [Session("Smartphone en arabe", tuesday, languages: ["arabe"], fee: WorkshopFee.PassNumeriqueAccepted), Session("Complet", tuesday, seatsLeft: 0)],
        };

        var byLanguage = Assert.Single(PlaceSearch.Rank([place], new PlaceQuery(SaintEtienne, [Outils], 30, 10, Language: "arabe"), MondayMorning));
        Assert.False(byLanguage.PlaceMatches);
        Assert.Equal(["Smartphone en arabe"], byLanguage.Sessions.Select(s => s.Title));   // a full session is never offered
        Assert.Contains(byLanguage.Reasons, r => r.Contains("« Smartphone en arabe » le mardi 1 décembre", StringComparison.Ordinal));

        Assert.Single(PlaceSearch.Rank([place], new PlaceQuery(SaintEtienne, [Outils], 30, 10, Fee: FeeFilter.PassNumerique), MondayMorning));
        Assert.Empty(PlaceSearch.Rank([place], new PlaceQuery(SaintEtienne, [Outils], 30, 10, Fee: FeeFilter.Free), MondayMorning));
        Assert.Empty(PlaceSearch.Rank([place], new PlaceQuery(SaintEtienne, [Outils], 30, 10, Language: "arabe", Day: DayOfWeek.Wednesday), MondayMorning));
        Assert.Empty(PlaceSearch.Rank([place], new PlaceQuery(SaintEtienne, [Outils], 30, 10, Language: "arabe", FreeUntil: new TimeOnly(15, 0)), MondayMorning));
        Assert.Single(PlaceSearch.Rank([place], new PlaceQuery(SaintEtienne, [Outils], 30, 10, Language: "arabe", FreeFrom: new TimeOnly(14, 0), FreeUntil: new TimeOnly(16, 0)), MondayMorning));
        Assert.Empty(PlaceSearch.Rank([place], new PlaceQuery(SaintEtienne, [Outils], 30, 10, Accessibility: "Surdité"), MondayMorning));
    }

    [Fact]
    public void A_pass_numerique_search_keeps_places_of_accredited_partners()
    {
        var accredited = Place("agree", 45.4430, 4.3910, [Demarches]) with { AcceptsPassNumerique = true };
        var found = PlaceSearch.Rank([accredited, Place("non-agree", 45.4431, 4.3911, [Demarches])], new PlaceQuery(SaintEtienne, [Demarches], 30, 10, Fee: FeeFilter.PassNumerique), MondayMorning);
        Assert.Equal(["agree"], found.Select(m => m.Place.Id));
        Assert.Contains("accepte le pass numérique", found[0].Reasons);
    }

    [Fact]
    public void An_office_is_found_only_through_its_sessions_and_ranks_by_distance()
    {
        var office = new PlaceCandidate("bureau:42218A", "Bureau de poste Saint-Étienne", "Saint-Étienne", new GeoPoint(45.4398, 4.3873), [], null, [], [], false,
            [Session("Découvrir la tablette", new DateTime(2026, 12, 2, 10, 0, 0))], VenueKind.Office);
        var found = PlaceSearch.Rank([.. Places, office], new PlaceQuery(SaintEtienne, [Outils], 30, 10), MondayMorning);
        Assert.Equal("bureau:42218A", found[0].Place.Id);
        Assert.Empty(PlaceSearch.Rank([office], new PlaceQuery(SaintEtienne, [Demarches], 30, 10), MondayMorning));
    }
}
