using Aiguillage.Domain.DigitalPass;

namespace Aiguillage.Domain.Tests.DigitalPass;

public sealed class ChequeTests
{
    private static readonly DateTime Now = new(2026, 11, 26, 10, 0, 0, DateTimeKind.Utc);
    private static readonly DateOnly Today = new(2026, 11, 26);
    private static readonly Guid Client = Guid.NewGuid();

    private static Agreement Loire(int max = 5) => new("Département de la Loire", "42", 2026, 1000, 500_000, max);

    private static Cheque InOffice(long number = 1001, int office = 3)
    {
        var cheque = new Cheque(number, 1, Guid.NewGuid());
        cheque.AllocateTo(office);
        return cheque;
    }

    private static Cheque Issued()
    {
        var cheque = InOffice();
        cheque.Issue(Loire(), 3, Client, null, 0, "mediateur", Now, Today);
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
        Assert.Equal("cheque.already-issued", Assert.Throws<DomainException>(() => cheque.Issue(Loire(), 3, Guid.NewGuid(), null, 0, "m", Now, Today)).Code);
        Assert.Equal("cheque.not-in-office", Assert.Throws<DomainException>(() => InOffice(office: 4).Issue(Loire(), 3, Client, null, 0, "m", Now, Today)).Code);
        Assert.Equal("cheque.client-limit", Assert.Throws<DomainException>(() => InOffice().Issue(Loire(max: 2), 3, Client, null, 2, "m", Now, Today)).Code);
        Assert.Equal("cheque.agreement-closed", Assert.Throws<DomainException>(() => InOffice().Issue(Loire(), 3, Client, null, 0, "m", Now, new DateOnly(2027, 1, 2))).Code);
    }

    [Fact]
    public void Only_an_accredited_partner_redeems_an_issued_cheque_within_validity_once()
    {
        Assert.Equal("cheque.partner-not-accredited", Assert.Throws<DomainException>(() => Issued().Redeem(Loire(), 7, false, null, "p", Now, Today)).Code);
        Assert.Equal("cheque.not-issued", Assert.Throws<DomainException>(() => InOffice().Redeem(Loire(), 7, true, null, "p", Now, Today)).Code);
        Assert.Equal("cheque.expired", Assert.Throws<DomainException>(() => Issued().Redeem(Loire(), 7, true, null, "p", Now, new DateOnly(2027, 2, 1))).Code);

        var cheque = Issued();
        cheque.Redeem(Loire(), 7, true, "lieu-1", "p", Now, new DateOnly(2027, 1, 31));   // the last day of acceptance still counts
        Assert.Equal((ChequeStatus.Redeemed, 7, "lieu-1"), (cheque.Status, cheque.RedeemedByPartnerId!.Value, cheque.RedeemedAtPlaceId));
        Assert.Equal("cheque.already-redeemed", Assert.Throws<DomainException>(() => cheque.Redeem(Loire(), 7, true, null, "p", Now, Today)).Code);
        Assert.Equal("cheque.not-voidable", Assert.Throws<DomainException>(() => cheque.DeclareLost(Now)).Code);
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
        cheque.Cancel(Now);
        Assert.False(cheque.IsExpired(agreement, new DateOnly(2027, 2, 1)));   // a cancelled cheque is counted as cancelled, not expired
        Assert.Equal("cheque.not-voidable", Assert.Throws<DomainException>(() => cheque.DeclareLost(Now)).Code);
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
