using Aiguillage.Domain;
using Aiguillage.Domain.Diagnostics;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aiguillage.Web.Features.Diagnostics.Run;

/// <summary>The optional profile, for anonymous statistics only; every question can be left unanswered.</summary>
[Authorize(Policy = Policies.DiagnosticWriter)]
public sealed class ProfileModel(DraftAccess drafts, AppDbContext db, TimeProvider clock) : PageModel
{
    public OpenDraft Open { get; private set; } = null!;

    // An explicit name: with none posted, the binder must not fall back to reading the whole form as this collection.
    [BindProperty(Name = "Profile")]
    public Dictionary<string, string> Profile { get; set; } = [];

    [BindProperty(SupportsGet = true, Name = "retour")]
    public string? Back { get; set; }

    public string Selected(string questionId) => Profile.GetValueOrDefault(questionId) ?? ProfileAnswers.NoAnswer;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var open = await drafts.FindAsync(id, ct);
        if (open is null)
        {
            return NotFound();
        }

        Open = open;
        if (open.Draft.IsSubmitted)
        {
            return LocalRedirect(DraftAccess.NextStep(open.Draft, open.Definition));
        }

        Profile = new Dictionary<string, string>(open.Draft.Profile);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var open = await drafts.FindAsync(id, ct);
        if (open is null)
        {
            return NotFound();
        }

        Open = open;
        if (open.Draft.IsSubmitted)
        {
            return LocalRedirect(DraftAccess.NextStep(open.Draft, open.Definition));
        }

        try
        {
            open.Draft.SetProfile(open.Definition, Profile, clock.GetUtcNow().UtcDateTime);
        }
        catch (DomainException e)
        {
            ModelState.AddModelError(e.Field is { } field ? $"Profile[{field["profile.".Length..]}]" : string.Empty, e.Message);
            return Page();
        }

        await db.SaveChangesAsync(ct);
        return LocalRedirect($"/diagnostics/{id}/recapitulatif");
    }
}
