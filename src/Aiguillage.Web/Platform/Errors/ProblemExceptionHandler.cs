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
            BadHttpRequestException bad => Problem(bad.StatusCode, "Requête invalide", bad.Message, "request.invalid", null),
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
