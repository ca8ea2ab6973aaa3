using Aiguillage.Domain.ClientMode;
using Aiguillage.Domain.Diagnostics;
using Aiguillage.Web.Features.Diagnostics;
using Aiguillage.Web.Platform.Notifications;
using Aiguillage.Web.Platform.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.ClientMode;

/// <summary>The client's own screens (issue 17): languages, the tablet lock, the screens and their audio; this area wires itself.</summary>
public static class ClientModeSetup
{
    public static WebApplicationBuilder AddClientMode(this WebApplicationBuilder builder)
    {
        var (services, configuration, contentRoot) = (builder.Services, builder.Configuration, builder.Environment.ContentRootPath);
        // Loaded now, like the questionnaires: a broken language file stops the start-up, not a client's session.
        var catalog = new LanguageCatalog(configuration["Languages:Folder"] ?? Path.Combine(contentRoot, "Content", "languages"));
        services.AddSingleton(catalog);
        services.AddSingleton<IQuestionnaireLanguages>(new QuestionnaireLanguages(catalog));
        services.AddScoped<IClientTexts, ClientTexts>();

        var options = configuration.GetSection("ClientMode").Get<ClientModeOptions>() ?? new ClientModeOptions();
        services.AddSingleton(options);
        var speech = configuration.GetSection("Speech").Get<SpeechOptions>() ?? new SpeechOptions();
        services.AddSingleton(sp => new SpeechEngine(speech, contentRoot, sp.GetRequiredService<ILogger<SpeechEngine>>()));
        services.AddSingleton(new Pictograms(Path.Combine(contentRoot, "wwwroot", "pictos")));
        services.AddSingleton<IPasswordHasher<ClientTablet>, PasswordHasher<ClientTablet>>();
        services.AddScoped<Tablets>();
        services.AddScoped<Staff.ClientCalls>();
        services.AddScoped<IDailyJob, ClientVisitPurge>();

        // The lock: every request of a locked session outside the client's screens answers 404.
        services.AddSingleton<IRequestGate, ClientModeLock>();
        services.Configure<SecurityStampValidatorOptions>(o =>
        {
            var earlier = o.OnRefreshingPrincipal;
            o.OnRefreshingPrincipal = async context =>
            {
                if (earlier is not null)
                {
                    await earlier(context);
                }

                await ClientModeLock.CarryOver(context);
            };
        });
        return builder;
    }

    public static IEndpointRouteBuilder MapClientModeApi(this IEndpointRouteBuilder app)
    {
        // Public, like the questionnaire: each language written in itself, its direction, and who translated it.
        app.MapGroup("/api/v1").WithTags("Diagnostics").MapGet("/questionnaires/current/languages", (LanguageCatalog languages) =>
            Results.Ok(languages.All.Select(l => new { l.Code, l.Name, l.Direction, l.ReviewedByNativeSpeaker, l.Translator, l.Reviewer })))
            .AllowAnonymous().WithName("GetQuestionnaireLanguages").WithSummary("Les langues du questionnaire et leur état de relecture").Produces(StatusCodes.Status200OK);

        // The spoken question for a device with no voice of the client's language; only for the tablet's own visit.
        app.MapGet("/client/audio/questions/{number:int}", ClientAudio.QuestionAsync).ExcludeFromDescription();
        app.MapGet("/client/audio/besoins", ClientAudio.NeedsAsync).ExcludeFromDescription();
        return app;
    }

    /// <summary>The handout's languages (Diagnostics): the files, and the language a client chose on the tablet.</summary>
    private sealed class ClientTexts(LanguageCatalog catalog, Platform.Data.AppDbContext db) : IClientTexts
    {
        public IReadOnlyList<IClientText> All => catalog.All;

        public IClientText? Find(string? code) => catalog.Find(code);

        public Task<string?> ChosenForAsync(Guid diagnosticId, CancellationToken ct) =>
            db.Set<ClientVisit>().Where(v => v.DraftId == diagnosticId).OrderByDescending(v => v.StartedAt).Select(v => (string?)v.Language).FirstOrDefaultAsync(ct);
    }

    private sealed class QuestionnaireLanguages(LanguageCatalog catalog) : IQuestionnaireLanguages
    {
        public IReadOnlyList<string> Codes => [.. catalog.All.Select(l => l.Code)];

        public (QuestionnaireDefinition Definition, string Direction)? Translate(QuestionnaireDefinition definition, string language) =>
            catalog.Find(language) is { } found ? (LanguageCatalog.Translate(definition, found), found.Direction) : null;
    }
}
