using System.Security.Claims;
using Aiguillage.Web.Platform.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Aiguillage.Web.Platform.Web;

/// <summary>
/// A creating form sent once (issue 15 §2, ARCHITECTURE §4.7): each form that creates something carries its own id,
/// generated when the page is drawn; the first submission with that id is kept with where it led, and a second one —
/// a double tap, two taps in parallel, a resent form — answers where the first led and creates nothing.
/// </summary>
public sealed class FormSubmission
{
    /// <summary>« {form}:{id} », e.g. « orientations/nouvelle:3f2a… ».</summary>
    public string Key { get; set; } = string.Empty;

    public string UserId { get; set; } = string.Empty;

    /// <summary>Where the first submission led (its result page); null while it is being processed.</summary>
    public string? ResultUrl { get; set; }

    public DateTime CreatedAt { get; set; }
}

public sealed class FormSubmissionConfiguration : IEntityTypeConfiguration<FormSubmission>
{
    public void Configure(EntityTypeBuilder<FormSubmission> builder)
    {
        var b = builder;
        b.ToTable("FormSubmissions");
        b.HasKey(s => s.Key);
        b.Property(s => s.Key).HasMaxLength(160);
        b.Property(s => s.UserId).HasMaxLength(64);
        b.Property(s => s.ResultUrl).HasMaxLength(400);
        b.HasIndex(s => s.CreatedAt);
    }
}

/// <summary>
/// Runs a creating handler once per form id. The handler's work happens in one transaction that starts by writing the
/// form's key: a second submission of the same id waits on that key until the first commits, then finds it taken and
/// answers with the first one's result — one record, one message, on both engines. A refused form (the page again,
/// with its errors) rolls back everything, so nothing half-written is left either.
/// </summary>
public sealed class Submissions(AppDbContext db, TimeProvider clock)
{
    /// <summary>The hidden field every creating form carries (<c>_SubmissionId.cshtml</c>).</summary>
    public const string FieldName = "SubmissionId";

    private const string ReplayItem = "Aiguillage.Submissions.Replay";

    /// <summary>
    /// Where a second submission should lead when the first one answered with a page rather than a redirect (a new
    /// account shows its password once: sent again, the form leads to the account's page).
    /// </summary>
    public static void ReplayTo(PageModel page, string url) => page.HttpContext.Items[ReplayItem] = url;

    /// <summary>
    /// Runs <paramref name="work"/> at most once for this form id. <paramref name="form"/> names the form (its route);
    /// a missing id (a client that does not send the field) runs the work unguarded, as before.
    /// Handlers whose work writes through another connection (the diagnostics' group commit) use <see cref="OnceWithoutTransactionAsync"/>.
    /// </summary>
    public async Task<IActionResult> OnceAsync(PageModel page, string form, Guid? id, Func<Task<IActionResult>> work, CancellationToken ct)
    {
        var (answer, started) = await BeginAsync(page, form, id, work, ct);
        if (answer is not null || started is not { } key)
        {
            return answer!;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var row = new FormSubmission { Key = key, UserId = UserId(page.User), CreatedAt = clock.GetUtcNow().UtcDateTime };
        db.FormSubmissions.Add(row);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when ((IsTaken(e)) && !Aiguillage.Web.Platform.Data.DatabaseUnavailable.Is(e))
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return await ReplayAsync(page, key, ct) ?? Back(page);
        }

        var result = await work();
        if (!Succeeded(page, result))
        {
            // Refused (the form again with its errors, 404…): nothing of this submission stays.
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return result;
        }

        row.ResultUrl = Target(page, result);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return result;
    }

