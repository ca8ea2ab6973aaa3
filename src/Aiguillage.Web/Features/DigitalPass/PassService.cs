using System.Globalization;
using Aiguillage.Domain;
using Aiguillage.Domain.DigitalPass;
using Aiguillage.Domain.Territories;
using Aiguillage.Web.Features.Offices;
using Aiguillage.Web.Platform.Imports;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Aiguillage.Web.Platform.Territories;
using Aiguillage.Web.Platform.Web;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.DigitalPass;

/// <summary>Counts and values of an agreement's cheques, by where they stand today.</summary>
public sealed record PassFigures(Agreement Agreement, int CentralStock, int OfficeStock, int Issued, int Redeemed, int Expired, int Cancelled, int Lost, int ExpiringSoon)
{
    public int Total => CentralStock + OfficeStock + Issued + Redeemed + Expired + Cancelled + Lost;

    public long Value(int count) => (long)count * Agreement.ChequeValueCents;
}

/// <summary>What a book registration or a stock file did: lines kept, lines refused with their number and reason.</summary>
public sealed record BookReport(int Books, int Cheques, IReadOnlyList<ImportRejection> Rejected);

/// <summary>
/// The pass numérique from stock to redemption (issue 7): agreements, books, allocation to offices, issuance to
/// clients, redemption by accredited partners, cancellation and loss. Each cheque changes by one conditional update
/// on its expected status, so that of concurrent attempts exactly one succeeds.
/// </summary>
public sealed class PassService(AppDbContext db, ScopeService scopes, TerritoryDirectory territories, TimeProvider clock, Platform.Audit.AuditLog audit)
{
    public DateOnly Today => ParisTime.Today(clock);

    /// <summary>Agreements this user may see: admins all, managers their territory's departments, mediators their offices' departments.</summary>
    public async Task<IQueryable<Agreement>> AgreementsVisibleAsync(CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        if (scope.IsNation)
        {
            return db.Agreements;
        }

        var departments = scope.Kind switch
        {
            ScopeKind.Territory when scope.Level == TerritoryLevel.Department => [scope.TerritoryCode!],
            ScopeKind.Territory when scope.Level == TerritoryLevel.Region => territories.Departments.Where(d => d.RegionCode == scope.TerritoryCode).Select(d => d.Code).ToList(),
            ScopeKind.Offices or ScopeKind.Territory => await db.Offices.VisibleTo(scope).Select(o => o.DepartmentCode).Distinct().ToListAsync(ct),
            _ => [],
        };
        return db.Agreements.Where(a => departments.Contains(a.DepartmentCode));
    }

    public async Task<IReadOnlyList<PassFigures>> FiguresAsync(IQueryable<Agreement> agreements, CancellationToken ct)
    {
        var list = await agreements.AsNoTracking().OrderBy(a => a.DepartmentCode).ThenByDescending(a => a.Year).ThenBy(a => a.Funder).ToListAsync(ct);
        var ids = list.Select(a => a.Id).ToList();
        var counts = await db.Cheques.Where(c => ids.Contains(c.AgreementId))
            .GroupBy(c => new { c.AgreementId, c.Status, Central = c.OfficeId == null })
            .Select(g => new { g.Key.AgreementId, g.Key.Status, g.Key.Central, Count = g.Count() }).ToListAsync(ct);
        var today = Today;
        return [.. list.Select(a =>
        {
            int Count(ChequeStatus status, bool? central = null) => counts.Where(c => c.AgreementId == a.Id && c.Status == status && (central is null || c.Central == central)).Sum(c => c.Count);
            var expired = today > a.AcceptedUntil;
            var live = Count(ChequeStatus.InStock) + Count(ChequeStatus.Issued);
            var soon = !expired && a.AcceptedUntil.DayNumber - today.DayNumber <= 30 ? live : 0;
            return expired
                ? new PassFigures(a, 0, 0, 0, Count(ChequeStatus.Redeemed), live, Count(ChequeStatus.Cancelled), Count(ChequeStatus.Lost), 0)
                : new PassFigures(a, Count(ChequeStatus.InStock, true), Count(ChequeStatus.InStock, false), Count(ChequeStatus.Issued), Count(ChequeStatus.Redeemed), 0,
                    Count(ChequeStatus.Cancelled), Count(ChequeStatus.Lost), soon);
        })];
    }

