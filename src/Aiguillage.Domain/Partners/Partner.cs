namespace Aiguillage.Domain.Partners;

/// <summary>
/// A partner organisation (association…) that receives referrals. Only what account scoping needs for now;
/// the directory capability (places, workshops, national standard) extends it.
/// </summary>
public sealed class Partner
{
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

    public void Rename(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 200)
        {
            throw new DomainException("partner.name-invalid", "Le nom du partenaire est obligatoire (200 caractères au plus).", nameof(Name));
        }

        Name = name.Trim();
    }
}
