using Aiguillage.Domain.Audit;
using Aiguillage.Domain.DigitalPass;
using Aiguillage.Domain.Clients;
using Aiguillage.Domain.Diagnostics;
using Aiguillage.Domain.Activity;
using Aiguillage.Domain.Orientation;
using Aiguillage.Domain.Referrals;
using Aiguillage.Web.Features.Diagnostics;
using Aiguillage.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Clients;

/// <summary>
/// Everything held about one client (issue 9 §3, RGPD art. 15 and 20): who they are to us, their consents, diagnostics
/// with every answer in words, actions noted, referrals with each step, cheques, and the journal lines about them
/// (views, consents, referrals, cheques). Read for the admin's page and for the JSON handed to the person.
/// </summary>
public sealed class PersonalDataReport(AppDbContext db, QuestionnaireCatalog questionnaires, ActionCatalogue catalogue, TimeProvider clock)
{
    public sealed record Report(
        ClientPart Client,
        IReadOnlyList<ConsentPart> Consents,
        IReadOnlyList<DiagnosticPart> Diagnostics,
        IReadOnlyList<ActionPart> Actions,
        IReadOnlyList<ReferralPart> Referrals,
        IReadOnlyList<ChequePart> Cheques,
        IReadOnlyList<JournalPart> Journal);

    public sealed record ClientPart(Guid Id, string Reference, DateTime CreatedAt, string FirstOffice, string? FirstName, string? Phone, string? Email, DateTime? AnonymisedAt);

    public sealed record ConsentPart(string Purpose, string TextVersion, DateTime GivenAt, string GivenBy, DateTime? WithdrawnAt, string? WithdrawnBy);

    public sealed record AnswerPart(string Question, string Answer);

    public sealed record DiagnosticPart(Guid Id, DateTime FilledAt, string Office, string Mode, int Level, string LevelLabel, bool Illectronisme,
        IReadOnlyList<AnswerPart> Answers, IReadOnlyList<string> Needs, IReadOnlyList<AnswerPart> Profile);

    public sealed record ActionPart(DateTime OccurredAt, string Office, string Kind, string? Title, int? DurationMinutes, string By);

    public sealed record StepPart(DateTime At, string Status, string? Reason, string By);

    public sealed record ReferralPart(Guid Id, DateTime CreatedAt, string Office, string Partner, string Status, IReadOnlyList<string> NeedsShared,
        DateTime? ContactSharedAt, DateTime? ContactSharingWithdrawnAt, string? SharedFirstName, string? SharedPhone, string? SharedEmail, IReadOnlyList<StepPart> Steps);

    public sealed record ChequePart(string Number, string Status, DateTime? IssuedAt, DateTime? RedeemedAt, decimal Value);

    public sealed record JournalPart(DateTime At, string Action, string By, string Subject, string Outcome);

    /// <summary>Finds a client by the reference they hold; null when no client has it (an anonymised one no longer does).</summary>
    public async Task<Guid?> FindAsync(string typed, CancellationToken ct)
    {
        var reference = Domain.Clients.Client.NormaliseReference(typed);
        return await db.Clients.Where(c => c.Reference == reference).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
    }

