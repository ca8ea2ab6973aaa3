using Aiguillage.Domain.Offices;
using Aiguillage.Domain.Partners;
using Aiguillage.Domain.Territories;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Aiguillage.Web.Platform.Territories;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Aiguillage.Testing;

public sealed record TestAccount(string Id, string Email, string Password, string Role);

/// <summary>Builders with sensible defaults: ask only for what the test is about.</summary>
public static class TestData
{
    public const string Password = "mot-de-passe-de-test-2026";

    private static int _sequence = 10_000;

    private static int Next() => Interlocked.Increment(ref _sequence);

    /// <summary>
    /// Folds the steering cells until no diagnostic is left out, as the background runner would over its next ticks.
    /// One pass is not enough on PostgreSQL: its fold stops below any transaction of the database still open (a job of
    /// the runner, another test's request), and a dashboard read right after one pass once missed diagnostics on a
    /// loaded machine. Waits on that condition, up to a minute.
    /// </summary>
    public static async Task FoldSteeringAsync(this AppFactory app)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            using var scope = app.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<Aiguillage.Web.Features.Steering.SteeringCube>().RunAsync(CancellationToken.None);
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            if (!await Aiguillage.Web.Features.Steering.SteeringCube.AnyUnfoldedDiagnosticAsync(db, new DateTime(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc), CancellationToken.None))
            {
                return;
            }

            if (waited.Elapsed > TimeSpan.FromMinutes(1))
            {
                throw new TimeoutException("Diagnostics are still not folded after a minute: a transaction of this database stays open.");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>
    /// An open connection of its own to the app's database, as an operator, a tool or another instance would write: no
    /// interceptor of the app sees what goes through it.
    /// </summary>
    public static async Task<System.Data.Common.DbConnection> OpenOutsideConnectionAsync(this AppFactory app)
    {
        string connectionString;
        using (var scope = app.Services.CreateScope())
        {
            connectionString = scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.GetConnectionString()!;
        }

        System.Data.Common.DbConnection connection = app.Provider == DatabaseProvider.PostgreSql
            ? new Npgsql.NpgsqlConnection(connectionString) : new Microsoft.Data.Sqlite.SqliteConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }

    public static async Task<Office> CreateOfficeAsync(
        this AppFactory app, string department = "42", string? siteCode = null, string? name = null,
        ProgrammeStatus status = ProgrammeStatus.Active, Weekdays days = Weekdays.Monday | Weekdays.Thursday, string? phone = null)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var territories = scope.ServiceProvider.GetRequiredService<TerritoryDirectory>();
        var n = Next();
        var code = siteCode ?? $"{n:00000}T";
        var office = new Office(new PointOfContact(
            code, name ?? $"BUREAU DE TEST {n}", OfficeType.BureauDePoste, null, $"{n % 200} RUE DE LA POSTE", null, null,
            $"{department.PadRight(2, '0')}000"[..5], "VILLE DE TEST", $"{department}001"[..5], "FRANCE", department,
            territories.RegionOfDepartment(department) ?? throw new ArgumentException($"unknown department {department}"),
            45.4, 4.39, phone));
        if (status != ProgrammeStatus.NotEnrolled)
        {
            office.SetProgramme(status, new DateOnly(2019, 1, 7), status == ProgrammeStatus.Active ? new DateOnly(2019, 9, 2) : null);
        }

        office.SetPresenceDays(days);
        db.Offices.Add(office);
        await db.SaveChangesAsync();
        return office;
    }

