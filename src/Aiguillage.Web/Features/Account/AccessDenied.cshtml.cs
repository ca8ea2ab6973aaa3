using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aiguillage.Web.Features.Account;

[AllowAnonymous]
public sealed class AccessDeniedModel : PageModel
{
    /// <summary>The page says "no" with the right status code, so tools and tests see a 403.</summary>
    public void OnGet() => Response.StatusCode = StatusCodes.Status403Forbidden;
}
