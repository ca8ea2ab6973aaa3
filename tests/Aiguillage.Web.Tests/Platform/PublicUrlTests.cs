using Aiguillage.Web.Platform.Notifications;
using Microsoft.Extensions.Configuration;

namespace Aiguillage.Web.Tests.Platform;

/// <summary>Issue 16 §16: the links of e-mails said http://localhost:5080 whatever the app's real address.</summary>
public sealed class PublicUrlTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();

    [Fact]
    public void E_mail_links_use_the_configured_public_address()
    {
        Assert.Equal("https://aiguillage.example.fr", MailOptions.ResolveBaseUrl(Settings(("PublicUrl", "https://aiguillage.example.fr/"), ("Urls", "http://localhost:5080")), development: false));
        Assert.Equal("https://mail.example.fr", MailOptions.ResolveBaseUrl(Settings(("Mail:BaseUrl", "https://mail.example.fr"), ("PublicUrl", "https://aiguillage.example.fr")), development: false));
        Assert.Equal("http://localhost:5080", MailOptions.ResolveBaseUrl(Settings(("Urls", "http://localhost:5080;https://localhost:5081")), development: true));
    }

    [Theory]
    [InlineData(null, "PublicUrl, l'adresse publique")]
    [InlineData("aiguillage.example.fr", "n'est pas une adresse http(s) complète")]
    [InlineData("ftp://aiguillage.example.fr", "n'est pas une adresse http(s) complète")]
    public void Outside_a_developer_machine_the_app_does_not_start_without_a_valid_public_address(string? publicUrl, string message)
    {
        var settings = publicUrl is null ? Settings(("Urls", "http://localhost:5080")) : Settings(("PublicUrl", publicUrl));
        var error = Assert.Throws<InvalidOperationException>(() => MailOptions.ResolveBaseUrl(settings, development: false));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
