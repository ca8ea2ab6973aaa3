using Aiguillage.Domain.Clients;

namespace Aiguillage.Domain.Tests.Clients;

public sealed class ClientAnonymisationTests
{
    private static readonly DateTime Now = new(2026, 11, 26, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Anonymising_erases_the_contact_withdraws_consent_and_replaces_the_reference()
    {
        var client = new Client(Guid.NewGuid(), "K7F-3QX", 1, Now.AddYears(-3));
        client.GiveConsent("suivi-v1", "Aïcha", "0612345678", "a@example.fr", "mediator", Now.AddYears(-3));

        client.Anonymise("ABC-234", "retention", Now);

        Assert.Equal((null, null, null), (client.FirstName, client.Phone, client.Email));
        Assert.Equal("ABC-234", client.Reference);
        Assert.Equal(Now, client.AnonymisedAt);
        var consent = Assert.Single(client.Consents);
        Assert.Equal(("retention", Now), (consent.WithdrawnBy, consent.WithdrawnAt));
    }

    [Fact]
    public void An_anonymised_client_is_not_anonymised_twice_nor_given_contact_details_again()
    {
        var client = new Client(Guid.NewGuid(), "K7F-3QX", 1, Now);
        client.Anonymise("ABC-234", "admin", Now);

        Assert.Equal("client.already-anonymised", Assert.Throws<DomainException>(() => client.Anonymise("ABD-234", "admin", Now)).Code);
        Assert.Equal("client.anonymised", Assert.Throws<DomainException>(() => client.GiveConsent("suivi-v1", "Marie", "0612345678", null, "mediator", Now)).Code);
    }

    [Theory]
    [InlineData("K7F-3QX")]
    [InlineData("nope")]
    public void The_fresh_reference_must_be_another_valid_code(string fresh)
    {
        var client = new Client(Guid.NewGuid(), "K7F-3QX", 1, Now);
        Assert.Throws<DomainException>(() => client.Anonymise(fresh, "admin", Now));
        Assert.Null(client.AnonymisedAt);
    }
}
