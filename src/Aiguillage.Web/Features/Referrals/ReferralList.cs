using Aiguillage.Domain.Referrals;
using Aiguillage.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Referrals;

/// <summary>A line of a referral list (partner inbox, office follow-up).</summary>
public sealed record ReferralRow(Guid Id, DateTime CreatedAt, string ClientReference, string? FirstName, string Partner, string Office, ReferralStatus Status, bool Overdue, IReadOnlyList<string> Needs);

public static class ReferralList
{
    public static async Task<List<ReferralRow>> RowsAsync(AppDbContext db, IQueryable<Referral> referrals, CancellationToken ct)
    {
        var rows = await (from r in referrals.AsNoTracking()
                          join c in db.Clients on r.ClientId equals c.Id
                          join p in db.Partners on r.PartnerId equals p.Id
                          join o in db.Offices on r.OfficeId equals o.Id
                          orderby r.CreatedAt descending
                          select new { r.Id, r.CreatedAt, c.Reference, r.ContactFirstName, Partner = p.Name, Office = o.Name, r.Status, r.OverdueSince, r.Needs })
            .Take(500).ToListAsync(ct);
        return [.. rows.Select(r => new ReferralRow(r.Id, r.CreatedAt, r.Reference, r.ContactFirstName,
            r.Partner, r.Office, r.Status, r.OverdueSince is not null && r.Status == ReferralStatus.Sent, r.Needs))];
    }
}
