using Aiguillage.Domain.Clients;
using Aiguillage.Domain.Offices;
using Aiguillage.Domain.Referrals;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Aiguillage.Web.Features.Referrals;

internal sealed class FollowUpConfiguration : IEntityTypeConfiguration<FollowUp>
{
    public void Configure(EntityTypeBuilder<FollowUp> builder)
    {
        builder.ToTable("FollowUps");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Id).ValueGeneratedNever();
        builder.HasOne<Referral>().WithMany().HasForeignKey(f => f.ReferralId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Client>().WithMany().HasForeignKey(f => f.ClientId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Office>().WithMany().HasForeignKey(f => f.OfficeId).OnDelete(DeleteBehavior.Restrict);
        // One follow-up per referral: the daily job run twice at once makes one, not two.
        builder.HasIndex(f => f.ReferralId).IsUnique();
        builder.HasIndex(f => f.TokenHash).IsUnique();
        builder.HasIndex(f => new { f.OfficeId, f.ClosedAt });
        builder.Property(f => f.Reason).HasConversion<string>().HasMaxLength(30);
        builder.Property(f => f.Language).HasMaxLength(20);
        builder.Property(f => f.TokenHash).HasMaxLength(64);
        builder.Property(f => f.Attended).HasConversion<string>().HasMaxLength(10);
        builder.Property(f => f.Helps).HasConversion<string>().HasMaxLength(10);
        builder.Property(f => f.ClosedBy).HasMaxLength(450);
        // Two answers sent at once: the second save finds the first and fails (the page then compares them).
        builder.Property(f => f.AnsweredAt).IsConcurrencyToken();
    }
}
