using Aiguillage.Domain.Diagnostics;
using Aiguillage.Web.Features.Diagnostics;

namespace Aiguillage.Web.Features.ClientMode;

/// <summary>The client's own screens (issue 17): languages first; this area wires itself.</summary>
public static class ClientModeSetup
{
    public static IServiceCollection AddClientMode(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        // Loaded now, like the questionnaires: a broken language file stops the start-up, not a client's session.
        var catalog = new LanguageCatalog(configuration["Languages:Folder"] ?? Path.Combine(contentRoot, "Content", "languages"));
        services.AddSingleton(catalog);
        services.AddSingleton<IQuestionnaireLanguages>(new QuestionnaireLanguages(catalog));
        return services;
    }

    public static IEndpointRouteBuilder MapClientModeApi(this IEndpointRouteBuilder app)
    {
        // Public, like the questionnaire: each language written in itself, its direction, and who translated it.
        app.MapGroup("/api/v1").WithTags("Diagnostics").MapGet("/questionnaires/current/languages", (LanguageCatalog languages) =>
            Results.Ok(languages.All.Select(l => new { l.Code, l.Name, l.Direction, l.ReviewedByNativeSpeaker, l.Translator, l.Reviewer })))
            .AllowAnonymous().WithName("GetQuestionnaireLanguages");
        return app;
    }

    private sealed class QuestionnaireLanguages(LanguageCatalog catalog) : IQuestionnaireLanguages
    {
        public IReadOnlyList<string> Codes => [.. catalog.All.Select(l => l.Code)];

        public (QuestionnaireDefinition Definition, string Direction)? Translate(QuestionnaireDefinition definition, string language) =>
            catalog.Find(language) is { } found ? (LanguageCatalog.Translate(definition, found), found.Direction) : null;
    }
}
