using Aiguillage.Domain.Diagnostics;
using Aiguillage.Web.Features.Diagnostics.Run;

namespace Aiguillage.Web.Features.Diagnostics;

/// <summary>Diagnostics (issues 3, 5): the questionnaires, the group-committed store, the dates rule, the counter's drafts.</summary>
public static class DiagnosticsSetup
{
    public static WebApplicationBuilder AddDiagnostics(this WebApplicationBuilder builder)
    {
        var (services, configuration, contentRoot) = (builder.Services, builder.Configuration, builder.Environment.ContentRootPath);
        services.AddSingleton(new Platform.Web.ApiTag("Diagnostics", "Le questionnaire d'aisance numérique et les diagnostics."));

        // Loaded now, while the app is being built: a broken definition stops the start-up with its fault.
        var folder = configuration["Questionnaires:Folder"] ?? Path.Combine(contentRoot, "Content", "questionnaires");
        services.AddSingleton(new QuestionnaireCatalog(folder));
        services.AddSingleton<DiagnosticStore>();

        // The programme's start bounds every diagnostic's date (issue 15 §3); « Programme:Start » as yyyy-MM-dd.
        var start = configuration["Programme:Start"] is { Length: > 0 } text
            ? DateOnly.ParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)
            : FillingDate.DefaultProgrammeStart;
        services.AddSingleton(new FillingDate(start));
        services.AddHostedService(sp => sp.GetRequiredService<DiagnosticStore>());
        services.AddScoped<DraftAccess>();
        return builder;
    }
}