    /// <summary>
    /// The same without a transaction of its own: the key is written with the work's first save, which fails for a
    /// second submission of the same id before anything of it is kept. For work that writes through another
    /// connection (on SQLite, an open write transaction here would make that connection wait for it) or that reads a
    /// large file before its one save (the write lock is then held only for that save). <paramref name="resultUrl"/>,
    /// when known before the work (a paper sheet's result), is kept with the key from the start, so a second
    /// submission arriving while the first is still storing is sent there too. A failure after the key was saved frees it.
    /// </summary>
    public async Task<IActionResult> OnceWithoutTransactionAsync(PageModel page, string form, Guid? id, Func<Task<IActionResult>> work, CancellationToken ct, string? resultUrl = null)
    {
        var (answer, started) = await BeginAsync(page, form, id, work, ct);
        if (answer is not null || started is not { } key)
        {
            return answer!;
        }

        var row = new FormSubmission { Key = key, UserId = UserId(page.User), CreatedAt = clock.GetUtcNow().UtcDateTime, ResultUrl = resultUrl };
        db.FormSubmissions.Add(row);
        IActionResult result;
        try
        {
            result = await work();
        }
        catch (DbUpdateException e) when ((IsTaken(e)) && !Aiguillage.Web.Platform.Data.DatabaseUnavailable.Is(e))
        {
            db.ChangeTracker.Clear();
            return await ReplayAsync(page, key, ct) ?? Back(page);
        }
        catch
        {
            await ForgetAsync(row);
            throw;
        }

        if (!Succeeded(page, result))
        {
            await ForgetAsync(row);
            return result;
        }

        row.ResultUrl = Target(page, result) ?? row.ResultUrl;
        try
        {
            // The key's first save when the work wrote nothing through this context (a returning client's sheet).
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when ((IsTaken(e)) && !Aiguillage.Web.Platform.Data.DatabaseUnavailable.Is(e))
        {
            db.ChangeTracker.Clear();
            return await ReplayAsync(page, key, ct) ?? Back(page);
        }

        return result;
    }

    /// <summary>
    /// What both ways share: a damaged id is refused; without an id the work runs unguarded (a client that does not
    /// send the field); an id already used is answered as the first time. Otherwise no answer yet, and the key.
    /// </summary>
    private async Task<(IActionResult? Answer, string? Key)> BeginAsync(PageModel page, string form, Guid? id, Func<Task<IActionResult>> work, CancellationToken ct)
    {
        if (page.ModelState.TryGetValue(FieldName, out var entry) && entry.Errors.Count > 0)
        {
            // A form id that is not one (forged or damaged): refused, never run unguarded.
            return (page.BadRequest(), null);
        }

        if (id is not { } submissionId || submissionId == Guid.Empty)
        {
            return (await work(), null);
        }

        var key = Key(form, submissionId);
        return (await ReplayAsync(page, key, ct), key);
    }

    /// <summary>Frees the id of a submission that did nothing: the corrected form may use it.</summary>
    private async Task ForgetAsync(FormSubmission row)
    {
        var state = db.Entry(row).State;
        if (state == EntityState.Added)
        {
            db.Entry(row).State = EntityState.Detached;
        }
        else if (state != EntityState.Detached)
        {
            // Its key was saved with the work's first write: removed on its own, whatever else the work left tracked.
            await db.FormSubmissions.Where(s => s.Key == row.Key).ExecuteDeleteAsync(CancellationToken.None);
            db.Entry(row).State = EntityState.Detached;
        }
    }

    /// <summary>Keys of another account are not replayed to this one: an id is only ever valid for whoever drew the form.</summary>
    private async Task<IActionResult?> ReplayAsync(PageModel page, string key, CancellationToken ct)
    {
        var earlier = await db.FormSubmissions.AsNoTracking().FirstOrDefaultAsync(s => s.Key == key, ct);
        if (earlier is null)
        {
            return null;
        }

        await SynchronousReplicationGuard.ConfirmReplicatedAsync(db, ct);
        return earlier.UserId == UserId(page.User) && earlier.ResultUrl is { } url ? new LocalRedirectResult(url) : Back(page);
    }

    /// <summary>When the first submission's result is not known yet (still being written): the form's page, afresh.</summary>
    private static LocalRedirectResult Back(PageModel page) =>
        new(page.Request.Path + RemoveHandler(page.Request.QueryString.Value));

    private static string RemoveHandler(string? query)
    {
        if (string.IsNullOrEmpty(query))
        {
            return string.Empty;
        }

        var kept = query.TrimStart('?').Split('&').Where(p => !p.StartsWith("handler=", StringComparison.OrdinalIgnoreCase)).ToList();
        return kept.Count == 0 ? string.Empty : "?" + string.Join('&', kept);
    }

    /// <summary>
    /// Whether the work was done: a redirect (the usual answer of a creating form), or the page drawn again without
    /// an error (an import showing its report). A form sent back with its errors, or a 4xx, did nothing.
    /// </summary>
    private static bool Succeeded(PageModel page, IActionResult result) => result switch
    {
        LocalRedirectResult or RedirectResult or RedirectToPageResult or RedirectToActionResult or RedirectToRouteResult => true,
        PageResult p => page.ModelState.IsValid && page.Response.StatusCode < 400 && (p.StatusCode ?? 200) < 400,
        Microsoft.AspNetCore.Mvc.Infrastructure.IStatusCodeActionResult r => (r.StatusCode ?? page.Response.StatusCode) < 400,
        FileResult or EmptyResult => page.Response.StatusCode < 400,
        _ => throw new InvalidOperationException($"A creating form answered {result.GetType().Name}: say in Submissions.Succeeded whether it did its work."),
    };

    /// <summary>Where a redirect leads, as a local URL (null when it is not a redirect within the app).</summary>
    private static string? Target(PageModel page, IActionResult result)
    {
        var url = page.HttpContext.Items[ReplayItem] as string ?? result switch
        {
            LocalRedirectResult r => r.Url,
            RedirectResult r => r.Url,
            RedirectToPageResult r => page.Url.Page(r.PageName ?? page.RouteData.Values["page"]?.ToString(), r.PageHandler, r.RouteValues),
            _ => null,
        };
        return url is not null && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && url.Length <= 400 ? url : null;
    }

    private static string Key(string form, Guid id) => $"{form}:{id:N}";

    private static string UserId(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier) ?? string.Empty;

    /// <summary>The form's key already written by another submission (the primary key of FormSubmissions).</summary>
    public static bool IsTaken(DbUpdateException e) => UniqueViolation.On(e, "FormSubmissions");
}
