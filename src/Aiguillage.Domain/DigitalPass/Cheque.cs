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

public static class ChequeStatusLabels
{
    private static readonly System.Globalization.CultureInfo French = System.Globalization.CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>Where a cheque stands, in words; an expired cheque says so whatever its stored status (issue 16 §9).</summary>
    public static string Label(this ChequeStatus status, DateOnly? expiredOn = null) => status switch
    {
        ChequeStatus.InStock or ChequeStatus.Issued when expiredOn is { } day => $"expiré le {day.ToString("d MMMM yyyy", French)}, non utilisé",
        ChequeStatus.InStock => "en stock",
        ChequeStatus.Issued => "remis, pas encore utilisé",
        ChequeStatus.Redeemed => "utilisé pour un atelier",
        ChequeStatus.Cancelled => "annulé",
        _ => "perdu",
    };
}

/// <summary>
/// A cheque's number as printed (issue 16 §8): text, not a number, so that « 0000000501 » stays « 0000000501 » on
/// every screen, in every export and in the journal. One normalisation for every form that takes one (books, stock
/// files, redemption, loss): the spaces, dashes and dots a person or a scanner types between groups of digits are
/// dropped, nothing else is accepted.
/// </summary>
public static class ChequeNumber
{
    public const int MaxDigits = 12;

    /// <summary>The digits of <paramref name="input"/>, leading zeros kept; null when it holds anything but digits and separators, or more than <see cref="MaxDigits"/> digits.</summary>
    public static string? Normalise(string? input)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return null;
        }

        var digits = new System.Text.StringBuilder(input.Length);
        foreach (var c in input)
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (c is not (' ' or '\u00A0' or '\u202F' or '\t' or '-' or '\u2010' or '\u2011' or '\u2013' or '.'))
            {
                return null;
            }
        }

        return digits.Length is 0 or > MaxDigits ? null : digits.ToString();
    }
}

/// <summary>
/// A range of cheque numbers, both ends included (a book, or a line of a stock file). <see cref="Width"/> is the
/// number of digits printed when the book's numbers carry leading zeros (0: printed as they are).
/// </summary>
public readonly record struct ChequeRange(long First, long Last, int Width = 0)
{
    public const long MaxNumber = 999_999_999_999;
    public const int MaxChequesPerRange = 10_000;

    public long Count => Last - First + 1;

    /// <summary>Numbers overlap whatever their printed width: « 501 » and « 0501 » are never two cheques.</summary>
    public bool Overlaps(ChequeRange other) => First <= other.Last && other.First <= Last;

    /// <summary>The printed text of the range's number <paramref name="value"/>.</summary>
    public string Text(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(Width, '0');

    public override string ToString() => $"{Text(First)}–{Text(Last)}";

    /// <summary>A valid range (positive numbers, first ≤ last, at most <see cref="MaxChequesPerRange"/> cheques), or the error.</summary>
    public static ChequeRange Create(long first, long last, int width = 0)
    {
        if (first < 1 || last > MaxNumber)
        {
            throw new DomainException("cheque.number-invalid", $"Les numéros vont de 1 à {MaxNumber}.", nameof(First));
        }

        if (last < first || last - first + 1 > MaxChequesPerRange)
        {
            throw new DomainException("cheque.range-invalid", $"Le dernier numéro suit le premier, {MaxChequesPerRange} chèques au plus par carnet.", nameof(Last));
        }

        return new ChequeRange(first, last, width);
    }

    /// <summary>
    /// The range written as printed: both numbers normalised by <see cref="ChequeNumber.Normalise"/>; leading zeros
    /// set the width, and then both ends must be written with as many digits.
    /// </summary>
    public static ChequeRange Parse(string? first, string? last)
    {
        var f = ChequeNumber.Normalise(first);
        var l = ChequeNumber.Normalise(last);
        if (f is null)
        {
            throw new DomainException("cheque.number-invalid", $"Premier numéro : des chiffres, {ChequeNumber.MaxDigits} au plus, comme imprimés sur le chèque.", nameof(First));
        }

        if (l is null)
        {
            throw new DomainException("cheque.number-invalid", $"Dernier numéro : des chiffres, {ChequeNumber.MaxDigits} au plus, comme imprimés sur le chèque.", nameof(Last));
        }

        var padded = f.StartsWith('0') || l.StartsWith('0');
        if (padded && f.Length != l.Length)
        {
            throw new DomainException("cheque.width-differs", "Le premier et le dernier numéro s'écrivent avec le même nombre de chiffres, zéros du début compris.", nameof(Last));
        }

        return Create(long.Parse(f, System.Globalization.CultureInfo.InvariantCulture), long.Parse(l, System.Globalization.CultureInfo.InvariantCulture), padded ? f.Length : 0);
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
                conflicts.Add((i, $"les numéros {candidate} chevauchent le carnet déjà enregistré {clash}"));
                continue;
            }

            var earlier = Enumerable.Range(0, i).Where(j => candidates[j].Overlaps(candidate) && conflicts.All(c => c.Item1 != j)).Select(j => (int?)j).FirstOrDefault();
            if (earlier is { } e)
            {
                conflicts.Add((i, $"les numéros {candidate} chevauchent {candidates[e]} du même envoi"));
            }
        }

        return conflicts;
    }
}

