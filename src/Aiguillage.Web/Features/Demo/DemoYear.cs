using Aiguillage.Domain;
using Aiguillage.Domain.Activity;
using Aiguillage.Domain.ClientMode;
using Aiguillage.Domain.Clients;
using Aiguillage.Domain.Diagnostics;
using Aiguillage.Domain.DigitalPass;
using Aiguillage.Domain.Offices;
using Aiguillage.Domain.Orientation;
using Aiguillage.Domain.Partners;
using Aiguillage.Domain.Referrals;
using Aiguillage.Web.Features.Clients;
using Aiguillage.Web.Features.Diagnostics;
using Aiguillage.Web.Features.Partners;
using Aiguillage.Web.Features.Referrals;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Demo;

/// <summary>What the year of demo made, for the log and the tests.</summary>
public sealed record DemoYearSummary(int Offices, int Diagnostics, int Rediagnoses, int Referrals, int FollowUps, int CheckIns, int ChequesIssued, int Judgements, TimeSpan Elapsed);

/// <summary>
/// A year of activity patterned on the programme (issue 20 §4; the article in docs/context says where and how it ran):
/// 300 real post offices of the Loire, the Gers, Charente-Maritime, the Haute-Loire and the Puy-de-Dôme, 100 in the
/// programme a year ago and 300 today; about 15,000 diagnostics of plausible clients (older and less at ease than the
/// population, some alone on the tablet in their language, some on paper); what the office did next; referrals to
/// partner associations through their workshops' sessions, with attendance; pass numérique cheques issued and redeemed;
/// re-diagnoses, follow-ups and check-ins; the mediators' judgements of the level. Every record is made by the domain's
/// own constructors and moves, dated when it happened, so every rule holds as it would have at the counter.
/// <para>
/// Deterministic: one seed, the same records (ids included) on every run; only the dates move with the day the database
/// is created, so that the year shown is always the last one. One question is planted, in the demo only, to be harder
/// for clients who answer it in a translation (as a clumsy translation of « démarche » would), so that the quality
/// report's DIF check has something true to find.
/// </para>
/// </summary>
public sealed class DemoYear(AppDbContext db, IServiceProvider services, TimeProvider clock, ILogger<DemoYear> logger)
{
    /// <summary>The departments of the demo year, each with its partners' town (INSEE code) and whether a pass numérique agreement funds it.</summary>
    private static readonly (string Department, string Name, bool Pass)[] Departments =
    [
        ("42", "Loire", true), ("32", "Gers", true), ("17", "Charente-Maritime", true), ("43", "Haute-Loire", false), ("63", "Puy-de-Dôme", false),
    ];

    /// <summary>The partner associations (fictitious, marked « démo »): department, name, whether accredited for the pass numérique.</summary>
    private static readonly (string Department, string Name, bool Pass)[] Partners =
    [
        ("42", "Association Numérique Solidaire (démo)", true),
        ("42", "Centre social du Forez (démo)", true),
        ("42", "Les Clés du numérique stéphanois (démo)", false),
        ("32", "Gers connecté (démo)", true),
        ("17", "Atlantique numérique (démo)", true),
        ("17", "Maison des services de Saintonge (démo)", false),
        ("43", "Velay numérique (démo)", false),
        ("63", "Dômes numériques (démo)", false),
    ];

    /// <summary>Workshop themes (services of the national standard), with the need ids of the questionnaire that lead to them.</summary>
    private static readonly (string Title, string Service, WorkshopLevel Level)[] Themes =
    [
        ("Faire ses démarches en ligne pas à pas", "Aide aux démarches administratives", WorkshopLevel.Beginner),
        ("Premiers pas avec son téléphone", "Maîtrise des outils numériques du quotidien", WorkshopLevel.Beginner),
        ("Éviter les arnaques en ligne", "Utilisation sécurisée du numérique", WorkshopLevel.Beginner),
        ("Chercher un emploi sur internet", "Insertion professionnelle via le numérique", WorkshopLevel.Intermediate),
        ("Suivre la scolarité de ses enfants", "Parentalité et éducation avec le numérique", WorkshopLevel.Beginner),
    ];

    private static readonly string[] FirstNames =
    [
        "Josiane", "Mohamed", "Fatima", "Jean", "Marie", "Michel", "Monique", "Ahmed", "Nadia", "Bernard", "Yvette", "Karim", "Sylvie", "Gérard", "Aïcha",
        "Olena", "Mamadou", "Christiane", "René", "Samira", "Daniel", "Odette", "Ioana", "Paulo", "Leïla", "Henri", "Jacqueline", "Youssef", "Colette", "Mehmet",
    ];

    /// <summary>Age bands and their weight among the programme's clients (older than the population), with the mean ease of each.</summary>
    private static readonly (string Band, double Weight, double Ease)[] Ages =
    [
        ("15-24", 5, 0.9), ("25-34", 9, 0.6), ("35-44", 12, 0.4), ("45-54", 14, 0.1), ("55-64", 17, -0.2), ("65-74", 21, -0.6), ("75+", 17, -1.1), ("nsp", 5, -0.3),
    ];

