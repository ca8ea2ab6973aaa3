using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Aiguillage.Domain.DigitalPass;
using Aiguillage.Domain.Territories;
using Aiguillage.Testing;
using Aiguillage.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aiguillage.Web.Tests.DigitalPass;

public abstract class DigitalPassTests(AppFactory app) : EngineTests(app)
{
    private async Task<T> InDbAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        using var scope = App.Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    private static async Task AssertErrorAsync(HttpResponseMessage response, string anchor, string text)
    {
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var summary = (await HttpHelpers.ParseAsync(response)).QuerySelector(".error-summary");
        Assert.NotNull(summary?.QuerySelector($"a[href='{anchor}']"));
        Assert.Contains(text, summary!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_national_manager_reads_the_figures_and_creates_no_agreement_book_or_cheque()
    {
        // Issue 16 §1: « admin » was read from the scope (the nation), and a national manager has that scope.
        var office = await App.CreateOfficeAsync();
        var (agreement, first) = await PassTestData.CreateStockAsync(App, office, 2);
        using var national = await App.SignedInAsync(await App.CreateManagerAsync(Domain.Territories.TerritoryLevel.Nation, null));
        Assert.Equal(HttpStatusCode.OK, (await national.GetAsync(new Uri("/pass-numerique", UriKind.Relative))).StatusCode);
        var agreements = await InDbAsync(db => db.Agreements.CountAsync());
        var books = await InDbAsync(db => db.ChequeBooks.CountAsync());
        var token = await national.AntiforgeryTokenAsync("/pass-numerique");
        async Task<string> PostAsync(string url, params KeyValuePair<string, string>[] fields)
        {
            using var response = await national.PostAsync(new Uri(url, UriKind.Relative), new FormUrlEncodedContent([.. fields, new("__RequestVerificationToken", token)]));
            return response.Headers.Location is { } location ? (location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString.Split('?')[0]) : $"{(int)response.StatusCode}";
        }

        // Each answers the access-denied page, as a missing right does everywhere.
        Assert.Equal("/acces-refuse", await PostAsync("/pass-numerique", new("Funder", "Financeur"), new("DepartmentCode", "42"),
            new("Year", DateTime.UtcNow.Year.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("ChequeValue", "10"), new("Budget", "300"), new("MaxChequesPerClient", "3")));
        var next = PassTestData.NewNumbers();
        Assert.Equal("/acces-refuse", await PostAsync($"/pass-numerique/conventions/{agreement.Id}?handler=Book", new("First", $"{next}"), new("Last", $"{next + 4}"), new("OfficeSiteCode", office.SiteCode)));
        Assert.Equal("/acces-refuse", await PostAsync($"/bureaux/{office.Id}/pass-numerique", new("ClientReference", "ABC-234"), new("Count", "1")));
        Assert.Equal(agreements, await InDbAsync(db => db.Agreements.CountAsync()));
        Assert.Equal(books, await InDbAsync(db => db.ChequeBooks.CountAsync()));
        var numbers = PassTestData.Numbers(first, 2);
        Assert.Equal(0, await InDbAsync(db => db.Cheques.CountAsync(c => numbers.Contains(c.Number) && c.Status != Domain.DigitalPass.ChequeStatus.InStock)));
    }

    [Fact]
    public async Task A_book_is_registered_allocated_issued_through_a_referral_redeemed_and_the_figures_match()
    {
        var office = await App.CreateOfficeAsync("42");
        var partner = await App.CreatePartnerAsync();
        await InDbAsync(async db => { (await db.Partners.FindAsync(partner.Id))!.Describe(null, "W423000999", null, acceptsPassNumerique: true); return await db.SaveChangesAsync(); });
        var mediatorAccount = await App.CreateMediatorAsync(office);
        var referral = await App.CreateReferralAsync(office, partner, mediatorAccount);

        // The admin creates the agreement and registers a book into the office's stock.
        using var admin = await App.SignedInAsync(await App.CreateAdminAsync());
        using var created = await admin.PostFormAsync("/pass-numerique",
            [new("Funder", "Département de la Loire"), new("DepartmentCode", "42"), new("Year", DateTime.UtcNow.Year.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("ChequeValue", "10"), new("Budget", "300"), new("MaxChequesPerClient", "3")]);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var page = created.Headers.Location!.OriginalString;
        var first = PassTestData.NewNumbers();
        using var book = await admin.PostFormAsync(page, [new("First", $"{first}"), new("Last", $"{first + 19}"), new("OfficeSiteCode", office.SiteCode)], action: $"{page}?handler=Book");
        Assert.Equal(HttpStatusCode.Redirect, book.StatusCode);
        await AssertErrorAsync(await admin.PostFormAsync(page, [new("First", $"{first + 10}"), new("Last", $"{first + 25}")], action: $"{page}?handler=Book"), "#First", "chevauchent le carnet déjà enregistré");
        await AssertErrorAsync(await admin.PostFormAsync(page, [new("First", $"{first + 100}"), new("Last", $"{first + 115}")], action: $"{page}?handler=Book"), "#First", "le budget de la convention ne couvre plus que 10 chèques");

        // 2. The mediator hands two cheques to the referred client; the agreement allows three.
        using var mediator = await App.SignedInAsync(mediatorAccount);
        var officePage = $"/bureaux/{office.Id}/pass-numerique";
        Assert.Contains("20 chèques", (await mediator.GetPageAsync(officePage)).QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        using var issued = await mediator.PostFormAsync($"{officePage}?orientation={referral.Id}", [new("Count", "2")]);
        Assert.Equal($"{officePage}?remis={first},{first + 1}", issued.Headers.Location?.OriginalString);
        Assert.Equal(referral.Id, await InDbAsync(db => db.Cheques.Where(c => c.Number == $"{first}").Select(c => c.ReferralId).SingleAsync()));
        await AssertErrorAsync(await mediator.PostFormAsync($"{officePage}?orientation={referral.Id}", [new("Count", "2")]), "#Count", "a déjà reçu 2 chèques");

        // The mediator is told the code to write on each cheque (issue 16 §10).
        var code = await InDbAsync(db => db.Cheques.Where(c => c.Number == $"{first}").Select(c => c.CheckCode).SingleAsync());
        Assert.Matches("^[ACDEFGHJKMNPQRTUVWXY234679]{6}$", code);
        Assert.Contains($"Chèque n° {first} : code {code}", (await mediator.GetPageAsync(issued.Headers.Location!.OriginalString)).QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);

        // 3. The accredited partner redeems one with its code; twice is refused. An unknown number, a cheque never
        // issued and a wrong code get one refusal, which tells nothing about the number.
        using var staff = await App.SignedInAsync(await App.CreatePartnerStaffAsync(partner));
        var wrongCode = code == "ACD234" ? "ACD243" : "ACD234";
        foreach (var (number, typed) in new[] { ($"{first}", wrongCode), ($"{first}", ""), ($"{first + 5}", code), ("999999999999", code) })
        {
            await AssertErrorAsync(await staff.PostFormAsync("/partenaire/pass-numerique", [new("Number", number), new("CheckCode", typed!)]), "#Number", Cheque.UnknownMessage);
        }

        using var redeemed = await staff.PostFormAsync("/partenaire/pass-numerique", [new("Number", $"{first}"), new("CheckCode", code!.ToLowerInvariant())]);
        Assert.Equal(HttpStatusCode.Redirect, redeemed.StatusCode);
        await AssertErrorAsync(await staff.PostFormAsync("/partenaire/pass-numerique", [new("Number", $"{first}"), new("CheckCode", code)]), "#Number", "déjà été encaissé par votre organisation");
        await AssertErrorAsync(await staff.PostFormAsync("/partenaire/pass-numerique", [new("Number", "douze")]), "#Number", "numéro imprimé");
        Assert.Contains($"{first}", (await staff.GetPageAsync("/partenaire/pass-numerique")).QuerySelector("table")!.TextContent, StringComparison.Ordinal);
        using var other = await App.SignedInAsync(await App.CreatePartnerStaffAsync(await App.CreatePartnerAsync()));
        await AssertErrorAsync(await other.PostFormAsync("/partenaire/pass-numerique", [new("Number", $"{first + 1}")]), "#Number", "pas habilitée");

        // 4. The department's manager sees the same figures, and can export them.
        using var manager = await App.SignedInAsync(await App.CreateManagerAsync(TerritoryLevel.Department, "42"));
        var row = (await manager.GetPageAsync("/pass-numerique")).QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains("Département de la Loire", StringComparison.Ordinal));
        var cells = row.QuerySelectorAll("td").Select(c => c.TextContent).ToList();
        Assert.StartsWith("18", cells[0], StringComparison.Ordinal);   // in stock
        Assert.StartsWith("1", cells[1], StringComparison.Ordinal);    // issued, not used yet
        Assert.Contains("10,00 €", cells[1], StringComparison.Ordinal);
        Assert.StartsWith("1", cells[2], StringComparison.Ordinal);    // redeemed
        var csv = await manager.GetStringAsync(new Uri("/pass-numerique?handler=Export", UriKind.Relative));
        Assert.Contains(";Département de la Loire;42;", csv, StringComparison.Ordinal);
        Assert.Contains(";10;0;18;1;1;0;0;0;10;10;0", csv, StringComparison.Ordinal);   // value, central, offices, issued, redeemed, expired, cancelled, lost, values (euros, French Excel)

        // Lost cheques are recorded by the office.
        using var lost = await mediator.PostFormAsync(officePage, [new("Number", $"{first + 1}")], action: $"{officePage}?handler=Void&lost=true");
        Assert.Equal(HttpStatusCode.Redirect, lost.StatusCode);
        Assert.Equal(ChequeStatus.Lost, await InDbAsync(db => db.Cheques.Where(c => c.Number == $"{first + 1}").Select(c => c.Status).SingleAsync()));
    }

    [Fact]
    public async Task A_stock_file_registers_valid_lines_and_reports_each_refused_one()
    {
        var office = await App.CreateOfficeAsync("42");
        var elsewhere = await App.CreateOfficeAsync("32");
        var (agreement, taken) = await App.CreateStockAsync(office, 10);
        using var admin = await App.SignedInAsync(await App.CreateAdminAsync());
        var first = PassTestData.NewNumbers();
        var file = $"premier;dernier;bureau\n{first};{first + 9};{office.SiteCode}\n{taken + 5};{taken + 12};\nabc;12;\n{first + 20};{first + 29};{elsewhere.SiteCode}\n{first + 30};{first + 25};\n";
        var page = $"/pass-numerique/conventions/{agreement.Id}";
        var token = await admin.AntiforgeryTokenAsync(page);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(file)) { Headers = { ContentType = new MediaTypeHeaderValue("text/csv") } }, "StockFile", "stock.csv" },
        };
        using var response = await admin.PostAsync(new Uri($"{page}?handler=Import", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await HttpHelpers.ParseAsync(response);
        Assert.Contains("1 carnet enregistré (10 chèques), 4 lignes refusées", html.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        var rejected = html.QuerySelectorAll("tbody tr").Where(r => r.ParentElement?.ParentElement?.QuerySelector("caption")?.TextContent == "Lignes refusées")
            .Select(r => (r.Children[0].TextContent, r.Children[1].TextContent)).ToList();
        Assert.Equal(["3", "4", "5", "6"], rejected.Select(r => r.Item1));
        Assert.Contains("chevauchent le carnet déjà enregistré", rejected[0].Item2, StringComparison.Ordinal);
        Assert.Contains("Premier numéro : des chiffres", rejected[1].Item2, StringComparison.Ordinal);
        Assert.Contains("n'est pas un bureau du département 42", rejected[2].Item2, StringComparison.Ordinal);
        Assert.Contains("le dernier numéro suit le premier", rejected[3].Item2, StringComparison.OrdinalIgnoreCase);
        var numbers = PassTestData.Numbers(first, 100);
        Assert.Equal(10, await InDbAsync(db => db.Cheques.CountAsync(c => numbers.Contains(c.Number) && c.OfficeId == office.Id)));
    }

    [Fact]
    public async Task A_book_is_shared_between_offices_by_a_count_or_by_numbers_and_a_double_tap_moves_once()
    {
        // Issue 18: a book of 30 cheques, 10 to one office, 10 to another, then five taken back by their numbers.
        var saintEtienne = await App.CreateOfficeAsync("42");
        var roanne = await App.CreateOfficeAsync("42");
        var (agreement, _) = await App.CreateStockAsync(saintEtienne, 1);
        using var admin = await App.SignedInAsync(await App.CreateAdminAsync());
        var page = $"/pass-numerique/conventions/{agreement.Id}";
        var first = PassTestData.NewNumbers();
        using (var book = await admin.PostFormAsync(page, [new("First", $"{first}"), new("Last", $"{first + 29}")], $"{page}?handler=Book"))
        {
            Assert.Equal(HttpStatusCode.Redirect, book.StatusCode);
        }

        var bookId = await InDbAsync(db => db.ChequeBooks.Where(b => b.AgreementId == agreement.Id && b.FirstNumber == first).Select(b => b.Id).SingleAsync());
        async Task<HttpResponseMessage> AllocateAsync(Aiguillage.Domain.Offices.Office office, string count = "", string from = "", string to = "", string? submission = null) =>
            await admin.PostFormAsync(page, [new("BookId", $"{bookId}"), new("OfficeSiteCode", office.SiteCode.ToLowerInvariant()), new("AllocateCount", count),
                new("AllocateFrom", from), new("AllocateTo", to), new(Web.Platform.Web.Submissions.FieldName, submission ?? $"{Guid.NewGuid()}")], $"{page}?handler=Allocate");
        Task<int> AtAsync(Aiguillage.Domain.Offices.Office office) => InDbAsync(db => db.Cheques.CountAsync(c => c.BookId == bookId && c.OfficeId == office.Id));

        using (var ten = await AllocateAsync(saintEtienne, count: "10"))
        {
            Assert.Equal(HttpStatusCode.Redirect, ten.StatusCode);
            var shown = await admin.GetPageAsync(ten.Headers.Location!.OriginalString);
            Assert.Equal($"10 chèques attribués au bureau {saintEtienne.Name}.", HttpHelpers.Words(shown.QuerySelector("p.notice[role=status]")!.TextContent));
        }

        // The same form twice at once (a double tap): ten move, not twenty.
        var submission = $"{Guid.NewGuid()}";
        var twice = await Task.WhenAll(AllocateAsync(roanne, count: "10", submission: submission), AllocateAsync(roanne, count: "10", submission: submission));
        Assert.All(twice, r => Assert.True(r.StatusCode == HttpStatusCode.Redirect, $"{r.StatusCode}"));
        Assert.Equal((10, 10), (await AtAsync(saintEtienne), await AtAsync(roanne)));
        Assert.Equal([first + 10, first + 19], await InDbAsync(async db => new[]
        {
            await db.Cheques.Where(c => c.BookId == bookId && c.OfficeId == roanne.Id).MinAsync(c => c.Value),
            await db.Cheques.Where(c => c.BookId == bookId && c.OfficeId == roanne.Id).MaxAsync(c => c.Value),
        }));

        // A count takes only from the central stock; numbers take back from an office.
        using (var tooMany = await AllocateAsync(roanne, count: "11"))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, tooMany.StatusCode);
            await AssertErrorAsync(tooMany, "#AllocateCount", "Ce carnet n'a plus que 10 chèques au stock central.");
        }

        using (var back = await AllocateAsync(roanne, from: $"{first + 5}", to: $"{first + 9}"))
        {
            Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        }

        Assert.Equal((5, 15), (await AtAsync(saintEtienne), await AtAsync(roanne)));
        var shownBook = (await admin.GetPageAsync(page)).QuerySelectorAll("tbody tr").Single(r => r.QuerySelector("th")!.TextContent.StartsWith($"{first} ", StringComparison.Ordinal));
        Assert.Contains("stock central : 10", HttpHelpers.Words(shownBook.TextContent), StringComparison.Ordinal);
        Assert.Contains($"{roanne.Name} : 15", HttpHelpers.Words(shownBook.TextContent), StringComparison.Ordinal);

        using (var outside = await AllocateAsync(roanne, from: $"{first + 25}", to: $"{first + 40}"))
        {
            await AssertErrorAsync(outside, "#AllocateFrom", "ne sont pas tous dans ce carnet");
        }

        using (var both = await AllocateAsync(roanne, count: "2", from: $"{first + 25}"))
        {
            await AssertErrorAsync(both, "#AllocateCount", "Indiquez un nombre de chèques ou des numéros, pas les deux.");
        }

        using (var words = await AllocateAsync(roanne, count: "dix"))
        {
            await AssertErrorAsync(words, "#AllocateCount", "s'écrit en chiffres");
        }

        foreach (var response in twice)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Twenty_parallel_redemptions_of_one_cheque_let_exactly_one_through()
    {
        var office = await App.CreateOfficeAsync("42");
        var (_, first) = await App.CreateStockAsync(office, 1);
        var client = await InDbAsync(async db =>
        {
            var c = new Aiguillage.Domain.Clients.Client(Guid.NewGuid(), $"P{Random.Shared.Next(10, 99)}-{Random.Shared.Next(200, 999)}".Replace('0', '2').Replace('1', '3'), office.Id, DateTime.UtcNow);
            db.Clients.Add(c);
            await db.SaveChangesAsync();
            return c.Id;
        });
        await InDbAsync(db => db.Cheques.Where(c => c.Number == $"{first}").ExecuteUpdateAsync(u => u.SetProperty(c => c.Status, ChequeStatus.Issued).SetProperty(c => c.ClientId, client).SetProperty(c => c.CheckCode, "ACD234")));
        var partner = await App.CreatePartnerAsync();
        await InDbAsync(async db => { (await db.Partners.FindAsync(partner.Id))!.Describe(null, "W423000998", null, acceptsPassNumerique: true); return await db.SaveChangesAsync(); });
        using var staff = await App.SignedInAsync(await App.CreatePartnerStaffAsync(partner));
        var token = await staff.AntiforgeryTokenAsync("/partenaire/pass-numerique");

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => staff.PostAsync(new Uri("/partenaire/pass-numerique", UriKind.Relative),
            new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("Number", $"{first}"), new("CheckCode", "ACD234")]))));
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Redirect));
        Assert.Equal(19, responses.Count(r => r.StatusCode == HttpStatusCode.UnprocessableEntity));
        Assert.Equal(ChequeStatus.Redeemed, await InDbAsync(db => db.Cheques.Where(c => c.Number == $"{first}").Select(c => c.Status).SingleAsync()));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Parallel_issues_to_one_client_never_pass_the_per_client_limit()
    {
        var office = await App.CreateOfficeAsync("42");
        await App.CreateStockAsync(office, 20, maxPerClient: 3);
        var mediatorAccount = await App.CreateMediatorAsync(office);
        var referral = await App.CreateReferralAsync(office, await App.CreatePartnerAsync(), mediatorAccount);
        using var mediator = await App.SignedInAsync(mediatorAccount);
        var page = $"/bureaux/{office.Id}/pass-numerique?orientation={referral.Id}";
        var token = await mediator.AntiforgeryTokenAsync(page);
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => mediator.PostAsync(new Uri(page, UriKind.Relative),
            new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("Count", "2")]))));
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Redirect));
        Assert.Equal(2, await InDbAsync(db => db.Cheques.CountAsync(c => c.ClientId == referral.ClientId)));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task A_number_printed_with_leading_zeros_reads_the_same_on_every_screen_and_form()
    {
        // Issue 16 §8: « 0000000501 » was stored and shown as « 501 »; dashes were refused when registering a book
        // and accepted when redeeming. Now the printed text is kept, and one normalisation serves every form.
        var office = await App.CreateOfficeAsync("42");
        var (agreement, _) = await App.CreateStockAsync(office, 1);
        var printed = $"0{Random.Shared.NextInt64(10_000_000, 99_999_999) * 100}";   // 11 digits, a leading zero
        var dashed = $"{printed[..4]}-{printed[4..8]}-{printed[8..]}";
        var last = $"{printed[..^1]}4";
        using var admin = await App.SignedInAsync(await App.CreateAdminAsync());
        var page = $"/pass-numerique/conventions/{agreement.Id}";
        using var book = await admin.PostFormAsync(page, [new("First", dashed), new("Last", last), new("OfficeSiteCode", office.SiteCode)], action: $"{page}?handler=Book");
        Assert.Equal(HttpStatusCode.Redirect, book.StatusCode);
        Assert.Contains($"{printed} à {last}", (await admin.GetPageAsync(page)).QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        var prefix = printed[..^1];
        Assert.Equal(5, await InDbAsync(db => db.Cheques.CountAsync(c => c.Number.StartsWith(prefix) && c.Number.Length == printed.Length)));
        await AssertErrorAsync(await admin.PostFormAsync(page, [new("First", $"{printed[1..^1]}2"), new("Last", $"{printed[1..^1]}8")], action: $"{page}?handler=Book"), "#First", "chevauchent le carnet déjà enregistré");

        var mediatorAccount = await App.CreateMediatorAsync(office);
        var referral = await App.CreateReferralAsync(office, await App.CreatePartnerAsync(), mediatorAccount);
        using var mediator = await App.SignedInAsync(mediatorAccount);
        var officePage = $"/bureaux/{office.Id}/pass-numerique";
        await InDbAsync(db => db.Cheques.Where(c => c.AgreementId == agreement.Id && c.Number.Length < printed.Length).ExecuteUpdateAsync(u => u.SetProperty(c => c.Status, ChequeStatus.Cancelled)));
        using var issued = await mediator.PostFormAsync($"{officePage}?orientation={referral.Id}", [new("Count", "1")]);
        Assert.Equal($"{officePage}?remis={printed}", issued.Headers.Location?.OriginalString);
        Assert.Equal(printed, (await mediator.GetPageAsync(officePage)).QuerySelector("tbody th")!.TextContent);

        var partner = await App.CreatePartnerAsync();
        await InDbAsync(async db => { (await db.Partners.FindAsync(partner.Id))!.Describe(null, "W423000996", null, acceptsPassNumerique: true); return await db.SaveChangesAsync(); });
        var code = await InDbAsync(db => db.Cheques.Where(c => c.Number == printed).Select(c => c.CheckCode).SingleAsync());
        using var staff = await App.SignedInAsync(await App.CreatePartnerStaffAsync(partner));
        await AssertErrorAsync(await staff.PostFormAsync("/partenaire/pass-numerique", [new("Number", printed.TrimStart('0')), new("CheckCode", code!)]), "#Number", Cheque.UnknownMessage);
        using var redeemed = await staff.PostFormAsync("/partenaire/pass-numerique", [new("Number", dashed.Replace('-', ' ')), new("CheckCode", code!)]);
        Assert.Equal($"/partenaire/pass-numerique?encaisse={printed}", redeemed.Headers.Location?.OriginalString);
        Assert.Contains($"Chèque n° {printed} enregistré", (await staff.GetPageAsync(redeemed.Headers.Location!.OriginalString)).QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(printed, (await staff.GetPageAsync("/partenaire/pass-numerique")).QuerySelector("tbody th")!.TextContent);

        // The confirmation is shown for a cheque this organisation redeemed, never for a number put in the address.
        using var otherStaff = await App.SignedInAsync(await App.CreatePartnerStaffAsync(await App.CreatePartnerAsync()));
        Assert.Null((await otherStaff.GetPageAsync($"/partenaire/pass-numerique?encaisse={printed}")).QuerySelector("[role=status]"));

        // A book registered without a printed width (numbers as they were before: leading zeros lost) is still found
        // when the partner types the zeros printed on the paper.
        var (_, plain) = await App.CreateStockAsync(office, 1);
        await InDbAsync(db => db.Cheques.Where(c => c.Number == $"{plain}").ExecuteUpdateAsync(u => u.SetProperty(c => c.Status, ChequeStatus.Issued)
            .SetProperty(c => c.ClientId, referral.ClientId).SetProperty(c => c.CheckCode, "ACD234")));
        using var legacy = await staff.PostFormAsync("/partenaire/pass-numerique", [new("Number", $"0{plain}"), new("CheckCode", "ACD234")]);
        Assert.Equal($"/partenaire/pass-numerique?encaisse={plain}", legacy.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task An_expired_cheque_reads_expired_on_the_office_page_and_cannot_be_declared_lost()
    {
        // Issue 16 §9: it still read « remis, pas encore utilisé » with « Perdu / Annuler » while the figures counted it expired.
        var office = await App.CreateOfficeAsync("42");
        var (agreement, first) = await App.CreateStockAsync(office, 1, year: DateTime.UtcNow.Year - 2);   // accepted until 31 January of last year
        var mediatorAccount = await App.CreateMediatorAsync(office);
        var referral = await App.CreateReferralAsync(office, await App.CreatePartnerAsync(), mediatorAccount);
        await InDbAsync(db => db.Cheques.Where(c => c.Number == $"{first}").ExecuteUpdateAsync(u => u.SetProperty(c => c.Status, ChequeStatus.Issued)
            .SetProperty(c => c.ClientId, referral.ClientId).SetProperty(c => c.IssuedAt, DateTime.UtcNow.AddYears(-2)).SetProperty(c => c.CheckCode, "ACD234")));
        using var mediator = await App.SignedInAsync(mediatorAccount);
        var officePage = $"/bureaux/{office.Id}/pass-numerique";
        var row = (await mediator.GetPageAsync(officePage)).QuerySelectorAll("tbody tr").Single(r => r.QuerySelector("th")!.TextContent == $"{first}");
        Assert.Contains($"expiré le 31 janvier {DateTime.UtcNow.Year - 1}, non utilisé", row.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("remis, pas encore utilisé", row.TextContent, StringComparison.Ordinal);
        Assert.Empty(row.QuerySelectorAll("button"));
        Assert.DoesNotContain("ACD234", row.TextContent, StringComparison.Ordinal);
        await AssertErrorAsync(await mediator.PostFormAsync(officePage, [new("Number", $"{first}")], action: $"{officePage}?handler=Void&lost=true"), "#Number", "a expiré");
        Assert.Equal(ChequeStatus.Issued, await InDbAsync(db => db.Cheques.Where(c => c.Number == $"{first}").Select(c => c.Status).SingleAsync()));

        // The figures call it expired too, and name the current state differently from the dashboard's monthly count.
        using var admin = await App.SignedInAsync(await App.CreateAdminAsync());
        var home = await admin.GetPageAsync("/pass-numerique");
        Assert.Contains("Chez les clients", home.QuerySelector("thead")!.TextContent, StringComparison.Ordinal);
        var cells = home.QuerySelectorAll("tbody tr").Single(r => r.QuerySelector($"a[href='/pass-numerique/conventions/{agreement.Id}']") is not null).QuerySelectorAll("td").Select(c => c.TextContent).ToList();
        Assert.StartsWith("0", cells[1], StringComparison.Ordinal);   // chez les clients
        Assert.StartsWith("1", cells[3], StringComparison.Ordinal);   // expirés
    }

    [Fact]
    public async Task Another_scope_gets_404()
    {
        var office = await App.CreateOfficeAsync("42");
        var (agreement, _) = await App.CreateStockAsync(office, 3);
        using var gers = await App.SignedInAsync(await App.CreateManagerAsync(TerritoryLevel.Department, "32"));
        Assert.Equal(HttpStatusCode.NotFound, (await gers.GetAsync(new Uri($"/pass-numerique/conventions/{agreement.Id}", UriKind.Relative))).StatusCode);
        Assert.DoesNotContain($"/pass-numerique/conventions/{agreement.Id}", await gers.GetStringAsync(new Uri("/pass-numerique", UriKind.Relative)), StringComparison.Ordinal);
        using var otherMediator = await App.SignedInAsync(await App.CreateMediatorAsync(await App.CreateOfficeAsync("42")));
        Assert.Equal(HttpStatusCode.NotFound, (await otherMediator.GetAsync(new Uri($"/bureaux/{office.Id}/pass-numerique", UriKind.Relative))).StatusCode);
        using var loire = await App.SignedInAsync(await App.CreateManagerAsync(TerritoryLevel.Department, "42"));
        using var post = await loire.PostFormAsync($"/pass-numerique/conventions/{agreement.Id}", [new("First", "1"), new("Last", "2")], action: $"/pass-numerique/conventions/{agreement.Id}?handler=Book");
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);   // managers read; only admins register (access denied)
        Assert.StartsWith("/acces-refuse", post.Headers.Location?.AbsolutePath, StringComparison.Ordinal);
    }
}

public sealed class DigitalPassTests_Sqlite(SqliteApp app) : DigitalPassTests(app), IClassFixture<SqliteApp>;

public sealed class DigitalPassTests_PostgreSql(PostgresApp app) : DigitalPassTests(app), IClassFixture<PostgresApp>;
