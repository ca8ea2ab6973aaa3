using Aiguillage.Web.Platform.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aiguillage.Web.Features.Home;

/// <summary>Sends each person to the home of their role.</summary>
public sealed class IndexModel : PageModel
{
    public IActionResult OnGet() => LocalRedirect(Roles.HomePath(ScopeService.RoleOf(User)));
}
