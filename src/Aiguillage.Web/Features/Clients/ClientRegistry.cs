using System.Security.Cryptography;
using Aiguillage.Domain.Clients;
using Aiguillage.Web.Features.Offices;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Clients;

/// <summary>Anonymous clients: a new one with a fresh reference, or a returning one found by their reference.</summary>
public sealed class ClientRegistry(AppDbContext db, ScopeService scopes, TimeProvider clock) : Diagnostics.IDiagnosedClients
{
    /// <summary>A returning client by the reference they typed or showed, within the offices of this user's scope.</summary>
    public async Task<Client?> FindAsync(string typed, CancellationToken ct)
    {
        var reference = Client.NormaliseReference(typed);
        var visibleOffices = db.Offices.VisibleTo(await scopes.GetAsync(ct)).Select(o => o.Id);
        return await db.Clients.FirstOrDefaultAsync(c => c.Reference == reference && visibleOffices.Contains(c.OfficeId), ct);
    }

    /// <summary>
    /// Returning clients who lost their reference (issue 18), found by the first name and the phone or e-mail they gave
    /// when they consented to be contacted: only clients with an active consent (withdrawal and anonymisation erase the
    /// details, so nothing else can match), only in this user's offices, and only on both pieces at once — a first name
    /// alone finds nobody. Null when the contact is neither a French phone number nor an e-mail address.
    /// </summary>
    public async Task<IReadOnlyList<Client>?> SearchAsync(string firstName, string contact, CancellationToken ct)
    {
        var visibleOffices = db.Offices.VisibleTo(await scopes.GetAsync(ct)).Select(o => o.Id);
        var inScope = db.Clients.Where(c => c.FirstName != null && c.AnonymisedAt == null &&
            (visibleOffices.Contains(c.OfficeId) || db.Diagnostics.Any(d => d.ClientId == c.Id && visibleOffices.Contains(d.OfficeId))));

        List<Client> candidates;
        if (ContactDetails.PhoneForms(contact) is var (national, international))
        {
            candidates = await inScope.Where(c => c.Phone == national || c.Phone == international).ToListAsync(ct);
        }
        else if (contact.Contains('@', StringComparison.Ordinal))
        {
            var email = contact.Trim().ToLowerInvariant();
#pragma warning disable CA1862 // EF translates ToLower() to SQL lower(); string.Equals with a comparison does not translate.
            candidates = await inScope.Where(c => c.Email != null && c.Email.ToLower() == email).ToListAsync(ct);
#pragma warning restore CA1862
        }
        else
        {
            return null;
        }

        // The first name is compared here, accents aside, which neither database's lower() does alike.
        return [.. candidates.Where(c => ContactDetails.SameFirstName(c.FirstName, firstName)).OrderByDescending(c => c.CreatedAt)];
    }

    /// <summary>
    /// A client this user may see: first seen in one of their offices, or diagnosed in one. Tracked, with consents,
    /// for the client page to change. Null for a missing or foreign id alike.
    /// </summary>
    public async Task<Client?> FindByIdAsync(Guid id, CancellationToken ct)
    {
        var visibleOffices = db.Offices.VisibleTo(await scopes.GetAsync(ct)).Select(o => o.Id);
        return await db.Clients.Include(c => c.Consents)
            .Where(c => c.Id == id && (visibleOffices.Contains(c.OfficeId) || db.Diagnostics.Any(d => d.ClientId == c.Id && visibleOffices.Contains(d.OfficeId))))
            .FirstOrDefaultAsync(ct);
    }

    /// <summary>Adds a new client (saved with the caller's next SaveChanges).</summary>
    public async Task<Client> CreateAsync(int officeId, CancellationToken ct)
    {
        var client = new Client(Guid.NewGuid(), await NewReferenceAsync(db, ct), officeId, clock.GetUtcNow().UtcDateTime);
        db.Clients.Add(client);
        return client;
    }

    /// <summary>A reference no client holds yet: for a new client, or to replace an anonymised client's.</summary>
    public static async Task<string> NewReferenceAsync(AppDbContext db, CancellationToken ct)
    {
        // 31^6 ≈ 887 million codes: a collision is rare, and checked.
        string reference;
        do
        {
            var code = RandomNumberGenerator.GetString(Client.Alphabet, 6);
            reference = $"{code[..3]}-{code[3..]}";
        }
        while (await db.Clients.AnyAsync(c => c.Reference == reference, ct) || db.Clients.Local.Any(c => c.Reference == reference));

        return reference;
    }
}
