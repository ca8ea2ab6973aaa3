using Aiguillage.Domain;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Aiguillage.Web.Platform.Errors;

/// <summary>
/// The one error path (ARCHITECTURE §4.5): a broken business rule is a 422, malformed input a 400, both as
/// RFC 9457 <c>application/problem+json</c> naming the field; anything else is logged and answered as a 500
/// without details.
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problemDetails, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            DomainException domain => Problem(StatusCodes.Status422UnprocessableEntity, "Règle métier non respectée", domain.Message, domain.Code, domain.Field),
            BadHttpRequestException bad => BadRequest(bad),
            _ => null,
        };

        if (problem is null)
        {
            logger.LogError(exception, "Unhandled exception on {Path}", httpContext.Request.Path);
            problem = Problem(StatusCodes.Status500InternalServerError, "Erreur interne", "Une erreur inattendue est survenue. Réessayez plus tard.", "server.error", null);
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>
    /// A body the endpoint could not read, in French: which property had the wrong type when the JSON reader says so
    /// (« $.consent » → « consent »), else what was wrong with the request as a whole.
    /// </summary>
    private static ProblemDetails BadRequest(BadHttpRequestException bad)
    {
        if (bad.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            return Problem(bad.StatusCode, "Type de contenu non accepté", "Envoyez le contenu en JSON (Content-Type: application/json).", "request.content-type", null);
        }

        if (bad.InnerException is System.Text.Json.JsonException { Path: { Length: > 2 } path })
        {
            var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
            return Problem(bad.StatusCode, "Requête invalide", $"La valeur de « {field} » n'a pas la forme attendue.", "request.invalid", field);
        }

        return Problem(bad.StatusCode, "Requête invalide",
            bad.InnerException is System.Text.Json.JsonException or System.Text.DecoderFallbackException
                ? "Le contenu n'est pas un JSON valide (UTF-8) de la forme attendue."
                : "La requête n'a pas pu être lue : vérifiez les paramètres et le contenu envoyés.",
            "request.invalid", null);
    }

    private static ProblemDetails Problem(int status, string title, string detail, string code, string? field)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        problem.Extensions["code"] = code;
        if (field is not null)
        {
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [detail] };
        }

        return problem;
    }
}
