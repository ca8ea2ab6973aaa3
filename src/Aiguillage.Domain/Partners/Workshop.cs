namespace Aiguillage.Domain.Partners;

/// <summary>Workshop levels, as La Coop de la médiation numérique names them.</summary>
public enum WorkshopLevel
{
    Beginner = 0,
    Intermediate = 1,
    Advanced = 2,
}

/// <summary>What a workshop costs the client.</summary>
public enum WorkshopFee
{
    Free = 0,
    PassNumeriqueAccepted = 1,
    Paying = 2,
}

public static class WorkshopLabels
{
    public static string Label(this WorkshopLevel level) => level switch
    {
        WorkshopLevel.Beginner => "Débutant",
        WorkshopLevel.Intermediate => "Intermédiaire",
        _ => "Avancé",
    };

    public static string Label(this WorkshopFee fee) => fee switch
    {
        WorkshopFee.Free => "Gratuit",
        WorkshopFee.PassNumeriqueAccepted => "Pass numérique accepté",
        _ => "Payant",
    };
}

/// <summary>A training offer of a partner: its themes (the national standard's services), level, fee and capacity.</summary>
public sealed class Workshop
{
    public const int MaxCapacity = 100;

    private Workshop()
    {
        Title = string.Empty;
        Services = [];
        Languages = [WorkshopVocabulary.French];
        Accessibility = [];
    }

    public Workshop(Guid id, int partnerId) : this()
    {
        Id = id;
        PartnerId = partnerId;
    }

    public Guid Id { get; private set; }

    public int PartnerId { get; private set; }

    public string Title { get; private set; }

    public IReadOnlyList<string> Services { get; private set; }

    public WorkshopLevel Level { get; private set; }

    public WorkshopFee Fee { get; private set; }

    public int Capacity { get; private set; }

    /// <summary>Languages the workshop is given in (<see cref="WorkshopVocabulary.Languages"/>), at least one.</summary>
    public IReadOnlyList<string> Languages { get; private set; }

    /// <summary>Specific support the workshop offers (<see cref="WorkshopVocabulary.Accessibility"/>), possibly none.</summary>
    public IReadOnlyList<string> Accessibility { get; private set; }

    /// <summary>Sets what the workshop is; services must be among the standard's (<paramref name="knownServices"/>).</summary>
    public void Describe(string title, IReadOnlyList<string> services, WorkshopLevel level, WorkshopFee fee, int capacity, IReadOnlySet<string> knownServices,
        IReadOnlyList<string>? languages = null, IReadOnlyList<string>? accessibility = null)
    {
        if (string.IsNullOrWhiteSpace(title) || title.Trim().Length > 200)
        {
            throw new DomainException("workshop.title-invalid", "Indiquez le titre de l'atelier (200 caractères au plus).", nameof(Title));
        }

        if (services.Count == 0 || services.Any(s => !knownServices.Contains(s)))
        {
            throw new DomainException("workshop.services-invalid", "Choisissez au moins un thème dans la liste.", nameof(Services));
        }

        if (!Enum.IsDefined(level) || !Enum.IsDefined(fee))
        {
            throw new DomainException("workshop.level-invalid", "Choisissez le niveau et le tarif dans la liste.", nameof(Level));
        }

        if (capacity is < 1 or > MaxCapacity)
        {
            throw new DomainException("workshop.capacity-invalid", $"La capacité va de 1 à {MaxCapacity} personnes.", nameof(Capacity));
        }

        languages ??= [WorkshopVocabulary.French];
        accessibility ??= [];
        if (languages.Count == 0 || languages.Any(l => !WorkshopVocabulary.Languages.Contains(l)))
        {
            throw new DomainException("workshop.languages-invalid", "Choisissez au moins une langue dans la liste.", nameof(Languages));
        }

        if (accessibility.Any(a => !WorkshopVocabulary.Accessibility.Contains(a)))
        {
            throw new DomainException("workshop.accessibility-invalid", "Choisissez l'accessibilité dans la liste.", nameof(Accessibility));
        }

        Title = title.Trim();
        Services = [.. services.Distinct()];
        Level = level;
        Fee = fee;
        Capacity = capacity;
        Languages = [.. languages.Distinct()];
        Accessibility = [.. accessibility.Distinct()];
    }
}

/// <summary>One dated occurrence of a workshop, at a partner's place (national standard id) or in a post office.</summary>
public sealed class WorkshopSession
{
    public static readonly TimeSpan MaxDuration = TimeSpan.FromHours(8);

    private WorkshopSession()
    {
    }

