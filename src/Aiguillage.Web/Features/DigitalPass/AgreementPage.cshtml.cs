using Aiguillage.Domain.DigitalPass;
using Aiguillage.Web.Features.Offices;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Aiguillage.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.DigitalPass;

/// <summary>
/// One agreement: its books and its stock by office. Admins register books (one range, or a stock file) and
/// allocate them to offices; managers of the department read. Another territory's agreement answers 404.
/// </summary>
[Authorize(Policy = Policies.Steering)]
public sealed class AgreementPageModel(AppDbContext db, PassService pass, Submissions submissions) : PageModel
{
    /// <summary>The creating form's own id (issue 15 §2): the same form sent twice creates one record.</summary>
    [BindProperty(Name = Submissions.FieldName)]
    public Guid? SubmissionId { get; set; }

    public const long MaxFileBytes = 2 * 1024 * 1024;

    public Agreement Agreement { get; private set; } = null!;

    /// <summary>The department's offices, for the office fields (chosen by name or commune, issue 18).</summary>
    public IReadOnlyList<Offices.OfficeChoice> Offices { get; private set; } = [];

    public PassFigures Figures { get; private set; } = null!;

    public bool IsAdmin { get; private set; }

    /// <summary>A book, its cheques in stock, and where its cheques are (« stock central » and the offices, issue 18).</summary>
    public sealed record BookRow(Guid Id, string First, string Last, int InStock, int CentralStock, string Where);

    public IReadOnlyList<BookRow> Books { get; private set; } = [];

    public IReadOnlyList<(string Office, int InStock, int Issued, int Redeemed)> StockByOffice { get; private set; } = [];

    public BookReport? Report { get; private set; }

    [BindProperty] public string? First { get; set; }
    [BindProperty] public string? Last { get; set; }
    [BindProperty] public string? OfficeSiteCode { get; set; }
    [BindProperty] public Guid? BookId { get; set; }
    [BindProperty] public string? AllocateCount { get; set; }
    [BindProperty] public string? AllocateFrom { get; set; }
    [BindProperty] public string? AllocateTo { get; set; }

    /// <summary>After an allocation: how many cheques went to which office (from the redirect's query).</summary>
    public string? Allocated { get; private set; }
    [BindProperty] public IFormFile? StockFile { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, int? attribues, string? bureau, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (attribues is > 0 && Offices.FirstOrDefault(o => o.SiteCode == bureau) is { } office)
        {
            Allocated = $"{Plural.Of(attribues.Value, "chèque attribué", "chèques attribués")} au bureau {office.Name}.";
        }

        return Page();
    }

    [HandlerPolicy(Policies.Admin)]
    public Task<IActionResult> OnPostBookAsync(int id, CancellationToken ct) =>
        submissions.OnceAsync(this, "pass-numerique/conventions/carnet", SubmissionId, () => BookOnceAsync(id, ct), ct);

    private async Task<IActionResult> BookOnceAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        Report = await pass.RegisterBooksAsync(Agreement, [(1, First, Last, OfficeSiteCode)], ct);
        if (Report.Rejected.Count > 0)
        {
            ModelState.AddModelError(Report.Rejected[0].Reason.StartsWith("bureau", StringComparison.Ordinal) ? nameof(OfficeSiteCode) : nameof(First), Report.Rejected[0].Reason);
            Report = null;
            await LoadAsync(id, ct);
            return Page();
        }

