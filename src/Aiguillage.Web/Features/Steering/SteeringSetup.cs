using Aiguillage.Web.Platform.Notifications;

namespace Aiguillage.Web.Features.Steering;

/// <summary>Steering (issue 8): the cube folded every few seconds, the dashboard's report, the open-data publication.</summary>
public static class SteeringSetup
{
    public const string OpenDataCache = "donnees-ouvertes";

    public static WebApplicationBuilder AddSteering(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<OpenDataPublication>();
        services.AddScoped<SteeringCube>();
        services.AddScoped<IFrequentJob>(sp => sp.GetRequiredService<SteeringCube>());

        // The open-data page and files are public and the same for everyone: computed once per query every 10 minutes.
        // The output cache keeps only anonymous answers without cookies, so nothing personal is ever stored in it.
        services.AddOutputCache(o => o.AddPolicy(OpenDataCache, b => b.Expire(TimeSpan.FromMinutes(10)).SetVaryByQuery("departement", "handler", "table", "format")));
        return builder;
    }
}
