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
    public string Title { get; private set; } = "Erreur";

    public string Message { get; private set; } = string.Empty;

    public void OnGet(int code) => Describe(code);

    /// <summary>A re-executed POST (e.g. a 404 on a form target) lands here too.</summary>
    public void OnPost(int code) => Describe(code);

    private void Describe(int code)
    {
        (Title, Message) = code switch
        {
            404 => ("Page introuvable", "Cette page n'existe pas, ou vous n'y avez pas accès. Vérifiez l'adresse."),
            403 => ("Accès refusé", "Votre compte ne permet pas d'ouvrir cette page."),
            400 => ("Demande incorrecte", "La demande n'a pas pu être comprise. Revenez en arrière et réessayez."),
            405 => ("Action impossible", "Cette action n'est pas possible sur cette page."),
            429 => ("Trop de demandes", "Patientez un instant avant de réessayer."),
            _ => ("Erreur", "Une erreur est survenue. Réessayez plus tard."),
        };
    }
}
