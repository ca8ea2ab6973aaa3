using Aiguillage.Domain.Partners;

namespace Aiguillage.Domain.Tests.Partners;

public sealed class PartnerTests
{
    [Fact]
    public void A_partner_is_identified_by_a_valid_siret_or_rna()
    {
        var partner = new Partner("Association Numérique Solidaire");
        partner.Describe("434 933 123 00029", null, " Emmaüs Connect ", acceptsPassNumerique: true);
        Assert.Equal(("43493312300029", "Emmaüs Connect", true), (partner.Siret, partner.Network, partner.AcceptsPassNumerique));
        partner.Describe(null, "w423000123", null, acceptsPassNumerique: false);
        Assert.Equal(("W423000123", (string?)null), (partner.Rna, partner.Siret));
    }

    [Theory]
    [InlineData("12345678901234", null, "Siret")]   // fails the Luhn check
    [InlineData("1234", null, "Siret")]
    [InlineData(null, "X123", "Rna")]
    [InlineData(null, null, "Siret")]
    public void Invalid_or_missing_identifiers_are_refused_on_their_field(string? siret, string? rna, string field)
    {
        var error = Assert.Throws<DomainException>(() => new Partner("Asso").Describe(siret, rna, null, false));
        Assert.Equal(field, error.Field);
    }
}
