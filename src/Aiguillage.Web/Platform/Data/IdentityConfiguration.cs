using Aiguillage.Domain.Partners;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Aiguillage.Web.Platform.Data;

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(200);
        builder.Property(u => u.TerritoryCode).HasMaxLength(10);
        builder.Property(u => u.TerritoryLevel).HasConversion<string>().HasMaxLength(20);
        builder.HasOne<Partner>().WithMany().HasForeignKey(u => u.PartnerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(u => u.Offices).WithOne().HasForeignKey(o => o.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class UserOfficeConfiguration : IEntityTypeConfiguration<UserOffice>
{
    public void Configure(EntityTypeBuilder<UserOffice> builder)
    {
        builder.ToTable("UserOffices");
        builder.HasKey(u => new { u.UserId, u.OfficeId });
        builder.HasOne<Aiguillage.Domain.Offices.Office>().WithMany().HasForeignKey(u => u.OfficeId).OnDelete(DeleteBehavior.Cascade);
    }
}
