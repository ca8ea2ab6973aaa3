using Aiguillage.Domain.Diagnostics;
using Aiguillage.Domain.Offices;
using Aiguillage.Domain.Partners;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Platform.Data;

/// <summary>
/// The one model of the application. Each engine has its own derived context so that each keeps its own
/// migrations (ARCHITECTURE §4.6; docs/adr/0002). Entity configurations live beside their feature and are
/// found by assembly scan. It declares sets of domain entities only: an area's own entities (Steering's cells) are
/// reached through the area's own extension (docs/adr/0021), so Platform names no feature.
/// </summary>
public abstract class AppDbContext(DbContextOptions options) : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    public DbSet<Office> Offices => Set<Office>();

    public DbSet<Partner> Partners => Set<Partner>();

    public DbSet<Place> Places => Set<Place>();

    public DbSet<Workshop> Workshops => Set<Workshop>();

    public DbSet<WorkshopSession> WorkshopSessions => Set<WorkshopSession>();

    public DbSet<UserOffice> UserOffices => Set<UserOffice>();

    public DbSet<Diagnostic> Diagnostics => Set<Diagnostic>();

    public DbSet<DiagnosticDraft> DiagnosticDrafts => Set<DiagnosticDraft>();

    /// <summary>The mediator's judgement of a diagnostic's level (issue 20 §3).</summary>
    public DbSet<LevelJudgement> LevelJudgements => Set<LevelJudgement>();

    public DbSet<Aiguillage.Domain.Clients.Client> Clients => Set<Aiguillage.Domain.Clients.Client>();

    public DbSet<Aiguillage.Domain.Activity.RecordedAction> RecordedActions => Set<Aiguillage.Domain.Activity.RecordedAction>();

    public DbSet<Aiguillage.Domain.Referrals.Referral> Referrals => Set<Aiguillage.Domain.Referrals.Referral>();

    public DbSet<Aiguillage.Domain.Referrals.ReferralEvent> ReferralEvents => Set<Aiguillage.Domain.Referrals.ReferralEvent>();

    public DbSet<Aiguillage.Domain.Referrals.FollowUp> FollowUps => Set<Aiguillage.Domain.Referrals.FollowUp>();

    public DbSet<Aiguillage.Domain.DigitalPass.Agreement> Agreements => Set<Aiguillage.Domain.DigitalPass.Agreement>();

    public DbSet<Aiguillage.Domain.DigitalPass.ChequeBook> ChequeBooks => Set<Aiguillage.Domain.DigitalPass.ChequeBook>();

    public DbSet<Aiguillage.Domain.DigitalPass.Cheque> Cheques => Set<Aiguillage.Domain.DigitalPass.Cheque>();

    public DbSet<Aiguillage.Domain.Audit.AuditEvent> AuditEvents => Set<Aiguillage.Domain.Audit.AuditEvent>();

    public DbSet<Aiguillage.Domain.Offices.ProgrammeStatusChange> ProgrammeStatusChanges => Set<Aiguillage.Domain.Offices.ProgrammeStatusChange>();

    public DbSet<Notifications.OutboxMessage> Outbox => Set<Notifications.OutboxMessage>();

    /// <summary>Creating forms already sent, by their own id (issue 15 §2).</summary>
    public DbSet<Web.FormSubmission> FormSubmissions => Set<Web.FormSubmission>();

    /// <summary>Keys shared by every instance so cookies and antiforgery tokens survive a load balancer.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>Counters bumped by triggers at every write to what instances keep in memory (issue 23 §2–3).</summary>
    public DbSet<VersionStamp> VersionStamps => Set<VersionStamp>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Times are stored in UTC on both engines and shown in Europe/Paris (issue 2 §6).
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }
}

public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options) : AppDbContext(options);

public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : AppDbContext(options);
