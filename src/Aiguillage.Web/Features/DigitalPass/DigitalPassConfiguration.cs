using Aiguillage.Domain.Clients;
using Aiguillage.Domain.DigitalPass;
using Aiguillage.Domain.Offices;
using Aiguillage.Domain.Partners;
using Aiguillage.Domain.Referrals;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Aiguillage.Web.Features.DigitalPass;

internal sealed class AgreementConfiguration : IEntityTypeConfiguration<Agreement>
{
    public void Configure(EntityTypeBuilder<Agreement> builder)
    {
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Funder).HasMaxLength(200);
        builder.Property(a => a.DepartmentCode).HasMaxLength(3);
        builder.Ignore(a => a.Name);
        builder.Ignore(a => a.ChequesCovered);
        builder.HasIndex(a => new { a.DepartmentCode, a.Year });
    }
}

internal sealed class ChequeBookConfiguration : IEntityTypeConfiguration<ChequeBook>
{
    public void Configure(EntityTypeBuilder<ChequeBook> builder)
    {
        builder.HasKey(b => b.Id);
        builder.Property(b => b.Id).ValueGeneratedNever();
        builder.Ignore(b => b.Range);
        builder.HasOne<Agreement>().WithMany().HasForeignKey(b => b.AgreementId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(b => new { b.FirstNumber, b.LastNumber });
    }
}

internal sealed class ChequeConfiguration : IEntityTypeConfiguration<Cheque>
{
    public void Configure(EntityTypeBuilder<Cheque> builder)
    {
        // The printed number is the key: a cheque exists once, whatever the agreement.
        builder.HasKey(c => c.Number);
        // Text: the number as printed, leading zeros kept (issue 16 §8).
        builder.Property(c => c.Number).ValueGeneratedNever().HasMaxLength(ChequeNumber.MaxDigits);
        builder.Property(c => c.CheckCode).HasMaxLength(ChequeCheckCode.Length);
        // One cheque per value, whatever its printed width: two books registered at once cannot both hold « 501 » and « 0501 ».
        builder.HasIndex(c => c.Value).IsUnique();
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasOne<Agreement>().WithMany().HasForeignKey(c => c.AgreementId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ChequeBook>().WithMany().HasForeignKey(c => c.BookId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Office>().WithMany().HasForeignKey(c => c.OfficeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Client>().WithMany().HasForeignKey(c => c.ClientId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Referral>().WithMany().HasForeignKey(c => c.ReferralId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Partner>().WithMany().HasForeignKey(c => c.RedeemedByPartnerId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(c => c.RedeemedAtPlaceId).HasMaxLength(200);
        builder.Property(c => c.IssuedBy).HasMaxLength(450);
        builder.Property(c => c.RedeemedBy).HasMaxLength(450);
        builder.HasIndex(c => new { c.OfficeId, c.Status });
        builder.HasIndex(c => new { c.AgreementId, c.Status });
        builder.HasIndex(c => new { c.ClientId, c.AgreementId });
        builder.HasIndex(c => new { c.RedeemedByPartnerId, c.RedeemedAt });
    }
}
