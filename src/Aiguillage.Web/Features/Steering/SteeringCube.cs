using System.Globalization;
using System.Text;
using Aiguillage.Domain.Diagnostics;
using Aiguillage.Domain.Activity;
using Aiguillage.Domain.Orientation;
using Aiguillage.Domain.Referrals;
using Aiguillage.Domain.Steering;
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

    /// <summary>
    /// Per department, no national roll-up: diagnostics only. What the nation's ranking of its departments reads, a
    /// twelfth of the level cells it summed before (issue 23 §5).
    /// </summary>
    public const string Area = "area";

    /// <summary>D1 = the Monday of the week (yyyy-MM-dd, Paris time). A week across two months has a cell in each.</summary>
    public const string Week = "week";

    /// <summary>
    /// Re-diagnosed clients: D1 = level at the client's previous diagnostic, D2 = level at this one; counted in the
    /// month of the new diagnostic.
    /// </summary>
    public const string Progress = "progress";

    /// <summary>Actions of the activity log: D1 = <see cref="Domain.Activity.ActionKind"/>; Mode empty (an action has no mode).</summary>
    public const string Action = "action";

    /// <summary>Same cells as <see cref="Action"/>, counting minutes of hands-on help instead of actions.</summary>
    public const string ActionMinutes = "actmin";

    /// <summary>
    /// Referral funnel (<see cref="ReferralFunnel"/>): D1 = step first reached, D2 = whole hours since the step before
    /// (empty for the first); counted in the month the referral was proposed; Mode empty.
    /// </summary>
    public const string Funnel = "funnel";
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
        builder.ToTable("SteeringCells");
        builder.HasKey(c => new { c.Kind, c.Month, c.DepartmentCode, c.OfficeId, c.Mode, c.D1, c.D2, c.D3 });
        builder.Property(c => c.Kind).HasMaxLength(10);

        builder.Property(c => c.DepartmentCode).HasMaxLength(3);
        builder.Property(c => c.Mode).HasMaxLength(20);
        builder.Property(c => c.D1).HasMaxLength(40);
        builder.Property(c => c.D2).HasMaxLength(40);
        builder.Property(c => c.D3).HasMaxLength(40);
        builder.HasIndex(c => new { c.Kind, c.DepartmentCode, c.Month });
        builder.HasIndex(c => new { c.Kind, c.OfficeId, c.Month });
    }
}


/// <summary>Where a count goes: the primary key of a <see cref="SteeringCell"/>.</summary>
public readonly record struct CellKey(string Kind, DateOnly Month, string DepartmentCode, int OfficeId, string Mode, string D1, string D2 = "", string D3 = "");

/// <summary>What the cubes need to know of one diagnostic (never a person: no answer, no client).</summary>
public sealed record CubeDiagnostic(Guid Id, int OfficeId, string DepartmentCode, DiagnosticMode Mode, DateTime FilledAt, int Level, bool Illectronisme, int EquipmentScore,
    int KnowHowPercent, IReadOnlyDictionary<string, string> Profile, IReadOnlyList<string> Needs, Guid? ClientId);

/// <summary>A step of the referral funnel first reached by a referral (<see cref="ReferralFunnel.Reached"/>).</summary>
public sealed record CubeFunnelStep(string DepartmentCode, DateTime ReferralCreatedAt, ReferralStatus Step, int? HoursFromPrevious);

/// <summary>What the cubes need to know of one frozen action of the activity log.</summary>
public sealed record CubeAction(int OfficeId, string DepartmentCode, ActionKind Kind, DateTime OccurredAt, int? DurationMinutes);

/// <summary>
/// Turns diagnostics and actions into cell increments. The same counting serves the folder (which writes the cells)
/// and the office dashboard (which counts one office's few diagnostics on the fly), so both read the same numbers.
/// </summary>
public sealed class CellCounter(bool withNation)
{
    private readonly Dictionary<CellKey, long> _counts = [];

    public IReadOnlyDictionary<CellKey, long> Counts => _counts;

    private void Count(CellKey key, long count = 1) => _counts[key] = _counts.GetValueOrDefault(key) + count;

