using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Aiguillage.Testing;
using Aiguillage.Web.Platform.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aiguillage.Web.Tests.Platform;

/// <summary>The app with a certificate for its data-protection keys (a PFX file written for the test).</summary>
public sealed class CertificateApp() : AppFactory(DatabaseProvider.Sqlite)
{
    public const string Password = "mot-de-passe-du-certificat";

    public string CertificateFile { get; } = Path.Combine(Path.GetTempPath(), $"aiguillage-cle-{Guid.NewGuid():N}.pfx");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Aiguillage test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        File.WriteAllBytes(CertificateFile, certificate.Export(X509ContentType.Pfx, Password));
        base.ConfigureWebHost(builder);
        builder.UseSetting("DataProtection:CertificatePath", CertificateFile);
        builder.UseSetting("DataProtection:CertificatePassword", Password);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        File.Delete(CertificateFile);
    }
}

/// <summary>With <c>DataProtection:CertificatePath</c>, the keys protecting sessions are stored encrypted, and sessions work.</summary>
public sealed class DataProtectionTests(CertificateApp app) : EngineTests(app), IClassFixture<CertificateApp>
{
    [Fact]
    public async Task Keys_are_stored_encrypted_with_the_certificate_and_sessions_still_work()
    {
        var mediator = await App.CreateMediatorAsync(await App.CreateOfficeAsync());
        using var client = await App.SignedInAsync(mediator);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/bureaux", UriKind.Relative))).StatusCode);

        using var scope = App.Services.CreateScope();
        var stored = await scope.ServiceProvider.GetRequiredService<AppDbContext>().DataProtectionKeys.AsNoTracking().Select(k => k.Xml).ToListAsync();
        Assert.NotEmpty(stored);
        Assert.All(stored, xml =>
        {
            Assert.Contains("EncryptedXmlDecryptor", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<value>", xml, StringComparison.Ordinal);   // no master key in clear
        });
    }
}
