using System.Net;
using Aiguillage.Testing;
using Aiguillage.Web.Platform.Data;
using Microsoft.AspNetCore.Hosting;

namespace Aiguillage.Web.Tests.DigitalPass;

/// <summary>An app where a partner account may try 3 redemptions a minute.</summary>
public sealed class RedeemLimitedApp() : AppFactory(DatabaseProvider.Sqlite)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("RateLimiting:RedeemPerMinute", "3");
    }
}

/// <summary>Issue 16 §10: a check code is not guessed faster than a partner types cheques.</summary>
public sealed class RedeemRateLimitTests(RedeemLimitedApp app) : EngineTests(app), IClassFixture<RedeemLimitedApp>
{
    [Fact]
    public async Task Redemptions_beyond_the_limit_answer_429_and_the_page_still_reads()
    {
        var partner = await App.CreatePartnerAsync();
        using var staff = await App.SignedInAsync(await App.CreatePartnerStaffAsync(partner));
        for (var i = 0; i < 3; i++)
        {
            using var refused = await staff.PostFormAsync("/partenaire/pass-numerique", [new("Number", "123456"), new("CheckCode", $"ACD23{i + 4}")]);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        }

        using var limited = await staff.PostFormAsync("/partenaire/pass-numerique", [new("Number", "123456"), new("CheckCode", "ACD239")]);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Contains("Trop de demandes", (await HttpHelpers.ParseAsync(limited)).QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync(new Uri("/partenaire/pass-numerique", UriKind.Relative))).StatusCode);
    }
}