    private IEnumerable<string> Areas(string department) => withNation ? [department, SteeringCube.Nation] : [department];

    public void Add(CubeDiagnostic d, int? previousLevel)
    {
        var filled = DateOnly.FromDateTime(ParisTime.ToParis(d.FilledAt));
        var facts = DiagnosticFacts.Of(filled, d.OfficeId, d.Mode.ToString(), d.Level, d.Illectronisme, d.EquipmentScore, d.KnowHowPercent, d.Profile);
        var (month, mode) = (facts.Month, facts.Mode);
        var monday = filled.AddDays(-(((int)filled.DayOfWeek + 6) % 7)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        // Each cube by department, and rolled up for the nation (department « »): the national view reads a few
        // thousand cells whatever the number of diagnostics.
        foreach (var area in Areas(d.DepartmentCode))
        {
            Count(new(CubeKind.Level, month, area, 0, mode, $"{facts.Level}", facts.Illectronisme ? "1" : "0"));
            Count(new(CubeKind.Matrix, month, area, 0, mode, $"{facts.Equipment}", $"{facts.KnowHowBand}"));
            Count(new(CubeKind.Profile, month, area, 0, mode, facts.AgeBand, facts.Gender, facts.EquippedButNotUsing ? "1" : "0"));
            Count(new(CubeKind.Week, month, area, 0, mode, monday));
            foreach (var need in d.Needs.Distinct())
            {
                Count(new(CubeKind.Need, month, area, 0, mode, need));
            }

            if (previousLevel is { } previous)
            {
                Count(new(CubeKind.Progress, month, area, 0, mode, $"{previous}", $"{facts.Level}"));
            }
        }

        Count(new(CubeKind.Office, month, d.DepartmentCode, d.OfficeId, mode, string.Empty));
        Count(new(CubeKind.Area, month, d.DepartmentCode, 0, mode, string.Empty));
    }

    public void Add(CubeFunnelStep f)
    {
        var created = DateOnly.FromDateTime(ParisTime.ToParis(f.ReferralCreatedAt));
        var month = new DateOnly(created.Year, created.Month, 1);
        foreach (var area in Areas(f.DepartmentCode))
        {
            Count(new(CubeKind.Funnel, month, area, 0, string.Empty, $"{f.Step}", f.HoursFromPrevious is { } h ? h.ToString(CultureInfo.InvariantCulture) : string.Empty));
        }
    }

    public void Add(CubeAction a)
    {
        var occurred = DateOnly.FromDateTime(ParisTime.ToParis(a.OccurredAt));
        var month = new DateOnly(occurred.Year, occurred.Month, 1);
        foreach (var area in Areas(a.DepartmentCode))
        {
            Count(new(CubeKind.Action, month, area, 0, string.Empty, $"{a.Kind}"));
            if (a.DurationMinutes is { } minutes)
            {
                Count(new(CubeKind.ActionMinutes, month, area, 0, string.Empty, $"{a.Kind}"), minutes);
            }
        }
    }
}

/// <summary>
/// Folds newly stored diagnostics, and actions once frozen (24 hours after they were noted, when nobody may rewrite
/// them), into the steering cells, in batches, each batch in one transaction with the rows it marks as counted: a row
/// is counted once. Cells are added to by upserts (« INSERT … ON CONFLICT DO UPDATE », on both engines), never read
/// back, so two folders cannot lose an increment. Run by one instance at a time (a claimed job row, docs/adr/0009),
/// every few seconds by the background runner, and directly by tests and the benchmark.
/// </summary>
public sealed class SteeringCube(AppDbContext db, TimeProvider clock) : IFrequentJob
{
    public const string CountedProperty = CountedRows.Property;

    /// <summary>The department code of the national roll-up cells.</summary>
    public const string Nation = "";

    /// <summary>Rows per INSERT statement: 9 parameters each, well under SQLite's 32,766 and PostgreSQL's 65,535.</summary>
    private const int RowsPerStatement = 500;

