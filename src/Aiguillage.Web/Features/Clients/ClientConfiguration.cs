using Aiguillage.Domain.Clients;
using Aiguillage.Domain.Offices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Aiguillage.Web.Features.Clients;

internal sealed class ClientConfiguration : IEntityTypeConfiguration<Client>
{
    public void Configure(EntityTypeBuilder<Client> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Reference).HasMaxLength(7);
        builder.HasIndex(c => c.Reference).IsUnique();
        builder.HasOne<Office>().WithMany().HasForeignKey(c => c.OfficeId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(c => c.FirstName).HasMaxLength(ContactDetails.MaxFirstName);
        builder.Property(c => c.Phone).HasMaxLength(20);
        builder.Property(c => c.Email).HasMaxLength(254);
        builder.HasMany(c => c.Consents).WithOne().HasForeignKey(x => x.ClientId).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(c => c.ActiveConsent);

        // The retention job looks for clients not yet anonymised, oldest first.
        builder.HasIndex(c => new { c.AnonymisedAt, c.CreatedAt });
    }
}

internal sealed class ClientConsentConfiguration : IEntityTypeConfiguration<ClientConsent>
{
    public void Configure(EntityTypeBuilder<ClientConsent> builder)
    {
        builder.ToTable("ClientConsents");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Purpose).HasConversion<string>().HasMaxLength(30);
        builder.Property(c => c.TextVersion).HasMaxLength(30);
        builder.Property(c => c.GivenBy).HasMaxLength(450);
        builder.Property(c => c.WithdrawnBy).HasMaxLength(450);
    }
}
