using Aiguillage.Domain.Partners;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Aiguillage.Web.Features.Partners.ApiKeys;

internal sealed class PartnerApiKeyConfiguration : IEntityTypeConfiguration<PartnerApiKey>
{
    public void Configure(EntityTypeBuilder<PartnerApiKey> builder)
    {
        builder.ToTable("PartnerApiKeys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Name).HasMaxLength(PartnerApiKey.MaxNameLength);
        builder.Property(k => k.Prefix).HasMaxLength(16);
        builder.HasIndex(k => k.Prefix).IsUnique();
        builder.Property(k => k.SecretHash).HasMaxLength(64);
        builder.Property(k => k.CreatedBy).HasMaxLength(450);
        builder.Property(k => k.RevokedBy).HasMaxLength(450);
        builder.HasOne<Partner>().WithMany().HasForeignKey(k => k.PartnerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(k => k.PartnerId);
    }
}
