using Microsoft.AspNetCore.Mvc;

namespace Aiguillage.Web.Features.ClientMode.Screens;

/// <summary>
/// What the client does besides answering: « J'ai besoin d'aide », « Je continue », the automatic reading, and the
/// clearing of the screen. Each answers 204 to the page's script, or sends a browser without JavaScript back to its screen.
/// </summary>
public sealed class GesturesModel(Tablets tablets) : ClientScreenModel(tablets)
{
    protected override bool NeedsVisit => false;

    [BindProperty(Name = "retour")]
    public string? Back { get; set; }

    public IActionResult OnGet() => NotFound();

    public async Task<IActionResult> OnPostAideAsync(CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(Back) && !IsClientScreen(Back))
        {
            // Only a client screen to go back to: anything else is a forged form, and would be a way out of the lock.
            return BadRequest();
        }

        if (State.Visit is null)
        {
            return LocalRedirect("/client");
        }

        State.Visit.AskForHelp(Tablets.NowUtc);
        await Tablets.SaveAsync(ct);
        return Done();
    }

    public async Task<IActionResult> OnPostPresenceAsync(CancellationToken ct)
    {
        await TouchAsync(ct);
        return Done();
    }

    public async Task<IActionResult> OnPostLectureAsync(bool on, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            // « on » is true or false, set by the page's script; anything else is a forged request.
            return BadRequest();
        }

        State.Visit?.SetAutoRead(on, Tablets.NowUtc);
        await Tablets.SaveAsync(ct);
        return Done();
    }

    /// <summary>After the idle warning, or « Terminer » on the end screen: the next person sees only the language screen.</summary>
    public async Task<IActionResult> OnPostEffacerAsync(CancellationToken ct)
    {
        await Tablets.ClearAsync(State, ct);
        return LocalRedirect("/client");
    }

    private IActionResult Done()
    {
        if (Request.Headers["X-Requested-With"] == "fetch")
        {
            return StatusCode(StatusCodes.Status204NoContent);
        }

        // Only back to a client screen: a « retour » elsewhere would be a way out of the lock.
        return LocalRedirect(Back is { } back && IsClientScreen(back) ? back : "/client");
    }

    private static bool IsClientScreen(string path) =>
        System.Text.RegularExpressions.Regex.IsMatch(path, "^/client(/questions/[0-9]{1,3}|/besoins|/fin)?\\z");
}