    /// <summary>Languages chosen in client mode, with their weight.</summary>
    private static readonly (string Code, double Weight)[] Languages =
    [
        ("fr", 52), ("fr-FALC", 10), ("ar", 11), ("uk", 6), ("en", 5), ("tr", 4), ("ro", 4), ("pt", 3), ("es", 2), ("prs", 3),
    ];

    /// <summary>How hard each question is (on the ease scale); K5's extra difficulty in a translation is the planted one.</summary>
    private static readonly Dictionary<string, double> Difficulty = new()
    {
        ["E1"] = -1.6, ["E2"] = -0.6, ["E3"] = -1.4, ["E4"] = -0.4, ["K1"] = -0.8, ["K2"] = -0.2, ["K3"] = 0.2, ["K4"] = -0.3, ["K5"] = 0.3,
        ["K6"] = 0.1, ["K7"] = -0.5, ["K8"] = 0.4, ["K9"] = 0.6, ["C1"] = -0.2, ["C2"] = -0.9,
    };

    public const string PlantedQuestion = "K5";
    private const double PlantedShift = 0.9;
    private const int TargetFirstDiagnostics = 13_000;

    private readonly Random _random = new(2019);
    private readonly HashSet<string> _references = [];

    public async Task<DemoYearSummary> SeedAsync(IReadOnlyDictionary<string, Office> offices, string demoMediatorId, IReadOnlyList<int> demoMediatorOffices, CancellationToken ct)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var now = clock.GetUtcNow().UtcDateTime;
        var end = now.Date;
        var start = end.AddDays(-364);
        var questionnaire = services.GetRequiredService<QuestionnaireCatalog>().Current;
        var definition = questionnaire.Definition;
        var catalogue = services.GetRequiredService<ActionCatalogue>();
        var schema = services.GetRequiredService<Domain.Partners.Standard.StandardSchema>();
        var afterSending = services.GetRequiredService<FollowUpOptions>().AfterSending;
        var contactDeadline = TimeSpan.FromDays(services.GetRequiredService<ReferralOptions>().ContactDeadlineDays);

        // The programme's offices: 100 in it a year ago, the other 200 joining week after week until today.
        var departments = Departments.Select(d => d.Department).ToHashSet();
        var programme = offices.Values.Where(o => departments.Contains(o.DepartmentCode) && o.Type == OfficeType.BureauDePoste)
            .OrderBy(o => o.Status == ProgrammeStatus.Active ? 0 : 1).ThenBy(o => o.SiteCode, StringComparer.Ordinal).ToList();
        var early = programme.Take(6).Concat(Shuffle(programme.Skip(6).ToList())).ToList();
        for (var i = 0; i < early.Count; i++)
        {
            var office = early[i];
            if (office.Status == ProgrammeStatus.Active)
            {
                continue;   // the small demo's offices, in the programme since 2019
            }

            var joined = i < 100 ? DateOnly.FromDateTime(start).AddDays(-_random.Next(30, 900)) : DateOnly.FromDateTime(start).AddDays(1 + ((i - 100) * 363 / (early.Count - 100)));
            office.SetProgramme(ProgrammeStatus.Active, null, joined);
            office.SetPresenceDays(PresenceDays());
            office.SetMachines(SelfServiceMachines.PostageKiosk | (_random.Next(2) == 0 ? SelfServiceMachines.PublicTablet : SelfServiceMachines.None));
        }

        await db.SaveChangesAsync(ct);

        // A mediator per department (and the demo mediator in her two offices), a staff account per partner.
        var hash = services.GetRequiredService<UserManager<AppUser>>().PasswordHasher.HashPassword(new AppUser(), DemoData.DemoPassword);
        var mediatorOf = new Dictionary<int, string>();
        foreach (var (code, name, _) in Departments)
        {
            var ids = programme.Where(o => o.DepartmentCode == code && !demoMediatorOffices.Contains(o.Id)).Select(o => o.Id).ToList();
            var user = await CreateUserAsync($"mediateur.{code}@demo.aiguillage.fr", $"Médiateur {name} (démo)", Roles.Mediator, hash, u => u.Offices = [.. ids.Select(id => new UserOffice { OfficeId = id })], ct);
            ids.ForEach(id => mediatorOf[id] = user.Id);
        }

        demoMediatorOffices.ToList().ForEach(id => mediatorOf[id] = demoMediatorId);

