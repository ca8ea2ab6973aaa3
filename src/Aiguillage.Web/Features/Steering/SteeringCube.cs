using Aiguillage.Domain.Statistics;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Notifications;
using Aiguillage.Web.Platform.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Aiguillage.Web.Features.Steering;

/// <summary>What a cell counts (one small cube per view of the dashboard).</summary>
public static class CubeKind
{
    /// <summary>D1 = level, D2 = illectronisme (0/1).</summary>
    public const string Level = "level";

    /// <summary>D1 = equipment score, D2 = know-how band.</summary>
    public const string Matrix = "matrix";

    /// <summary>D1 = age band, D2 = gender, D3 = « équipé mais n'utilise pas » (0/1).</summary>
    public const string Profile = "profile";

    /// <summary>D1 = need id.</summary>
    public const string Need = "need";

    /// <summary>Per office (<see cref="SteeringCell.OfficeId"/> set): diagnostics only.</summary>
    public const string Office = "office";
}

/// <summary>
/// One cell of the steering aggregates: how many diagnostics of a month, a department (and for the office cube,
/// an office) and a mode fall under its dimensions. Kept up to date as diagnostics arrive (<see cref="SteeringCube"/>),
/// so a dashboard reads thousands of cells, never a million diagnostics.
/// </summary>
public sealed class SteeringCell
{
    public string Kind { get; set; } = string.Empty;

    public DateOnly Month { get; set; }

    public string DepartmentCode { get; set; } = string.Empty;

    /// <summary>0 except in the office cube.</summary>
    public int OfficeId { get; set; }

    public string Mode { get; set; } = string.Empty;

    public string D1 { get; set; } = string.Empty;

    public string D2 { get; set; } = string.Empty;

    public string D3 { get; set; } = string.Empty;

    public long Count { get; set; }
}

internal sealed class SteeringCellConfiguration : IEntityTypeConfiguration<SteeringCell>
{
    public void Configure(EntityTypeBuilder<SteeringCell> builder)
    {
        builder.HasKey(c => new { c.Kind, c.Month, c.DepartmentCode, c.OfficeId, c.Mode, c.D1, c.D2, c.D3 });
        builder.Property(c => c.Kind).HasMaxLength(10);

        // Two folders adding to the same cell at once: the second update fails and its batch starts over.
        builder.Property(c => c.Count).IsConcurrencyToken();
        builder.Property(c => c.DepartmentCode).HasMaxLength(3);
        builder.Property(c => c.Mode).HasMaxLength(20);
        builder.Property(c => c.D1).HasMaxLength(40);
        builder.Property(c => c.D2).HasMaxLength(40);
        builder.Property(c => c.D3).HasMaxLength(40);
        builder.HasIndex(c => new { c.Kind, c.DepartmentCode, c.Month });
        builder.HasIndex(c => new { c.Kind, c.OfficeId, c.Month });
    }
}

/// <summary>
/// Folds newly stored diagnostics into the steering cells, in batches, each batch in one transaction with the
/// diagnostics it marks as counted: a diagnostic is counted once. Run by one instance at a time (a claimed job row),
/// every few seconds by the background runner, and directly by tests and the benchmark.
/// </summary>
public sealed class SteeringCube(AppDbContext db) : IFrequentJob
{
    public const string CountedProperty = "Counted";

    /// <summary>The department code of the national roll-up cells.</summary>
    public const string Nation = "";
    public const int BatchSize = 5_000;

    public string Name => "steering-cube";

    public async Task RunAsync(CancellationToken ct)
    {
        while (await FoldAsync(ct) > 0)
        {
        }
    }

