using Aiguillage.Domain.Clients;
using Aiguillage.Domain.Offices;
using Aiguillage.Domain.Activity;
using Aiguillage.Domain.Orientation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Aiguillage.Web.Features.Activity;

internal sealed class RecordedActionConfiguration : IEntityTypeConfiguration<RecordedAction>
{
    public void Configure(EntityTypeBuilder<RecordedAction> builder)
    {
        builder.ToTable("RecordedActions");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.HasOne<Office>().WithMany().HasForeignKey(a => a.OfficeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Client>().WithMany().HasForeignKey(a => a.ClientId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Aiguillage.Domain.Diagnostics.Diagnostic>().WithMany().HasForeignKey(a => a.DiagnosticId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(a => new { a.MediatorId, a.OccurredAt });
        builder.HasIndex(a => new { a.OfficeId, a.OccurredAt });
        builder.Property(a => a.MediatorId).HasMaxLength(450);
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(30);
        builder.Property(a => a.CatalogueActionId).HasMaxLength(50);
        builder.Property(a => a.Machine).HasConversion<int>();

        // Counted into the steering cells once frozen (Features/Steering/SteeringCube.cs).
        builder.Property<bool>(Platform.Data.CountedRows.Property).HasDefaultValue(false);
        builder.HasIndex(Platform.Data.CountedRows.Property, nameof(RecordedAction.CreatedAt));
    }
}