        // Partners, their places (through the national standard's importer) and their workshops' weekly sessions.
        var existing = await db.Partners.ToListAsync(ct);
        var partners = new List<DemoPartner>();
        var placesCsv = new System.Text.StringBuilder("id,pivot,nom,commune,code_postal,code_insee,adresse,latitude,longitude,horaires,date_maj,services,frais_a_charge,prise_en_charge_specifique,modalites_acces\n");
        foreach (var (department, name, pass) in Partners)
        {
            var partner = existing.FirstOrDefault(p => p.Name == name);
            if (partner is null)
            {
                partner = new Partner(name);
                partner.Describe(null, $"W{department}{_random.Next(1_000_000, 9_999_999)}", "Réseau démo", pass);
                db.Partners.Add(partner);
            }

            var towns = programme.Where(o => o.DepartmentCode == department).GroupBy(o => o.InseeCode).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().First();
            var placeId = $"demo-{Slug(name)}";
            partners.Add(new DemoPartner(partner, department, placeId, new GeoPoint(towns.Latitude + 0.004, towns.Longitude - 0.003)));
            placesCsv.Append(System.Globalization.CultureInfo.InvariantCulture, $"{placeId},00000000000000,\"Espace numérique — {name}\",{towns.City},{towns.PostCode},{towns.InseeCode},1 place de la Mairie,")
                .Append(System.Globalization.CultureInfo.InvariantCulture, $"{towns.Latitude + 0.004:0.000000},{towns.Longitude - 0.003:0.000000},\"Mo-Fr 09:00-12:00,14:00-17:00; PH off\",2026-11-02,")
                .Append("Aide aux démarches administratives|Maîtrise des outils numériques du quotidien,Gratuit,Illettrisme,Se présenter|Téléphoner\n");
        }

