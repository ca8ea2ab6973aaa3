using Aiguillage.Web.Platform.Imports;

namespace Aiguillage.Web.Features.Partners;

/// <summary>Partners, their places in the national standard (also the <c>import places</c> command), workshops and sessions.</summary>
public static class PartnersSetup
{
    public const string PublicSessionsCache = "public-sessions";

    public static WebApplicationBuilder AddPartners(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(PlaceStandard.LoadSchema(Path.Combine(builder.Environment.ContentRootPath, "Content", "mednum-standard", "schema.json")));
        services.AddScoped<PlaceStandard>();
        services.AddScoped<IFileImport>(sp => sp.GetRequiredService<PlaceStandard>());
        services.AddScoped<DataInclusionFiles>();
        services.AddScoped<IFileImport>(sp => sp.GetRequiredService<DataInclusionFiles>());
        services.AddSingleton(SchoolCalendar.Load(builder.Environment.ContentRootPath));
        services.AddHostedService<SchoolCalendar.ExtentCheck>();
        services.AddScoped<PlaceFinder>();
        services.AddSingleton<PlaceIndex>();   // issue 23 §3: places and sessions in memory, per instance, behind version stamps
        services.AddScoped<PartnerAccess>();
        services.AddScoped<SessionChanges>();
        services.AddScoped<SessionFeeds>();
        // The public session feeds and the widget (issue 21 §3): computed once a minute for everyone, per address.
        services.AddOutputCache(o => o.AddPolicy(PublicSessionsCache, b => b.Expire(TimeSpan.FromMinutes(1)).SetVaryByQuery("*")));

        // Partners' API keys (issue 21 §4): a request that brings « Authorization: Bearer » is read by the key scheme.
        services.AddAuthentication().AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeys.PartnerKeyHandler>(ApiKeys.PartnerKeys.Scheme, null);
        services.PostConfigure<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(Microsoft.AspNetCore.Identity.IdentityConstants.ApplicationScheme,
            o => o.ForwardDefaultSelector = context => ApiKeys.PartnerKeys.Brings(context) ? ApiKeys.PartnerKeys.Scheme : null);
        services.AddSingleton(new Platform.Web.ApiSecurityScheme("cleApi", new Microsoft.OpenApi.OpenApiSecurityScheme
        {
            Type = Microsoft.OpenApi.SecuritySchemeType.Http, Scheme = "bearer",
            Description = "Une clé d'API de votre organisation (agl_…), créée sur /partenaire/cles-api, envoyée en « Authorization: Bearer ».",
        },
            // A key is its partner's staff: listed where that role may call, nowhere else.
            metadata => metadata.OfType<Microsoft.AspNetCore.Authorization.IAuthorizeData>()
                .Any(a => a.Policy is Platform.Security.Policies.PartnerStaff or Platform.Security.Policies.ReferralReader or Platform.Security.Policies.PartnerManager)));
        services.AddSingleton(new Platform.Web.ApiTag("Lieux", "L'annuaire des lieux d'aide au numérique et la recherche près d'un client."));
        services.AddSingleton(new Platform.Web.ApiTag("Séances publiques", "Les séances des ateliers et leurs places libres, pour tous, sans compte."));
        services.AddSingleton(new Platform.Web.ApiTag("Partenaire", "Les séances de votre organisation, pour son équipe ou ses logiciels (clé d'API)."));
        return builder;
    }
}