    /// <summary>
    /// Registers books (ranges of numbers) into the agreement's stock, optionally allocated to an office of its
    /// department at once. Each line is checked on its own; refused lines are reported, the others registered.
    /// </summary>
    public async Task<BookReport> RegisterBooksAsync(Agreement agreement, IReadOnlyList<(int Line, string? First, string? Last, string? Office)> lines, CancellationToken ct)
    {
        var rejected = new List<ImportRejection>();
        var candidates = new List<(int Line, ChequeRange Range, int? OfficeId)>();
        var offices = await db.Offices.Where(o => o.DepartmentCode == agreement.DepartmentCode).ToDictionaryAsync(o => o.SiteCode, o => o.Id, ct);
        foreach (var (line, first, last, office) in lines)
        {
            int? officeId = null;
            if (!string.IsNullOrWhiteSpace(office))
            {
                if (!offices.TryGetValue(office.Trim().ToUpperInvariant(), out var id))
                {
                    rejected.Add(new(line, $"bureau : « {office} » n'est pas un bureau du département {agreement.DepartmentCode}"));
                    continue;
                }

                officeId = id;
            }

            try
            {
                // The one normalisation of a number as printed (issue 16 §8), for the form and the file alike.
                candidates.Add((line, ChequeRange.Parse(first, last), officeId));
            }
            catch (DomainException e)
            {
                rejected.Add(new(line, e.Message));
            }
        }

        var existing = await db.ChequeBooks.AsNoTracking().Select(b => new { b.FirstNumber, b.LastNumber, b.NumberWidth }).ToListAsync(ct);
        var conflicts = ChequeRange.FindConflicts([.. existing.Select(b => new ChequeRange(b.FirstNumber, b.LastNumber, b.NumberWidth))], [.. candidates.Select(c => c.Range)]).ToDictionary(c => c.Index, c => c.Reason);
        var room = agreement.ChequesCovered - await db.Cheques.LongCountAsync(c => c.AgreementId == agreement.Id, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        int books = 0, cheques = 0;
        for (var i = 0; i < candidates.Count; i++)
        {
            var (line, range, officeId) = candidates[i];
            if (conflicts.TryGetValue(i, out var reason))
            {
                rejected.Add(new(line, reason));
                continue;
            }

            if (range.Count > room)
            {
                rejected.Add(new(line, $"le budget de la convention ne couvre plus que {Platform.Web.Plural.Of(Math.Max(0, room), "chèque", "chèques")}"));
                continue;
            }

            room -= range.Count;
            var book = new ChequeBook(Guid.NewGuid(), agreement.Id, range, now);
            db.ChequeBooks.Add(book);
            foreach (var cheque in book.Cheques())
            {
                if (officeId is { } o)
                {
                    cheque.AllocateTo(o);
                }

                db.Cheques.Add(cheque);
            }

            books++;
            cheques += (int)range.Count;
        }

        try
        {
            // One transaction; a concurrent registration of the same numbers fails on the cheques' key.
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException failure) when (!Aiguillage.Web.Platform.Data.DatabaseUnavailable.Is(failure))
        {
            db.ChangeTracker.Clear();
            return new BookReport(0, 0, [.. rejected, new ImportRejection(0, "des numéros viennent d'être enregistrés par ailleurs : rien n'a été enregistré, recommencez")]);
        }

        return new BookReport(books, cheques, [.. rejected.OrderBy(r => r.Line)]);
    }

    /// <summary>Reads a stock file: CSV with columns <c>premier;dernier[;bureau]</c> (comma or semicolon), a header line.</summary>
    public static IReadOnlyList<(int Line, string? First, string? Last, string? Office)> ReadStockFile(Stream stream)
    {
        using var reader = new StreamReader(stream, detectEncodingFromByteOrderMarks: true);
        var text = reader.ReadToEnd();
        var delimiter = text.Split('\n')[0].Contains(';', StringComparison.Ordinal) ? ";" : ",";
        using var csv = new CsvReader(new StringReader(text), new CsvConfiguration(CultureInfo.InvariantCulture) { Delimiter = delimiter, MissingFieldFound = null, BadDataFound = null });
        var lines = new List<(int, string?, string?, string?)>();
        csv.Read();
        csv.ReadHeader();
        while (csv.Read())
        {
            lines.Add((csv.Parser.Row, csv.GetField("premier"), csv.GetField("dernier"), csv.HeaderRecord!.Contains("bureau") ? csv.GetField("bureau") : null));
        }

        return lines;
    }

    /// <summary>
    /// Moves cheques of a book still in stock to an office of the agreement's department (issue 18): the whole book, a
    /// count from its central stock, or numbers (<see cref="ChequeAllocation.Choose"/>). The move is one conditional
    /// update, so cheques handed out meanwhile stay where they are. The number moved, or why not.
    /// </summary>
    public async Task<(int Moved, Refusal? Refusal)> AllocateAsync(Agreement agreement, Guid bookId, string? siteCode, string? count, string? from, string? to, CancellationToken ct)
    {
        var code = siteCode?.Trim().ToUpperInvariant();
        var office = await db.Offices.Where(o => o.SiteCode == code && o.DepartmentCode == agreement.DepartmentCode).Select(o => (int?)o.Id).FirstOrDefaultAsync(ct);
        if (office is not { } officeId)
        {
            return (0, new Refusal("AllocateOffice", $"Choisissez un bureau du département {agreement.DepartmentCode} dans la liste (son nom, sa commune ou son code)."));
        }

        if (await db.ChequeBooks.AsNoTracking().FirstOrDefaultAsync(b => b.Id == bookId && b.AgreementId == agreement.Id, ct) is not { } book)
        {
            return (0, new Refusal("BookId", "Choisissez un carnet de la convention."));
        }

        int? wanted = null;
        if (!string.IsNullOrWhiteSpace(count))
        {
            if (!int.TryParse(count.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
            {
                return (0, new Refusal(ChequeAllocation.CountField, "Le nombre de chèques s'écrit en chiffres, par exemple 25."));
            }

            wanted = n;
        }

        var inStock = await db.Cheques.AsNoTracking().Where(c => c.BookId == bookId && c.Status == ChequeStatus.InStock)
            .Select(c => new { c.Value, c.OfficeId }).ToListAsync(ct);
        ChequeAllocation allocation = default;
        if (Refusals.Try(() => allocation = ChequeAllocation.Choose(book.Range, [.. inStock.Select(c => (c.Value, c.OfficeId))], wanted,
            string.IsNullOrWhiteSpace(from) && string.IsNullOrWhiteSpace(to) ? null
                : ChequeRange.Parse(string.IsNullOrWhiteSpace(from) ? to : from, string.IsNullOrWhiteSpace(to) ? from : to)), ChequeAllocation.RangeField) is { } refused)
        {
            return (0, refused.Field is ChequeAllocation.CountField ? refused : refused with { Field = ChequeAllocation.RangeField });
        }

        var moved = await db.Cheques.Where(c => c.BookId == bookId && c.AgreementId == agreement.Id && c.Status == ChequeStatus.InStock
                && c.Value >= allocation.From && c.Value <= allocation.To && (!allocation.CentralOnly || c.OfficeId == null))
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.OfficeId, officeId), ct);
        return moved == 0 ? (0, Refusal.Conflict(ChequeAllocation.CountField, "Ces chèques viennent d'être remis ou attribués : rien n'a été déplacé, regardez le carnet à nouveau.")) : (moved, null);
    }

    /// <summary>
    /// Hands <paramref name="count"/> cheques of the office's stock to a client (the lowest numbers of the agreement
    /// that expires first), within the agreement's per-client limit. All or nothing.
    /// </summary>
    public async Task<(IReadOnlyList<string> Numbers, Refusal? Refusal)> IssueAsync(int officeId, Guid clientId, Guid? referralId, int count, string userId, CancellationToken ct)
    {
        if (count is < 1 or > 20)
        {
            return ([], new Refusal("Count", "Le nombre de chèques va de 1 à 20."));
        }

        var today = Today;
        var now = clock.GetUtcNow().UtcDateTime;
        var agreements = await (from a in db.Agreements
                                where a.IssuableUntil >= today && db.Cheques.Any(c => c.AgreementId == a.Id && c.OfficeId == officeId && c.Status == ChequeStatus.InStock)
                                orderby a.AcceptedUntil
                                select a).ToListAsync(ct);
        if (agreements.Count == 0)
        {
            return ([], new Refusal("Count", "Le bureau n'a plus de pass numérique utilisable en stock."));
        }

        var agreement = agreements[0];
        var numbers = await db.Cheques.Where(c => c.AgreementId == agreement.Id && c.OfficeId == officeId && c.Status == ChequeStatus.InStock)
            .OrderBy(c => c.Value).Select(c => c.Number).Take(count).ToListAsync(ct);
        if (numbers.Count < count)
        {
            return ([], new Refusal("Count", $"Le bureau n'a que {Platform.Web.Plural.Of(numbers.Count, "chèque", "chèques")} de la convention {agreement.Name} en stock."));
        }

        await using var transaction = await db.Database.BeginUnlessOpenAsync(ct);

        // Lock the client's row for the transaction, so that two mediators issuing to the same client at once
        // cannot both pass the per-client limit; then count.
        await db.Clients.Where(c => c.Id == clientId).ExecuteUpdateAsync(u => u.SetProperty(c => c.OfficeId, c => c.OfficeId), ct);
        var already = await db.Cheques.CountAsync(c => c.ClientId == clientId && c.AgreementId == agreement.Id && c.Status != ChequeStatus.Cancelled, ct);
        if (already + count > agreement.MaxChequesPerClient)
        {
            return ([], new Refusal("Count", $"Ce client a déjà reçu {Platform.Web.Plural.Of(already, "chèque", "chèques")} : la convention en permet {agreement.MaxChequesPerClient}, vous pouvez lui en remettre {Math.Max(0, agreement.MaxChequesPerClient - already)} au plus."));
        }

        try
        {
            foreach (var (number, index) in numbers.Select((n, i) => (n, i)))
            {
                // The rule, on a copy of the cheque as it is; then one conditional update applies it.
                var cheque = await db.Cheques.AsNoTracking().FirstAsync(c => c.Number == number, ct);
                var code = System.Security.Cryptography.RandomNumberGenerator.GetString(ChequeCheckCode.Alphabet, ChequeCheckCode.Length);
                cheque.Issue(agreement, officeId, clientId, referralId, already + index, userId, code, now, today);
                var done = await db.Cheques.Where(c => c.Number == number && c.Status == ChequeStatus.InStock && c.OfficeId == officeId)
                    .ExecuteUpdateAsync(u => u.SetProperty(c => c.Status, ChequeStatus.Issued).SetProperty(c => c.ClientId, clientId).SetProperty(c => c.ReferralId, referralId)
                        .SetProperty(c => c.IssuedAt, now).SetProperty(c => c.IssuedBy, userId).SetProperty(c => c.CheckCode, code), ct);
                if (done == 0)
                {
                    return ([], new Refusal("Count", "Un chèque vient d'être remis par quelqu'un d'autre : recommencez."));
                }
            }

            // In the transaction of the cheques: no cheque given without its line in the journal.
            foreach (var number in numbers)
            {
                audit.Add(Domain.Audit.AuditAction.ChequeIssued, $"cheque:{number}", $"bureau:{officeId}", userId: userId);
            }

            await db.SaveChangesAsync(ct);
            if (transaction is not null)
            {
                await transaction.CommitAsync(ct);
            }

            return (numbers, null);
        }
        catch (DomainException e)
        {
            return ([], new Refusal("Count", e.Message));
        }
    }

    /// <summary>
    /// An accredited partner's staff confirm a cheque paid a workshop, with its number and check code; of concurrent
    /// attempts one succeeds. An unknown number, a cheque not handed out and a wrong code get one answer (§10).
    /// </summary>
    public async Task<(Refusal? Refusal, string Number)> RedeemAsync(int partnerId, string number, string? checkCode, string? placeId, string userId, CancellationToken ct)
    {
        var partner = await db.Partners.AsNoTracking().FirstAsync(p => p.Id == partnerId, ct);
        if (placeId is not null && !await db.Places.AnyAsync(p => p.Id == placeId && p.PartnerId == partnerId, ct))
        {
            return (new Refusal("Number", "Choisissez un de vos lieux."), number);
        }

        if (!partner.AcceptsPassNumerique)
        {
            return (new Refusal("Number", "Votre organisation n'est pas habilitée à accepter le pass numérique."), number);
        }

        // The cheque and its agreement in one query, whatever the answer: a number that does not exist takes as long as one that does.
        var found = await FindAsync(number, ct);
        if (found is not { } pair)
        {
            return (new Refusal("Number", Cheque.UnknownMessage), number);
        }

        var (cheque, agreement) = pair;
        number = cheque.Number;
        var now = clock.GetUtcNow().UtcDateTime;
        if (Refusals.Try(() => cheque.Redeem(agreement, partnerId, partner.AcceptsPassNumerique, checkCode, placeId, userId, now, Today), "Number") is { } refused)
        {
            return (refused, number);
        }

        // The cheque and its line in the journal in one transaction.
        await using var transaction = await db.Database.BeginUnlessOpenAsync(ct);
        var done = await db.Cheques.Where(c => c.Number == number && c.Status == ChequeStatus.Issued)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.Status, ChequeStatus.Redeemed).SetProperty(c => c.RedeemedByPartnerId, partnerId)
                .SetProperty(c => c.RedeemedAtPlaceId, placeId).SetProperty(c => c.RedeemedAt, now).SetProperty(c => c.RedeemedBy, userId), ct);
        if (done != 1)
        {
            return (Refusal.Conflict("Number", $"Le chèque {number} a déjà été encaissé."), number);
        }

