using Aiguillage.Domain.Activity;
using Aiguillage.Domain.Orientation;
using Aiguillage.Domain.Referrals;
using Aiguillage.Domain.Steering;
using Aiguillage.Web.Features.Diagnostics;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Aiguillage.Web.Features.Steering;

/// <summary>A month whose public figures are frozen: published once, repeated by every later publication.</summary>
public sealed class PublishedMonth
{
    public DateOnly Month { get; set; }

    public DateTime PublishedAt { get; set; }
}

/// <summary>
/// One frozen public number: a row (a department, or <see cref="OpenDataPublication.TotalRow"/>) of a table in a month;
/// <see cref="Position"/> 0 is the row's total, 1… its parts. <see cref="Value"/> null: secret.
/// </summary>
public sealed class PublishedFigure
{
    public string Table { get; set; } = string.Empty;

    public DateOnly Month { get; set; }

    public string DepartmentCode { get; set; } = string.Empty;

    public int Position { get; set; }

    public string Label { get; set; } = string.Empty;

    public long? Value { get; set; }
}

internal sealed class PublishedMonthConfiguration : IEntityTypeConfiguration<PublishedMonth>
{
    public void Configure(EntityTypeBuilder<PublishedMonth> builder)
    {
        builder.ToTable("PublishedMonths");
        builder.HasKey(m => m.Month);
    }
}

internal sealed class PublishedFigureConfiguration : IEntityTypeConfiguration<PublishedFigure>
{
    public const int LabelLength = 200;

    public void Configure(EntityTypeBuilder<PublishedFigure> builder)
    {
        builder.ToTable("PublishedFigures");
        builder.HasKey(f => new { f.Table, f.Month, f.DepartmentCode, f.Position });
        builder.Property(f => f.Table).HasMaxLength(20);
        builder.Property(f => f.DepartmentCode).HasMaxLength(5);
        builder.Property(f => f.Label).HasMaxLength(LabelLength);
        builder.HasOne<PublishedMonth>().WithMany().HasForeignKey(f => f.Month).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(f => f.Month);
    }
}

/// <summary>
/// The open-data publication (issues 8 and 16 §15). Each table is safe alone (docs/statistical-secrecy.md), but two
/// publications of one month with different data can be differenced: a hidden cell moved as late diagnostics arrived,
/// and subtracting one day's table from the next recovered a count of 3. So a month is published only once closed
/// (<see cref="PublicationCalendar"/>, <c>OpenData:ClosingDays</c>) and folded, and is then **frozen**: its numbers
/// and its secrets are computed once, stored, and every later publication reads them back. The diagnostics table has
/// no totals across months any more — a twelve-month row total would change as the window slides and give away the
/// month that left it — only the national total of each month.
/// </summary>
public sealed class OpenDataPublication(AppDbContext db, QuestionnaireCatalog catalog, IConfiguration configuration, TimeProvider clock, ILogger<OpenDataPublication> logger)
{
    /// <summary>The row of a table that holds the national total of the month.</summary>
    public const string TotalRow = "total";

    public const string Diagnostics = "diagnostics";

    public static readonly string[] BreakdownIds = ["niveaux", "besoins", "actions", "orientations"];

    public int ClosingDays => Math.Clamp(configuration.GetValue("OpenData:ClosingDays", PublicationCalendar.DefaultClosingDays), 0, PublicationCalendar.MaxClosingDays);

    /// <summary>The twelve months a publication of today covers (some may not be published yet: not folded).</summary>
    public IReadOnlyList<DateOnly> Window() => PublicationCalendar.Window(ParisTime.Today(clock), ClosingDays);

    /// <summary>Freezes every closed month of the window not frozen yet, then reads the window's frozen figures.</summary>
    public async Task<IReadOnlyList<PublishedFigure>> ReadAsync(CancellationToken ct)
    {
        var months = Window();
        var frozen = await db.Set<PublishedMonth>().AsNoTracking().Where(m => months.Contains(m.Month)).Select(m => m.Month).ToListAsync(ct);
        foreach (var month in months.Except(frozen))
        {
            await FreezeAsync(month, ct);
        }

        return await db.Set<PublishedFigure>().AsNoTracking().Where(f => months.Contains(f.Month)).ToListAsync(ct);
    }

    /// <summary>Computes and stores the month's figures, once; false when its data is not all counted yet.</summary>
    public async Task<bool> FreezeAsync(DateOnly month, CancellationToken ct)
    {
        var (start, end) = SteeringReport.UtcRange(month, month);

        // Not before every diagnostic and every countable action of the month is in the cube: a frozen month never
        // changes, so it must not be frozen half-counted (after a restore, or with the background runner behind).
        var frozenBefore = clock.GetUtcNow().UtcDateTime - RecordedAction.EditableFor;
        if (await db.Diagnostics.AnyAsync(d => !EF.Property<bool>(d, SteeringCube.CountedProperty) && d.FilledAt < end, ct)
            || await db.RecordedActions.AnyAsync(a => !EF.Property<bool>(a, SteeringCube.CountedProperty) && a.OccurredAt < end && a.CreatedAt < frozenBefore, ct))
        {
            return false;
        }

        var figures = await ComputeAsync(month, start, end, ct);
        db.Set<PublishedMonth>().Add(new PublishedMonth { Month = month, PublishedAt = clock.GetUtcNow().UtcDateTime });
        db.Set<PublishedFigure>().AddRange(figures);
        try
        {
            // One statement batch, one transaction: a month is frozen whole or not at all.
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e)
        {
            db.ChangeTracker.Clear();
            if (await db.Set<PublishedMonth>().AnyAsync(m => m.Month == month, ct))
            {
                // Another request froze it first (its key is the month): theirs stands.
                logger.LogInformation("Month {Month} was frozen by another request", month);
                return true;
            }

            logger.LogError(e, "Month {Month} could not be frozen: it is not published", month);
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }

        return true;
    }

