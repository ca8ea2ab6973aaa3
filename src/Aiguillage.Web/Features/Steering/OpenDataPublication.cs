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
public sealed class OpenDataPublication(AppDbContext db, ReadSide reads, QuestionnaireCatalog catalog, IConfiguration configuration, TimeProvider clock, ILogger<OpenDataPublication> logger)
{
    /// <summary>The row of a table that holds the national total of the month.</summary>
    public const string TotalRow = "total";

    public const string Diagnostics = "diagnostics";

    public static readonly string[] BreakdownIds = ["niveaux", "besoins", "actions", "orientations", Changes, CheckInAttended, CheckInHelps];

    /// <summary>Re-diagnoses of the month: the change of level since the client's previous diagnostic, by what the office did after it (issue 20 §2).</summary>
    public const string Changes = "evolutions";

    /// <summary>Check-ins answered in the month: « Êtes-vous allé à l'atelier ? ».</summary>
    public const string CheckInAttended = "suivis-atelier";

    /// <summary>Check-ins answered in the month: « Est-ce que cela vous aide pour vos démarches ? ».</summary>
    public const string CheckInHelps = "suivis-aide";

    /// <summary>The columns of <see cref="Changes"/>: each tier (the label the outcome report uses) by a band of change.</summary>
    public static readonly IReadOnlyList<(OutcomeTier Tier, int Band, string Label)> ChangeParts =
        [.. Enum.GetValues<OutcomeTier>().Reverse().SelectMany(t => new[] { (-1, "en baisse"), (0, "même niveau"), (1, "+1 niveau"), (2, "+2 niveaux ou plus") }
            .Select(b => (t, b.Item1, $"{Outcomes.OutcomeReport.TierLabel(t)} : {b.Item2}")))];

    /// <summary>The band of a change of level (in ranks): lower, the same, one more, two or more.</summary>
    public static int Band(int change) => Math.Clamp(change, -1, 2);

    public int ClosingDays => Math.Clamp(configuration.GetValue("OpenData:ClosingDays", PublicationCalendar.DefaultClosingDays), 0, PublicationCalendar.MaxClosingDays);

    /// <summary>The twelve months a publication of today covers (some may not be published yet: not folded).</summary>
    public IReadOnlyList<DateOnly> Window() => PublicationCalendar.Window(ParisTime.Today(clock), ClosingDays);

    /// <summary>Freezes every closed month of the window not frozen yet, then reads the window's frozen figures.</summary>
    public async Task<IReadOnlyList<PublishedFigure>> ReadAsync(CancellationToken ct)
    {
        var months = Window();
        // Read where figures are read (a standby when configured, issue 22); freezing is a write, and what is frozen
        // is decided on the primary, which a standby follows a little later.
        var source = await reads.DatabaseAsync(ct);
        var frozen = await source.Set<PublishedMonth>().AsNoTracking().Where(m => months.Contains(m.Month)).Select(m => m.Month).ToListAsync(ct);
        if (months.Except(frozen).Any())
        {
            source = db;
            frozen = await db.Set<PublishedMonth>().AsNoTracking().Where(m => months.Contains(m.Month)).Select(m => m.Month).ToListAsync(ct);
            foreach (var month in months.Except(frozen))
            {
                await FreezeAsync(month, ct);
            }
        }

        return await source.Set<PublishedFigure>().AsNoTracking().Where(f => months.Contains(f.Month)).ToListAsync(ct);
    }

