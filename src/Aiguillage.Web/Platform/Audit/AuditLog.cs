using System.Security.Claims;
using Aiguillage.Domain.Audit;
using Aiguillage.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Aiguillage.Web.Platform.Audit;

/// <summary>
/// Writes the audit journal (issue 9 §1). <see cref="Add"/> puts a line in the current unit of work, saved with the
/// change it describes (same transaction: no change without its line, no line without its change);
/// <see cref="RecordAsync"/> saves a line on its own, for what changes nothing (a view, an export, a sign-in).
/// </summary>
public sealed class AuditLog(AppDbContext db, IHttpContextAccessor http, TimeProvider clock)
{
    private string? CurrentUser => http.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier);

    public void Add(AuditAction action, string subject, string? scope = null, AuditOutcome outcome = AuditOutcome.Success, string? userId = null) =>
        db.AuditEvents.Add(new AuditEvent(clock.GetUtcNow().UtcDateTime, userId ?? CurrentUser, action, subject, scope, outcome));

    public async Task RecordAsync(AuditAction action, string subject, string? scope = null, AuditOutcome outcome = AuditOutcome.Success, string? userId = null, CancellationToken ct = default)
    {
        Add(action, subject, scope, outcome, userId);
        await db.SaveChangesAsync(ct);
    }
}

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> builder)
    {
        builder.ToTable("AuditEvents");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.UserId).HasMaxLength(450);
        builder.Property(e => e.Action).HasConversion<string>().HasMaxLength(30);
        builder.Property(e => e.Outcome).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.Subject).HasMaxLength(AuditEvent.MaxSubject);
        builder.Property(e => e.Scope).HasMaxLength(100);
        builder.HasIndex(e => e.At);
        builder.HasIndex(e => new { e.UserId, e.At });
        builder.HasIndex(e => new { e.Subject, e.At });
    }
}

/// <summary>
/// The data layer's half of « append-only »: a unit of work that would change or delete a journal line fails before
/// it reaches the database. The database's half is a trigger on each engine (migration AuditJournal), which also stops
/// bulk updates and raw SQL.
/// </summary>
public sealed class AppendOnlyJournal : SaveChangesInterceptor
{
    public static readonly AppendOnlyJournal Instance = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Check(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void Check(DbContext? context)
    {
        if (context?.ChangeTracker.Entries<AuditEvent>().Any(e => e.State is EntityState.Modified or EntityState.Deleted) == true)
        {
            throw new InvalidOperationException("Le journal d'audit ne se modifie pas et ne s'efface pas.");
        }
    }
}
