using System.Security.Claims;
using Aiguillage.Domain.ClientMode;
using Aiguillage.Domain.Diagnostics;
using Aiguillage.Domain.Offices;
using Aiguillage.Web.Features.Clients;
using Aiguillage.Web.Features.Diagnostics.Run;
using Aiguillage.Web.Features.Offices;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.ClientMode;

/// <summary>Client mode settings (section « ClientMode »).</summary>
public sealed class ClientModeOptions
{
    /// <summary>Without a touch for this long the tablet clears the client's screens and shows the language screen.</summary>
    public int IdleSeconds { get; set; } = 240;

    /// <summary>How long before clearing the screen warns with « Je continue » (the issue asks for at least 60 s).</summary>
    public int WarningSeconds { get; set; } = 90;

    /// <summary>How often the office page asks for help calls and waiting clients, in seconds.</summary>
    public int OfficePollSeconds { get; set; } = 4;

    public TimeSpan Idle => TimeSpan.FromSeconds(Math.Max(IdleSeconds, WarningSeconds + 30));

    /// <summary>The screen tells the server of a touch at most this often (client.js): the server's clearing waits this much more.</summary>
    public const int PresenceSeconds = 30;
}

/// <summary>A tablet in client mode, the visit in front of it (if any) and its language.</summary>
public sealed record TabletState(ClientTablet Tablet, ClientVisit? Visit, ClientLanguage Language);

