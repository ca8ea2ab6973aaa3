using System.Text.RegularExpressions;

namespace Aiguillage.Domain.Partners;

/// <summary>
/// A partner organisation (association…) that receives referrals: its name, its legal identifier (SIRET for a
/// company or a declared association with one, RNA for an association), the network it belongs to, and whether it is
/// accredited to accept the pass numérique.
/// </summary>
public sealed partial class Partner
{
    [GeneratedRegex(@"^\d{14}$")]
    private static partial Regex SiretPattern();

    // Répertoire national des associations: W followed by nine digits (W + department digits + serial).
    [GeneratedRegex(@"^W\d{9}$")]
    private static partial Regex RnaPattern();

    private Partner()
    {
        Name = string.Empty;
    }

    public Partner(string name) : this()
    {
        Rename(name);
    }

    public int Id { get; private set; }

    public string Name { get; private set; }

    public string? Siret { get; private set; }

    public string? Rna { get; private set; }

    /// <summary>The network it belongs to, when any (Emmaüs Connect, Pimms, Face…).</summary>
    public string? Network { get; private set; }

    public bool AcceptsPassNumerique { get; private set; }

    public void Rename(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 200)
        {
            throw new DomainException("partner.name-invalid", "Le nom du partenaire est obligatoire (200 caractères au plus).", nameof(Name));
        }

        Name = name.Trim();
    }

    /// <summary>Sets the legal identifiers, the network and the accreditation; SIRET or RNA is required.</summary>
    public void Describe(string? siret, string? rna, string? network, bool acceptsPassNumerique)
    {
        var cleanSiret = string.IsNullOrWhiteSpace(siret) ? null : new string([.. siret.Where(char.IsDigit)]);
        var cleanRna = string.IsNullOrWhiteSpace(rna) ? null : rna.Trim().ToUpperInvariant();
        if (cleanSiret is not null && (!SiretPattern().IsMatch(cleanSiret) || !LuhnValid(cleanSiret)))
        {
            throw new DomainException("partner.siret-invalid", "Le SIRET compte 14 chiffres valides (voir l'avis de situation INSEE).", nameof(Siret));
        }

        if (cleanRna is not null && !RnaPattern().IsMatch(cleanRna))
        {
            throw new DomainException("partner.rna-invalid", "Le numéro RNA a la forme W123456789.", nameof(Rna));
        }

        if (cleanSiret is null && cleanRna is null)
        {
            throw new DomainException("partner.identifier-required", "Indiquez le SIRET ou le numéro RNA de l'organisation.", nameof(Siret));
        }

        if (network is { Length: > 100 })
        {
            throw new DomainException("partner.network-invalid", "Le réseau compte 100 caractères au plus.", nameof(Network));
        }

        Siret = cleanSiret;
        Rna = cleanRna;
        Network = string.IsNullOrWhiteSpace(network) ? null : network.Trim();
        AcceptsPassNumerique = acceptsPassNumerique;
    }

    /// <summary>SIRET numbers pass the Luhn check (INSEE), except La Poste's establishments, which follow their own rule.</summary>
    private static bool LuhnValid(string digits)
    {
        if (digits.StartsWith("356000000", StringComparison.Ordinal))
        {
            return digits.Sum(c => c - '0') % 5 == 0;
        }

        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
        }

        return sum % 10 == 0;
    }
}
