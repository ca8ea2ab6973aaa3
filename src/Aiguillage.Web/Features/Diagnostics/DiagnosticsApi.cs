using System.Security.Claims;
using System.Text.Json;
using System.Text.RegularExpressions;
using Aiguillage.Domain;
using Aiguillage.Domain.Diagnostics;
using Aiguillage.Web.Features.Offices;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Aiguillage.Web.Platform.Web;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Diagnostics;

/// <summary>
/// The questionnaire and the diagnostics API (issue 3). Submissions are idempotent by their client-generated id:
/// the same id with the same content answers the stored result, with other content a 409.
/// </summary>
public static partial class DiagnosticsApi
{
    /// <summary>A full answer sheet is under 2 KB; 64 KB leaves room and stops abuse early.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapDiagnosticsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Diagnostics");

        // Public: the questionnaire is not secret, and a printed copy is handed out anyway.
        // ?lang= gives the texts a client reads, in that language, with its direction (issue 17).
        api.MapGet("/questionnaires/current", (QuestionnaireCatalog catalog, IQuestionnaireLanguages languages, string? lang) =>
        {
            var definition = catalog.Current.Definition;
            if (lang is null)
            {
                return Results.Ok(new { definition, catalog.Current.Hash, Language = definition.Language, Direction = "ltr" });
            }

            return languages.Translate(definition, lang) is { } translated
                ? Results.Ok(new { translated.Definition, catalog.Current.Hash, Language = translated.Definition.Language, translated.Direction })
                : Results.ValidationProblem(new Dictionary<string, string[]> { ["lang"] = [$"Langue inconnue : « {lang} ». Langues proposées : {string.Join(", ", languages.Codes)}."] });
        })
            .AllowAnonymous().WithName("GetCurrentQuestionnaire").WithSummary("Le questionnaire en vigueur (ou sa traduction, ?langue=)").Produces(StatusCodes.Status200OK).ProducesValidationProblem();