    /// <summary>
    /// Rows per batch. A batch of a few days touches most cells of its month whatever its size, so a first load (the
    /// benchmark) goes faster with large batches; live traffic folds a handful at a time.
    /// </summary>
    public int BatchSize { get; init; } = 5_000;

    /// <summary>
    /// Rows per slice when the background runner folds live traffic (issue 23 §2). Each slice is one short transaction,
    /// and the runner pauses <see cref="SlicePause"/> between two full ones: on SQLite the fold and the requests share
    /// one writer lock, and a 5,000-row batch held it long enough to put the requests' 99th percentile past 90 ms.
    /// </summary>
    public int SliceSize { get; init; } = 250;

    /// <summary>The runner's pause between two full slices: what lets waiting request writes through.</summary>
    public TimeSpan SlicePause { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// On PostgreSQL, the largest slice of diagnostics the runner grows to when they wait in numbers: after a restore's
    /// recount, a runner stopped for a while, a first load (issue 23 §5). The SQL fold takes no lock a request waits on,
    /// and it upserts each cell its slice touches once: slices of 250 rewrite the same cells thousands of times over
    /// millions of rows, large slices far fewer. 250 doubled twelve times; on 2 cores the 10-second rule stops the
    /// doubling at 512,000 (bench/README.md).
    /// </summary>
    public int MaxSliceSize { get; init; } = LargestSlice;

    /// <summary>The default of <see cref="MaxSliceSize"/>: what a folder waiting for another one's slice allows for.</summary>
    public const int LargestSlice = 1_024_000;

    /// <summary>A full slice that took less than this doubles the next one (PostgreSQL, diagnostics; see <see cref="MaxSliceSize"/>).</summary>
    public TimeSpan SliceGrowthBelow { get; init; } = TimeSpan.FromSeconds(10);

    public string Name => "steering-cube";

    /// <summary>The background runner's pass: everything not yet counted, in slices (see <see cref="SliceSize"/>).</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        await FoldPendingDiagnosticsAsync(ct);
        await InSlicesAsync(FoldActionsAsync, ct);
        await InSlicesAsync(FoldReferralEventsAsync, ct);
    }

    /// <summary>
    /// Every diagnostic not yet counted, as the runner folds them: in slices of <see cref="SliceSize"/>, growing on
    /// PostgreSQL while they come full and quick; returns how many rows were passed. The benchmark's first full fold is this.
    /// </summary>
    public async Task<long> FoldPendingDiagnosticsAsync(CancellationToken ct, Action<int, int, TimeSpan>? onSlice = null) =>
        (await InSlicesAsync(FoldAsync, SliceSize, db.Database.IsNpgsql() ? MaxSliceSize : SliceSize, SliceGrowthBelow, SlicePause, ct, onSlice)).Rows;

    /// <summary>Actions and referral events: slices of <see cref="SliceSize"/> that never grow (they are far fewer).</summary>
    private Task<(long Rows, int Slices)> InSlicesAsync(Func<int, CancellationToken, Task<int>> fold, CancellationToken ct) =>
        InSlicesAsync(fold, SliceSize, SliceSize, SliceGrowthBelow, SlicePause, ct);

    /// <summary>
    /// Calls <paramref name="fold"/> with a slice size until a slice comes back short: <paramref name="first"/> rows,
    /// doubled after each full slice that took less than <paramref name="growBelow"/>, up to <paramref name="max"/>,
    /// with <paramref name="pause"/> between two slices. Returns the rows passed and the slices made.
    /// </summary>
    public static async Task<(long Rows, int Slices)> InSlicesAsync(
        Func<int, CancellationToken, Task<int>> fold, int first, int max, TimeSpan growBelow, TimeSpan pause, CancellationToken ct,
        Action<int, int, TimeSpan>? onSlice = null)
    {
        first = Math.Max(1, first);
        // The pause is real time, not the app's clock: it spaces writes on this machine, and a test's pinned clock
        // would otherwise stop the fold. On SQLite the slice never grows: the fold holds the one writer lock that the
        // requests wait on.
        var (size, rows, slices) = (first, 0L, 0);
        while (true)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var passed = await fold(size, ct);
            (rows, slices) = (rows + passed, slices + 1);
            onSlice?.Invoke(size, passed, watch.Elapsed);
            if (passed < size)
            {
                return (rows, slices);
            }

            if (watch.Elapsed < growBelow)
            {
                size = (int)Math.Min(size * 2L, Math.Max(max, first));
            }

            await Task.Delay(pause, ct);
        }
    }