    /// <param name="location">Where the place or the office is: copied so that the search reads sessions near a point without joining the directory.</param>
    public WorkshopSession(Guid id, Workshop workshop, DateTime startsAtUtc, DateTime endsAtUtc, int seats, string? placeId, int? officeId, DateTime nowUtc, GeoPoint location)
    {
        if ((placeId is null) == (officeId is null))
        {
            throw new DomainException("session.where-required", "Choisissez un lieu du partenaire ou un bureau de poste (l'un ou l'autre).", "PlaceId");
        }

        CheckSchedule(workshop, startsAtUtc, endsAtUtc, seats, seatsTaken: 0, nowUtc);
        Id = id;
        WorkshopId = workshop.Id;
        StartsAt = startsAtUtc;
        EndsAt = endsAtUtc;
        Seats = seats;
        PlaceId = placeId;
        OfficeId = officeId;
        Latitude = location.Latitude;
        Longitude = location.Longitude;
    }

    /// <summary>The venue's latitude when the session was planned (WGS84).</summary>
    public double Latitude { get; private set; }

    public double Longitude { get; private set; }

    public Guid Id { get; private set; }

    public Guid WorkshopId { get; private set; }

    public DateTime StartsAt { get; private set; }

    public DateTime EndsAt { get; private set; }

    public int Seats { get; private set; }

    /// <summary>
    /// Seats taken by enrolments. Changed only by one conditional SQL update (<c>SeatsTaken &lt; Seats</c>) so that
    /// concurrent enrolments never exceed <see cref="Seats"/> (issue 6).
    /// </summary>
    public int SeatsTaken { get; private set; }

    public int SeatsLeft => Seats - SeatsTaken;

    /// <summary>
    /// Why this session cannot take one more client now, in the words a mediator or a partner acts on (issue 18:
    /// « complète » or « passée », not a list of four causes); null when it can.
    /// </summary>
    public string? WhyClosed(DateTime nowUtc) =>
        CancelledAt is not null ? "Cette séance est annulée : choisissez-en une autre."
        : StartsAt <= nowUtc ? "Cette séance est passée : choisissez-en une à venir."
        : SeatsTaken >= Seats ? "Cette séance est complète : choisissez-en une autre."
        : null;

    public string? PlaceId { get; private set; }

    public int? OfficeId { get; private set; }

    /// <summary>When the partner cancelled the session; a cancelled session is offered to nobody and enrols nobody.</summary>
    public DateTime? CancelledAt { get; private set; }

    /// <summary>
    /// Moves a session that has not started, or changes its seats (never below the clients already enrolled). The
    /// caller stores it by a conditional update, so that an enrolment in between cannot be left without a seat.
    /// </summary>
    public void Reschedule(Workshop workshop, DateTime startsAtUtc, DateTime endsAtUtc, int seats, DateTime nowUtc)
    {
        if (CancelledAt is not null)
        {
            throw new DomainException("session.already-cancelled", "Cette séance est annulée : elle ne se modifie plus.");
        }

        if (StartsAt <= nowUtc)
        {
            throw new DomainException("session.started", "Une séance commencée ou passée ne se modifie plus.");
        }

        CheckSchedule(workshop, startsAtUtc, endsAtUtc, seats, SeatsTaken, nowUtc);
        StartsAt = startsAtUtc;
        EndsAt = endsAtUtc;
        Seats = seats;
    }

    private static void CheckSchedule(Workshop workshop, DateTime startsAtUtc, DateTime endsAtUtc, int seats, int seatsTaken, DateTime nowUtc)
    {
        if (startsAtUtc <= nowUtc)
        {
            throw new DomainException("session.in-past", "La séance doit commencer dans le futur.", "StartsAt");
        }

        if (endsAtUtc <= startsAtUtc || endsAtUtc - startsAtUtc > MaxDuration)
        {
            throw new DomainException("session.duration-invalid", "La séance finit après son début, 8 heures au plus.", "EndsAt");
        }

        if (seats < 1 || seats > workshop.Capacity)
        {
            throw new DomainException("session.seats-invalid", $"Le nombre de places va de 1 à la capacité de l'atelier ({workshop.Capacity}).", "Seats");
        }

        if (seats < seatsTaken)
        {
            throw new DomainException("session.seats-below-enrolled", seatsTaken == 1 ? "1 client déjà inscrit : gardez au moins 1 place, ou annulez la séance." : $"{seatsTaken} clients déjà inscrits : gardez au moins {seatsTaken} places, ou annulez la séance.", "Seats");
        }
    }

    /// <summary>Cancels a session that has not started; its enrolled clients go back to be enrolled elsewhere (the caller moves them).</summary>
    public void Cancel(DateTime nowUtc)
    {
        if (CancelledAt is not null)
        {
            throw new DomainException("session.already-cancelled", "Cette séance est déjà annulée.");
        }

        if (StartsAt <= nowUtc)
        {
            throw new DomainException("session.started", "Une séance commencée ou passée ne s'annule pas : notez les présences et les absences des inscrits.");
        }

        CancelledAt = nowUtc;
    }
}