    public async Task<Report> BuildAsync(Guid clientId, CancellationToken ct)
    {
        var client = await db.Clients.AsNoTracking().Include(c => c.Consents).SingleAsync(c => c.Id == clientId, ct);
        var offices = db.Offices.AsNoTracking();
        var names = new Dictionary<string, string>();

        var firstOffice = await offices.Where(o => o.Id == client.OfficeId).Select(o => o.Name).SingleAsync(ct);
        var diagnostics = await (from d in db.Diagnostics.AsNoTracking()
                                 join o in offices on d.OfficeId equals o.Id
                                 where d.ClientId == clientId
                                 orderby d.FilledAt
                                 select new { d, Office = o.Name }).ToListAsync(ct);
        var actions = await (from a in db.RecordedActions.AsNoTracking()
                             join o in offices on a.OfficeId equals o.Id
                             where a.ClientId == clientId
                             orderby a.OccurredAt
                             select new { a, Office = o.Name }).ToListAsync(ct);
        var referrals = await (from r in db.Referrals.AsNoTracking()
                               join o in offices on r.OfficeId equals o.Id
                               join p in db.Partners on r.PartnerId equals p.Id
                               where r.ClientId == clientId
                               orderby r.CreatedAt
                               select new { r, Office = o.Name, Partner = p.Name }).ToListAsync(ct);
        var referralIds = referrals.Select(x => x.r.Id).ToList();
        // Steps of one instant (proposed and sent together) in the order of the journey.
        var steps = (await db.ReferralEvents.AsNoTracking().Where(e => referralIds.Contains(e.ReferralId)).ToListAsync(ct))
            .OrderBy(e => e.At).ThenBy(e => e.Sequence).ToList();
        var cheques = await (from c in db.Cheques.AsNoTracking()
                             join a in db.Agreements on c.AgreementId equals a.Id
                             where c.ClientId == clientId
                             orderby c.IssuedAt
                             select new { c.Number, c.Status, c.IssuedAt, c.RedeemedAt, a.ChequeValueCents, a.AcceptedUntil }).ToListAsync(ct);
        var today = Platform.Web.ParisTime.Today(clock);

        // The journal lines about this client: their page, their consents, their referrals, their cheques.
        var subjects = new List<string> { $"client:{clientId}" };
        subjects.AddRange(referralIds.Select(id => $"orientation:{id}"));
        subjects.AddRange(cheques.Select(c => $"cheque:{c.Number}"));
        var journal = await db.AuditEvents.AsNoTracking().Where(e => subjects.Contains(e.Subject)).OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(ct);

        var userIds = client.Consents.SelectMany(c => new[] { c.GivenBy, c.WithdrawnBy })
            .Concat(actions.Select(a => a.a.MediatorId)).Concat(steps.Select(s => s.ByUserId)).Concat(journal.Select(j => j.UserId))
            .OfType<string>().Distinct().ToList();
        foreach (var user in await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName }).ToListAsync(ct))
        {
            names[user.Id] = user.DisplayName;
        }

        string Who(string? id) => id is null ? "le système" : names.GetValueOrDefault(id, id switch
        {
            ClientAnonymiser.ByRetention => "le système (durée de conservation)",
            // The migration of issue 16 §4: a follow-up consent once recorded under the sharing text, withdrawn.
            "systeme" => "le système (accord enregistré sous un autre texte)",
            _ => "compte supprimé",
        });

        return new Report(
            new ClientPart(client.Id, client.Reference, client.CreatedAt, firstOffice, client.FirstName, client.Phone, client.Email, client.AnonymisedAt),
            [.. client.Consents.OrderBy(c => c.GivenAt).Select(c => new ConsentPart("Être recontacté pour le suivi", c.TextVersion, c.GivenAt, Who(c.GivenBy), c.WithdrawnAt, c.WithdrawnAt is null ? null : Who(c.WithdrawnBy)))],
            [.. diagnostics.Select(x => Describe(x.d, x.Office))],
            [.. actions.Select(x => new ActionPart(x.a.OccurredAt, x.Office, x.a.Kind.Label(), x.a.CatalogueActionId is null ? null : catalogue.Find(x.a.CatalogueActionId)?.Title, x.a.DurationMinutes, Who(x.a.MediatorId)))],
            [.. referrals.Select(x => new ReferralPart(x.r.Id, x.r.CreatedAt, x.Office, x.Partner, x.r.Status.Label(), x.r.Needs, x.r.ConsentGivenAt, x.r.ConsentWithdrawnAt,
                x.r.ContactFirstName, x.r.ContactPhone, x.r.ContactEmail,
                [.. steps.Where(s => s.ReferralId == x.r.Id).Select(s => new StepPart(s.At, s.To.Label(), s.Reason?.Label(), Who(s.ByUserId)))]))],
            [.. cheques.Select(c => new ChequePart(c.Number, c.Status.Label(c.Status is ChequeStatus.InStock or ChequeStatus.Issued && today > c.AcceptedUntil ? c.AcceptedUntil : null), c.IssuedAt, c.RedeemedAt, c.ChequeValueCents / 100m))],
            [.. journal.Select(j => new JournalPart(j.At, j.Action.Label(), Who(j.UserId), j.Subject, j.Outcome == AuditOutcome.Success ? "réussi" : "refusé"))]);
    }

    private DiagnosticPart Describe(Domain.Diagnostics.Diagnostic d, string office)
    {
        var definition = questionnaires.Find(d.QuestionnaireId, d.QuestionnaireVersion)?.Definition;
        var answers = d.Answers.Select(a =>
        {
            var question = definition?.FindQuestion(a.Key);
            return new AnswerPart(question?.Text ?? a.Key, question?.Options.FirstOrDefault(o => o.Id == a.Value)?.Label ?? a.Value);
        }).ToList();
        var needs = d.Needs.Select(n => definition?.Needs.FirstOrDefault(x => x.Id == n)?.Label ?? n).ToList();
        var profile = d.Profile.Select(p =>
        {
            var question = definition?.Profile.FirstOrDefault(q => q.Id == p.Key);
            return new AnswerPart(question?.Label ?? p.Key, question?.Options.FirstOrDefault(o => o.Id == p.Value)?.Label ?? p.Value);
        }).ToList();
        var levelLabel = definition?.Levels.FirstOrDefault(l => l.Value == d.Level)?.Label ?? d.Level.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new DiagnosticPart(d.Id, d.FilledAt, office, d.Mode.Label(), d.Level, levelLabel, d.Illectronisme, answers, needs, profile);
    }
}
