using Aiguillage.Web.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aiguillage.Web.Features.Steering;

/// <summary>« Comment lire ces chiffres » (issue 20 §2): the outcome figures explained in plain French.</summary>
[Authorize(Policy = Policies.Steering)]
public sealed class HowToReadModel : PageModel
{
    public void OnGet()
    {
    }
}