    /// <summary>Computes and stores the month's figures, once; false when its data is not all counted yet.</summary>
    public async Task<bool> FreezeAsync(DateOnly month, CancellationToken ct)
    {
        var (start, end) = SteeringReport.UtcRange(month, month);

        // Not before every diagnostic and every countable action of the month is in the cube: a frozen month never
        // changes, so it must not be frozen half-counted (after a restore, or with the background runner behind).
        var frozenBefore = clock.GetUtcNow().UtcDateTime - RecordedAction.EditableFor;
        if (await SteeringCube.AnyUnfoldedDiagnosticAsync(db, end, ct)
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
        catch (DbUpdateException e) when (!Aiguillage.Web.Platform.Data.DatabaseUnavailable.Is(e))
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

        await OutcomesAsync(start, end, OwnTotal, ct);
        return figures;
    }

    /// <summary>
    /// The outcomes of the month (issue 20 §2), all known when the month closes, so frozen like the rest: each
    /// re-diagnosis filled in the month against the same client's previous diagnostic, by what the office did after
    /// that one (the outcome report's tiers); and the check-ins answered in the month, one table per question so that
    /// each adds up. Observed figures: clients who come back are not every client.
    /// </summary>
    private async Task OutcomesAsync(DateTime start, DateTime end, Action<string, string, string, long, IReadOnlyList<string>, long[], bool> ownTotal, CancellationToken ct)
    {
        var definition = catalog.Current.Definition;
        var again = await (from d in db.Diagnostics.AsNoTracking()
                           join o in db.Offices on d.OfficeId equals o.Id
                           where d.FilledAt >= start && d.FilledAt < end && d.ClientId != null
                           select new { d.Id, ClientId = d.ClientId!.Value, d.FilledAt, d.Level, o.DepartmentCode }).ToListAsync(ct);
        var previous = new Dictionary<Guid, (Guid Id, int Level)>();
        foreach (var chunk in again.Select(d => d.ClientId).Distinct().Chunk(2_000))
        {
            var history = (await db.Diagnostics.AsNoTracking().Where(d => d.ClientId != null && chunk.Contains(d.ClientId.Value) && d.FilledAt < end)
                .Select(d => new { d.Id, ClientId = d.ClientId!.Value, d.FilledAt, d.Level }).ToListAsync(ct)).ToLookup(h => h.ClientId);
            var inChunk = chunk.ToHashSet();
            foreach (var d in again.Where(a => inChunk.Contains(a.ClientId)))
            {
                if (history[d.ClientId].Where(h => h.FilledAt < d.FilledAt || (h.FilledAt == d.FilledAt && h.Id.CompareTo(d.Id) < 0))
                    .OrderByDescending(h => h.FilledAt).ThenByDescending(h => h.Id).FirstOrDefault() is { } before)
                {
                    previous[d.Id] = (before.Id, before.Level);
                }
            }
        }

        var tiers = new Dictionary<Guid, OutcomeTier>();
        foreach (var chunk in previous.Values.Select(p => p.Id).Distinct().Chunk(2_000))
        {
            foreach (var a in await db.RecordedActions.AsNoTracking().Where(a => a.DiagnosticId != null && chunk.Contains(a.DiagnosticId.Value)).Select(a => new { a.DiagnosticId, a.Kind }).ToListAsync(ct))
            {
                var tier = Outcomes.OutcomeReport.TierOf(a.Kind);
                tiers[a.DiagnosticId!.Value] = (OutcomeTier)Math.Max((int)tiers.GetValueOrDefault(a.DiagnosticId.Value), (int)tier);
            }

            foreach (var id in await db.Referrals.AsNoTracking().Where(r => r.DiagnosticId != null && chunk.Contains(r.DiagnosticId.Value)).Select(r => r.DiagnosticId!.Value).ToListAsync(ct))
            {
                tiers[id] = OutcomeTier.Refer;
            }
        }

        var labels = ChangeParts.Select(p => p.Label).ToList();
        foreach (var g in again.Where(d => previous.ContainsKey(d.Id)).GroupBy(d => d.DepartmentCode).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var values = new long[ChangeParts.Count];
            foreach (var d in g)
            {
                var (id, level) = previous[d.Id];
                var part = ChangeParts.Select((p, i) => (p, i)).First(x => x.p.Tier == tiers.GetValueOrDefault(id) && x.p.Band == Band(definition.Rank(d.Level) - definition.Rank(level))).i;
                values[part]++;
            }

            ownTotal(Changes, g.Key, "nouveaux diagnostics d'un client déjà vu", g.Count(), labels, values, true);
        }

        var checkIns = await (from f in db.FollowUps.AsNoTracking()
                              join o in db.Offices on f.OfficeId equals o.Id
                              where f.AnsweredAt >= start && f.AnsweredAt < end
                              select new { o.DepartmentCode, f.Attended, f.Helps }).ToListAsync(ct);
        foreach (var g in checkIns.GroupBy(c => c.DepartmentCode).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            ownTotal(CheckInAttended, g.Key, "réponses au suivi", g.Count(), ["allés à l'atelier : oui", "allés à l'atelier : non"],
                [g.Count(c => c.Attended == CheckInAnswer.Yes), g.Count(c => c.Attended == CheckInAnswer.No)], true);
            ownTotal(CheckInHelps, g.Key, "réponses au suivi", g.Count(), ["cela aide : oui", "cela aide : un peu", "cela aide : non"],
                [g.Count(c => c.Helps == CheckInAnswer.Yes), g.Count(c => c.Helps == CheckInAnswer.ABit), g.Count(c => c.Helps == CheckInAnswer.No)], true);
        }
    }
}
