using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Aiguillage.Web.Features.Steering;

/// <summary>
/// What the admin sets for steering (one row): the national target of offices active in the programme, drawn against
/// the roll-out. Without a row, the configuration's <c>Steering:TargetActiveOffices</c> (300 by default) applies.
/// </summary>
public sealed class SteeringSettings
{
    public const int Id = 1;

    public const int MaxTarget = 20_000;

    public int Key { get; set; } = Id;

    public int TargetActiveOffices { get; set; }

    public DateTime UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = string.Empty;

    public static async Task<int> TargetAsync(Platform.Data.AppDbContext db, IConfiguration configuration, CancellationToken ct) =>
        await db.SteeringSettings.AsNoTracking().Where(s => s.Key == Id).Select(s => (int?)s.TargetActiveOffices).FirstOrDefaultAsync(ct)
            ?? configuration.GetValue("Steering:TargetActiveOffices", 300);
}

internal sealed class SteeringSettingsConfiguration : IEntityTypeConfiguration<SteeringSettings>
{
    public void Configure(EntityTypeBuilder<SteeringSettings> builder)
    {
        builder.ToTable("SteeringSettings");
        builder.HasKey(s => s.Key);
        builder.Property(s => s.Key).ValueGeneratedNever();
        builder.Property(s => s.UpdatedBy).HasMaxLength(450);
    }
}
