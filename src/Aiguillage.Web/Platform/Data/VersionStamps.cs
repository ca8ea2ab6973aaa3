using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Aiguillage.Web.Platform.Data;

/// <summary>
/// A counter per kind of data that instances keep in memory (issue 23 §2–3). Database triggers bump it in the same
/// transaction as every write that changes what an instance holds, whatever wrote it (the app, a test, an operator in
/// psql), so an instance that reads an unchanged counter knows its copy is still right, and one that reads another
/// value drops it. The triggers are in the migrations (VersionStampsAndTriggers), one per engine.
/// </summary>
public sealed class VersionStamp
{
    /// <summary>The accounts' session columns: security stamp, disabled, two-factor, must change password; or an account deleted.</summary>
    public const string Accounts = "comptes";

    /// <summary>Help places and partners (their pass numérique accreditation): what the search keeps of places.</summary>
    public const string Places = "lieux";

    /// <summary>Workshop sessions, their workshops and the offices that host some: what the search keeps of sessions.</summary>
    public const string Sessions = "seances";

    public string Name { get; set; } = string.Empty;

    public long Version { get; set; }

    public static Task<long> ReadAsync(AppDbContext db, string name, CancellationToken ct) =>
        db.VersionStamps.AsNoTracking().Where(v => v.Name == name).Select(v => v.Version).SingleAsync(ct);
}

internal sealed class VersionStampConfiguration : IEntityTypeConfiguration<VersionStamp>
{
    public void Configure(EntityTypeBuilder<VersionStamp> builder)
    {
        builder.ToTable("VersionStamps");
        builder.HasKey(v => v.Name);
        builder.Property(v => v.Name).HasMaxLength(40);
        builder.HasData(
            new VersionStamp { Name = VersionStamp.Accounts, Version = 0 },
            new VersionStamp { Name = VersionStamp.Places, Version = 0 },
            new VersionStamp { Name = VersionStamp.Sessions, Version = 0 });
    }
}
