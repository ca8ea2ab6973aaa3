using Aiguillage.Domain.Offices;
using Aiguillage.Domain.Partners;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Aiguillage.Web.Features.Offices;

internal sealed class OfficeConfiguration : IEntityTypeConfiguration<Office>
{
    public void Configure(EntityTypeBuilder<Office> builder)
    {
        builder.HasKey(o => o.Id);
        builder.HasIndex(o => o.SiteCode).IsUnique();
        builder.HasIndex(o => o.DepartmentCode);
        builder.HasIndex(o => o.RegionCode);
        builder.Property(o => o.SiteCode).HasMaxLength(8);
        builder.Property(o => o.ParentSiteCode).HasMaxLength(8);
        builder.Property(o => o.Name).HasMaxLength(200);
        builder.Property(o => o.Address).HasMaxLength(200);
        builder.Property(o => o.AddressComplement).HasMaxLength(200);
        builder.Property(o => o.Locality).HasMaxLength(200);
        builder.Property(o => o.PostCode).HasMaxLength(10);
        builder.Property(o => o.City).HasMaxLength(200);
        builder.Property(o => o.InseeCode).HasMaxLength(5);
        builder.Property(o => o.Country).HasMaxLength(50);
        builder.Property(o => o.DepartmentCode).HasMaxLength(3);
        builder.Property(o => o.RegionCode).HasMaxLength(3);
        builder.Property(o => o.Phone).HasMaxLength(30);
        builder.Property(o => o.Type).HasConversion<string>().HasMaxLength(40);
        builder.Property(o => o.Status).HasConversion<string>().HasMaxLength(20);

        // The roll-out of the dashboard reads the offices in the programme, a few hundred among 18,000 (issue 23 §5).
        builder.HasIndex(o => o.Status);
        builder.Property(o => o.PresenceDays).HasConversion<int>();
        builder.Property(o => o.Machines).HasConversion<int>();
        builder.Ignore(o => o.Location);
    }
}

internal sealed class ProgrammeStatusChangeConfiguration : IEntityTypeConfiguration<ProgrammeStatusChange>
{
    public void Configure(EntityTypeBuilder<ProgrammeStatusChange> builder)
    {
        builder.ToTable("ProgrammeStatusChanges");
        builder.HasKey(c => c.Id);
        builder.HasOne<Office>().WithMany().HasForeignKey(c => c.OfficeId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.OfficeId, c.EffectiveOn });
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.RecordedBy).HasMaxLength(450);
    }
}