        api.MapPost("/diagnostics", SubmitAsync).RequireAuthorization(Policies.DiagnosticWriter).WithName("SubmitDiagnostic")
            .WithSummary("Enregistrer un diagnostic (un identifiant choisi par l'appareil : un second envoi ne crée rien)")
            .Accepts<DiagnosticSubmission>("application/json")
            .Produces<DiagnosticView>(StatusCodes.Status201Created).Produces<DiagnosticView>()
            .ProducesValidationProblem().ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge);

        api.MapGet("/diagnostics/{id:guid}", GetAsync).RequireAuthorization(Policies.ClientRecords).WithName("GetDiagnostic")
            .WithSummary("Un diagnostic de votre périmètre et son résultat")
            .Produces<DiagnosticView>().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> GetAsync(Guid id, AppDbContext db, ScopeService scopes, QuestionnaireCatalog catalog, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        if (await db.FindScoredAsync(scope, catalog, id, ct) is not { } scored)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Diagnostic introuvable", detail: $"Aucun diagnostic {id} dans votre périmètre.");
        }

        return Results.Ok(DiagnosticView.From(scored.Diagnostic, scored.Office.SiteCode, scored.Office.Name, scored.Definition));
    }

    private static async Task<IResult> SubmitAsync(
        HttpContext http, AppDbContext db, ScopeService scopes, QuestionnaireCatalog catalog, DiagnosticStore store, OfficeLocator offices, FillingDate dates, TimeProvider clock, CancellationToken ct)
    {
        var (submission, problem) = await ReadAsync(http.Request, ct);
        if (problem is not null)
        {
            return problem;
        }

        var s = submission!;
        var errors = new Dictionary<string, string[]>();
        Platform.Web.ApiInputGuard.Check(s, errors);
        if (errors.Count > 0)
        {
            return Platform.Web.ApiInputGuard.Refuse(errors);
        }

        if (s.Id == Guid.Empty)
        {
            errors["id"] = ["Donnez un identifiant (GUID) généré par l'appareil."];
        }

        var mode = DiagnosticView.ParseMode(s.Mode);
        if (mode is null)
        {
            errors["mode"] = ["Le mode est « assisted », « self » ou « paper »."];
        }

        var questionnaire = catalog.Find(s.QuestionnaireId, s.QuestionnaireVersion);
        if (questionnaire is null)
        {
            errors["questionnaireVersion"] = [$"Le questionnaire « {s.QuestionnaireId} » version {s.QuestionnaireVersion} n'existe pas ; la version en cours est {catalog.Current.Definition.Id} v{catalog.Current.Definition.Version}."];
        }
        else
        {
            foreach (var error in s.ToSheet().Validate(questionnaire.Definition))
            {
                errors[error.Field] = [error.Message];
            }
        }

        var scope = await scopes.GetAsync(ct);
        var office = await offices.FindVisibleAsync(s.OfficeSiteCode, scope, ct);
        var siteCode = office?.SiteCode ?? string.Empty;
        if (office is null)
        {
            // Unknown and foreign offices answer alike: nobody learns what is outside their scope.
            errors["officeSiteCode"] = [$"Le bureau « {s.OfficeSiteCode} » est inconnu ou hors de votre périmètre."];
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (mode is { } m && dates.Check(m, s.FilledAt.UtcDateTime, now, Platform.Web.ParisTime.Offset(now)) is { } refusedDate)
        {
            errors[FillingDate.Field] = [refusedDate.Message];
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors, statusCode: StatusCodes.Status422UnprocessableEntity, title: "Diagnostic refusé");
        }

        // No error above: the office, the mode and the questionnaire were all found.
        var (found, definition) = (office!, questionnaire!);
        var hash = s.ContentHash();
        var built = Refusals.TryGet(() => new Diagnostic(s.Id, found.Location.OfficeId, mode!.Value, definition.Definition, definition.Hash, s.ToSheet(),
            s.FilledAt.UtcDateTime, now, http.User.FindFirstValue(ClaimTypes.NameIdentifier)!, hash, receivedOffset: Platform.Web.ParisTime.Offset(now), dates: dates), "body");
        if (built.Refusal is { } refused)
        {
            return refused.ToProblem("Diagnostic refusé");
        }

        var diagnostic = built.Value!;
        if (await store.StoreAsync(diagnostic, ct) == StoreOutcome.AlreadyExists)
        {
            var stored = await db.Diagnostics.AsNoTracking().FirstAsync(d => d.Id == s.Id, ct);
            await Platform.Data.SynchronousReplicationGuard.ConfirmReplicatedAsync(db, ct);
            return Replay(stored, hash, siteCode, found.Name, definition.Definition);
        }

        return Results.Created($"/api/v1/diagnostics/{diagnostic.Id}", DiagnosticView.From(diagnostic, siteCode, found.Name, definition.Definition));
    }

    private static IResult Replay(Diagnostic stored, string hash, string siteCode, string officeName, QuestionnaireDefinition definition) =>
        stored.RequestHash == hash
            ? Results.Ok(DiagnosticView.From(stored, siteCode, officeName, definition))
            : Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Identifiant déjà utilisé",
                detail: "Un autre diagnostic a déjà été enregistré avec cet identifiant. Générez un nouvel identifiant.",
                extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["id"] = ["Identifiant déjà utilisé par un autre contenu."] } });

    /// <summary>Reads the JSON body within <see cref="MaxBodyBytes"/>; malformed JSON is a 400 naming the field.</summary>
    private static async Task<(DiagnosticSubmission? Submission, IResult? Problem)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, TooLarge());
        }

        if (!request.HasJsonContentType())
        {
            return (null, Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Format non pris en charge",
                detail: "Envoyez le diagnostic en JSON (Content-Type: application/json)."));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return (null, TooLarge());
            }

            buffer.Write(chunk, 0, read);
        }

        var json = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        try
        {
            // Syntax first, so that a truncated body is said to be malformed rather than a bad value.
            var reader = new Utf8JsonReader(json);
            while (reader.Read())
            {
            }
        }
        catch (JsonException e)
        {
            return (null, BadRequest("body", $"JSON mal formé (ligne {e.LineNumber + 1}, position {e.BytePositionInLine + 1})."));
        }

        try
        {
            var submission = JsonSerializer.Deserialize<DiagnosticSubmission>(json, QuestionnaireCatalog.JsonOptions);
            return submission is null ? (null, BadRequest("body", "Le corps de la requête est vide.")) : (submission, null);
        }
        catch (JsonException e)
        {
            return (null, Results.ValidationProblem(JsonErrors(e), title: "Requête invalide"));
        }
    }

    /// <summary>System.Text.Json's fault, said in French on the field it concerns.</summary>
    private static Dictionary<string, string[]> JsonErrors(JsonException e)
    {
        var names = QuotedName().Matches(e.Message).Select(m => m.Groups[1].Value).ToList();
        if (e.Message.Contains("missing required properties", StringComparison.Ordinal))
        {
            return names.Where(n => n != nameof(DiagnosticSubmission) && !n.Contains('.', StringComparison.Ordinal))
                .ToDictionary(n => n, _ => new[] { "Champ obligatoire manquant." });
        }

        if (e.Message.Contains("could not be mapped", StringComparison.Ordinal) && names.Count > 0)
        {
            return new() { [names[0]] = ["Champ inconnu : retirez-le."] };
        }

        if (e.Path is "$.filledAt")
        {
            return new() { [FillingDate.Field] = [FillingDate.FormatMessage] };
        }

        if (e.Path is { Length: > 1 } path)
        {
            return new() { [path.TrimStart('$', '.')] = ["Valeur invalide pour ce champ (type ou format attendu non respecté)."] };
        }

        return new() { ["body"] = ["Le contenu ne correspond pas à un diagnostic."] };
    }

    [GeneratedRegex("'([A-Za-z][A-Za-z0-9.]*)'")]
    private static partial Regex QuotedName();

    private static IResult BadRequest(string field, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "Requête invalide");

    private static IResult TooLarge() => Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Requête trop volumineuse",
        detail: $"Un diagnostic tient en moins de {MaxBodyBytes / 1024} Kio.",
        extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["body"] = [$"{MaxBodyBytes / 1024} Kio au plus."] } });
}
