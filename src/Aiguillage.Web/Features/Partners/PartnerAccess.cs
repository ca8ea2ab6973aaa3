using Aiguillage.Domain.Partners;
using Aiguillage.Domain.Territories;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Partners;

/// <summary>
/// Which partner organisation the signed-in user manages: partner staff their own (whatever they ask for), admins
/// the one they name (<c>?partenaire=</c>). Anyone else, or an unknown organisation, gets none (the page answers 404).
/// </summary>
public sealed class PartnerAccess(AppDbContext db, ScopeService scopes)
{
    public async Task<Partner?> ResolveAsync(int? requested, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var id = scope.Kind == ScopeKind.Partner ? scope.PartnerId : scope.IsNation ? requested : null;
        return id is null ? null : await db.Partners.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
    }

    /// <summary>The query string that keeps an admin on the same organisation from page to page.</summary>
    public static string Suffix(Partner partner, UserScope scope) => scope.IsNation ? $"?partenaire={partner.Id}" : string.Empty;
}