    /// <summary>Folds one batch of <see cref="BatchSize"/> diagnostics; returns how many it counted.</summary>
    public Task<int> FoldAsync(CancellationToken ct) => FoldAsync(BatchSize, ct);

    /// <summary>Folds one batch of <see cref="BatchSize"/> frozen actions; returns how many it counted.</summary>
    public Task<int> FoldActionsAsync(CancellationToken ct) => FoldActionsAsync(BatchSize, ct);

    /// <summary>Folds one batch of <see cref="BatchSize"/> referral events; returns how many it counted.</summary>
    public Task<int> FoldReferralEventsAsync(CancellationToken ct) => FoldReferralEventsAsync(BatchSize, ct);

    /// <summary>
    /// Folds one batch of referral events into the funnel; returns how many it counted. Each event is looked at with
    /// every event of its referral, so a step counts once, at the event that first reached it.
    /// </summary>
    public async Task<int> FoldReferralEventsAsync(int size, CancellationToken ct)
    {
        var batch = await db.ReferralEvents.AsNoTracking().Where(e => !EF.Property<bool>(e, CountedProperty)).OrderBy(e => e.At).Take(size)
            .Select(e => new { e.Id, e.ReferralId }).ToListAsync(ct);
        if (batch.Count == 0)
        {
            return 0;
        }

        var referralIds = batch.Select(e => e.ReferralId).Distinct().ToList();
        var events = new List<(Guid ReferralId, Guid Id, ReferralStatus To, DateTime At)>();
        var referrals = new Dictionary<Guid, (string DepartmentCode, DateTime CreatedAt)>();
        foreach (var chunk in referralIds.Chunk(10_000))
        {
            events.AddRange((await db.ReferralEvents.AsNoTracking().Where(e => chunk.Contains(e.ReferralId)).Select(e => new { e.ReferralId, e.Id, e.To, e.At }).ToListAsync(ct))
                .Select(e => (e.ReferralId, e.Id, e.To, e.At)));
            foreach (var r in await (from r in db.Referrals.AsNoTracking()
                                     join o in db.Offices on r.OfficeId equals o.Id
                                     where chunk.Contains(r.Id)
                                     select new { r.Id, o.DepartmentCode, r.CreatedAt }).ToListAsync(ct))
            {
                referrals[r.Id] = (r.DepartmentCode, r.CreatedAt);
            }
        }

        var inBatch = batch.Select(e => e.Id).ToHashSet();
        var counter = new CellCounter(withNation: true);
        foreach (var referral in events.GroupBy(e => e.ReferralId))
        {
            var (department, created) = referrals[referral.Key];
            foreach (var (step, eventId, hours) in ReferralFunnel.Reached(referral.Select(e => (e.Id, e.To, e.At))))
            {
                if (inBatch.Contains(eventId))
                {
                    counter.Add(new CubeFunnelStep(department, created, step, hours));
                }
            }
        }

        return await WriteAsync(
            [.. inBatch], chunk => db.ReferralEvents.Where(e => chunk.Contains(e.Id) && !EF.Property<bool>(e, CountedProperty))
                .ExecuteUpdateAsync(u => u.SetProperty(e => EF.Property<bool>(e, CountedProperty), true), ct),
            counter, ct) ? batch.Count : await FoldReferralEventsAsync(size, ct);
    }

