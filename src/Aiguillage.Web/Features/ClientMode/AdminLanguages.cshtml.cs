using Aiguillage.Web.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aiguillage.Web.Features.ClientMode;

/// <summary>The client's languages and who translated each, reviewed or not (issue 17 §2): the admin sees the status.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class AdminLanguagesModel(LanguageCatalog languages) : PageModel
{
    public IReadOnlyList<ClientLanguage> Languages => languages.All;

    public void OnGet()
    {
    }
}
