using Aiguillage.Domain.Partners;
using Aiguillage.Web.Features.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Aiguillage.Web.Features.Partners;

internal sealed class PlaceConfiguration : IEntityTypeConfiguration<Place>
{
    public void Configure(EntityTypeBuilder<Place> builder)
    {
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).HasMaxLength(200).ValueGeneratedNever();
        builder.HasOne<Partner>().WithMany().HasForeignKey(p => p.PartnerId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(p => p.Name).HasMaxLength(500);
        builder.Property(p => p.Commune).HasMaxLength(200);
        builder.Property(p => p.PostCode).HasMaxLength(5);
        builder.Property(p => p.InseeCode).HasMaxLength(5);
        builder.HasIndex(p => p.InseeCode);
        builder.HasIndex(p => new { p.Latitude, p.Longitude });
        builder.Property(p => p.Services).AsJson<IReadOnlyList<string>, List<string>>().HasMaxLength(2000);
        builder.Property(p => p.Fees).AsJson<IReadOnlyList<string>, List<string>>().HasMaxLength(200);
        builder.Property(p => p.SpecificSupport).AsJson<IReadOnlyList<string>, List<string>>().HasMaxLength(1000);
        builder.Property(p => p.Hours).HasMaxLength(5000);
        builder.Property(p => p.Fields).AsJson<IReadOnlyDictionary<string, string>, SortedDictionary<string, string>>();
    }
}
