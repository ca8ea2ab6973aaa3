using Aiguillage.Domain.Territories;
using Microsoft.AspNetCore.Identity;

namespace Aiguillage.Web.Platform.Data;

/// <summary>
/// A person who signs in. Identity owns the credentials; we add the display name, the disabled flag and the
/// scope (ARCHITECTURE §2: what offices, partner or territory this account may see).
/// </summary>
public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = string.Empty;

    /// <summary>A disabled account cannot sign in, and its open sessions end at their next request.</summary>
    public bool IsDisabled { get; set; }

    /// <summary>Manager scope: the level of their territory.</summary>
    public TerritoryLevel? TerritoryLevel { get; set; }

    /// <summary>Manager scope: department or region code, or the office's site code.</summary>
    public string? TerritoryCode { get; set; }

    /// <summary>Partner staff scope.</summary>
    public int? PartnerId { get; set; }

    /// <summary>Mediator scope: the offices they work in.</summary>
    public List<UserOffice> Offices { get; set; } = [];

    public DateTime CreatedAt { get; set; }

    /// <summary>
    /// The password was given by an admin (a new account, a reset): the person chooses their own before anything else,
    /// so the admin who saw it no longer knows it.
    /// </summary>
    public bool MustChangePassword { get; set; }

    /// <summary>
    /// The 30-second time step of the last authenticator code accepted: a code of that step or an earlier one is
    /// refused, so a code seen over a shoulder cannot be used again (issue 9 §4, RFC 6238 §5.2).
    /// </summary>
    public long? LastTotpStep { get; set; }
}

/// <summary>A mediator's assignment to an office.</summary>
public sealed class UserOffice
{
    public string UserId { get; set; } = string.Empty;

    public int OfficeId { get; set; }
}
