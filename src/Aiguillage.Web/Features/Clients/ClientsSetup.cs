using Aiguillage.Web.Platform.Notifications;
using Aiguillage.Web.Platform.Startup;

namespace Aiguillage.Web.Features.Clients;

/// <summary>Clients (issue 9): the register, consent, retention (daily and before the app serves anyone) and the personal-data report.</summary>
public static class ClientsSetup
{
    public static WebApplicationBuilder AddClients(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(new Platform.Web.ApiTag("Sms", "Les réponses des clients aux SMS, reçues du fournisseur (STOP)."));
        services.AddScoped<ClientRegistry>();
        services.AddScoped<Diagnostics.IDiagnosedClients>(sp => sp.GetRequiredService<ClientRegistry>());
        services.AddSingleton(builder.Configuration.GetSection("Retention").Get<RetentionOptions>() ?? new RetentionOptions());
        services.AddScoped<ClientAnonymiser>();
        services.AddScoped<ClientRetention>();
        services.AddScoped<IDailyJob>(sp => sp.GetRequiredService<ClientRetention>());
        services.AddScoped<IStartupTask>(sp => sp.GetRequiredService<ClientRetention>());
        services.AddScoped<PersonalDataReport>();
        return builder;
    }
}
