using Aiguillage.Domain.Offices;
using Aiguillage.Domain.Partners;
using Aiguillage.Domain.Territories;
using Aiguillage.Web.Features.Offices;
using Aiguillage.Web.Features.Partners;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Aiguillage.Web.Platform.Startup;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Demo;

/// <summary>
/// The demo (docs/adr/0005), on an empty Development database only: real offices, one partner with a place, a workshop
/// and sessions, one account per role. It uses Offices and Partners through their own importers; no area uses it.
/// </summary>
public sealed class DemoData(IServiceProvider services, AppDbContext db, IHostEnvironment environment, IConfiguration configuration, TimeProvider clock) : IDemoData
{
    /// <summary>Demo password, shared by the demo accounts. Development only; printed to the console.</summary>
    public const string DemoPassword = "Aiguillage-demo-2026";

    /// <summary>
    /// Demo authenticator key of the manager and admin accounts, who must use two-factor authentication (issue 9 §4).
    /// Development only, public like the password; printed to the console and in the README.
    /// </summary>
    public const string DemoAuthenticatorKey = "AIGUILLAGEDEMOKEYTOTPABCDEFGHIJK";

    public static readonly IReadOnlyList<(string Email, string Name, string Role)> DemoAccounts =
    [
        ("mediateur@demo.aiguillage.fr", "Camille Médiatrice", Roles.Mediator),
        ("partenaire@demo.aiguillage.fr", "Karim Partenaire", Roles.PartnerStaff),
        ("pilote@demo.aiguillage.fr", "Sophie Pilote", Roles.Manager),
        ("admin@demo.aiguillage.fr", "Alex Administrateur", Roles.Admin),
    ];

