using Aiguillage.Domain.Clients;
using Aiguillage.Domain.Diagnostics;
using Aiguillage.Domain.Offices;
using Aiguillage.Domain.Partners;
using Aiguillage.Domain.Referrals;
using Aiguillage.Web.Features.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Aiguillage.Web.Features.Referrals;

internal sealed class ReferralConfiguration : IEntityTypeConfiguration<Referral>
{
    public void Configure(EntityTypeBuilder<Referral> builder)
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.HasOne<Client>().WithMany().HasForeignKey(r => r.ClientId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Office>().WithMany().HasForeignKey(r => r.OfficeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Partner>().WithMany().HasForeignKey(r => r.PartnerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Place>().WithMany().HasForeignKey(r => r.PlaceId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<WorkshopSession>().WithMany().HasForeignKey(r => r.SessionId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(r => r.PlaceId).HasMaxLength(200);
        builder.Property(r => r.Needs).AsJson<IReadOnlyList<string>, List<string>>().HasMaxLength(2000);
        builder.Property(r => r.LevelInWords).HasMaxLength(200);
        builder.Property(r => r.CreatedBy).HasMaxLength(450);
        builder.Property(r => r.ConsentGivenBy).HasMaxLength(450);
        builder.Property(r => r.ConsentTextVersion).HasMaxLength(50);
        builder.Property(r => r.ContactFirstName).HasMaxLength(Domain.Clients.ContactDetails.MaxFirstName);
        builder.Property(r => r.ContactPhone).HasMaxLength(20);
        builder.Property(r => r.ContactEmail).HasMaxLength(254);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20)
            // Two people changing the same referral at once: the second update finds another status and fails
            // (and its transaction, seat included, is rolled back).
            .IsConcurrencyToken();
        builder.Property(r => r.DeclineReason).HasConversion<string>().HasMaxLength(40);
        builder.HasMany(r => r.Events).WithOne().HasForeignKey(e => e.ReferralId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(r => r.Events).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasIndex(r => new { r.PartnerId, r.Status });
        builder.HasIndex(r => new { r.OfficeId, r.CreatedAt });
        builder.HasIndex(r => r.ClientId);
        builder.HasIndex(r => new { r.Status, r.SentAt });
        // The referrals of a diagnostic (the outcome report reads them per diagnostic, issue 20 §2).
        builder.HasIndex(r => r.DiagnosticId);
        builder.HasOne<Diagnostic>().WithMany().HasForeignKey(r => r.RediagnosisId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ReferralEventConfiguration : IEntityTypeConfiguration<ReferralEvent>
{
    public void Configure(EntityTypeBuilder<ReferralEvent> builder)
    {
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.From).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.To).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.Reason).HasConversion<string>().HasMaxLength(40);
        builder.Property(e => e.ByUserId).HasMaxLength(450);
        builder.HasIndex(e => new { e.ReferralId, e.At });

        // Counted into the funnel cells of steering (Features/Steering/SteeringCube.cs).
        builder.Property<bool>(Platform.Data.CountedRows.Property).HasDefaultValue(false);
        builder.HasIndex(Platform.Data.CountedRows.Property, nameof(ReferralEvent.At));
    }
}