/// <summary>
/// The check code given with an issued cheque (issue 16 §10). Numbers run in sequence and are printed in clear, so
/// a number alone proves nothing: the partner that redeems a cheque types the number and this code, which the
/// mediator writes on the cheque when handing it over. Six characters from an alphabet without look-alikes
/// (no 0/O, 1/I/L, 5/S, 8/B): 26^6 ≈ 309 million codes per number.
/// </summary>
public static class ChequeCheckCode
{
    public const string Alphabet = "ACDEFGHJKMNPQRTUVWXY234679";
    public const int Length = 6;

    /// <summary>Whether <paramref name="code"/> is a code as issued (<see cref="Length"/> characters of <see cref="Alphabet"/>).</summary>
    public static bool IsValid(string? code) => code is { Length: Length } && code.All(c => Alphabet.Contains(c, StringComparison.Ordinal));

    /// <summary>The code as typed: case, spaces and dashes ignored; null when empty.</summary>
    public static string? Normalise(string? input) =>
        string.IsNullOrWhiteSpace(input) ? null : new string([.. input.Where(c => c is not (' ' or '-' or '\u00A0')).Select(char.ToUpperInvariant)]);
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

    public Cheque(string number, int agreementId, Guid bookId)
    {
        Number = ChequeNumber.Normalise(number) == number ? number : throw new DomainException("cheque.number-invalid", "Le numéro d'un chèque s'écrit en chiffres.", nameof(Number));
        Value = long.Parse(number, System.Globalization.CultureInfo.InvariantCulture);
        AgreementId = agreementId;
        BookId = bookId;
        Status = ChequeStatus.InStock;
    }

    /// <summary>The printed number, as text (leading zeros kept).</summary>
    public string Number { get; private set; } = string.Empty;

    /// <summary>The number's value: « 501 » and « 0501 » have one, so they can never be two cheques (unique), and issuance takes the lowest.</summary>
    public long Value { get; private set; }

    public int AgreementId { get; private set; }

    public Guid BookId { get; private set; }

    /// <summary>The office holding it in stock (null: the funder's central stock).</summary>
    public int? OfficeId { get; private set; }

    public ChequeStatus Status { get; private set; }

    public Guid? ClientId { get; private set; }

    public Guid? ReferralId { get; private set; }

    public DateTime? IssuedAt { get; private set; }

    public string? IssuedBy { get; private set; }

