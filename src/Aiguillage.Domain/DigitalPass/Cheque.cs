namespace Aiguillage.Domain.DigitalPass;

/// <summary>Where a cheque stands. Expiry is not a status: it is read from the agreement's dates.</summary>
public enum ChequeStatus
{
    InStock = 0,
    Issued = 1,
    Redeemed = 2,
    Cancelled = 3,
    Lost = 4,
}

/// <summary>A range of cheque numbers, both ends included (a book, or a line of a stock file).</summary>
public readonly record struct ChequeRange(long First, long Last)
{
    public const long MaxNumber = 999_999_999_999;
    public const int MaxChequesPerRange = 10_000;

    public long Count => Last - First + 1;

    public bool Overlaps(ChequeRange other) => First <= other.Last && other.First <= Last;

    /// <summary>A valid range (positive numbers, first ≤ last, at most <see cref="MaxChequesPerRange"/> cheques), or the error.</summary>
    public static ChequeRange Create(long first, long last)
    {
        if (first < 1 || last > MaxNumber)
        {
            throw new DomainException("cheque.number-invalid", $"Les numéros vont de 1 à {MaxNumber}.", nameof(First));
        }

        if (last < first || last - first + 1 > MaxChequesPerRange)
        {
            throw new DomainException("cheque.range-invalid", $"Le dernier numéro suit le premier, {MaxChequesPerRange} chèques au plus par carnet.", nameof(Last));
        }

        return new ChequeRange(first, last);
    }

    /// <summary>The ranges of <paramref name="candidates"/> that overlap a range already registered or an earlier candidate (their indexes).</summary>
    public static IReadOnlyList<(int Index, string Reason)> FindConflicts(IReadOnlyList<ChequeRange> existing, IReadOnlyList<ChequeRange> candidates)
    {
        var conflicts = new List<(int, string)>();
        var sortedExisting = existing.OrderBy(r => r.First).ToList();
        for (var i = 0; i < candidates.Count; i++)
        {
            var candidate = candidates[i];
            var clash = sortedExisting.FirstOrDefault(r => r.Overlaps(candidate));
            if (clash != default)
            {
                conflicts.Add((i, $"les numéros {candidate.First}–{candidate.Last} chevauchent le carnet déjà enregistré {clash.First}–{clash.Last}"));
                continue;
            }

            var earlier = Enumerable.Range(0, i).Where(j => candidates[j].Overlaps(candidate) && conflicts.All(c => c.Item1 != j)).Select(j => (int?)j).FirstOrDefault();
            if (earlier is { } e)
            {
                conflicts.Add((i, $"les numéros {candidate.First}–{candidate.Last} chevauchent {candidates[e].First}–{candidates[e].Last} du même envoi"));
            }
        }

        return conflicts;
    }
}

/// <summary>
/// One numbered pass numérique cheque, from stock to redemption (issue 7). Rules are here; the web layer applies
/// each change with a conditional update on the expected status, so that of two concurrent attempts one wins.
/// </summary>
public sealed class Cheque
{
    private Cheque()
    {
    }

    public Cheque(long number, int agreementId, Guid bookId)
    {
        Number = number;
        AgreementId = agreementId;
        BookId = bookId;
        Status = ChequeStatus.InStock;
    }

    public long Number { get; private set; }

    public int AgreementId { get; private set; }

    public Guid BookId { get; private set; }

    /// <summary>The office holding it in stock (null: the funder's central stock).</summary>
    public int? OfficeId { get; private set; }

    public ChequeStatus Status { get; private set; }

    public Guid? ClientId { get; private set; }

    public Guid? ReferralId { get; private set; }

    public DateTime? IssuedAt { get; private set; }

    public string? IssuedBy { get; private set; }

    public int? RedeemedByPartnerId { get; private set; }

    public string? RedeemedAtPlaceId { get; private set; }

    public DateTime? RedeemedAt { get; private set; }

    public string? RedeemedBy { get; private set; }

    /// <summary>When it was cancelled or declared lost.</summary>
    public DateTime? VoidedAt { get; private set; }

    /// <summary>Not redeemed, not voided, and past the day the agreement accepts cheques until.</summary>
    public bool IsExpired(Agreement agreement, DateOnly today) => Status is ChequeStatus.InStock or ChequeStatus.Issued && today > agreement.AcceptedUntil;

    /// <summary>Still usable but its acceptance ends within 30 days: warn the holder.</summary>
    public bool ExpiresSoon(Agreement agreement, DateOnly today) =>
        Status is ChequeStatus.InStock or ChequeStatus.Issued && today <= agreement.AcceptedUntil && agreement.AcceptedUntil.DayNumber - today.DayNumber <= 30;

