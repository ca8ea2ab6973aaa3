using Aiguillage.Domain.Audit;
using Aiguillage.Domain.Clients;
using Aiguillage.Domain.Referrals;
using Aiguillage.Web.Platform.Audit;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Notifications;
using Aiguillage.Web.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.ClientMode.CheckIn;

/// <summary>
/// The two-question check-in a client opens from the link of an SMS or an e-mail (issue 20 §1): no account, the
/// one-time token is the key. In the client's language, in the look of the client's screens, with pictograms. An
/// unknown, used or expired link shows the same « ce lien ne marche plus » (404), so a link tells nothing without its
/// token; a known one still lets the client stop the messages. The answers go onto the referral's timeline.
/// </summary>
[AllowAnonymous]
public sealed class CheckInModel(AppDbContext db, LanguageCatalog languages, AuditLog audit, TimeProvider clock) : PageModel
{
    public ClientLanguage Language { get; private set; } = null!;

    /// <summary>What the page shows: the questions, the thanks, the « no longer works », or the messages stopped.</summary>
    public CheckInView View { get; private set; }

    /// <summary>Whether the token is one of ours (used or expired): the page then offers to stop the messages.</summary>
    public bool KnownToken { get; private set; }

    public string Token { get; private set; } = string.Empty;

    [BindProperty]
    public CheckInAnswer? Attended { get; set; }

    [BindProperty]
    public CheckInAnswer? Helps { get; set; }

    public string? Error { get; private set; }

    public string T(string key) => Language.Text(key);

    public async Task<IActionResult> OnGetAsync(string token, string? langue, CancellationToken ct)
    {
        var followUp = await FindAsync(token, langue, ct);
        if (followUp is null || !followUp.CanCheckIn(clock.GetUtcNow().UtcDateTime))
        {
            return Gone();
        }

        View = CheckInView.Questions;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string token, string? langue, CancellationToken ct)
    {
        var followUp = await FindAsync(token, langue, ct);
        if (followUp is null)
        {
            return Gone();
        }

        // The same answers sent again (a double tap, a reload): thanked again, nothing changes.
        if (followUp.AnsweredAt is not null && followUp.Attended == Attended && followUp.Helps == Helps)
        {
            View = CheckInView.Thanks;
            return Page();
        }

        if (!followUp.CanCheckIn(clock.GetUtcNow().UtcDateTime))
        {
            return Gone();
        }

        if (Attended is not { } attended || Helps is not { } helps || attended == CheckInAnswer.ABit || !Enum.IsDefined(helps))
        {
            View = CheckInView.Questions;
            Error = T("checkin.choose");
            ModelState.AddModelError(Attended is null or CheckInAnswer.ABit ? nameof(Attended) : nameof(Helps), Error);
            return Page();
        }

        followUp.CheckIn(attended, helps, clock.GetUtcNow().UtcDateTime);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Answered meanwhile (two taps at once): the first answer stands; the same one is thanked, another is not.
            db.ChangeTracker.Clear();
            var stored = await db.FollowUps.AsNoTracking().FirstAsync(f => f.Id == followUp.Id, ct);
            if (stored.Attended != attended || stored.Helps != helps)
            {
                return Gone();
            }
        }

        View = CheckInView.Thanks;
        return Page();
    }

    /// <summary>« Ne plus recevoir de messages »: neither SMS nor e-mail again, each stop journaled; the consent otherwise stands.</summary>
    public async Task<IActionResult> OnPostStopAsync(string token, string? langue, CancellationToken ct)
    {
        var followUp = await FindAsync(token, langue, ct);
        if (followUp is null)
        {
            return Gone();
        }

        var client = await db.Clients.FirstAsync(c => c.Id == followUp.ClientId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var channel in new[] { MessageChannel.Sms, MessageChannel.Email })
        {
            if (client.StopMessages(channel, now))
            {
                audit.Add(AuditAction.MessagesStopped, $"client:{client.Id}", $"{(channel == MessageChannel.Sms ? "sms" : "e-mail")}:page-de-suivi", userId: null);
            }
        }

        Outbox.CancelPending(db, [ContactDetails.PhoneForms(client.Phone)?.International, client.Email]);
        await db.SaveChangesAsync(ct);
        View = CheckInView.Stopped;
        return Page();
    }

    private async Task<FollowUp?> FindAsync(string token, string? langue, CancellationToken ct)
    {
        // Nothing of a client's answers is kept by the browser or a proxy; the link is not sent on as a referrer.
        Response.Headers.CacheControl = "no-store";
        Token = token;
        var hash = OneTimeTokens.LooksValid(token) ? OneTimeTokens.Hash(token) : null;
        var followUp = hash is null ? null : await db.FollowUps.FirstOrDefaultAsync(f => f.TokenHash == hash, ct);
        Language = languages.Find(langue) ?? languages.Find(followUp?.Language) ?? languages.French;
        KnownToken = followUp is not null;
        ViewData["ClientLanguage"] = Language;
        // No way to the mediator's space from a client's own phone.
        ViewData["ClientFooterHref"] = string.Empty;
        return followUp;
    }

    private PageResult Gone()
    {
        View = CheckInView.Gone;
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }

    /// <summary>The language list, each written in itself, for « Changer de langue ».</summary>
    public IReadOnlyList<ClientLanguage> Languages => languages.All;
}

public enum CheckInView
{
    Questions,
    Thanks,
    Gone,
    Stopped,
}
