using Aiguillage.Web.Platform.Notifications;

namespace Aiguillage.Web.Features.Referrals;

/// <summary>Referrals (issue 6): their lifecycle, the daily reminders of overdue ones, and the follow-up after them (issue 20).</summary>
public static class ReferralsSetup
{
    public static WebApplicationBuilder AddReferrals(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(new Platform.Web.ApiTag("Orientations", "Les orientations vers les partenaires et leur suivi, de l'envoi à la fin du parcours."));
        services.AddSingleton(builder.Configuration.GetSection("Referrals").Get<ReferralOptions>() ?? new ReferralOptions());
        services.AddScoped<ReferralMail>();
        services.AddScoped<ReferralService>();
        services.AddScoped<ReferralReminders>();
        services.AddScoped<IDailyJob>(sp => sp.GetRequiredService<ReferralReminders>());
        // The follow-up after a referral (issue 20 §1): re-diagnoses linked, follow-ups listed, invitations sent.
        services.AddSingleton(builder.Configuration.GetSection("FollowUp").Get<FollowUpOptions>() ?? new FollowUpOptions());
        services.AddScoped<FollowUpJob>();
        services.AddScoped<IDailyJob>(sp => sp.GetRequiredService<FollowUpJob>());
        return builder;
    }
}
