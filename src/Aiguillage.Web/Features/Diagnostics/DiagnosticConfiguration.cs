using System.Text.Json;
using Aiguillage.Domain.Diagnostics;
using Aiguillage.Domain.Offices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Aiguillage.Web.Features.Diagnostics;

internal static class JsonColumn
{
    /// <summary>Stores a value as JSON text; two values are equal when their JSON is.</summary>
    public static PropertyBuilder<TModel> AsJson<TModel, TStored>(this PropertyBuilder<TModel> property)
        where TStored : TModel
    {
        return property.HasConversion(
            v => JsonSerializer.Serialize(v, JsonSerializerOptions.Default),
            v => JsonSerializer.Deserialize<TStored>(v, JsonSerializerOptions.Default)!,
            new ValueComparer<TModel>(
                (a, b) => JsonSerializer.Serialize(a, JsonSerializerOptions.Default) == JsonSerializer.Serialize(b, JsonSerializerOptions.Default),
                v => JsonSerializer.Serialize(v, JsonSerializerOptions.Default).GetHashCode(StringComparison.Ordinal),
                v => v));
    }
}

internal sealed class DiagnosticConfiguration : IEntityTypeConfiguration<Diagnostic>
{
    public void Configure(EntityTypeBuilder<Diagnostic> builder)
    {
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.HasOne<Office>().WithMany().HasForeignKey(d => d.OfficeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(d => new { d.OfficeId, d.FilledAt });
        builder.HasOne<Aiguillage.Domain.Clients.Client>().WithMany().HasForeignKey(d => d.ClientId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(d => new { d.ClientId, d.FilledAt });
        // Diagnostics received since a moment: where the daily re-diagnosis linker of the referrals starts.
        builder.HasIndex(d => d.ReceivedAt);
        builder.Property(d => d.Mode).HasConversion<string>().HasMaxLength(20);

        // Whether the steering aggregates count it yet (Features/Steering/SteeringCube): a web concern, so a shadow property.
        builder.Property<bool>(Platform.Data.CountedRows.Property).HasDefaultValue(false);
        builder.HasIndex(Platform.Data.CountedRows.Property, nameof(Diagnostic.FilledAt));
        builder.Property(d => d.QuestionnaireId).HasMaxLength(50);
        builder.Property(d => d.QuestionnaireHash).HasMaxLength(64);
        builder.Property(d => d.RequestHash).HasMaxLength(64);
        builder.Property(d => d.SubmittedBy).HasMaxLength(450);

        // Answers, needs and profile are small, read and written whole: JSON text on both engines.
        builder.Property(d => d.Answers).AsJson<IReadOnlyDictionary<string, string>, Dictionary<string, string>>().HasMaxLength(4000);
        builder.Property(d => d.Profile).AsJson<IReadOnlyDictionary<string, string>, Dictionary<string, string>>().HasMaxLength(1000);
        builder.Property(d => d.Needs).AsJson<IReadOnlyList<string>, List<string>>().HasMaxLength(2000);
        builder.Ignore(d => d.Sheet);
    }
}

internal sealed class LevelJudgementConfiguration : IEntityTypeConfiguration<LevelJudgement>
{
    public void Configure(EntityTypeBuilder<LevelJudgement> builder)
    {
        builder.ToTable("LevelJudgements");
        builder.HasKey(j => j.DiagnosticId);
        builder.HasOne<Diagnostic>().WithOne().HasForeignKey<LevelJudgement>(j => j.DiagnosticId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(j => j.Verdict).HasConversion<string>().HasMaxLength(10);
        builder.Property(j => j.JudgedBy).HasMaxLength(450);
    }
}
