using Aiguillage.Domain.Clients;

namespace Aiguillage.Domain.Tests.Clients;

public sealed class ClientConsentTests
{
    private static readonly DateTime Now = new(2026, 11, 26, 10, 0, 0, DateTimeKind.Utc);

    private static Client New() => new(Guid.NewGuid(), "K7F-3QX", 1, Now);

    [Fact]
    public void A_client_is_anonymous_until_they_consent()
    {
        var client = New();
        Assert.Null(client.FirstName);
        Assert.Null(client.ActiveConsent);

        var consent = client.GiveConsent("suivi-v1", " Aïcha ", "06 12 34 56 78", null, "mediator", Now);
        Assert.Equal(("Aïcha", "0612345678"), (client.FirstName, client.Phone));
        Assert.Equal(("suivi-v1", "mediator", Now, ConsentPurpose.FollowUp), (consent.TextVersion, consent.GivenBy, consent.GivenAt, consent.Purpose));
    }

    [Fact]
    public void Withdrawing_erases_the_contact_details_and_keeps_who_and_when()
    {
        var client = New();
        client.GiveConsent("suivi-v1", "Jean-Luc", null, "jl@example.fr", "mediator", Now);
        client.WithdrawConsent("mediator-2", Now.AddDays(3));
        Assert.Equal((null, null, null), (client.FirstName, client.Phone, client.Email));
        var consent = Assert.Single(client.Consents);
        Assert.Equal(("mediator-2", Now.AddDays(3)), (consent.WithdrawnBy, consent.WithdrawnAt));
        Assert.Null(client.ActiveConsent);
        Assert.Throws<DomainException>(() => client.WithdrawConsent("mediator", Now));
    }

    [Theory]
    [InlineData("", "0612345678", null, "FirstName")]
    [InlineData("Jean; DROP TABLE", "0612345678", null, "FirstName")]
    [InlineData("Marie", "12345", null, "Phone")]
    [InlineData("Marie", null, "pas-un-email", "Email")]
    [InlineData("Marie", null, null, "Phone")]
    public void Contact_details_are_checked_field_by_field(string firstName, string? phone, string? email, string field)
    {
        var error = Assert.Throws<DomainException>(() => New().GiveConsent("suivi-v1", firstName, phone, email, "mediator", Now));
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void References_are_short_unambiguous_codes()
    {
        Assert.True(Client.IsReference("K7F-3QX"));
        Assert.False(Client.IsReference("K7F-3Q0"));
        Assert.Equal("K7F-3QX", Client.NormaliseReference("k7f 3qx"));
        Assert.Throws<DomainException>(() => new Client(Guid.NewGuid(), "nope", 1, Now));
    }
}