    public static async Task<Partner> CreatePartnerAsync(this AppFactory app, string? name = null)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var partner = new Partner(name ?? $"Association de test {Next()}");
        db.Partners.Add(partner);
        await db.SaveChangesAsync();
        return partner;
    }

    public static Task<TestAccount> CreateMediatorAsync(this AppFactory app, params Office[] offices) =>
        app.CreateAccountAsync(Roles.Mediator, user => user.Offices = [.. offices.Select(o => new UserOffice { OfficeId = o.Id })]);

    public static Task<TestAccount> CreatePartnerStaffAsync(this AppFactory app, Partner partner) =>
        app.CreateAccountAsync(Roles.PartnerStaff, user => user.PartnerId = partner.Id);

    public static Task<TestAccount> CreateManagerAsync(this AppFactory app, TerritoryLevel level = TerritoryLevel.Department, string? code = "42") =>
        app.CreateAccountAsync(Roles.Manager, user => { user.TerritoryLevel = level; user.TerritoryCode = code; });

    public static Task<TestAccount> CreateAdminAsync(this AppFactory app) => app.CreateAccountAsync(Roles.Admin, _ => { });

    public static async Task<TestAccount> CreateAccountAsync(this AppFactory app, string role, Action<AppUser> scope)
    {
        using var services = app.Services.CreateScope();
        var users = services.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var email = $"{role.ToLowerInvariant()}.{Next()}@test.aiguillage.fr";
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = $"{Roles.Label(role)} de test", CreatedAt = DateTime.UtcNow };
        scope(user);
        var result = await users.CreateAsync(user, Password);
        if (result.Succeeded)
        {
            result = await users.AddToRoleAsync(user, role);
        }

        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }

        return new TestAccount(user.Id, email, Password, role);
    }
}

/// <summary>Help places, workshops and sessions for tests, through the real importer and entities.</summary>
public static class PartnerTestData
{
    public const string Outils = "Maîtrise des outils numériques du quotidien";

    public const string Demarches = "Aide aux démarches administratives";

    /// <summary>A place of the partner near the test offices (45.4, 4.39), with a workshop and a session in three days.</summary>
    public static async Task<(string PlaceId, Aiguillage.Domain.Partners.Workshop Workshop)> CreatePlaceWithSessionAsync(this AppFactory app, Partner partner, string title = "Atelier démarches en ligne")
    {
        using var scope = app.Services.CreateScope();
        var sp = scope.ServiceProvider;
        var placeId = $"lieu-{Guid.NewGuid():N}";
        var csv = "id,pivot,nom,commune,code_postal,adresse,latitude,longitude,horaires,date_maj,services,frais_a_charge\n"
            + $"{placeId},43493312300029,Espace numérique {partner.Name},Saint-Étienne,42000,1 rue de la Paix,45.4012,4.3915,Mo-Fr 09:00-12:00,2026-01-05,{Demarches},Gratuit\n";
        var report = await sp.GetRequiredService<Aiguillage.Web.Features.Partners.PlaceStandard>().ImportAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv)), "lieux.csv");
        if (report.Rejected.Count > 0)
        {
            throw new InvalidOperationException(report.Rejected[0].Reason);
        }

        var db = sp.GetRequiredService<AppDbContext>();
        var place = await db.Places.FindAsync(placeId);
        place!.AttachTo(partner.Id);
        var workshop = new Aiguillage.Domain.Partners.Workshop(Guid.NewGuid(), partner.Id);
        workshop.Describe(title, [Demarches], Aiguillage.Domain.Partners.WorkshopLevel.Beginner, Aiguillage.Domain.Partners.WorkshopFee.Free, 8, new HashSet<string> { Demarches });
        db.Workshops.Add(workshop);
        var start = DateTime.UtcNow.Date.AddDays(3).AddHours(13);
        db.WorkshopSessions.Add(new Aiguillage.Domain.Partners.WorkshopSession(Guid.NewGuid(), workshop, start, start.AddHours(2), 8, placeId, null, DateTime.UtcNow, new Aiguillage.Domain.Partners.GeoPoint(45.4012, 4.3915)));
        await db.SaveChangesAsync();
        return (placeId, workshop);
    }

    /// <summary>A session of the partner's workshop with exactly <paramref name="seats"/> seats, in three days.</summary>
    public static async Task<Guid> CreateSessionAsync(this AppFactory app, Aiguillage.Domain.Partners.Workshop workshop, string placeId, int seats)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var start = DateTime.UtcNow.Date.AddDays(3).AddHours(9);
        var session = new Aiguillage.Domain.Partners.WorkshopSession(Guid.NewGuid(), workshop, start, start.AddHours(2), seats, placeId, null, DateTime.UtcNow, new Aiguillage.Domain.Partners.GeoPoint(45.4012, 4.3915));
        db.WorkshopSessions.Add(session);
        await db.SaveChangesAsync();
        return session.Id;
    }
}

