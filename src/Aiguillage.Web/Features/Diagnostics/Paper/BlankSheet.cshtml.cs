using System.Security.Cryptography;
using Aiguillage.Domain.Clients;
using Aiguillage.Domain.Diagnostics;
using Aiguillage.Domain.Offices;
using Aiguillage.Web.Features.Offices;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Diagnostics.Paper;

/// <summary>A blank questionnaire of the current version to print, with its own sheet number.</summary>
[Authorize(Policy = Policies.DiagnosticWriter)]
public sealed class BlankSheetModel(AppDbContext db, ScopeService scopes, QuestionnaireCatalog catalog) : PageModel
{
    public Office Office { get; private set; } = null!;

    public QuestionnaireDefinition Definition => catalog.Current.Definition;

    public string SheetNumber { get; } = NewNumber();

    public async Task<IActionResult> OnGetAsync(int officeId, CancellationToken ct)
    {
        var office = await db.Offices.VisibleTo(await scopes.GetAsync(ct)).AsNoTracking().FirstOrDefaultAsync(o => o.Id == officeId, ct);
        if (office is null)
        {
            return NotFound();
        }

        Office = office;
        return Page();
    }

    private static string NewNumber()
    {
        var code = RandomNumberGenerator.GetString(Client.Alphabet, 8);
        return $"{code[..4]}-{code[4..]}";
    }
}