    private async Task<List<PublishedFigure>> ComputeAsync(DateOnly month, DateTime start, DateTime end, CancellationToken ct)
    {
        var figures = new List<PublishedFigure>();
        void Row(string table, string department, string totalLabel, long? total, IReadOnlyList<string> labels, IReadOnlyList<long?> parts)
        {
            figures.Add(new PublishedFigure { Table = table, Month = month, DepartmentCode = department, Position = 0, Label = totalLabel, Value = total });
            figures.AddRange(parts.Select((p, i) => new PublishedFigure { Table = table, Month = month, DepartmentCode = department, Position = i + 1, Label = labels[i].Length > PublishedFigureConfiguration.LabelLength ? labels[i][..PublishedFigureConfiguration.LabelLength] : labels[i], Value = p }));
        }

        var cells = await db.SteeringCells.AsNoTracking()
            .Where(c => (c.Kind == CubeKind.Level || c.Kind == CubeKind.Need || c.Kind == CubeKind.Action) && c.DepartmentCode != SteeringCube.Nation && c.Month == month)
            .GroupBy(c => new { c.Kind, c.DepartmentCode, c.D1 }).Select(g => new { g.Key.Kind, g.Key.DepartmentCode, g.Key.D1, Count = g.Sum(c => c.Count) }).ToListAsync(ct);
        var lookup = cells.ToLookup(c => (c.Kind, c.DepartmentCode));

        // Diagnostics by department: one column with its national total, suppressed as a row with its total.
        var departments = cells.Where(c => c.Kind == CubeKind.Level).Select(c => c.DepartmentCode).Distinct().Order(StringComparer.Ordinal).ToList();
        var counts = departments.Select(d => lookup[(CubeKind.Level, d)].Sum(c => c.Count)).ToArray();
        var nation = counts.Sum();
        var nationHidden = nation is > 0 and < StatisticalSecrecy.Threshold;
        var hidden = StatisticalSecrecy.SuppressRow(nation, nationHidden, counts, additive: true);
        Row(Diagnostics, TotalRow, "diagnostics", nationHidden ? null : nation, [], []);
        for (var i = 0; i < departments.Count; i++)
        {
            Row(Diagnostics, departments[i], "diagnostics", hidden[i] ? null : counts[i], [], []);
        }

        // Breakdowns of the diagnostics: each row's total is the cell above, published or secret alike.
        var definition = catalog.Current.Definition;
        void Breakdown(string id, string kind, IReadOnlyList<(string Key, string Label)> parts, bool additive)
        {
            for (var i = 0; i < departments.Count; i++)
            {
                var values = parts.Select(p => lookup[(kind, departments[i])].Where(x => x.D1 == p.Key).Sum(x => x.Count)).ToArray();
                var partHidden = StatisticalSecrecy.SuppressRow(counts[i], hidden[i], values, additive);
                Row(id, departments[i], "diagnostics", hidden[i] ? null : counts[i], [.. parts.Select(p => p.Label)], [.. values.Select((v, j) => partHidden[j] ? null : (long?)v)]);
            }
        }

        Breakdown("niveaux", CubeKind.Level, [.. definition.Levels.OrderBy(l => l.Value).Select(l => ($"{l.Value}", $"niveau {l.Value} — {l.Label}"))], additive: true);
        Breakdown("besoins", CubeKind.Need, [.. definition.Needs.Select(n => (n.Id, n.Label))], additive: false);

        // Actions and referrals count other units: each row's total is its own, hidden when from 1 to 10.
        void OwnTotal(string id, string department, string totalLabel, long total, IReadOnlyList<string> labels, long[] values, bool additive)
        {
            var partHidden = StatisticalSecrecy.SuppressRow(total, false, values, additive);
            Row(id, department, totalLabel, total is > 0 and < StatisticalSecrecy.Threshold ? null : total, labels, [.. values.Select((v, j) => partHidden[j] ? null : (long?)v)]);
        }

        var tiers = Enum.GetValues<ActionTier>();
        foreach (var d in cells.Where(c => c.Kind == CubeKind.Action).Select(c => c.DepartmentCode).Distinct().Order(StringComparer.Ordinal))
        {
            var values = tiers.Select(t => lookup[(CubeKind.Action, d)].Where(x => x.D1 == $"{ActionKinds.For(t)}").Sum(x => x.Count)).ToArray();
            OwnTotal("actions", d, "actions", values.Sum(), [.. tiers.Select(t => t.Label())], values, additive: true);
        }

        var referrals = await (from r in db.Referrals.AsNoTracking()
                               join o in db.Offices on r.OfficeId equals o.Id
                               where r.CreatedAt >= start && r.CreatedAt < end
                               select new
                               {
                                   o.DepartmentCode,
                                   Sent = db.ReferralEvents.Any(e => e.ReferralId == r.Id && e.To == ReferralStatus.Sent),
                                   Completed = db.ReferralEvents.Any(e => e.ReferralId == r.Id && e.To == ReferralStatus.Completed),
                               }).ToListAsync(ct);
        foreach (var g in referrals.GroupBy(r => r.DepartmentCode).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            OwnTotal("orientations", g.Key, "orientations proposées", g.Count(), ["envoyées au partenaire", "parcours terminés à la publication"], [g.Count(r => r.Sent), g.Count(r => r.Completed)], additive: false);
        }

        return figures;
    }
}
