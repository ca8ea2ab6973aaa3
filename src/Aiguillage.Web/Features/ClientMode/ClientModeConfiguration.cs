using Aiguillage.Domain.ClientMode;
using Aiguillage.Domain.Offices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Aiguillage.Web.Features.ClientMode;

internal sealed class ClientTabletConfiguration : IEntityTypeConfiguration<ClientTablet>
{
    public void Configure(EntityTypeBuilder<ClientTablet> builder)
    {
        builder.ToTable("ClientTablets");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.OpenedBy).HasMaxLength(450);
        builder.Property(t => t.ExitCodeHash).HasMaxLength(200);
        builder.HasOne<Office>().WithMany().HasForeignKey(t => t.OfficeId).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(t => t.IsOpen);
        builder.Ignore(t => t.ExitCodeUsable);

        // The office page counts the tablets open in it.
        builder.HasIndex(t => new { t.OfficeId, t.ClosedAt });
    }
}

internal sealed class ClientVisitConfiguration : IEntityTypeConfiguration<ClientVisit>
{
    public void Configure(EntityTypeBuilder<ClientVisit> builder)
    {
        builder.ToTable("ClientVisits");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Id).ValueGeneratedNever();
        builder.Property(v => v.Language).HasMaxLength(20);
        builder.HasOne<ClientTablet>().WithMany().HasForeignKey(v => v.TabletId).OnDelete(DeleteBehavior.Cascade);
        // The visit of a diagnostic (its language: the handout, the follow-up's invitation, the quality report).
        builder.HasIndex(v => v.DraftId);
        builder.HasOne<Office>().WithMany().HasForeignKey(v => v.OfficeId).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(v => v.IsWaiting);

        // The office page polls for help calls and waiting clients of its office every few seconds.
        builder.HasIndex(v => new { v.OfficeId, v.SeenAt });
    }
}