        await db.SaveChangesAsync(ct);
        await services.GetRequiredService<PlaceStandard>().ImportAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(placesCsv.ToString())), "demo-annee.csv", ct: ct);
        var places = await db.Places.Where(p => p.Id.StartsWith("demo-")).ToDictionaryAsync(p => p.Id, ct);
        foreach (var p in partners)
        {
            places[p.PlaceId].AttachTo(p.Partner.Id);
            p.StaffId = (await CreateUserAsync($"partenaire.{Slug(p.Partner.Name)}@demo.aiguillage.fr", $"Équipe {p.Partner.Name}", Roles.PartnerStaff, hash, u => u.PartnerId = p.Partner.Id, ct)).Id;
            var themes = Shuffle(Themes.ToList()).Take(p.Partner.Name.StartsWith("Association Numérique", StringComparison.Ordinal) ? 3 : 2).Prepend(Themes[0]).Distinct().ToList();
            var day = 1 + _random.Next(4);
            foreach (var (title, service, level) in themes)
            {
                var workshop = new Workshop(NextGuid(), p.Partner.Id);
                workshop.Describe(title, [service], level, p.Partner.AcceptsPassNumerique ? WorkshopFee.PassNumeriqueAccepted : WorkshopFee.Free, 8, schema.Services,
                    [WorkshopVocabulary.French, .. _random.Next(3) == 0 ? new[] { "arabe" } : []], ["Illettrisme"]);
                db.Workshops.Add(workshop);
                var sessions = new List<WorkshopSession>();
                for (var first = start.AddDays(-14 + ((day - (int)start.DayOfWeek + 7) % 7)); first < end.AddDays(28); first = first.AddDays(7))
                {
                    var begins = first.AddHours(12 + _random.Next(3));
                    var session = new WorkshopSession(NextGuid(), workshop, begins, begins.AddHours(2), 8, p.PlaceId, null, begins.AddDays(-21), p.Location);
                    db.WorkshopSessions.Add(session);
                    sessions.Add(session);
                }

                p.Workshops.Add((workshop, service, sessions));
                day = 1 + ((day + 1) % 5);
            }
        }

        // The pass numérique: an agreement per funded department and year, one book of cheques each.
        var agreements = new Dictionary<(string, int), (Agreement Agreement, Queue<Cheque> Stock)>();
        foreach (var (department, name, _) in Departments.Where(d => d.Pass))
        {
            for (var year = start.Year; year <= end.Year; year++)
            {
                var agreement = new Agreement($"Conseil départemental — {name}", department, year, 1_000, 1_500_000, Agreement.DefaultMaxChequesPerClient);
                db.Agreements.Add(agreement);
                agreements[(department, year)] = (agreement, new Queue<Cheque>());
            }
        }

        await db.SaveChangesAsync(ct);
        long number = 42_000_000_001;
        foreach (var ((_, year), (agreement, stock)) in agreements.OrderBy(a => a.Key.Item1, StringComparer.Ordinal).ThenBy(a => a.Key.Item2))
        {
            var book = new ChequeBook(NextGuid(), agreement.Id, ChequeRange.Create(number, number + 599, 12), Max(new DateTime(year, 1, 5, 9, 0, 0, DateTimeKind.Utc), start.AddDays(-1)));
            db.ChequeBooks.Add(book);
            foreach (var cheque in book.Cheques())
            {
                db.Cheques.Add(cheque);
                stock.Enqueue(cheque);
            }

            number += 1_000;
        }

        // The clients, day after day in each office on its presence days.
        var openDays = new List<(DateTime Day, Office Office)>();
        for (var day = start; day < end; day = day.AddDays(1))
        {
            var weekday = Weekday(day.DayOfWeek);
            openDays.AddRange(programme.Where(o => o.ActiveSince is { } since && since <= DateOnly.FromDateTime(day) && (o.PresenceDays & weekday) != 0).Select(o => (day, o)));
        }

        var perDay = (double)TargetFirstDiagnostics / openDays.Count;
        var run = new Run(definition, questionnaire.Hash, catalogue, afterSending, contactDeadline, now, agreements, partners, mediatorOf);
        foreach (var (day, office) in openDays)
        {
            for (var n = Poisson(perDay); n > 0; n--)
            {
                SimulateClient(run, office, day.AddHours(7 + _random.Next(9)).AddMinutes(_random.Next(60)));
            }
        }

        PlantInvitation(run, offices, demoMediatorOffices, now);
        await db.SaveChangesAsync(ct);
        foreach (var (sessionId, taken) in run.Seats.Where(s => s.Value > 0))
        {
            // The seats the enrolments took, by a conditional update as the app's own (ReferralService): SeatsTaken has no setter.
            await db.WorkshopSessions.Where(s => s.Id == sessionId && s.SeatsTaken == 0).ExecuteUpdateAsync(u => u.SetProperty(s => s.SeatsTaken, taken), ct);
        }

        db.ChangeTracker.Clear();
        var summary = new DemoYearSummary(programme.Count, run.Diagnostics, run.Rediagnoses, run.Referrals, run.FollowUps, run.CheckIns, run.Cheques, run.Judgements, watch.Elapsed);
        logger.LogInformation("Demo year seeded in {Seconds:F1} s: {Summary}", watch.Elapsed.TotalSeconds, summary);
        return summary;
    }

    /// <summary>One client: a diagnostic, what the office did, perhaps a referral and its journey, perhaps a re-diagnosis.</summary>
    private void SimulateClient(Run run, Office office, DateTime at)
    {
        var mediator = run.MediatorOf[office.Id];
        var age = Pick(Ages, a => a.Weight);
        var ease = age.Ease + Normal() * 0.9;
        var gender = Pick([("femme", 55.0), ("homme", 42.0), ("autre", 1.0), ("nsp", 2.0)], g => g.Item2).Item1;
        var profile = new Dictionary<string, string>
        {
            ["ageBand"] = age.Band, ["gender"] = gender,
            ["schoolChildren"] = age.Band is "25-34" or "35-44" or "45-54" ? (_random.Next(2) == 0 ? "oui" : "non") : "non",
            ["employment"] = age.Band is "65-74" or "75+" ? "retraite" : Pick([("emploi", 35.0), ("recherche", 25.0), ("sans-activite", 25.0), ("etudes", 5.0), ("autre", 10.0)], e => e.Item2).Item1,
        };
        var mode = Pick([(DiagnosticMode.Assisted, 70.0), (DiagnosticMode.Self, 18.0), (DiagnosticMode.Paper, 12.0)], m => m.Item2).Item1;
        var language = mode == DiagnosticMode.Self ? Pick(Languages, l => l.Weight).Code : null;
        Client? client = null;
        if (mode != DiagnosticMode.Paper || _random.Next(3) > 0)
        {
            client = new Client(NextGuid(), NextReference(), office.Id, at);
            if (_random.NextDouble() < 0.65)
            {
                client.GiveConsent(ConsentText.CurrentVersion, Pick(FirstNames), Mobile(), _random.Next(5) == 0 ? $"client{_random.Next(100_000)}@exemple.fr" : null, mediator, at);
            }

            db.Clients.Add(client);
        }

        var first = Diagnose(run, office, client, mode, language, profile, ease, at, mediator);
        var rank = run.Definition.Rank(first.Level);
        var tier = rank switch
        {
            <= 2 => Pick([(ActionTier.Refer, 60.0), (ActionTier.Accompany, 30.0), (ActionTier.Inform, 10.0)], t => t.Item2).Item1,
            3 => Pick([(ActionTier.Refer, 30.0), (ActionTier.Accompany, 45.0), (ActionTier.Inform, 25.0)], t => t.Item2).Item1,
            4 => Pick([(ActionTier.Refer, 10.0), (ActionTier.Accompany, 40.0), (ActionTier.Inform, 50.0)], t => t.Item2).Item1,
            _ => Pick([(ActionTier.Accompany, 20.0), (ActionTier.Inform, 80.0)], t => t.Item2).Item1,
        };
        var partner = run.Partners.Where(p => p.Department == office.DepartmentCode).ToList() is { Count: > 0 } local ? Pick(local) : null;
        if (tier == ActionTier.Refer && (client is null || partner is null))
        {
            tier = ActionTier.Accompany;   // an anonymous paper sheet is helped in the office, not referred
        }

        var acted = at.AddMinutes(20);
        if (tier != ActionTier.Refer || _random.Next(2) == 0)
        {
            var action = new RecordedAction(NextGuid(), office.Id, mediator, client?.Id, client is null ? null : first.Id, acted);
            var kind = ActionKinds.For(tier);
            action.Describe(run.Catalogue, kind, Pick(run.Catalogue.Actions.Where(a => a.Tier == tier).ToList()).Id, SelfServiceMachines.None,
                kind == ActionKind.Accompanied ? 10 + (5 * _random.Next(10)) : null, acted, acted);
            db.RecordedActions.Add(action);
        }

        var (gain, back) = tier switch
        {
            ActionTier.Inform => (0.1 + (Normal() * 0.3), at.AddDays(30 + _random.Next(150))),
            ActionTier.Accompany => (0.35 + (Normal() * 0.4), at.AddDays(30 + _random.Next(100))),
            _ => (0.15 + (Normal() * 0.4), at.AddDays(40 + _random.Next(80))),
        };
        var returns = tier switch { ActionTier.Inform => 0.08, ActionTier.Accompany => 0.2, _ => 0.25 };
        Referral? referral = null;
        if (tier == ActionTier.Refer)
        {
            (referral, var completedAt) = Refer(run, office, client!, first, partner!, language, acted, mediator);
            if (completedAt is { } done)
            {
                (gain, back, returns) = (0.75 + (Normal() * 0.5), done.AddDays(14 + _random.Next(60)), 0.55);
            }
        }

        if (client is not null && _random.NextDouble() < returns && back < run.Now.AddHours(-2))
        {
            var again = Diagnose(run, office, client, DiagnosticMode.Assisted, null, profile, ease + gain, back, mediator);
            run.Rediagnoses++;
            referral?.LinkRediagnosis(again.Id, client.Id, again.FilledAt);
        }
    }

    private Diagnostic Diagnose(Run run, Office office, Client? client, DiagnosticMode mode, string? language, Dictionary<string, string> profile, double ease, DateTime at, string mediator)
    {
        var translated = language is not null and not ("fr" or "fr-FALC");
        var answers = new Dictionary<string, string>();
        foreach (var question in run.Definition.Questions)
        {
            var b = Difficulty.GetValueOrDefault(question.Id) + (translated && question.Id == PlantedQuestion ? PlantedShift : 0);
            var scored = question.Options.Where(o => o.Kind == OptionKind.Scored).ToList();
            var special = question.Options.FirstOrDefault(o => o.Kind != OptionKind.Scored);
            if (special is not null && _random.NextDouble() < (special.Kind == OptionKind.NotApplicable ? 0.07 : ease < -0.5 ? 0.12 : 0.03))
            {
                answers[question.Id] = special.Id;
                continue;
            }

            var points = (_random.NextDouble() < Logistic(1.7 * (ease - b + 0.7)) ? 1 : 0) + (_random.NextDouble() < Logistic(1.7 * (ease - b - 0.7)) ? 1 : 0);
            answers[question.Id] = (scored.FirstOrDefault(o => o.Points == points) ?? scored.MinBy(o => Math.Abs(o.Points - points))!).Id;
        }

        var needs = Shuffle(run.Definition.Needs.Select(n => n.Id).ToList()).Take(1 + _random.Next(3)).ToList();
        if (ease < 0 && !needs.Contains("autres-demarches"))
        {
            needs[0] = Pick(["caf", "impots", "sante", "autres-demarches"]);
        }

        var received = mode == DiagnosticMode.Paper ? Min(at.AddDays(1 + _random.Next(3)), run.Now.AddMinutes(-5)) : at.AddMinutes(12);
        var diagnostic = new Diagnostic(NextGuid(), office.Id, mode, run.Definition, run.Hash, new AnswerSheet(answers, needs.Distinct().ToList(), profile), at, received, mediator, "demo", client?.Id);
        db.Diagnostics.Add(diagnostic);
        run.Diagnostics++;
        if (mode == DiagnosticMode.Self)
        {
            // Alone on the tablet, in the language chosen: the visit says which, and the mediator took the client back.
            var tablet = new ClientTablet(NextGuid(), office.Id, mediator, null, null, at.AddMinutes(-15));
            var visit = new ClientVisit(NextGuid(), tablet.Id, office.Id, diagnostic.Id, language!, at.AddMinutes(-14));
            tablet.Begin(visit);
            visit.Finish(at);
            visit.TakenOver(at.AddMinutes(2));
            visit.Clear(at.AddMinutes(3));
            tablet.Close(at.AddMinutes(3));
            db.Add(tablet);
            db.Add(visit);
        }
        else if (mode == DiagnosticMode.Assisted && _random.NextDouble() < 0.35)
        {
            // The mediator's one click: mostly « juste », off mostly where the answers and the person disagree.
            var expected = ease switch { < -1.2 => 1, < -0.5 => 2, < 0.4 => 3, _ => 4 };
            var rank = run.Definition.Rank(diagnostic.Level) - 1;
            var verdict = _random.NextDouble() < 0.75 ? LevelVerdict.Right : rank > expected ? LevelVerdict.TooHigh : rank < expected ? LevelVerdict.TooLow : Pick([LevelVerdict.TooHigh, LevelVerdict.TooLow]);
            db.LevelJudgements.Add(new LevelJudgement(diagnostic.Id, verdict, mediator, at.AddMinutes(15)));
            run.Judgements++;
        }

        return diagnostic;
    }

    /// <summary>A referral sent with the client's consent, moved by the partner as days go by; returns when it was completed, if it was.</summary>
    private (Referral Referral, DateTime? CompletedAt) Refer(Run run, Office office, Client client, Diagnostic diagnostic, DemoPartner partner, string? language, DateTime at, string mediator)
    {
        var level = run.Definition.Levels.First(l => l.Value == diagnostic.Level);
        var services = run.Definition.ServicesFor(diagnostic.Needs);
        var referral = new Referral(NextGuid(), client.Id, office.Id, diagnostic.Id, partner.Partner.Id, partner.PlaceId, null, services,
            $"{level.Label} ({run.Definition.LevelOnScale(level.Value)})", mediator, at);
        referral.Send(true, ReferralService.ConsentVersion, client.FirstName ?? Pick(FirstNames), client.Phone ?? Mobile(), client.Email, mediator, at);
        db.Referrals.Add(referral);
        run.Referrals++;
        var steps = new List<(DateTime At, Action<DateTime> Move)>();
        DateTime? completed = null;

        // Cheques handed with the referral, where an agreement funds the partner's workshops.
        var cheques = new List<Cheque>();
        if (partner.Partner.AcceptsPassNumerique && run.Agreements.TryGetValue((office.DepartmentCode, at.Year), out var funded) && _random.NextDouble() < 0.6)
        {
            for (var i = 1 + _random.Next(2); i > 0 && funded.Stock.Count > 0 && DateOnly.FromDateTime(at) <= funded.Agreement.IssuableUntil; i--)
            {
                var cheque = funded.Stock.Dequeue();
                cheque.AllocateTo(office.Id);
                cheque.Issue(funded.Agreement, office.Id, client.Id, referral.Id, cheques.Count, mediator, CheckCode(), at, DateOnly.FromDateTime(at));
                cheques.Add(cheque);
                run.Cheques++;
            }
        }

        var staff = partner.StaffId!;
        var contacted = at.AddDays(1 + _random.Next(6)).AddHours(_random.Next(3));
        var fate = _random.NextDouble();
        if (fate < 0.08)
        {
            steps.Add((contacted, t => referral.Decline(Pick([DeclineReason.Unreachable, DeclineReason.ClientNoLongerInterested, DeclineReason.NoSuitableWorkshop]), staff, t)));
        }
        else if (fate < 0.12)
        {
            steps.Add((contacted.AddDays(10), t => referral.Abandon(mediator, t)));
        }
        else if (fate < 0.18)
        {
            // Never contacted: the office's follow-up will ask why.
        }
        else
        {
            steps.Add((contacted, t => referral.MarkContacted(staff, t)));
            var workshop = partner.Workshops.FirstOrDefault(w => services.Contains(w.Service)) is { Workshop: not null } matching ? matching : Pick(partner.Workshops);
            var after = contacted.AddDays(2);
            for (var attempt = 0; attempt < 2; attempt++)
            {
                var session = workshop.Sessions.FirstOrDefault(s => s.StartsAt > after && run.Seats.GetValueOrDefault(s.Id) < s.Seats);
                if (session is null)
                {
                    break;
                }

                var enrolled = Max(after, session.StartsAt.AddDays(-6));
                steps.Add((enrolled, t => { referral.Enrol(session.Id, staff, t); run.Seats[session.Id] = run.Seats.GetValueOrDefault(session.Id) + 1; }));
                if (_random.NextDouble() < 0.78)
                {
                    steps.Add((session.EndsAt.AddMinutes(10), t => referral.MarkAttended(session.StartsAt, staff, t)));
                    foreach (var cheque in cheques)
                    {
                        var agreement = run.Agreements.Values.First(a => a.Agreement.Id == cheque.AgreementId).Agreement;
                        if (DateOnly.FromDateTime(session.EndsAt) <= agreement.AcceptedUntil)
                        {
                            steps.Add((session.EndsAt.AddMinutes(15), t => cheque.Redeem(agreement, partner.Partner.Id, true, cheque.CheckCode, partner.PlaceId, staff, t, DateOnly.FromDateTime(t))));
                        }
                    }

                    if (_random.NextDouble() < 0.92)
                    {
                        var done = session.EndsAt.AddDays(_random.Next(4)).AddHours(1);
                        steps.Add((done, t => { referral.Complete(staff, t); completed = t; }));
                    }

                    break;
                }

                steps.Add((session.EndsAt.AddMinutes(10), t => referral.MarkAbsent(session.StartsAt, staff, t)));
                after = session.EndsAt.AddDays(1);
                if (attempt == 1 || _random.Next(2) == 0)
                {
                    steps.Add((session.EndsAt.AddDays(3), t => referral.Decline(DeclineReason.ClientNoLongerInterested, staff, t)));
                    break;
                }
            }
        }

        // Played in order up to today; the follow-up is made when the daily job would have made it.
        FollowUp? followUp = null;
        var dueAfterSending = referral.SentAt!.Value + run.AfterSending + TimeSpan.FromHours(6);
        var overdueAt = referral.SentAt!.Value + run.ContactDeadline + TimeSpan.FromHours(6);
        foreach (var (when, move) in steps.Where(s => s.At <= run.Now).OrderBy(s => s.At))
        {
            if (overdueAt <= when)
            {
                referral.FlagOverdue(run.ContactDeadline, overdueAt);   // the partner was reminded then (its mail long sent)
            }

            if (followUp is null && dueAfterSending <= when)
            {
                followUp = FollowUp(run, referral, client, language, dueAfterSending);
            }

            move(when);
            if (followUp is null && referral.Status is ReferralStatus.Completed or ReferralStatus.Declined && when.AddHours(20) < run.Now)
            {
                followUp = FollowUp(run, referral, client, language, when.AddHours(20));
            }
        }

        if (overdueAt <= run.Now)
        {
            referral.FlagOverdue(run.ContactDeadline, overdueAt);
        }

        if (followUp is null && dueAfterSending < run.Now.AddHours(-2))
        {
            FollowUp(run, referral, client, language, dueAfterSending);
        }

        return (referral, completed);
    }

    private FollowUp? FollowUp(Run run, Referral referral, Client client, string? language, DateTime at)
    {
        if (FollowUpRules.Due(referral, run.AfterSending, at) is not { } reason)
        {
            return null;
        }

        var followUp = new FollowUp(NextGuid(), referral, reason, language ?? "fr", at);
        db.FollowUps.Add(followUp);
        run.FollowUps++;
        var (bySms, byEmail) = reason == FollowUpReason.Declined ? (false, false) : (client.Accepts(MessageChannel.Sms), client.Accepts(MessageChannel.Email));
        if (bySms || byEmail)
        {
            // Invited then, by the messages long since sent (and erased from the outbox, docs/adr/0022): only the token's hash is kept.
            // The token « demo-<id> » is guessable, but it is not of the link's form (22 base64url characters, OneTimeTokens.LooksValid):
            // no link opens these check-ins — and the demo exists in Development only.
            followUp.Invite(OneTimeTokens.Hash($"demo-{followUp.Id}"), at.AddDays(30), bySms, byEmail, at);
            var answered = at.AddHours(2 + _random.Next(96));
            if (_random.NextDouble() < 0.5 && answered < run.Now)
            {
                var went = referral.Status is ReferralStatus.Attended or ReferralStatus.Completed || _random.NextDouble() < 0.1;
                followUp.CheckIn(went ? CheckInAnswer.Yes : CheckInAnswer.No,
                    went ? Pick([(CheckInAnswer.Yes, 60.0), (CheckInAnswer.ABit, 30.0), (CheckInAnswer.No, 10.0)], a => a.Item2).Item1 : Pick([CheckInAnswer.No, CheckInAnswer.ABit]), answered);
                run.CheckIns++;
            }
        }

        var closed = at.AddDays(1 + _random.Next(20));
        if (closed < run.Now.AddDays(-3))
        {
            followUp.Close(run.MediatorOf[referral.OfficeId], closed);
        }

        return followUp;
    }

    /// <summary>
    /// The demo's check-in by SMS: a client who answered alone in Arabic in the demo mediator's office, referred, her
    /// workshop done this morning. Her follow-up is left to the daily job, which invites her on the app's first run: the
    /// SMS lands in data/outbox/sms/ with a link to the check-in in Arabic.
    /// </summary>
    private void PlantInvitation(Run run, IReadOnlyDictionary<string, Office> offices, IReadOnlyList<int> demoMediatorOffices, DateTime now)
    {
        var office = offices.Values.First(o => o.Id == demoMediatorOffices[0]);
        var partner = run.Partners.First(p => p.Department == office.DepartmentCode);
        var mediator = run.MediatorOf[office.Id];
        var at = now.AddDays(-12);
        var client = new Client(NextGuid(), NextReference(), office.Id, at);
        client.GiveConsent(ConsentText.CurrentVersion, "Samira", "06 12 34 56 78", null, mediator, at);
        db.Clients.Add(client);
        var profile = new Dictionary<string, string> { ["ageBand"] = "35-44", ["gender"] = "femme", ["schoolChildren"] = "oui", ["employment"] = "recherche" };
        var diagnostic = Diagnose(run, office, client, DiagnosticMode.Self, "ar", profile, -1.2, at, mediator);
        var services = run.Definition.ServicesFor(diagnostic.Needs);
        var level = run.Definition.Levels.First(l => l.Value == diagnostic.Level);
        var referral = new Referral(NextGuid(), client.Id, office.Id, diagnostic.Id, partner.Partner.Id, partner.PlaceId, null, services, $"{level.Label} ({run.Definition.LevelOnScale(level.Value)})", mediator, at.AddMinutes(20));
        referral.Send(true, ReferralService.ConsentVersion, "Samira", "06 12 34 56 78", null, mediator, at.AddMinutes(20));
        referral.MarkContacted(partner.StaffId!, at.AddDays(2));
        var session = partner.Workshops.SelectMany(w => w.Sessions).Where(s => s.EndsAt < now.AddHours(-1) && run.Seats.GetValueOrDefault(s.Id) < s.Seats).MaxBy(s => s.StartsAt)!;
        referral.Enrol(session.Id, partner.StaffId!, Min(at.AddDays(3), session.StartsAt.AddHours(-1)));
        run.Seats[session.Id] = run.Seats.GetValueOrDefault(session.Id) + 1;
        referral.MarkAttended(session.StartsAt, partner.StaffId!, session.EndsAt);
        referral.Complete(partner.StaffId!, now.AddHours(-1));
        db.Referrals.Add(referral);
        run.Referrals++;
    }

    private async Task<AppUser> CreateUserAsync(string email, string name, string role, string passwordHash, Action<AppUser> scope, CancellationToken ct)
    {
        var users = services.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, CreatedAt = clock.GetUtcNow().UtcDateTime, PasswordHash = passwordHash };
        scope(user);
        var result = await users.CreateAsync(user);
        if (result.Succeeded)
        {
            result = await users.AddToRoleAsync(user, role);
        }

        return result.Succeeded ? user : throw new InvalidOperationException($"Demo account {email}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
    }

    private Weekdays PresenceDays()
    {
        Weekdays[] days = [Weekdays.Monday, Weekdays.Tuesday, Weekdays.Wednesday, Weekdays.Thursday, Weekdays.Friday];
        return Shuffle(days.ToList()).Take(2 + _random.Next(2)).Aggregate(Weekdays.None, (all, d) => all | d);
    }

    private static Weekdays Weekday(DayOfWeek day) => day switch
    {
        DayOfWeek.Monday => Weekdays.Monday,
        DayOfWeek.Tuesday => Weekdays.Tuesday,
        DayOfWeek.Wednesday => Weekdays.Wednesday,
        DayOfWeek.Thursday => Weekdays.Thursday,
        DayOfWeek.Friday => Weekdays.Friday,
        DayOfWeek.Saturday => Weekdays.Saturday,
        _ => Weekdays.None,
    };

    private Guid NextGuid()
    {
        var bytes = new byte[16];
        _random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);   // version 4, as a random id would be
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    private string NextReference()
    {
        while (true)
        {
            var chars = Enumerable.Range(0, 6).Select(_ => Client.Alphabet[_random.Next(Client.Alphabet.Length)]).ToArray();
            var reference = $"{new string(chars, 0, 3)}-{new string(chars, 3, 3)}";
            if (_references.Add(reference))
            {
                return reference;
            }
        }
    }

    private string Mobile() => $"0{6 + _random.Next(2)}{_random.Next(10_000_000, 99_999_999)}";

    private string CheckCode() => new([.. Enumerable.Range(0, ChequeCheckCode.Length).Select(_ => ChequeCheckCode.Alphabet[_random.Next(ChequeCheckCode.Alphabet.Length)])]);

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private T Pick<T>(IReadOnlyList<T> items, Func<T, double> weight)
    {
        var x = _random.NextDouble() * items.Sum(weight);
        foreach (var item in items)
        {
            x -= weight(item);
            if (x < 0)
            {
                return item;
            }
        }

        return items[^1];
    }

    private List<T> Shuffle<T>(List<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = _random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }

        return items;
    }

    private double Normal() => Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());

    private int Poisson(double mean)
    {
        var (limit, product, count) = (Math.Exp(-mean), _random.NextDouble(), 0);
        while (product > limit)
        {
            count++;
            product *= _random.NextDouble();
        }

        return count;
    }

    private static double Logistic(double x) => 1 / (1 + Math.Exp(-x));

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private static string Slug(string name) => new([.. name.ToLowerInvariant().Normalize(System.Text.NormalizationForm.FormD)
        .Where(c => char.IsAsciiLetterOrDigit(c) || c == ' ').Select(c => c == ' ' ? '-' : c)]);

    private sealed class DemoPartner(Partner partner, string department, string placeId, GeoPoint location)
    {
        public Partner Partner { get; } = partner;

        public string Department { get; } = department;

        public string PlaceId { get; } = placeId;

        public GeoPoint Location { get; } = location;

        public string? StaffId { get; set; }

        public List<(Workshop Workshop, string Service, List<WorkshopSession> Sessions)> Workshops { get; } = [];
    }

    private sealed class Run(QuestionnaireDefinition definition, string hash, ActionCatalogue catalogue, TimeSpan afterSending, TimeSpan contactDeadline, DateTime now,
        Dictionary<(string, int), (Agreement Agreement, Queue<Cheque> Stock)> agreements, List<DemoPartner> partners, Dictionary<int, string> mediatorOf)
    {
        public QuestionnaireDefinition Definition { get; } = definition;

        public string Hash { get; } = hash;

        public ActionCatalogue Catalogue { get; } = catalogue;

        public TimeSpan AfterSending { get; } = afterSending;

        public TimeSpan ContactDeadline { get; } = contactDeadline;

        public DateTime Now { get; } = now;

        public Dictionary<(string, int), (Agreement Agreement, Queue<Cheque> Stock)> Agreements { get; } = agreements;

        public List<DemoPartner> Partners { get; } = partners;

        public Dictionary<int, string> MediatorOf { get; } = mediatorOf;

        public Dictionary<Guid, int> Seats { get; } = [];

        public int Diagnostics { get; set; }

        public int Rediagnoses { get; set; }

        public int Referrals { get; set; }

        public int FollowUps { get; set; }

        public int CheckIns { get; set; }

        public int Cheques { get; set; }

        public int Judgements { get; set; }
    }
}