    public void AllocateTo(int officeId)
    {
        if (Status != ChequeStatus.InStock)
        {
            throw new DomainException("cheque.not-in-stock", $"Le chèque {Number} n'est plus en stock.", nameof(OfficeId));
        }

        OfficeId = officeId;
    }

    /// <summary>
    /// Hands the cheque to a client from the office's stock. <paramref name="alreadyIssuedToClient"/> counts the
    /// client's cheques of the same agreement, for its per-client limit.
    /// </summary>
    public void Issue(Agreement agreement, int officeId, Guid clientId, Guid? referralId, int alreadyIssuedToClient, string mediatorId, DateTime nowUtc, DateOnly today)
    {
        if (Status != ChequeStatus.InStock)
        {
            throw new DomainException("cheque.already-issued", $"Le chèque {Number} a déjà été remis ou n'est plus utilisable.", "Number");
        }

        if (OfficeId != officeId)
        {
            throw new DomainException("cheque.not-in-office", $"Le chèque {Number} n'est pas dans le stock de ce bureau.", "Number");
        }

        if (today > agreement.IssuableUntil)
        {
            throw new DomainException("cheque.agreement-closed", $"La convention {agreement.Name} ne permet plus de remettre de chèques depuis le {agreement.IssuableUntil:dd/MM/yyyy}.", "Number");
        }

        if (alreadyIssuedToClient >= agreement.MaxChequesPerClient)
        {
            throw new DomainException("cheque.client-limit", $"Ce client a déjà reçu {alreadyIssuedToClient} {(alreadyIssuedToClient > 1 ? "chèques" : "chèque")} : la convention en permet {agreement.MaxChequesPerClient} au plus.", "Count");
        }

        Status = ChequeStatus.Issued;
        ClientId = clientId;
        ReferralId = referralId;
        IssuedAt = nowUtc;
        IssuedBy = mediatorId;
    }

    /// <summary>An accredited partner confirms the cheque paid a workshop: only issued cheques, within acceptance, once.</summary>
    public void Redeem(Agreement agreement, int partnerId, bool partnerAccredited, string? placeId, string userId, DateTime nowUtc, DateOnly today)
    {
        if (!partnerAccredited)
        {
            throw new DomainException("cheque.partner-not-accredited", "Votre organisation n'est pas habilitée à accepter le pass numérique.", "Number");
        }

        if (Status == ChequeStatus.Redeemed)
        {
            throw new DomainException("cheque.already-redeemed", $"Le chèque {Number} a déjà été encaissé.", "Number");
        }

        if (Status != ChequeStatus.Issued)
        {
            throw new DomainException("cheque.not-issued", $"Le chèque {Number} n'a pas été remis à un client (ou il est annulé ou perdu).", "Number");
        }

        if (today > agreement.AcceptedUntil)
        {
            throw new DomainException("cheque.expired", $"Le chèque {Number} a expiré le {agreement.AcceptedUntil:dd/MM/yyyy}.", "Number");
        }

        Status = ChequeStatus.Redeemed;
        RedeemedByPartnerId = partnerId;
        RedeemedAtPlaceId = placeId;
        RedeemedAt = nowUtc;
        RedeemedBy = userId;
    }

    public void Cancel(DateTime nowUtc) => Void(ChequeStatus.Cancelled, nowUtc);

    public void DeclareLost(DateTime nowUtc) => Void(ChequeStatus.Lost, nowUtc);

    private void Void(ChequeStatus status, DateTime nowUtc)
    {
        if (Status is not (ChequeStatus.InStock or ChequeStatus.Issued))
        {
            throw new DomainException("cheque.not-voidable", $"Le chèque {Number} est déjà {(Status == ChequeStatus.Redeemed ? "encaissé" : "annulé ou perdu")}.", "Number");
        }

        Status = status;
        VoidedAt = nowUtc;
    }
}

/// <summary>A registered book: a range of numbers of one agreement.</summary>
public sealed class ChequeBook
{
    private ChequeBook()
    {
    }

    public ChequeBook(Guid id, int agreementId, ChequeRange range, DateTime registeredAtUtc)
    {
        Id = id;
        AgreementId = agreementId;
        FirstNumber = range.First;
        LastNumber = range.Last;
        RegisteredAt = registeredAtUtc;
    }

    public Guid Id { get; private set; }

    public int AgreementId { get; private set; }

    public long FirstNumber { get; private set; }

    public long LastNumber { get; private set; }

    public DateTime RegisteredAt { get; private set; }

    public ChequeRange Range => new(FirstNumber, LastNumber);

    /// <summary>The book's cheques, in stock.</summary>
    public IEnumerable<Cheque> Cheques() => Enumerable.Range(0, (int)Range.Count).Select(i => new Cheque(FirstNumber + i, AgreementId, Id));
}