    /// <summary>The code written on the cheque when it was handed over (<see cref="ChequeCheckCode"/>); null in stock.</summary>
    public string? CheckCode { get; private set; }

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
    public void Issue(Agreement agreement, int officeId, Guid clientId, Guid? referralId, int alreadyIssuedToClient, string mediatorId, string checkCode, DateTime nowUtc, DateOnly today)
    {
        if (!ChequeCheckCode.IsValid(checkCode))
        {
            throw new ArgumentException("A check code is 6 characters of ChequeCheckCode.Alphabet.", nameof(checkCode));
        }

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
        CheckCode = checkCode;
    }

    /// <summary>
    /// The one refusal for a number that does not exist, a cheque not handed to a client, and a wrong check code
    /// (issue 16 §10): a partner learns nothing about numbers it does not hold.
    /// </summary>
    public const string UnknownMessage = "Aucun chèque remis ne correspond à ce numéro et à ce code : vérifiez-les sur le chèque.";

    /// <summary>
    /// An accredited partner confirms the cheque paid a workshop: any accredited partner may, with the number and the
    /// check code written on the cheque (issue 16 §10); only issued cheques, within acceptance, once. Whoever holds
    /// the code holds the cheque, so only then does the refusal say why (used, voided, expired).
    /// </summary>
    public void Redeem(Agreement agreement, int partnerId, bool partnerAccredited, string? presentedCode, string? placeId, string userId, DateTime nowUtc, DateOnly today)
    {
        if (!partnerAccredited)
        {
            throw new DomainException("cheque.partner-not-accredited", "Votre organisation n'est pas habilitée à accepter le pass numérique.", "Number");
        }

        if (CheckCode is null || ChequeCheckCode.Normalise(presentedCode) != CheckCode)
        {
            throw new DomainException("cheque.unknown", UnknownMessage, "Number");
        }

        if (Status == ChequeStatus.Redeemed)
        {
            throw new DomainException("cheque.already-redeemed", $"Le chèque {Number} a déjà été encaissé{(RedeemedByPartnerId == partnerId ? " par votre organisation" : string.Empty)}.", "Number");
        }

        if (Status != ChequeStatus.Issued)
        {
            throw new DomainException("cheque.voided", $"Le chèque {Number} a été annulé ou déclaré perdu : il ne peut plus servir.", "Number");
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

    public void Cancel(Agreement agreement, DateTime nowUtc, DateOnly today) => Void(ChequeStatus.Cancelled, agreement, nowUtc, today);

    public void DeclareLost(Agreement agreement, DateTime nowUtc, DateOnly today) => Void(ChequeStatus.Lost, agreement, nowUtc, today);

    /// <summary>
    /// Cancels the cheque or records its loss. An expired cheque can no longer be used by anyone: it is counted
    /// expired, and stays so (issue 16 §9: the office page offered « Perdu / Annuler » on a cheque the figures
    /// counted expired).
    /// </summary>
    private void Void(ChequeStatus status, Agreement agreement, DateTime nowUtc, DateOnly today)
    {
        if (IsExpired(agreement, today))
        {
            throw new DomainException("cheque.expired", $"Le chèque {Number} a expiré le {agreement.AcceptedUntil:dd/MM/yyyy} : il ne peut plus servir, il n'y a rien à signaler.", "Number");
        }

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
        NumberWidth = range.Width;
        RegisteredAt = registeredAtUtc;
    }

    public Guid Id { get; private set; }

    public int AgreementId { get; private set; }

    public long FirstNumber { get; private set; }

    public long LastNumber { get; private set; }

    /// <summary>Digits printed, leading zeros included (0: the numbers are printed as they are).</summary>
    public int NumberWidth { get; private set; }

    public DateTime RegisteredAt { get; private set; }

    public ChequeRange Range => new(FirstNumber, LastNumber, NumberWidth);

    /// <summary>The book's cheques, in stock.</summary>
    public IEnumerable<Cheque> Cheques() => Enumerable.Range(0, (int)Range.Count).Select(i => new Cheque(Range.Text(FirstNumber + i), AgreementId, Id));
}
