using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Notifications;

namespace Aiguillage.Web.Features.Referrals;

/// <summary>
/// Every message about a referral (sent, updated, withdrawn, overdue, its session cancelled or moved) in one frame: the
/// greeting, what happened, the link to the referral, the signature. Written into the outbox with the change itself.
/// Messages carry no client data beyond the client's reference (issue 6).
/// </summary>
public sealed class ReferralMail(AppDbContext db, MailOptions mail)
{
    public void Add(string eventKey, IEnumerable<string> recipients, Guid referralId, string subject, string message, DateTime now) =>
        Outbox.Add(db, eventKey, recipients, subject, Frame(message, referralId), now);

    private string Frame(string message, Guid referralId) =>
        $"Bonjour,\n\n{message}\n\nVoir l'orientation : {mail.BaseUrl}/orientations/{referralId}\n\n— Aiguillage";
}