        return LocalRedirect($"/pass-numerique/conventions/{id}");
    }

    [HandlerPolicy(Policies.Admin)]
    public Task<IActionResult> OnPostImportAsync(int id, CancellationToken ct) =>
        submissions.OnceAsync(this, "pass-numerique/conventions/fichier", SubmissionId, () => ImportOnceAsync(id, ct), ct);

    private async Task<IActionResult> ImportOnceAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (StockFile is null || StockFile.Length == 0 || StockFile.Length > MaxFileBytes)
        {
            ModelState.AddModelError(nameof(StockFile), "Choisissez un fichier CSV de 2 Mo au plus (colonnes premier;dernier;bureau).");
            return Page();
        }

        IReadOnlyList<(int, string?, string?, string?)> lines;
        try
        {
            await using var stream = StockFile.OpenReadStream();
            lines = PassService.ReadStockFile(stream);
        }
        catch (Exception e) when (e is CsvHelper.CsvHelperException or CsvHelper.MissingFieldException or FormatException)
        {
            ModelState.AddModelError(nameof(StockFile), "Le fichier n'est pas un CSV avec les colonnes « premier », « dernier » (et « bureau »).");
            return Page();
        }

        Report = await pass.RegisterBooksAsync(Agreement, lines, ct);
        await LoadAsync(id, ct);
        return Page();
    }

    [HandlerPolicy(Policies.Admin)]
    public Task<IActionResult> OnPostAllocateAsync(int id, CancellationToken ct) =>
        // A count is not idempotent by itself (twice 25 would move 50): the form's own id makes a double tap move once.
        submissions.OnceAsync(this, "pass-numerique/conventions/attribution", SubmissionId, () => AllocateOnceAsync(id, ct), ct);

    private async Task<IActionResult> AllocateOnceAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (BookId is not { } bookId || Books.All(b => b.Id != bookId))
        {
            ModelState.AddModelError(nameof(BookId), "Choisissez un carnet de la convention.");
        }
        else
        {
            var (moved, refused) = await pass.AllocateAsync(Agreement, bookId, OfficeSiteCode, AllocateCount, AllocateFrom, AllocateTo, ct);
            if (refused is null)
            {
                return LocalRedirect($"/pass-numerique/conventions/{id}?attribues={moved}&bureau={Uri.EscapeDataString(OfficeSiteCode!.Trim().ToUpperInvariant())}");
            }

            refused.AddTo(ModelState);
        }

        return Page();
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var agreements = await pass.AgreementsVisibleAsync(ct);
        if (await agreements.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct) is not { } agreement)
        {
            return false;
        }

        Agreement = agreement;
        Offices = await db.Offices.AsNoTracking().Where(o => o.DepartmentCode == agreement.DepartmentCode).ChoicesAsync(ct);
        // The role, not the scope: a national manager sees the nation and still only reads (issue 16 §1).
        IsAdmin = User.IsInRole(Roles.Admin);
        Figures = (await pass.FiguresAsync(agreements.Where(a => a.Id == id), ct))[0];
        var books = await db.ChequeBooks.AsNoTracking().Where(b => b.AgreementId == id).OrderBy(b => b.FirstNumber)
            .Select(b => new { b.Id, b.FirstNumber, b.LastNumber, b.NumberWidth }).ToListAsync(ct);
        var spread = await (from c in db.Cheques.AsNoTracking()
                            where c.AgreementId == id
                            group c by new { c.BookId, c.OfficeId } into g
                            select new { g.Key.BookId, g.Key.OfficeId, All = g.Count(), InStock = g.Count(c => c.Status == ChequeStatus.InStock) }).ToListAsync(ct);
        var officeIds = spread.Where(s => s.OfficeId != null).Select(s => s.OfficeId!.Value).Distinct().ToList();
        var names = await db.Offices.AsNoTracking().Where(o => officeIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        Books = [.. books.Select(b =>
        {
            var range = new ChequeRange(b.FirstNumber, b.LastNumber, b.NumberWidth);
            var parts = spread.Where(s => s.BookId == b.Id).OrderBy(s => s.OfficeId is null ? string.Empty : names[s.OfficeId.Value]).ToList();
            var where = string.Join(", ", parts.Select(s => $"{(s.OfficeId is { } o ? names[o] : "stock central")} : {s.All}"));
            return new BookRow(b.Id, range.Text(range.First), range.Text(range.Last), parts.Sum(s => s.InStock), parts.Where(s => s.OfficeId is null).Sum(s => s.InStock), where);
        })];
        var byOffice = await (from c in db.Cheques.AsNoTracking()
                              where c.AgreementId == id && c.OfficeId != null
                              join o in db.Offices on c.OfficeId equals o.Id
                              group c by o.Name into g
                              select new
                              {
                                  Office = g.Key,
                                  InStock = g.Count(c => c.Status == ChequeStatus.InStock),
                                  Issued = g.Count(c => c.Status == ChequeStatus.Issued),
                                  Redeemed = g.Count(c => c.Status == ChequeStatus.Redeemed),
                              }).ToListAsync(ct);
        StockByOffice = [.. byOffice.OrderBy(o => o.Office).Select(o => (o.Office, o.InStock, o.Issued, o.Redeemed))];
        return true;
    }
}