        await audit.RecordAsync(Domain.Audit.AuditAction.ChequeRedeemed, $"cheque:{number}", $"partenaire:{partnerId}", userId: userId, ct: ct);
        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }

        return (null, number);
    }

    /// <summary>Cancels a cheque or records its loss (in stock or issued, not redeemed).</summary>
    public async Task<Refusal?> VoidAsync(string number, bool lost, Func<Cheque, bool> allowed, CancellationToken ct)
    {
        if (await FindAsync(number, ct) is not { } found || !allowed(found.Cheque))
        {
            return new Refusal("Number", $"Aucun chèque n° {number} dans votre stock.");
        }

        var (cheque, agreement) = found;
        number = cheque.Number;
        var now = clock.GetUtcNow().UtcDateTime;
        if (Refusals.Try(() => { if (lost) { cheque.DeclareLost(agreement, now, Today); } else { cheque.Cancel(agreement, now, Today); } }, "Number") is { } refused)
        {
            return refused;
        }

        var status = lost ? ChequeStatus.Lost : ChequeStatus.Cancelled;
        var done = await db.Cheques.Where(c => c.Number == number && (c.Status == ChequeStatus.InStock || c.Status == ChequeStatus.Issued))
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.Status, status).SetProperty(c => c.VoidedAt, now), ct);
        return done == 1 ? null : Refusal.Conflict("Number", $"Le chèque {number} vient de changer : rechargez la page.");
    }

    /// <summary>
    /// The cheque printed with <paramref name="number"/>, and its agreement. A cheque of a book registered without a
    /// printed width (before numbers were text, its leading zeros were lost: ADR 0017) is found by its value too.
    /// </summary>
    private async Task<(Cheque Cheque, Agreement Agreement)?> FindAsync(string number, CancellationToken ct)
    {
        var value = long.Parse(number, CultureInfo.InvariantCulture);
        var rows = await (from c in db.Cheques.AsNoTracking()
                          join a in db.Agreements on c.AgreementId equals a.Id
                          join b in db.ChequeBooks on c.BookId equals b.Id
                          where c.Number == number || (c.Value == value && b.NumberWidth == 0)
                          select new { Cheque = c, Agreement = a }).Take(2).ToListAsync(ct);
        var row = rows.FirstOrDefault(r => r.Cheque.Number == number) ?? rows.FirstOrDefault();
        return row is null ? null : (row.Cheque, row.Agreement);
    }
}
