using Aiguillage.Web.Platform.Notifications;

namespace Aiguillage.Web.Features.Referrals;

/// <summary>Referrals (issue 6): their lifecycle, the daily reminders of overdue ones, and the follow-up after them (issue 20).</summary>
public static class ReferralsSetup
{
    public static WebApplicationBuilder AddReferrals(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // Partners' webhooks (issue 21 §4): signed posts of each referral's news, through the outbox.
        services.AddSingleton(builder.Configuration.GetSection("Webhooks").Get<Webhooks.WebhookOptions>() ?? new Webhooks.WebhookOptions());
        services.AddScoped<Webhooks.ReferralWebhooks>();
        services.AddScoped<Platform.Notifications.IWebhookSender, Webhooks.ReferralWebhookSender>();
        services.AddHttpClient(Webhooks.ReferralWebhookSender.ClientName, (sp, c) => c.Timeout = TimeSpan.FromSeconds(Math.Clamp(sp.GetRequiredService<Webhooks.WebhookOptions>().TimeoutSeconds, 1, 60)))
            .ConfigurePrimaryHttpMessageHandler(sp => Webhooks.WebhookConnections.Handler(sp.GetRequiredService<Webhooks.WebhookOptions>()));
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
