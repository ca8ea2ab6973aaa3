using Aiguillage.Web.Platform.Startup;

namespace Aiguillage.Web.Features.Demo;

/// <summary>The demo data and the banner that lists its accounts (Development only, docs/adr/0005).</summary>
public static class DemoSetup
{
    public static WebApplicationBuilder AddDemo(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<IDemoData, DemoData>();
        builder.Services.AddScoped<DemoYear>();
        return builder;
    }
}
