using Microsoft.AspNetCore.Identity;

namespace Aiguillage.Web.Platform.Security;

/// <summary>Identity's messages in plain French, for the admin pages and the <c>admin create</c> command.</summary>
public sealed class FrenchIdentityErrorDescriber : IdentityErrorDescriber
{
    public override IdentityError PasswordTooShort(int length) =>
        new() { Code = nameof(PasswordTooShort), Description = $"Le mot de passe doit compter au moins {length} caractères." };

    public override IdentityError DuplicateEmail(string email) =>
        new() { Code = nameof(DuplicateEmail), Description = $"Un compte existe déjà avec l'adresse {email}." };

    public override IdentityError DuplicateUserName(string userName) =>
        new() { Code = nameof(DuplicateUserName), Description = $"Un compte existe déjà avec l'adresse {userName}." };

    public override IdentityError InvalidEmail(string? email) =>
        new() { Code = nameof(InvalidEmail), Description = $"L'adresse « {email} » n'est pas une adresse e-mail valide." };

    public override IdentityError InvalidUserName(string? userName) =>
        new() { Code = nameof(InvalidUserName), Description = $"L'identifiant « {userName} » contient des caractères non autorisés." };
}
