using Aiguillage.Domain.Referrals;
using Aiguillage.Web.Platform.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Referrals;

/// <summary>One client to hear from again, as the office's page lists it.</summary>
public sealed record FollowUpRow(Guid ReferralId, string ClientReference, string Reason, string PartnerName, DateTime Since, string Invitation, string? Answers, bool Rediagnosed);

/// <summary>
/// « Suivis à faire » on the office's page (issue 20 §1): the open follow-ups of the office, oldest first, each with its
/// reason, whether the client was invited or can only be seen at their next visit, their check-in answers, and whether
/// they were diagnosed again. The office page checked the reader's scope; only the office's own rows are read here.
/// </summary>
public sealed class FollowUpsPanelViewComponent(AppDbContext db, FollowUpOptions options) : ViewComponent
{
    public const int Shown = 30;

    public async Task<IViewComponentResult> InvokeAsync(int officeId)
    {
        var ct = HttpContext.RequestAborted;
        var open = db.FollowUps.AsNoTracking().Where(f => f.OfficeId == officeId && f.ClosedAt == null);
        var total = await open.CountAsync(ct);
        var rows = await (from f in open
                          join r in db.Referrals on f.ReferralId equals r.Id
                          join c in db.Clients on f.ClientId equals c.Id
                          join p in db.Partners on r.PartnerId equals p.Id
                          orderby f.CreatedAt
                          select new { f, r.RediagnosisId, c.Reference, Partner = p.Name, Consented = c.Consents.Any(x => x.WithdrawnAt == null) }).Take(Shown).ToListAsync(ct);
        var model = new FollowUpsPanel(officeId, total, [.. rows.Select(x => new FollowUpRow(
            x.f.ReferralId, x.Reference, x.f.Reason.Label(options.WeeksAfterSending), x.Partner, x.f.CreatedAt, Invitation(x.f, x.Consented), Answers(x.f), x.RediagnosisId is not null))]);
        return View("/Features/Referrals/_FollowUps.cshtml", model);
    }

    /// <summary>How the client was invited, or why not, in a sentence; <paramref name="consented"/>: they agree to be contacted by the office.</summary>
    public static string Invitation(FollowUp f, bool consented) => (f.InvitedBySms, f.InvitedByEmail, f.AnsweredAt) switch
    {
        (_, _, not null) => "Le client a répondu au questionnaire de suivi",
        (true, true, _) => "Questionnaire de suivi envoyé par SMS et par e-mail, sans réponse pour l'instant",
        (true, false, _) => "Questionnaire de suivi envoyé par SMS, sans réponse pour l'instant",
        (false, true, _) => "Questionnaire de suivi envoyé par e-mail, sans réponse pour l'instant",
        _ when f.Reason == FollowUpReason.Declined => "Pas de questionnaire de suivi, puisqu'il n'y a pas eu d'atelier : à appeler ou à revoir à son prochain passage",
        _ when consented => "Pas de portable ni d'e-mail pour l'inviter, ou messages arrêtés par le client : à appeler ou à revoir à son prochain passage",
        _ => "Le client n'a pas donné son accord pour être recontacté : à voir à son prochain passage",
    };

    public static string? Answers(FollowUp f) => f is { Attended: { } attended, Helps: { } helps }
        ? $"Allé à l'atelier : {attended.Label()} · Cela l'aide pour ses démarches : {helps.Label()}"
        : null;
}

public sealed record FollowUpsPanel(int OfficeId, int Total, IReadOnlyList<FollowUpRow> Rows);