/// <summary>Opening, using and closing a tablet in client mode (issue 17).</summary>
public sealed class Tablets(
    AppDbContext db, ScopeService scopes, DraftAccess drafts, ClientRegistry clients, LanguageCatalog languages,
    ClientModeOptions options, IPasswordHasher<ClientTablet> codes, TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Opens client mode on this session for an office of the mediator's scope; the caller re-issues the cookie with the lock.</summary>
    public async Task<ClientTablet> OpenAsync(Guid id, Office office, string? exitCode, Guid? returningClientId, ClaimsPrincipal mediator, CancellationToken ct)
    {
        // Identity's password hasher (PBKDF2) ignores the entity it is given: the code is hashed before the tablet exists.
        var hash = string.IsNullOrEmpty(exitCode) ? null : codes.HashPassword(null!, exitCode);
        var tablet = new ClientTablet(id, office.Id, mediator.FindFirstValue(ClaimTypes.NameIdentifier)!, hash, returningClientId, Now);

        db.Add(tablet);
        await db.SaveChangesAsync(ct);
        return tablet;
    }

    /// <summary>
    /// The tablet a double tap on « Commencer » already opened (its id is the form's id): the second answer locks the
    /// session too, since a browser may keep only the second response's cookie.
    /// </summary>
    public Task<ClientTablet?> OpenedAsync(Guid id, ClaimsPrincipal mediator, CancellationToken ct)
    {
        var userId = mediator.FindFirstValue(ClaimTypes.NameIdentifier);
        return db.Set<ClientTablet>().FirstOrDefaultAsync(t => t.Id == id && t.OpenedBy == userId && t.ClosedAt == null, ct);
    }

    /// <summary>
    /// The tablet this locked session holds and its visit; null when the session holds none. A visit left without a
    /// touch past the idle time is cleared here, so a tablet without JavaScript forgets its client too.
    /// </summary>
    public async Task<TabletState?> CurrentAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        if (ClientModeLock.TabletOf(user) is not { } tabletId)
        {
            return null;
        }

        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        var tablet = await db.Set<ClientTablet>().FirstOrDefaultAsync(t => t.Id == tabletId && t.OpenedBy == userId && t.ClosedAt == null, ct);
        if (tablet is null)
        {
            return null;
        }

        var visit = tablet.CurrentVisitId is { } visitId ? await db.Set<ClientVisit>().FirstOrDefaultAsync(v => v.Id == visitId, ct) : null;
        // The server's own clearing waits one presence interval longer than the screen's: the screen tells the server
        // of a touch at most every PresenceSeconds, and « Je continue » pressed in time must find the visit still there.
        if (visit is not null && visit.IsIdle(Now, options.Idle + TimeSpan.FromSeconds(ClientModeOptions.PresenceSeconds)))
        {
            visit.Clear(Now);
            tablet.Release();
            await db.SaveChangesAsync(ct);
            visit = null;
        }

        return new TabletState(tablet, visit, languages.Find(visit?.Language) ?? languages.French);
    }

    /// <summary>A new visit in this language: the returning client the mediator chose, else a new client.</summary>
    public async Task<ClientVisit> BeginAsync(ClientTablet tablet, ClientLanguage language, ClaimsPrincipal user, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var office = await db.Offices.VisibleTo(scope).FirstOrDefaultAsync(o => o.Id == tablet.OfficeId, ct)
            ?? throw new InvalidOperationException("The tablet's office is no longer in the mediator's scope.");
        var returning = tablet.ReturningClientId is { } clientId ? await clients.FindByIdAsync(clientId, ct) : null;
        var draft = await drafts.StartAsync(office, returning, user, ct, DiagnosticMode.Self);
        var visit = new ClientVisit(Guid.NewGuid(), tablet.Id, tablet.OfficeId, draft.Id, language.Code, Now);
        db.Add(visit);
        tablet.Begin(visit);
        await db.SaveChangesAsync(ct);
        return visit;
    }

    /// <summary>The visit's draft, found in the mediator's scope, with the questionnaire in the visit's language.</summary>
    public async Task<(OpenDraft Open, QuestionnaireDefinition Translated)?> DraftAsync(TabletState state, CancellationToken ct)
    {
        if (state.Visit is null || await drafts.FindAsync(state.Visit.DraftId, ct) is not { } open)
        {
            return null;
        }

        return (open, LanguageCatalog.Translate(open.Definition, state.Language));
    }

    /// <summary>The visit's screens go away: the tablet shows the language screen, and nothing of this client.</summary>
    public async Task ClearAsync(TabletState state, CancellationToken ct)
    {
        state.Visit?.Clear(Now);
        state.Tablet.Release();
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// The mediator's code or password closes the tablet. Digits are only ever tried as the code, and each try of the
    /// code is counted before it is checked (one conditional UPDATE: tries sent in parallel cannot all see « 4 so far »).
    /// A password is tried only when it could be one (Identity's length), without Identity's lockout: a client
    /// typing on the tablet must never lock the mediator out of their account (the page's rate limit slows guessing).
    /// </summary>
    public async Task<bool> TryCloseAsync(TabletState state, string typed, SignInManager<AppUser> signIn, CancellationToken ct)
    {
        var tablet = state.Tablet;
        var opened = false;
        if (typed.Length is >= 4 and <= 8 && typed.All(char.IsAsciiDigit))
        {
            // The domain's rule (ClientTablet.ExitCodeAttempts) applied by the database, for parallel tries.
            var reserved = tablet.ExitCodeHash is not null && await db.Set<ClientTablet>()
                .Where(t => t.Id == tablet.Id && t.ExitCodeFailures < ClientTablet.ExitCodeAttempts)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.ExitCodeFailures, t => t.ExitCodeFailures + 1), ct) == 1;
            opened = reserved && codes.VerifyHashedPassword(tablet, tablet.ExitCodeHash!, typed) != PasswordVerificationResult.Failed;
        }
        else if (typed.Length >= signIn.Options.Password.RequiredLength)
        {
            var mediator = await signIn.UserManager.FindByIdAsync(tablet.OpenedBy);
            opened = mediator is not null && (await signIn.CheckPasswordSignInAsync(mediator, typed, lockoutOnFailure: false)).Succeeded;
        }

        if (!opened)
        {
            return false;
        }

        state.Visit?.Clear(Now);
        tablet.Close(Now);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Whether the tablet's code can still open it (read again: the tries are counted in the database).</summary>
    public async Task<bool> CodeUsableAsync(Guid tabletId, CancellationToken ct) =>
        await db.Set<ClientTablet>().AnyAsync(t => t.Id == tabletId && t.ExitCodeHash != null && t.ExitCodeFailures < ClientTablet.ExitCodeAttempts, ct);

    public Task SaveAsync(CancellationToken ct) => db.SaveChangesAsync(ct);

    public DateTime NowUtc => Now;
}
