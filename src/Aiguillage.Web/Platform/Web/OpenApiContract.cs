using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Aiguillage.Web.Platform.Web;

/// <summary>A way to call the API that an area adds to the OpenAPI document (a partner's key, say), next to the session.</summary>
/// <param name="AppliesTo">Whether an operation (its endpoint metadata) can be called this way: the document lists the scheme only there.</param>
public sealed record ApiSecurityScheme(string Name, OpenApiSecurityScheme Scheme, Func<IList<object>, bool> AppliesTo);

/// <summary>A tag of the OpenAPI document and what it groups, as an area describes it.</summary>
public sealed record ApiTag(string Name, string Description);

/// <summary>
/// The OpenAPI document as a contract a partner can generate a client from (issue 21 §4; `redocly lint` with its
/// recommended rules finds no error, in CI). Every operation says how it is called — no account, the signed-in session
/// (cookie), or another scheme an area adds — and, behind an account, its 401 and 403; every API answer may be a 429
/// (the rate limit). Summaries are written on each endpoint, never made up here.
/// </summary>
public static class OpenApiContract
{
    public const string SessionScheme = "session";

    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, context, _) =>
        {
            document.Info.Title = "Aiguillage";
            document.Info.Description = "L'API d'Aiguillage : bureaux, diagnostics, orientations, lieux et séances. Réponses d'erreur en application/problem+json, en français, qui nomment le champ en cause.";
            document.Servers = [.. (document.Servers ?? []).Select(s => new OpenApiServer { Url = s.Url?.TrimEnd('/'), Description = s.Description })];
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SessionScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Cookie, Name = "aiguillage.session",
                Description = "La session d'une personne connectée sur /connexion (cookie).",
            };
            foreach (var extra in context.ApplicationServices.GetServices<ApiSecurityScheme>())
            {
                document.Components.SecuritySchemes[extra.Name] = extra.Scheme;
            }

            var described = context.ApplicationServices.GetServices<ApiTag>().ToDictionary(t => t.Name, t => t.Description, StringComparer.Ordinal);
            foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
            {
                if (tag.Name is { } name && described.TryGetValue(name, out var description))
                {
                    tag.Description = description;
                }
            }

            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            operation.Responses ??= new OpenApiResponses();
            if (metadata.OfType<IAllowAnonymous>().Any())
            {
                // No account: one empty requirement says so.
                operation.Security = [new OpenApiSecurityRequirement()];
            }
            else
            {
                var schemes = new[] { SessionScheme }.Concat(context.ApplicationServices.GetServices<ApiSecurityScheme>().Where(s => s.AppliesTo(metadata)).Select(s => s.Name));
                operation.Security = [.. schemes.Select(name => new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(name, context.Document)] = [] })];
                operation.Responses.TryAdd("401", new OpenApiResponse { Description = "Pas de session ni de clé valable." });
                operation.Responses.TryAdd("403", new OpenApiResponse { Description = "Votre rôle ne permet pas cet appel (ou votre clé est en lecture seule)." });
            }

            operation.Responses.TryAdd("429", new OpenApiResponse { Description = "Trop d'appels en une minute : réessayez plus tard." });
            return Task.CompletedTask;
        });
    }
}