    /// <summary>The level of each client's diagnostic before the given ones (by the time it was filled), for the progress cube.</summary>
    public static async Task<Dictionary<Guid, int>> PreviousLevelsAsync(AppDbContext db, IReadOnlyCollection<CubeDiagnostic> diagnostics, CancellationToken ct)
    {
        var clientIds = diagnostics.Where(d => d.ClientId is not null).Select(d => d.ClientId).Distinct().ToList();
        if (clientIds.Count == 0)
        {
            return [];
        }

        var history = (await db.Diagnostics.AsNoTracking().Where(d => clientIds.Contains(d.ClientId))
            .Select(d => new { d.Id, d.ClientId, d.FilledAt, d.Level }).ToListAsync(ct)).ToLookup(h => h.ClientId);
        var previous = new Dictionary<Guid, int>();
        foreach (var d in diagnostics.Where(d => d.ClientId is not null))
        {
            // Two earlier diagnostics filled at the same instant: the higher level, on both engines' folds alike.
            if (history[d.ClientId].Where(h => h.Id != d.Id && h.FilledAt < d.FilledAt).OrderByDescending(h => h.FilledAt).ThenByDescending(h => h.Level).FirstOrDefault() is { } before)
            {
                previous[d.Id] = before.Level;
            }
        }

        return previous;
    }

    /// <summary>The diagnostics of the cubes, with their office's department.</summary>
    public static IQueryable<CubeDiagnostic> Diagnostics(AppDbContext db, IQueryable<Diagnostic> source) =>
        from d in source.AsNoTracking()
        join o in db.Offices on d.OfficeId equals o.Id
        select new CubeDiagnostic(d.Id, d.OfficeId, o.DepartmentCode, d.Mode, d.FilledAt, d.Level, d.Illectronisme, d.EquipmentScore, d.KnowHowPercent, d.Profile, d.Needs, d.ClientId);

    /// <summary>The actions of the cubes, with their office's department.</summary>
    public static IQueryable<CubeAction> Actions(AppDbContext db, IQueryable<RecordedAction> source) =>
        from a in source.AsNoTracking()
        join o in db.Offices on a.OfficeId equals o.Id
        select new CubeAction(a.OfficeId, o.DepartmentCode, a.Kind, a.OccurredAt, a.DurationMinutes);

    /// <summary>
    /// Whether a diagnostic filled before <paramref name="before"/> is not in the cells yet (a month is published only
    /// once all of its diagnostics are).
    /// </summary>
    public static Task<bool> AnyUnfoldedDiagnosticAsync(AppDbContext db, DateTime before, CancellationToken ct) =>
        db.Database.IsNpgsql()
            ? PostgresDiagnosticFold.AnyUnfoldedAsync(db, before, ct)
            : db.Diagnostics.AnyAsync(d => !EF.Property<bool>(d, CountedProperty) && d.FilledAt < before, ct);

    /// <summary>
    /// Folds one batch of diagnostics; returns how many it counted. On PostgreSQL, set-based behind a watermark
    /// (<see cref="PostgresDiagnosticFold"/>, docs/adr/0027); on SQLite, row by row below.
    /// </summary>
    public async Task<int> FoldAsync(int size, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
        {
            return await PostgresDiagnosticFold.FoldAsync(db, size, ct);
        }

        // Oldest first: a batch spans few months, so it touches few cells.
        var batch = await Diagnostics(db, db.Diagnostics.Where(d => !EF.Property<bool>(d, CountedProperty)).OrderBy(d => d.FilledAt).Take(size)).ToListAsync(ct);
        if (batch.Count == 0)
        {
            return 0;
        }

        var previous = await PreviousLevelsAsync(db, batch, ct);
        var counter = new CellCounter(withNation: true);
        foreach (var d in batch)
        {
            counter.Add(d, previous.TryGetValue(d.Id, out var level) ? level : null);
        }

        var ids = batch.Select(d => d.Id).ToList();
        return await WriteAsync(
            ids, chunk => db.Diagnostics.Where(d => chunk.Contains(d.Id) && !EF.Property<bool>(d, CountedProperty))
                .ExecuteUpdateAsync(u => u.SetProperty(d => EF.Property<bool>(d, CountedProperty), true), ct),
            counter, ct) ? batch.Count : await FoldAsync(size, ct);
    }