    public async Task SeedAsync(CancellationToken ct)
    {
        if (await db.Offices.AnyAsync(ct))
        {
            return;
        }

        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger<DemoData>();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        // A year of activity by default (issue 20 §4); Demo:Size=small keeps the tiny set: 21 offices, one partner, no diagnostic.
        var year = !string.Equals(configuration["Demo:Size"], "small", StringComparison.OrdinalIgnoreCase);
        await using (var file = File.OpenRead(Path.Combine(environment.ContentRootPath, "Content", "demo", year ? "bureaux-annee.csv" : "bureaux-demo.csv")))
        {
            await services.GetRequiredService<OfficeImporter>().ImportAsync(file, cancellationToken: ct);
        }

        var offices = await db.Offices.ToDictionaryAsync(o => o.SiteCode, ct);
        var weekdays = Weekdays.Monday | Weekdays.Tuesday | Weekdays.Thursday;
        foreach (var code in new[] { "07933A", "08013A", "07999A", "08001A", "02866A", "02865A" })
        {
            offices[code].SetProgramme(ProgrammeStatus.Active, new DateOnly(2019, 1, 7), new DateOnly(2019, 9, 2));
            offices[code].SetPresenceDays(weekdays);
            offices[code].SetMachines(SelfServiceMachines.PostageKiosk | SelfServiceMachines.CashMachine | SelfServiceMachines.PublicTablet);
        }

        foreach (var code in new[] { "05653A", "05736A" })
        {
            offices[code].SetProgramme(ProgrammeStatus.Pilot, new DateOnly(2019, 1, 7), null);
            offices[code].SetPresenceDays(Weekdays.Wednesday);
            offices[code].SetMachines(SelfServiceMachines.PostageKiosk);
        }

        var partner = new Partner("Association Numérique Solidaire (démo)");
        partner.Describe(null, "W423000123", "Réseau démo", acceptsPassNumerique: true);
        db.Partners.Add(partner);
        await db.SaveChangesAsync(ct);
        await SeedWorkshopsAsync(partner, offices["07933A"], ct);

        var users = services.GetRequiredService<UserManager<AppUser>>();
        foreach (var (email, name, role) in DemoAccounts)
        {
            var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, CreatedAt = clock.GetUtcNow().UtcDateTime };
            switch (role)
            {
                case Roles.Mediator:
                    user.Offices = [new UserOffice { OfficeId = offices["07933A"].Id }, new UserOffice { OfficeId = offices["08013A"].Id }];
                    break;
                case Roles.PartnerStaff:
                    user.PartnerId = partner.Id;
                    break;
                case Roles.Manager:
                    user.TerritoryLevel = TerritoryLevel.Department;
                    user.TerritoryCode = "42";
                    break;
                default:
                    break;
            }

            var result = await users.CreateAsync(user, DemoPassword);
            if (result.Succeeded)
            {
                result = await users.AddToRoleAsync(user, role);
            }

            if (result.Succeeded && role is Roles.Manager or Roles.Admin)
            {
                var keys = (IUserAuthenticatorKeyStore<AppUser>)services.GetRequiredService<IUserStore<AppUser>>();
                await keys.SetAuthenticatorKeyAsync(user, DemoAuthenticatorKey, CancellationToken.None);
                user.TwoFactorEnabled = true;
                result = await users.UpdateAsync(user);
            }

            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"Demo account {email}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
            }
        }

        logger.LogInformation("Demo data seeded: {Offices} offices, 1 partner, {Accounts} accounts", offices.Count, DemoAccounts.Count);
        if (year)
        {
            var mediator = await users.FindByEmailAsync(DemoAccounts[0].Email);
            await services.GetRequiredService<DemoYear>().SeedAsync(offices, mediator!.Id, [offices["07933A"].Id, offices["08013A"].Id], ct);
        }

        logger.LogInformation("Demo seeded in {Seconds:F1} s (Demo:Size={Size})", watch.Elapsed.TotalSeconds, year ? "year" : "small");
    }

    /// <summary>
    /// A place of the demo partner in Saint-Étienne (in the national standard, through the real importer), a workshop
    /// and sessions in the coming two weeks, one of them in an office: enough to refer a client in a demo. Sessions
    /// are dated from the day the database is created.
    /// </summary>
    private async Task SeedWorkshopsAsync(Partner partner, Office office, CancellationToken ct)
    {
        var csv = "id,pivot,nom,commune,code_postal,code_insee,adresse,latitude,longitude,horaires,date_maj,services,frais_a_charge,prise_en_charge_specifique,modalites_acces\n"
            + "demo-espace-jaures,00000000000000,Espace numérique Jean Jaurès (démo),Saint-Étienne,42000,42218,2 place Jean Jaurès,45.4413,4.3871,"
            + "\"Mo-Fr 09:00-12:00,14:00-17:00; PH off\",2026-11-02,Aide aux démarches administratives|Maîtrise des outils numériques du quotidien,Gratuit,Illettrisme,Se présenter|Téléphoner\n";
        await services.GetRequiredService<PlaceStandard>().ImportAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv)), "demo.csv", ct: ct);
        var place = await db.Places.FirstAsync(p => p.Id == "demo-espace-jaures", ct);
        place.AttachTo(partner.Id);
        var schema = services.GetRequiredService<Domain.Partners.Standard.StandardSchema>();
        var workshop = new Workshop(Guid.NewGuid(), partner.Id);
        workshop.Describe("Faire ses démarches en ligne pas à pas", ["Aide aux démarches administratives"], WorkshopLevel.Beginner, WorkshopFee.PassNumeriqueAccepted, 8, schema.Services,
            [Domain.Partners.WorkshopVocabulary.French, "arabe"], ["Illettrisme"]);
        db.Workshops.Add(workshop);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var days in new[] { 2, 5, 9 })
        {
            var start = now.Date.AddDays(days).AddHours(13);
            db.WorkshopSessions.Add(new WorkshopSession(Guid.NewGuid(), workshop, start, start.AddHours(2), 8, days == 5 ? null : place.Id, days == 5 ? office.Id : null, now,
                days == 5 ? new GeoPoint(office.Latitude, office.Longitude) : new GeoPoint(place.Latitude!.Value, place.Longitude!.Value)));
        }

        await db.SaveChangesAsync(ct);
    }
}
