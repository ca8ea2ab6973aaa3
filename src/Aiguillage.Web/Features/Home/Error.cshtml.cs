using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aiguillage.Web.Features.Home;

/// <summary>Error pages in French; the status code of the original answer is kept.</summary>
[AllowAnonymous]
// A re-executed POST keeps its method: the token was already checked on the original request, and this page changes nothing.
[IgnoreAntiforgeryToken(Order = 1001)]
public sealed class ErrorModel : PageModel
{
    /// <summary>Read from the route, not from a handler: a re-executed request whose form cannot be read runs none.</summary>
    public int Code => int.TryParse(RouteData.Values["code"]?.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : 500;

    public string Title => Describe(Code).Title;

    public string Message => Describe(Code).Message;

    /// <summary>The fields <see cref="Platform.Web.FormInputGuard"/> refused, when it did.</summary>
    public IReadOnlyList<string> RefusedFields => HttpContext.Items[Platform.Web.FormInputGuard.RefusedFieldsKey] as IReadOnlyList<string> ?? [];

    public void OnGet()
    {
        // Opened directly (a bookmark, a crawler), the page still answers with the status it describes, not 200.
        if (HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is null)
        {
            Response.StatusCode = Code is >= 400 and <= 599 ? Code : StatusCodes.Status404NotFound;
        }
    }

    /// <summary>A re-executed POST (e.g. a 404 on a form target) lands here too.</summary>
    public void OnPost() => OnGet();

    private static (string Title, string Message) Describe(int code) => code switch
    {
        404 => ("Page introuvable", "Cette page n'existe pas, ou vous n'y avez pas accès. Vérifiez l'adresse."),
        403 => ("Accès refusé", "Votre compte ne permet pas d'ouvrir cette page."),
        400 => ("Demande incorrecte", "La demande n'a pas pu être comprise. Revenez en arrière et réessayez."),
        405 => ("Action impossible", "Cette action n'est pas possible sur cette page."),
        415 => ("Envoi non compris", "Ce qui a été envoyé n'est pas un formulaire de cette page. Revenez en arrière et réessayez."),
        413 => ("Envoi trop volumineux", "Ce que vous avez envoyé est trop gros. Revenez en arrière et réessayez avec moins de contenu."),
        429 => ("Trop de demandes", "Patientez un instant avant de réessayer."),
        _ => ("Erreur", "Une erreur est survenue. Réessayez plus tard."),
    };
}
