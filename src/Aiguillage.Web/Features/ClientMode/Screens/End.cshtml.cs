using Aiguillage.Web.Platform.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.ClientMode.Screens;

/// <summary>
/// The end (issue 17 §7): the level in kind words, three next steps, the client's code, and that the mediator will
/// explain the rest. The staff's level labels never show here.
/// </summary>
public sealed class EndModel(Tablets tablets, AppDbContext db) : ClientScreenModel(tablets)
{
    public int Level { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!Open.Draft.IsSubmitted)
        {
            return LocalRedirect(NextStep());
        }

        Level = await db.Diagnostics.Where(d => d.Id == Open.Draft.Id).Select(d => d.Level).FirstAsync(ct);
        return Page();
    }
}
