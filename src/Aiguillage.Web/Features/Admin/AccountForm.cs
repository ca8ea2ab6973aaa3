using System.ComponentModel.DataAnnotations;
using Aiguillage.Domain.Territories;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Aiguillage.Web.Platform.Territories;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Admin;

/// <summary>What an admin types to set an account's role and scope.</summary>
public sealed class AccountScopeInput
{
    [Required(ErrorMessage = "Choisissez un rôle.")]
    [Display(Name = "Rôle")]
    public string Role { get; set; } = Roles.Mediator;

    [StringLength(500, ErrorMessage = "La liste des codes des bureaux compte 500 caractères au plus.")]
    [Display(Name = "Codes des bureaux")]
    public string? OfficeSiteCodes { get; set; }

    [Display(Name = "Organisation partenaire")]
    public int? PartnerId { get; set; }

    [Display(Name = "Niveau du territoire")]
    public TerritoryLevel? TerritoryLevel { get; set; }

    [StringLength(10, ErrorMessage = "Le code du territoire compte 10 caractères au plus.")]
    [Display(Name = "Code du territoire")]
    public string? TerritoryCode { get; set; }
}

/// <summary>The scope as it will be stored, after checking every code exists.</summary>
public sealed record ResolvedScope(string Role, IReadOnlyList<int> OfficeIds, int? PartnerId, TerritoryLevel? Level, string? Code);

public static class AccountScopes
{
    /// <summary>
    /// Checks the role and the scope that goes with it; adds a French error on the right field when something is
    /// missing or unknown. Returns null when the input cannot be saved.
    /// </summary>
    public static async Task<ResolvedScope?> ResolveAsync(AccountScopeInput input, string prefix, ModelStateDictionary modelState, AppDbContext db, TerritoryDirectory territories, CancellationToken ct)
    {
        string Key(string field) => $"{prefix}.{field}";
        if (!Roles.All.Contains(input.Role))
        {
            modelState.AddModelError(Key(nameof(input.Role)), "Choisissez un rôle dans la liste.");
            return null;
        }

        switch (input.Role)
        {
            case Roles.Mediator:
                var codes = (input.OfficeSiteCodes ?? string.Empty)
                    .Split([',', ';', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)
                    .Select(c => c.ToUpperInvariant()).Distinct().ToList();
                if (codes.Count == 0)
                {
                    modelState.AddModelError(Key(nameof(input.OfficeSiteCodes)), "Indiquez au moins un code de bureau (par exemple 07933A, écrit sur la fiche du bureau).");
                    return null;
                }

                var offices = await db.Offices.Where(o => codes.Contains(o.SiteCode)).Select(o => new { o.Id, o.SiteCode }).ToListAsync(ct);
                var unknown = codes.Except(offices.Select(o => o.SiteCode)).ToList();
                if (unknown.Count > 0)
                {
                    modelState.AddModelError(Key(nameof(input.OfficeSiteCodes)), $"Code de bureau inconnu : {string.Join(", ", unknown)}.");
                    return null;
                }

                return new(input.Role, offices.Select(o => o.Id).ToList(), null, null, null);

            case Roles.PartnerStaff:
                if (input.PartnerId is not { } partnerId || !await db.Partners.AnyAsync(p => p.Id == partnerId, ct))
                {
                    modelState.AddModelError(Key(nameof(input.PartnerId)), "Choisissez l'organisation partenaire du compte.");
                    return null;
                }

                return new(input.Role, [], partnerId, null, null);

            case Roles.Manager:
                var code = input.TerritoryCode?.Trim().ToUpperInvariant();
                switch (input.TerritoryLevel)
                {
                    case null:
                        modelState.AddModelError(Key(nameof(input.TerritoryLevel)), "Choisissez le niveau du territoire.");
                        return null;
                    case Domain.Territories.TerritoryLevel.Nation:
                        return new(input.Role, [], null, Domain.Territories.TerritoryLevel.Nation, null);
                    case Domain.Territories.TerritoryLevel.Department when code is not null && territories.FindDepartment(code) is not null:
                    case Domain.Territories.TerritoryLevel.Region when code is not null && territories.FindRegion(code) is not null:
                        return new(input.Role, [], null, input.TerritoryLevel, code);
                    case Domain.Territories.TerritoryLevel.Office when code is not null && await db.Offices.AnyAsync(o => o.SiteCode == code, ct):
                        return new(input.Role, [], null, input.TerritoryLevel, code);
                    default:
                        modelState.AddModelError(Key(nameof(input.TerritoryCode)), input.TerritoryLevel switch
                        {
                            Domain.Territories.TerritoryLevel.Department => "Indiquez un code de département existant (par exemple 42 ou 2A).",
                            Domain.Territories.TerritoryLevel.Region => "Indiquez un code de région existant (par exemple 84).",
                            _ => "Indiquez le code d'un bureau existant (par exemple 07933A, écrit sur la fiche du bureau).",
                        });
                        return null;
                }

            default:
                return new(input.Role, [], null, null, null);
        }
    }

    /// <summary>Writes the resolved scope onto the account; the previous scope is replaced entirely.</summary>
    public static void Apply(AppUser user, ResolvedScope scope)
    {
        user.PartnerId = scope.PartnerId;
        user.TerritoryLevel = scope.Level;
        user.TerritoryCode = scope.Code;
        user.Offices.RemoveAll(o => !scope.OfficeIds.Contains(o.OfficeId));
        foreach (var id in scope.OfficeIds.Where(id => user.Offices.All(o => o.OfficeId != id)))
        {
            user.Offices.Add(new UserOffice { UserId = user.Id, OfficeId = id });
        }
    }

    public static string LevelLabel(TerritoryLevel level) => level switch
    {
        Domain.Territories.TerritoryLevel.Office => "Un bureau",
        Domain.Territories.TerritoryLevel.Department => "Un département",
        Domain.Territories.TerritoryLevel.Region => "Une région",
        _ => "France entière",
    };
}
