using Aiguillage.Domain.Clients;

namespace Aiguillage.Domain.Tests.Clients;

/// <summary>Finding a returning client by what they gave (issue 18): the counter types what it hears.</summary>
public sealed class ContactDetailsTests
{
    [Theory]
    [InlineData("06 12 34 56 78")]
    [InlineData("06.12.34.56.78")]
    [InlineData("0612345678")]
    [InlineData("+33 6 12 34 56 78")]
    [InlineData("+33612345678")]
    public void A_phone_typed_in_any_french_form_gives_both_stored_forms(string typed) =>
        Assert.Equal(("0612345678", "+33612345678"), ContactDetails.PhoneForms(typed));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("12 34")]
    [InlineData("0012345678")]
    [InlineData("+44 20 7946 0958")]
    [InlineData("jean@example.fr")]
    public void Anything_else_is_not_a_phone(string? typed) => Assert.Null(ContactDetails.PhoneForms(typed));

    [Theory]
    [InlineData("Hélène", "helene", true)]
    [InlineData("Hélène", " HÉLÈNE ", true)]
    [InlineData("Jean-Luc", "jean-luc", true)]
    [InlineData("Aïcha", "Aicha", true)]
    [InlineData("Jean", "Jeanne", false)]
    [InlineData("Jean", "", false)]
    [InlineData(null, "Jean", false)]
    public void First_names_match_case_and_accents_aside(string? given, string typed, bool same) =>
        Assert.Equal(same, ContactDetails.SameFirstName(given, typed));

    [Fact]
    public void E_mails_match_case_aside()
    {
        Assert.True(ContactDetails.SameEmail("Jean.Dupont@Example.fr", " jean.dupont@example.fr "));
        Assert.False(ContactDetails.SameEmail("jean@example.fr", "jeanne@example.fr"));
        Assert.False(ContactDetails.SameEmail(null, "jean@example.fr"));
    }
}
