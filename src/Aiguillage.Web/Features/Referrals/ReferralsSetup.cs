using Aiguillage.Web.Platform.Notifications;

namespace Aiguillage.Web.Features.Referrals;

/// <summary>Referrals (issue 6): their lifecycle and the daily reminders of overdue ones.</summary>
public static class ReferralsSetup
{
    public static WebApplicationBuilder AddReferrals(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(builder.Configuration.GetSection("Referrals").Get<ReferralOptions>() ?? new ReferralOptions());
        services.AddScoped<ReferralMail>();
        services.AddScoped<ReferralService>();
        services.AddScoped<ReferralReminders>();
        services.AddScoped<IDailyJob>(sp => sp.GetRequiredService<ReferralReminders>());
        return builder;
    }
}
