using Aiguillage.Domain.Clients;

namespace Aiguillage.Web.Features.Diagnostics;

/// <summary>
/// The client a diagnostic belongs to, as Diagnostics needs it: a returning one by the reference they show, or a new
/// one. The register is the Clients area's (<c>ClientRegistry</c> implements this), and Clients reads diagnostics for
/// the client's page: declaring the need here keeps the dependency one way, Clients → Diagnostics (docs/adr/0021).
/// </summary>
public interface IDiagnosedClients
{
    /// <summary>A returning client by the reference they typed or showed, within the offices of this user's scope.</summary>
    Task<Client?> FindAsync(string typed, CancellationToken ct);

    /// <summary>A new client of this office, with a fresh reference.</summary>
    Task<Client> CreateAsync(int officeId, CancellationToken ct);
}
