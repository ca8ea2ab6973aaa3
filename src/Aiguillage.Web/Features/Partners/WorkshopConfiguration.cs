using Aiguillage.Domain.Offices;
using Aiguillage.Domain.Partners;
using Aiguillage.Web.Features.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Aiguillage.Web.Features.Partners;

internal sealed class WorkshopConfiguration : IEntityTypeConfiguration<Workshop>
{
    public void Configure(EntityTypeBuilder<Workshop> builder)
    {
        builder.HasKey(w => w.Id);
        builder.Property(w => w.Id).ValueGeneratedNever();
        builder.HasOne<Partner>().WithMany().HasForeignKey(w => w.PartnerId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(w => w.Title).HasMaxLength(200);
        builder.Property(w => w.Services).AsJson<IReadOnlyList<string>, List<string>>().HasMaxLength(1000);
        builder.Property(w => w.Languages).AsJson<IReadOnlyList<string>, List<string>>().HasMaxLength(1000);
        builder.Property(w => w.Accessibility).AsJson<IReadOnlyList<string>, List<string>>().HasMaxLength(1000);
        builder.Property(w => w.Level).HasConversion<string>().HasMaxLength(20);
        builder.Property(w => w.Fee).HasConversion<string>().HasMaxLength(30);
    }
}

internal sealed class WorkshopSessionConfiguration : IEntityTypeConfiguration<WorkshopSession>
{
    public void Configure(EntityTypeBuilder<WorkshopSession> builder)
    {
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.HasOne<Workshop>().WithMany().HasForeignKey(s => s.WorkshopId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Place>().WithMany().HasForeignKey(s => s.PlaceId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Office>().WithMany().HasForeignKey(s => s.OfficeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(s => new { s.PlaceId, s.StartsAt });
        builder.HasIndex(s => new { s.OfficeId, s.StartsAt });
        builder.HasIndex(s => new { s.StartsAt, s.Latitude, s.Longitude });
        builder.Property(s => s.PlaceId).HasMaxLength(200);
    }
}
