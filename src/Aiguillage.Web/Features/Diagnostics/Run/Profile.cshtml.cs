using Aiguillage.Domain;
using Aiguillage.Domain.Diagnostics;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Aiguillage.Web.Platform.Web;
using Microsoft.AspNetCore.Mvc;

namespace Aiguillage.Web.Features.Diagnostics.Run;

/// <summary>The optional profile, for anonymous statistics only; every question can be left unanswered.</summary>
[Authorize(Policy = Policies.DiagnosticWriter)]
public sealed class ProfileModel(DraftAccess drafts, AppDbContext db, TimeProvider clock) : DraftStepModel(drafts)
{
    // An explicit name: with none posted, the binder must not fall back to reading the whole form as this collection.
    [BindProperty(Name = "Profile")]
    public Dictionary<string, string> Profile { get; set; } = [];

    [BindProperty(SupportsGet = true, Name = "retour")]
    public string? Back { get; set; }

    public string Selected(string questionId) => Profile.GetValueOrDefault(questionId) ?? ProfileAnswers.NoAnswer;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await OpenAsync(id, ct) is { } answer)
        {
            return answer;
        }

        Profile = new Dictionary<string, string>(Open.Draft.Profile);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (await OpenAsync(id, ct) is { } answer)
        {
            return answer;
        }

        var refused = Refusals.Try(() =>
        {
            Open.Draft.SetProfile(Open.Definition, Profile, clock.GetUtcNow().UtcDateTime);
        }, string.Empty);
        if (refused is not null)
        {
            ModelState.AddModelError(refused.Field.Length > 0 ? $"Profile[{refused.Field["profile.".Length..]}]" : string.Empty, refused.Message);
            return Page();
        }

        await db.SaveChangesAsync(ct);
        return LocalRedirect($"/diagnostics/{id}/recapitulatif");
    }
}