    /// <summary>Folds one batch; returns how many diagnostics it counted.</summary>
    public async Task<int> FoldAsync(CancellationToken ct, int attempt = 0)
    {
        var batch = await (from d in db.Diagnostics.AsNoTracking()
                           where !EF.Property<bool>(d, CountedProperty)
                           join o in db.Offices on d.OfficeId equals o.Id
                           // Oldest first: a batch spans few months, so it touches few existing cells.
                           orderby d.FilledAt
                           select new { d.Id, d.OfficeId, o.DepartmentCode, d.Mode, d.FilledAt, d.Level, d.Illectronisme, d.EquipmentScore, d.KnowHowPercent, d.Profile, d.Needs })
            .Take(BatchSize).ToListAsync(ct);
        if (batch.Count == 0)
        {
            return 0;
        }

        var increments = new Dictionary<(string Kind, DateOnly Month, string Department, int OfficeId, string Mode, string D1, string D2, string D3), long>();
        void Add(string kind, DateOnly month, string department, int officeId, string mode, string d1, string d2 = "", string d3 = "")
        {
            var key = (kind, month, department, officeId, mode, d1, d2, d3);
            increments[key] = increments.GetValueOrDefault(key) + 1;
        }

        foreach (var d in batch)
        {
            var facts = DiagnosticFacts.Of(DateOnly.FromDateTime(ParisTime.ToParis(d.FilledAt)), d.OfficeId, d.Mode.ToString(), d.Level, d.Illectronisme, d.EquipmentScore, d.KnowHowPercent, d.Profile);
            var (month, dep, mode) = (facts.Month, d.DepartmentCode, facts.Mode);
            // Each cube by department, and rolled up for the nation (department « » ): the national view reads a few
            // thousand cells whatever the number of diagnostics.
            foreach (var area in new[] { dep, Nation })
            {
                Add(CubeKind.Level, month, area, 0, mode, $"{facts.Level}", facts.Illectronisme ? "1" : "0");
                Add(CubeKind.Matrix, month, area, 0, mode, $"{facts.Equipment}", $"{facts.KnowHowBand}");
                Add(CubeKind.Profile, month, area, 0, mode, facts.AgeBand, facts.Gender, facts.EquippedButNotUsing ? "1" : "0");
                foreach (var need in d.Needs.Distinct())
                {
                    Add(CubeKind.Need, month, area, 0, mode, need);
                }
            }

            Add(CubeKind.Office, month, dep, d.OfficeId, mode, string.Empty);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);

        // Mark first, on the condition that no one did: if another folder (another instance, a test, the benchmark)
        // took some of these diagnostics meanwhile, this batch is dropped and read again.
        var ids = batch.Select(d => d.Id).ToList();
        var marked = await db.Diagnostics.Where(d => ids.Contains(d.Id) && !EF.Property<bool>(d, CountedProperty))
            .ExecuteUpdateAsync(u => u.SetProperty(d => EF.Property<bool>(d, CountedProperty), true), ct);
        if (marked != ids.Count)
        {
            await transaction.RollbackAsync(ct);
            return marked == 0 ? 0 : await FoldAsync(ct, attempt);
        }

        var months = increments.Keys.Select(k => k.Month).Distinct().ToList();
        var departments = increments.Keys.Select(k => k.Department).Distinct().ToList();
        var officeIds = batch.Select(d => d.OfficeId).Distinct().ToList();
        var existing = (await db.SteeringCells.Where(c => c.Kind != CubeKind.Office && months.Contains(c.Month) && departments.Contains(c.DepartmentCode)).ToListAsync(ct))
            .Concat(await db.SteeringCells.Where(c => c.Kind == CubeKind.Office && months.Contains(c.Month) && officeIds.Contains(c.OfficeId)).ToListAsync(ct))
            .ToDictionary(c => (c.Kind, c.Month, c.DepartmentCode, c.OfficeId, c.Mode, c.D1, c.D2, c.D3));
        foreach (var (key, count) in increments)
        {
            if (existing.TryGetValue(key, out var cell))
            {
                cell.Count += count;
            }
            else
            {
                db.SteeringCells.Add(new SteeringCell
                {
                    Kind = key.Kind, Month = key.Month, DepartmentCode = key.Department, OfficeId = key.OfficeId, Mode = key.Mode, D1 = key.D1, D2 = key.D2, D3 = key.D3, Count = count,
                });
            }
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (attempt < 5)
        {
            // Another folder changed or created one of these cells meanwhile (Count is a concurrency token): start over.
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return await FoldAsync(ct, attempt + 1);
        }

        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return batch.Count;
    }
}
