using System.Security.Claims;
using Aiguillage.Domain.Clients;
using Aiguillage.Domain.DigitalPass;
using Aiguillage.Domain.Territories;
using Aiguillage.Web.Features.Clients;
using Aiguillage.Web.Features.Offices;
using Aiguillage.Web.Features.Referrals;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Aiguillage.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.DigitalPass;

/// <summary>
/// An office's pass numérique: its stock (and what expires soon), the cheques it handed out, and the form to hand
/// cheques to a client — from a referral (<c>?orientation=</c>) or by the client's reference.
/// </summary>
[Authorize(Policy = Policies.ClientRecords)]
public sealed class OfficePassModel(AppDbContext db, PassService pass, ScopeService scopes, ClientRegistry clients, ReferralService referrals, Submissions submissions) : PageModel
{
    /// <summary>The creating form's own id (issue 15 §2): the same form sent twice creates one record.</summary>
    [BindProperty(Name = Submissions.FieldName)]
    public Guid? SubmissionId { get; set; }

    public string OfficeName { get; private set; } = string.Empty;

    public int OfficeId { get; private set; }

    public bool CanIssue { get; private set; }

    public IReadOnlyList<(Agreement Agreement, int InStock, bool ExpiresSoon)> Stock { get; private set; } = [];

    /// <summary>A cheque the office handed out: <see cref="Expired"/> when the agreement no longer accepts it.</summary>
    public sealed record IssuedCheque(string Number, string Client, DateTime IssuedAt, ChequeStatus Status, bool Expired, DateOnly AcceptedUntil, string? CheckCode);

    public IReadOnlyList<IssuedCheque> Issued { get; private set; } = [];

    /// <summary>The cheques just handed over, with the code to write on each.</summary>
    public IReadOnlyList<(string Number, string? CheckCode)> JustIssued { get; private set; } = [];

    [BindProperty(SupportsGet = true, Name = "orientation")]
    public Guid? ReferralId { get; set; }

    /// <summary>The client of the referral, when issuing from one.</summary>
    public string? ReferralClient { get; private set; }

    [BindProperty] public string? ClientReference { get; set; }
    [BindProperty] public int? Count { get; set; }
    [BindProperty] public string? Number { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var just = Request.Query["remis"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries).Select(ChequeNumber.Normalise).OfType<string>().Take(20).ToList();
        if (just.Count > 0)
        {
            // Only this office's cheques: the query string is the user's, the codes are read from the database.
            var today = pass.Today;
            var codes = await (from c in db.Cheques.AsNoTracking()
                               join a in db.Agreements on c.AgreementId equals a.Id
                               where just.Contains(c.Number) && c.OfficeId == id && c.Status == ChequeStatus.Issued && a.AcceptedUntil >= today
                               select new { c.Number, c.CheckCode }).ToDictionaryAsync(c => c.Number, c => c.CheckCode, ct);
            JustIssued = [.. just.Where(codes.ContainsKey).Select(n => (n, codes[n]))];
        }

        Count ??= 1;
        return Page();
    }

    public Task<IActionResult> OnPostAsync(int id, CancellationToken ct) =>
        submissions.OnceAsync(this, "bureaux/pass-numerique", SubmissionId, () => CreateOnceAsync(id, ct), ct);

    private async Task<IActionResult> CreateOnceAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (!CanIssue)
        {
            return Forbid();
        }

        Guid clientId;
        if (ReferralId is not null)
        {
            clientId = await db.Referrals.Where(r => r.Id == ReferralId && r.OfficeId == id).Select(r => r.ClientId).FirstAsync(ct);
        }
        else if (!string.IsNullOrWhiteSpace(ClientReference) && await clients.FindAsync(ClientReference, ct) is { } client)
        {
            clientId = client.Id;
        }
        else
        {
            ModelState.AddModelError(nameof(ClientReference), "Indiquez la référence du client (forme ABC-234), ou partez de son orientation.");
            return Page();
        }

        var (numbers, refused) = await pass.IssueAsync(id, clientId, ReferralId, Count ?? 0, User.FindFirstValue(ClaimTypes.NameIdentifier)!, ct);
        if (refused is not null)
        {
            ModelState.AddModelError(nameof(Count), refused.Message);
            return Page();
        }

        return LocalRedirect($"/bureaux/{id}/pass-numerique?remis={string.Join(',', numbers)}");
    }

    public async Task<IActionResult> OnPostVoidAsync(int id, bool lost, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (!CanIssue)
        {
            return Forbid();
        }

        if (ChequeNumber.Normalise(Number) is not { } number)
        {
            ModelState.AddModelError(nameof(Number), "Indiquez le numéro du chèque, en chiffres.");
            return Page();
        }

        if (await pass.VoidAsync(number, lost, c => c.OfficeId == id, ct) is { } refused)
        {
            ModelState.AddModelError(nameof(Number), refused.Message);
            return Page();
        }

        return LocalRedirect($"/bureaux/{id}/pass-numerique");
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var office = await db.Offices.VisibleTo(scope).Where(o => o.Id == id).Select(o => new { o.Id, o.Name }).FirstOrDefaultAsync(ct);
        if (office is null)
        {
            return false;
        }

        if (ReferralId is { } referralId)
        {
            var referral = await referrals.VisibleTo(scope).Where(r => r.Id == referralId && r.OfficeId == id).Select(r => r.ClientId).FirstOrDefaultAsync(ct);
            if (referral == Guid.Empty)
            {
                return false;
            }

            ReferralClient = await db.Clients.Where(c => c.Id == referral).Select(c => c.Reference).FirstAsync(ct);
        }

        (OfficeId, OfficeName) = (office.Id, office.Name);
        CanIssue = scope.Kind == ScopeKind.Offices || scope.IsNation;
        var today = pass.Today;
        var stock = await (from c in db.Cheques.AsNoTracking()
                           where c.OfficeId == id && c.Status == ChequeStatus.InStock
                           group c by c.AgreementId into g
                           select new { AgreementId = g.Key, Count = g.Count() }).ToListAsync(ct);
        var ids = stock.Select(s => s.AgreementId).ToList();
        var agreements = await db.Agreements.AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
        Stock = [.. stock.Select(s => agreements[s.AgreementId]).Where(a => today <= a.AcceptedUntil)
            .Select(a => (a, stock.First(s => s.AgreementId == a.Id).Count, a.AcceptedUntil.DayNumber - today.DayNumber <= 30)).OrderBy(s => s.a.AcceptedUntil)];
        var issued = await (from c in db.Cheques.AsNoTracking()
                            where c.OfficeId == id && c.IssuedAt != null
                            join cl in db.Clients on c.ClientId equals cl.Id
                            join a in db.Agreements on c.AgreementId equals a.Id
                            orderby c.IssuedAt descending
                            select new { c.Number, cl.Reference, c.IssuedAt, c.Status, a.AcceptedUntil, c.CheckCode }).Take(50).ToListAsync(ct);
        // Expired is read from the agreement, as the figures read it (issue 16 §9).
        Issued = [.. issued.Select(i => new IssuedCheque(i.Number, i.Reference, i.IssuedAt!.Value, i.Status, i.Status == ChequeStatus.Issued && today > i.AcceptedUntil, i.AcceptedUntil, i.CheckCode))];
        return true;
    }
}