    /// <summary>Folds one batch of frozen actions; returns how many it counted.</summary>
    public async Task<int> FoldActionsAsync(int size, CancellationToken ct)
    {
        var frozenBefore = clock.GetUtcNow().UtcDateTime - RecordedAction.EditableFor;
        var source = db.RecordedActions.Where(a => !EF.Property<bool>(a, CountedProperty) && a.CreatedAt < frozenBefore).OrderBy(a => a.CreatedAt).Take(size);
        var batch = await (from a in source
                           join o in db.Offices on a.OfficeId equals o.Id
                           select new { a.Id, Action = new CubeAction(a.OfficeId, o.DepartmentCode, a.Kind, a.OccurredAt, a.DurationMinutes) }).ToListAsync(ct);
        if (batch.Count == 0)
        {
            return 0;
        }

        var counter = new CellCounter(withNation: true);
        foreach (var a in batch)
        {
            counter.Add(a.Action);
        }

        var ids = batch.Select(a => a.Id).ToList();
        return await WriteAsync(
            ids, chunk => db.RecordedActions.Where(a => chunk.Contains(a.Id) && !EF.Property<bool>(a, CountedProperty))
                .ExecuteUpdateAsync(u => u.SetProperty(a => EF.Property<bool>(a, CountedProperty), true), ct),
            counter, ct) ? batch.Count : await FoldActionsAsync(size, ct);
    }

    /// <summary>
    /// In one transaction: marks the batch's rows, on the condition that no one did (if another folder took some of
    /// them meanwhile, the batch is dropped and read again), then adds its counts to the cells.
    /// </summary>
    private async Task<bool> WriteAsync(List<Guid> ids, Func<Guid[], Task<int>> mark, CellCounter counter, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);

        // By chunks: EF sends a list as one parameter each, and SQLite takes at most 32,766 parameters a statement.
        foreach (var chunk in ids.Chunk(10_000))
        {
            if (await mark(chunk) != chunk.Length)
            {
                await transaction.RollbackAsync(ct);
                return false;
            }
        }

        // In key order, so that two transactions on PostgreSQL lock shared cells in the same order (no deadlock).
        var rows = counter.Counts.OrderBy(c => c.Key.Kind, StringComparer.Ordinal).ThenBy(c => c.Key.Month).ThenBy(c => c.Key.DepartmentCode, StringComparer.Ordinal)
            .ThenBy(c => c.Key.OfficeId).ThenBy(c => c.Key.Mode, StringComparer.Ordinal).ThenBy(c => c.Key.D1, StringComparer.Ordinal)
            .ThenBy(c => c.Key.D2, StringComparer.Ordinal).ThenBy(c => c.Key.D3, StringComparer.Ordinal).ToList();
        foreach (var chunk in rows.Chunk(RowsPerStatement))
        {
            var sql = new StringBuilder("INSERT INTO \"SteeringCells\" (\"Kind\", \"Month\", \"DepartmentCode\", \"OfficeId\", \"Mode\", \"D1\", \"D2\", \"D3\", \"Count\") VALUES ");
            var parameters = new List<object>(chunk.Length * 9);
            for (var i = 0; i < chunk.Length; i++)
            {
                var (key, count) = (chunk[i].Key, chunk[i].Value);
                var p = i * 9;
                sql.Append(i == 0 ? string.Empty : ", ").Append(CultureInfo.InvariantCulture, $"({{{p}}}, {{{p + 1}}}, {{{p + 2}}}, {{{p + 3}}}, {{{p + 4}}}, {{{p + 5}}}, {{{p + 6}}}, {{{p + 7}}}, {{{p + 8}}})");
                parameters.AddRange([key.Kind, key.Month, key.DepartmentCode, key.OfficeId, key.Mode, key.D1, key.D2, key.D3, count]);
            }

            sql.Append(" ON CONFLICT (\"Kind\", \"Month\", \"DepartmentCode\", \"OfficeId\", \"Mode\", \"D1\", \"D2\", \"D3\") DO UPDATE SET \"Count\" = \"SteeringCells\".\"Count\" + excluded.\"Count\"");
            await db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters, ct);
        }

        await transaction.CommitAsync(ct);
        return true;
    }
}
