using Aiguillage.Web.Features.Diagnostics;

namespace Aiguillage.Web.Features.Orientation;

/// <summary>The orientation area (issue 5): the action catalogue, loaded once and checked against every questionnaire.</summary>
public static class OrientationSetup
{
    public static WebApplicationBuilder AddOrientation(this WebApplicationBuilder builder)
    {
        var path = builder.Configuration["Orientation:Catalogue"] ?? Path.Combine(builder.Environment.ContentRootPath, "Content", "orientation", "actions.json");
        // Loaded now, like the questionnaires (AddDiagnostics comes first), so that a fault stops the start-up.
        var questionnaires = builder.Services.Select(d => d.ImplementationInstance).OfType<QuestionnaireCatalog>().Single();
        builder.Services.AddSingleton(OrientationCatalog.Load(path, questionnaires));
        return builder;
    }
}
