using Aiguillage.Domain.DigitalPass;

namespace Aiguillage.Domain.Tests.DigitalPass;

public sealed class ChequeTests
{
    private static readonly DateTime Now = new(2026, 11, 26, 10, 0, 0, DateTimeKind.Utc);
    private static readonly DateOnly Today = new(2026, 11, 26);
    private static readonly Guid Client = Guid.NewGuid();

    private static Agreement Loire(int max = 5) => new("Département de la Loire", "42", 2026, 1000, 500_000, max);

    private const string Code = "ACD234";

    private static Cheque InOffice(string number = "1001", int office = 3)
    {
        var cheque = new Cheque(number, 1, Guid.NewGuid());
        cheque.AllocateTo(office);
        return cheque;
    }

    private static Cheque Issued()
    {
        var cheque = InOffice();
        cheque.Issue(Loire(), 3, Client, null, 0, "mediateur", Code, Now, Today);
        return cheque;
    }

    [Fact]
    public void An_agreement_has_the_aptic_dates_by_default_and_guards_its_values()
    {
        var agreement = Loire();
        Assert.Equal((new DateOnly(2026, 12, 31), new DateOnly(2027, 1, 31)), (agreement.IssuableUntil, agreement.AcceptedUntil));
        Assert.Equal(500, agreement.ChequesCovered);
        Assert.Equal("DepartmentCode", Assert.Throws<DomainException>(() => new Agreement("X", "20", 2026, 1000, 5000, 5)).Field);
        Assert.Equal("ChequeValueCents", Assert.Throws<DomainException>(() => new Agreement("X", "42", 2026, 0, 5000, 5)).Field);
        Assert.Equal("BudgetCents", Assert.Throws<DomainException>(() => new Agreement("X", "42", 2026, 1000, 500, 5)).Field);
        Assert.Equal("AcceptedUntil", Assert.Throws<DomainException>(() => new Agreement("X", "42", 2026, 1000, 5000, 5, new DateOnly(2026, 12, 31), new DateOnly(2026, 6, 1))).Field);
    }

    [Fact]
    public void A_cheque_is_issued_once_from_the_offices_stock()
    {
        var cheque = Issued();
        Assert.Equal((ChequeStatus.Issued, Client), (cheque.Status, cheque.ClientId));
        Assert.Equal("cheque.already-issued", Assert.Throws<DomainException>(() => cheque.Issue(Loire(), 3, Guid.NewGuid(), null, 0, "m", Code, Now, Today)).Code);
        Assert.Equal("cheque.not-in-office", Assert.Throws<DomainException>(() => InOffice(office: 4).Issue(Loire(), 3, Client, null, 0, "m", Code, Now, Today)).Code);
        Assert.Equal("cheque.client-limit", Assert.Throws<DomainException>(() => InOffice().Issue(Loire(max: 2), 3, Client, null, 2, "m", Code, Now, Today)).Code);
        Assert.Equal("cheque.agreement-closed", Assert.Throws<DomainException>(() => InOffice().Issue(Loire(), 3, Client, null, 0, "m", Code, Now, new DateOnly(2027, 1, 2))).Code);
    }

    [Fact]
    public void Only_an_accredited_partner_with_the_check_code_redeems_an_issued_cheque_within_validity_once()
    {
        Assert.Equal("cheque.partner-not-accredited", Assert.Throws<DomainException>(() => Issued().Redeem(Loire(), 7, false, Code, null, "p", Now, Today)).Code);
        Assert.Equal("cheque.expired", Assert.Throws<DomainException>(() => Issued().Redeem(Loire(), 7, true, Code, null, "p", Now, new DateOnly(2027, 2, 1))).Code);

        // Issue 16 §10: a cheque in stock, a wrong code and no code answer one refusal, which says nothing of the number.
        var inStock = Assert.Throws<DomainException>(() => InOffice().Redeem(Loire(), 7, true, null, null, "p", Now, Today));
        var wrong = Assert.Throws<DomainException>(() => Issued().Redeem(Loire(), 7, true, "ACD235", null, "p", Now, Today));
        var none = Assert.Throws<DomainException>(() => Issued().Redeem(Loire(), 7, true, null, null, "p", Now, Today));
        Assert.All(new[] { inStock, wrong, none }, e => Assert.Equal(("cheque.unknown", Cheque.UnknownMessage), (e.Code, e.Message)));

        var cheque = Issued();
        cheque.Redeem(Loire(), 7, true, " acd-234 ", "lieu-1", "p", Now, new DateOnly(2027, 1, 31));   // typed in lower case with a dash; the last day of acceptance still counts
        Assert.Equal((ChequeStatus.Redeemed, 7, "lieu-1"), (cheque.Status, cheque.RedeemedByPartnerId!.Value, cheque.RedeemedAtPlaceId));
        Assert.Contains("par votre organisation", Assert.Throws<DomainException>(() => cheque.Redeem(Loire(), 7, true, Code, null, "p", Now, Today)).Message, StringComparison.Ordinal);
        Assert.Equal("cheque.already-redeemed", Assert.Throws<DomainException>(() => cheque.Redeem(Loire(), 8, true, Code, null, "p", Now, Today)).Code);
        Assert.Equal("cheque.unknown", Assert.Throws<DomainException>(() => cheque.Redeem(Loire(), 8, true, "XXXXXX", null, "p", Now, Today)).Code);
        Assert.Equal("cheque.not-voidable", Assert.Throws<DomainException>(() => cheque.DeclareLost(Loire(), Now, Today)).Code);

        var lost = Issued();
        lost.DeclareLost(Loire(), Now, Today);
        Assert.Equal("cheque.voided", Assert.Throws<DomainException>(() => lost.Redeem(Loire(), 7, true, Code, null, "p", Now, Today)).Code);
    }

