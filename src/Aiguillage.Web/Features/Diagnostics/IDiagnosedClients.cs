using Aiguillage.Domain.Clients;
using Microsoft.AspNetCore.Mvc.ModelBinding;

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

public static class DiagnosedClients
{
    /// <summary>
    /// The returning client a form names by the reference typed in <paramref name="field"/>, or null for a new client
    /// (nothing typed). A reference that finds nobody in the user's offices is an error on that field, and the answer is
    /// false: a mistyped reference never silently becomes a new client.
    /// </summary>
    public static async Task<(bool Known, Client? Client)> ReturningAsync(this IDiagnosedClients clients, string? typed, ModelStateDictionary modelState, string field, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(typed))
        {
            return (true, null);
        }

        if (await clients.FindAsync(typed, ct) is { } client)
        {
            return (true, client);
        }

        modelState.AddModelError(field, "Aucun client avec cette référence dans vos bureaux. Vérifiez la référence (forme ABC-234) ou laissez la case vide pour un nouveau client.");
        return (false, null);
    }
}
