using Aiguillage.Domain.Partners;

namespace Aiguillage.Domain.Tests.Partners;

public sealed class WorkshopTests
{
    private static readonly HashSet<string> Known = ["Aide aux démarches administratives", "Maîtrise des outils numériques du quotidien"];
    private static readonly GeoPoint Here = new(45.44, 4.39);
    private static readonly DateTime Now = new(2026, 11, 26, 10, 0, 0, DateTimeKind.Utc);

    private static Workshop New(int capacity = 10)
    {
        var workshop = new Workshop(Guid.NewGuid(), 1);
        workshop.Describe("Atelier démarches", ["Aide aux démarches administratives"], WorkshopLevel.Beginner, WorkshopFee.PassNumeriqueAccepted, capacity, Known);
        return workshop;
    }

    [Theory]
    [InlineData("", "Aide aux démarches administratives", 10, "Title")]
    [InlineData("Atelier", "Cuisine", 10, "Services")]
    [InlineData("Atelier", "Aide aux démarches administratives", 0, "Capacity")]
    [InlineData("Atelier", "Aide aux démarches administratives", 101, "Capacity")]
    public void A_workshop_needs_a_title_known_themes_and_a_capacity(string title, string service, int capacity, string field)
    {
        var error = Assert.Throws<DomainException>(() => new Workshop(Guid.NewGuid(), 1).Describe(title, [service], WorkshopLevel.Beginner, WorkshopFee.Free, capacity, Known));
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void A_workshop_is_in_french_by_default_and_its_languages_and_accessibility_come_from_the_lists()
    {
        Assert.Equal(["français"], New().Languages);
        var workshop = new Workshop(Guid.NewGuid(), 1);
        workshop.Describe("Atelier", ["Aide aux démarches administratives"], WorkshopLevel.Beginner, WorkshopFee.Free, 8, Known, ["arabe", "français", "arabe"], ["Surdité"]);
        Assert.Equal(["arabe", "français"], workshop.Languages);
        Assert.Equal(["Surdité"], workshop.Accessibility);

        Assert.Equal("Languages", Assert.Throws<DomainException>(() => workshop.Describe("Atelier", ["Aide aux démarches administratives"], WorkshopLevel.Beginner, WorkshopFee.Free, 8, Known, [], null)).Field);
        Assert.Equal("Languages", Assert.Throws<DomainException>(() => workshop.Describe("Atelier", ["Aide aux démarches administratives"], WorkshopLevel.Beginner, WorkshopFee.Free, 8, Known, ["klingon"], null)).Field);
        Assert.Equal("Accessibility", Assert.Throws<DomainException>(() => workshop.Describe("Atelier", ["Aide aux démarches administratives"], WorkshopLevel.Beginner, WorkshopFee.Free, 8, Known, null, ["Rampe"])).Field);
        Assert.Equal(["arabe", "français"], workshop.Languages);   // a refused change leaves the workshop as it was
    }

    [Fact]
    public void A_session_says_in_one_sentence_why_it_takes_no_one_more()
    {
        var workshop = New(capacity: 10);
        var session = new WorkshopSession(Guid.NewGuid(), workshop, Now.AddDays(1), Now.AddDays(1).AddHours(2), 10, "lieu-1", null, Now, Here);
        Assert.Null(session.WhyClosed(Now));
        Assert.Equal("Cette séance est passée : choisissez-en une à venir.", session.WhyClosed(Now.AddDays(1)));
        session.Cancel(Now);
        Assert.Equal("Cette séance est annulée : choisissez-en une autre.", session.WhyClosed(Now));
    }

    [Fact]
    public void A_session_is_in_the_future_within_eight_hours_with_seats_up_to_the_capacity_at_one_place()
    {
        var workshop = New(capacity: 10);
        var session = new WorkshopSession(Guid.NewGuid(), workshop, Now.AddDays(1), Now.AddDays(1).AddHours(2), 10, "lieu-1", null, Now, Here);
        Assert.Equal(10, session.Seats);

        Assert.Equal("StartsAt", Assert.Throws<DomainException>(() => new WorkshopSession(Guid.NewGuid(), workshop, Now.AddHours(-1), Now.AddHours(1), 5, "lieu-1", null, Now, Here)).Field);
        Assert.Equal("EndsAt", Assert.Throws<DomainException>(() => new WorkshopSession(Guid.NewGuid(), workshop, Now.AddDays(1), Now.AddDays(1), 5, "lieu-1", null, Now, Here)).Field);
        Assert.Equal("EndsAt", Assert.Throws<DomainException>(() => new WorkshopSession(Guid.NewGuid(), workshop, Now.AddDays(1), Now.AddDays(1).AddHours(9), 5, "lieu-1", null, Now, Here)).Field);
        Assert.Equal("Seats", Assert.Throws<DomainException>(() => new WorkshopSession(Guid.NewGuid(), workshop, Now.AddDays(1), Now.AddDays(1).AddHours(2), 11, "lieu-1", null, Now, Here)).Field);
        Assert.Equal("PlaceId", Assert.Throws<DomainException>(() => new WorkshopSession(Guid.NewGuid(), workshop, Now.AddDays(1), Now.AddDays(1).AddHours(2), 5, null, null, Now, Here)).Field);
        Assert.Equal("PlaceId", Assert.Throws<DomainException>(() => new WorkshopSession(Guid.NewGuid(), workshop, Now.AddDays(1), Now.AddDays(1).AddHours(2), 5, "lieu-1", 3, Now, Here)).Field);
    }

    [Fact]
    public void A_session_is_moved_or_resized_before_it_starts_never_below_its_enrolled_clients()
    {
        var workshop = New(capacity: 10);
        var session = new WorkshopSession(Guid.NewGuid(), workshop, Now.AddDays(1), Now.AddDays(1).AddHours(2), 10, "lieu-1", null, Now, Here);
        session.Reschedule(workshop, Now.AddDays(2), Now.AddDays(2).AddHours(3), 6, Now);
        Assert.Equal((Now.AddDays(2), Now.AddDays(2).AddHours(3), 6), (session.StartsAt, session.EndsAt, session.Seats));

        Assert.Equal("StartsAt", Assert.Throws<DomainException>(() => session.Reschedule(workshop, Now.AddHours(-1), Now.AddHours(1), 6, Now)).Field);
        Assert.Equal("Seats", Assert.Throws<DomainException>(() => session.Reschedule(workshop, Now.AddDays(2), Now.AddDays(2).AddHours(1), 11, Now)).Field);
        Assert.Equal("session.started", Assert.Throws<DomainException>(() => session.Reschedule(workshop, Now.AddDays(3), Now.AddDays(3).AddHours(1), 6, Now.AddDays(2))).Code);
        session.Cancel(Now);
        Assert.Equal("session.already-cancelled", Assert.Throws<DomainException>(() => session.Reschedule(workshop, Now.AddDays(3), Now.AddDays(3).AddHours(1), 6, Now)).Code);
        Assert.Equal((Now.AddDays(2), 6), (session.StartsAt, session.Seats));   // refused changes change nothing
    }

    [Fact]
    public void A_session_is_cancelled_once_and_only_before_it_starts()
    {
        var session = new WorkshopSession(Guid.NewGuid(), New(capacity: 10), Now.AddDays(1), Now.AddDays(1).AddHours(2), 10, "lieu-1", null, Now, Here);
        Assert.Equal("session.started", Assert.Throws<DomainException>(() => session.Cancel(Now.AddDays(1))).Code);
        Assert.Null(session.CancelledAt);

        session.Cancel(Now);
        Assert.Equal(Now, session.CancelledAt);
        Assert.Equal("session.already-cancelled", Assert.Throws<DomainException>(() => session.Cancel(Now)).Code);
    }
}