    [Fact]
    public void A_check_code_uses_six_characters_without_look_alikes()
    {
        Assert.Equal(26, ChequeCheckCode.Alphabet.Distinct().Count());
        Assert.DoesNotContain(ChequeCheckCode.Alphabet, c => "0O1IL5S8B".Contains(c, StringComparison.Ordinal));
        Assert.True(ChequeCheckCode.IsValid("A9A34J"));
        Assert.False(ChequeCheckCode.IsValid("A9A34"));
        Assert.False(ChequeCheckCode.IsValid("A9A34O"));
        Assert.Equal("A9A34J", ChequeCheckCode.Normalise(" a9-a3 4j"));
        Assert.Null(ChequeCheckCode.Normalise("  "));
        Assert.Throws<ArgumentException>(() => InOffice().Issue(Loire(), 3, Client, null, 0, "m", "ABC", Now, Today));
    }

    [Theory]
    [InlineData("0000000501", "0000000501")]
    [InlineData("000 000 0501", "0000000501")]
    [InlineData("0000-000-501", "0000000501")]
    [InlineData("501", "501")]
    [InlineData("501a", null)]
    [InlineData("", null)]
    [InlineData("1234567890123", null)]
    public void A_cheque_number_is_text_normalised_one_way(string typed, string? stored) =>
        Assert.Equal(stored, ChequeNumber.Normalise(typed));

    [Fact]
    public void A_book_keeps_the_printed_width_of_its_numbers()
    {
        // Issue 16 §8: « 0000000501 » was stored and shown as « 501 ».
        var range = ChequeRange.Parse("0000000501", "0000-000-503");
        var book = new ChequeBook(Guid.NewGuid(), 1, range, Now);
        Assert.Equal(["0000000501", "0000000502", "0000000503"], book.Cheques().Select(c => c.Number));
        Assert.Equal([501L, 502, 503], book.Cheques().Select(c => c.Value));
        Assert.Equal("0000000501–0000000503", book.Range.ToString());
        Assert.Equal(["9", "10"], new ChequeBook(Guid.NewGuid(), 1, ChequeRange.Parse("9", "10"), Now).Cheques().Select(c => c.Number));
        Assert.Equal("cheque.width-differs", Assert.Throws<DomainException>(() => ChequeRange.Parse("0501", "00510")).Code);
        Assert.Equal("First", Assert.Throws<DomainException>(() => ChequeRange.Parse("5O1", "510")).Field);
        Assert.Equal("Last", Assert.Throws<DomainException>(() => ChequeRange.Parse("501", "")).Field);
        // « 501 » and « 0501 » would be two ways of printing one number: they overlap.
        Assert.True(ChequeRange.Parse("0501", "0510").Overlaps(ChequeRange.Parse("505", "520")));
    }

    [Fact]
    public void An_expired_cheque_cannot_be_declared_lost_or_cancelled()
    {
        // Issue 16 §9: the office page offered « Perdu / Annuler » on a cheque the figures counted expired.
        var afterAcceptance = new DateOnly(2027, 2, 1);
        Assert.Equal("cheque.expired", Assert.Throws<DomainException>(() => Issued().DeclareLost(Loire(), Now, afterAcceptance)).Code);
        Assert.Equal("cheque.expired", Assert.Throws<DomainException>(() => Issued().Cancel(Loire(), Now, afterAcceptance)).Code);
        var cheque = Issued();
        cheque.Cancel(Loire(), Now, new DateOnly(2027, 1, 31));
        Assert.Equal(ChequeStatus.Cancelled, cheque.Status);
    }

    [Fact]
    public void Expiry_is_read_from_the_agreement_and_warned_thirty_days_before()
    {
        var agreement = Loire();
        var cheque = Issued();
        Assert.False(cheque.ExpiresSoon(agreement, new DateOnly(2026, 12, 31)));
        Assert.True(cheque.ExpiresSoon(agreement, new DateOnly(2027, 1, 1)));
        Assert.False(cheque.IsExpired(agreement, new DateOnly(2027, 1, 31)));
        Assert.True(cheque.IsExpired(agreement, new DateOnly(2027, 2, 1)));
        cheque.Cancel(agreement, Now, Today);
        Assert.False(cheque.IsExpired(agreement, new DateOnly(2027, 2, 1)));   // a cancelled cheque is counted as cancelled, not expired
        Assert.Equal("cheque.not-voidable", Assert.Throws<DomainException>(() => cheque.DeclareLost(agreement, Now, Today)).Code);
    }

    [Fact]
    public void Overlapping_or_duplicate_ranges_are_refused_and_reported()
    {
        var existing = new[] { ChequeRange.Create(1001, 1020) };
        var candidates = new[] { ChequeRange.Create(1021, 1040), ChequeRange.Create(1015, 1025), ChequeRange.Create(1030, 1050), ChequeRange.Create(1021, 1040) };
        var conflicts = ChequeRange.FindConflicts(existing, candidates);
        Assert.Equal([1, 2, 3], conflicts.Select(c => c.Index));
        Assert.Contains("déjà enregistré 1001–1020", conflicts[0].Reason, StringComparison.Ordinal);
        Assert.Contains("du même envoi", conflicts[1].Reason, StringComparison.Ordinal);
        Assert.Equal("Last", Assert.Throws<DomainException>(() => ChequeRange.Create(20, 10)).Field);
        Assert.Equal("First", Assert.Throws<DomainException>(() => ChequeRange.Create(0, 10)).Field);
        Assert.Equal(20, ChequeRange.Create(1001, 1020).Count);
    }
}
