using Aiguillage.Domain.Clients;
using Aiguillage.Domain.Diagnostics;
using Aiguillage.Domain.Offices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Aiguillage.Web.Features.Diagnostics;

internal sealed class DiagnosticDraftConfiguration : IEntityTypeConfiguration<DiagnosticDraft>
{
    public void Configure(EntityTypeBuilder<DiagnosticDraft> builder)
    {
        builder.ToTable("DiagnosticDrafts");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.HasOne<Office>().WithMany().HasForeignKey(d => d.OfficeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Client>().WithMany().HasForeignKey(d => d.ClientId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(d => new { d.OfficeId, d.SubmittedAt, d.UpdatedAt });
        builder.Property(d => d.Mode).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.QuestionnaireId).HasMaxLength(50);
        builder.Property(d => d.StartedBy).HasMaxLength(450);
        builder.Property(d => d.Answers).AsJson<IReadOnlyDictionary<string, string>, Dictionary<string, string>>().HasMaxLength(4000);
        builder.Property(d => d.Profile).AsJson<IReadOnlyDictionary<string, string>, Dictionary<string, string>>().HasMaxLength(1000);
        builder.Property(d => d.Needs).AsJson<IReadOnlyList<string>, List<string>>().HasMaxLength(2000);
        builder.Ignore(d => d.IsSubmitted);
    }
}