/// <summary>Referrals straight into the database, for tests about what happens after they are sent.</summary>
public static class ReferralTestData
{
    public static async Task<Aiguillage.Domain.Referrals.Referral> CreateReferralAsync(this AppFactory app, Office office, Partner partner, TestAccount mediator,
        bool contacted = false, DateTime? sentAt = null, string firstName = "Awa", string? phone = "0612345678", string? email = null, bool followUp = false, Guid? diagnosticId = null)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = sentAt ?? DateTime.UtcNow;
        var client = await scope.ServiceProvider.GetRequiredService<Aiguillage.Web.Features.Clients.ClientRegistry>().CreateAsync(office.Id, CancellationToken.None);
        if (followUp)
        {
            // The client also agreed, on their page, that the office keeps the same details to recontact them.
            client.GiveConsent(Aiguillage.Web.Features.Clients.ConsentText.CurrentVersion, firstName, phone, email, mediator.Id, now);
        }

        var referral = new Aiguillage.Domain.Referrals.Referral(Guid.NewGuid(), client.Id, office.Id, diagnosticId, partner.Id, null, null,
            [PartnerTestData.Demarches], "Débutant (niveau 3 sur 5)", mediator.Id, now);
        referral.Send(true, Aiguillage.Web.Features.Referrals.ReferralService.ConsentVersion, firstName, phone, email, mediator.Id, now);
        if (contacted)
        {
            referral.MarkContacted(mediator.Id, now);
        }

        db.Referrals.Add(referral);
        await db.SaveChangesAsync();
        return referral;
    }
}

/// <summary>Pass numérique agreements and cheques straight into the database.</summary>
public static class PassTestData
{
    /// <summary>A fresh, unused block of cheque numbers (numbers are unique across the whole database).</summary>
    public static long NewNumbers() => Random.Shared.NextInt64(1, 90_000_000) * 1000;

    /// <summary>The printed numbers of <paramref name="count"/> cheques from <paramref name="first"/> (no leading zeros).</summary>
    public static string[] Numbers(long first, int count) => [.. Enumerable.Range(0, count).Select(i => (first + i).ToString(System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>An agreement of this year for the department, with <paramref name="count"/> cheques in the office's stock.</summary>
    public static async Task<(Aiguillage.Domain.DigitalPass.Agreement Agreement, long First)> CreateStockAsync(this AppFactory app, Office office, int count, int maxPerClient = 5, int? year = null)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var agreement = new Aiguillage.Domain.DigitalPass.Agreement("Financeur de test", office.DepartmentCode, year ?? DateTime.UtcNow.Year, 1000, 1_000_000, maxPerClient);
        db.Agreements.Add(agreement);
        await db.SaveChangesAsync();
        var first = NewNumbers();
        var book = new Aiguillage.Domain.DigitalPass.ChequeBook(Guid.NewGuid(), agreement.Id, Aiguillage.Domain.DigitalPass.ChequeRange.Create(first, first + count - 1), DateTime.UtcNow);
        db.ChequeBooks.Add(book);
        foreach (var cheque in book.Cheques())
        {
            cheque.AllocateTo(office.Id);
            db.Cheques.Add(cheque);
        }

        await db.SaveChangesAsync();
        return (agreement, first);
    }
}
