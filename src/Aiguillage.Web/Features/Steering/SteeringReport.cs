using System.Globalization;
using Aiguillage.Domain.Diagnostics;
using Aiguillage.Domain.DigitalPass;
using Aiguillage.Domain.Offices;
using Aiguillage.Domain.Activity;
using Aiguillage.Domain.Orientation;
using Aiguillage.Domain.Referrals;
using Aiguillage.Domain.Steering;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Web;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Steering;

/// <summary>How a table is drawn beside its numbers (server-side SVG, no JavaScript).</summary>
public enum ChartKind
{
    None = 0,
    Bar = 1,
    StackedBar = 2,
    Line = 3,
    Matrix = 4,
}

/// <summary>
/// One table of the dashboard: a title, its column headings, its rows (label, numbers; null where the table cannot
/// give one, shown « — »), the decimals of each number column, and how it is drawn.
/// </summary>
public sealed record SteeringTable(string Id, string Title, IReadOnlyList<string> Columns, IReadOnlyList<(string Label, decimal?[] Values)> Rows,
    ChartKind Chart = ChartKind.None, IReadOnlyList<int>? Decimals = null)
{
    public int DecimalsOf(int valueColumn) => Decimals is { } d && valueColumn < d.Count ? d[valueColumn] : 0;

    public string Format(decimal? value, int valueColumn) => value is { } v ? v.ToString($"N{DecimalsOf(valueColumn)}", ParisTime.French) : "—";

    /// <summary>The rows as an export reads them: the label, then the numbers (null stays empty).</summary>
    public IEnumerable<object?[]> ExportRows() => Rows.Select(r => new object?[] { r.Label }.Concat(r.Values.Select(v => (object?)v)).ToArray());
}

/// <summary>A figure of the period and the same figure for the period before.</summary>
public sealed record Compared(long Now, long Before);

/// <summary>The four figures of the dashboard's first screen, and the period they are compared with.</summary>
public sealed record KeyFigures(DateOnly PreviousFrom, DateOnly PreviousTo, Compared Diagnostics, Compared Illectronisme, Compared Completed, Compared? ActiveOffices, int? Target);

/// <summary>What the dashboard shows: a set of departments (null: the nation) or one office, months, a mode, weeks or months.</summary>
public sealed record SteeringFilter(IReadOnlyList<string>? Departments, int? OfficeId, DateOnly From, DateOnly To, string? Mode, bool Weekly = false);

/// <summary>The figures of the dashboard, read from the steering cells (or, for one office, counted from its own rows the same way).</summary>
public sealed record SteeringReport(long Total, long Illectronisme, long EquippedButNotUsing, IReadOnlyList<SteeringTable> Tables)
{
    private sealed record Cell(string Kind, DateOnly Month, string D1, string D2, string D3, long Count);

    private static readonly string[] Ages = ["15-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+", "nsp"];
    private static readonly string[] Genders = ["femme", "homme", "autre", "nsp"];

    public static async Task<SteeringReport> BuildAsync(AppDbContext db, QuestionnaireDefinition definition, SteeringFilter filter, Func<string, string> departmentName,
        DateTime nowUtc, CancellationToken ct, int? targetActiveOffices = null)
    {
        var (from, to, mode) = (filter.From, filter.To, filter.Mode);
        var cells = filter.OfficeId is { } officeId
            ? await OfficeCellsAsync(db, officeId, filter, nowUtc, ct)
            : await CellsAsync(db, filter, ct);
        List<Cell> Of(string kind) => [.. cells.Where(c => c.Kind == kind)];

        var levels = Of(CubeKind.Level);
        var total = levels.Sum(l => l.Count);
        var illectronisme = levels.Where(l => l.D2 == "1").Sum(l => l.Count);
        var matrix = Of(CubeKind.Matrix);
        var profiles = Of(CubeKind.Profile);
        var equippedButNotUsing = profiles.Where(p => p.D3 == "1").Sum(p => p.Count);
        var months = Enumerable.Range(0, ((to.Year - from.Year) * 12) + to.Month - from.Month + 1).Select(i => from.AddMonths(i)).ToList();
        var byMonth = months.ToDictionary(m => m, m => levels.Where(l => l.Month == m).Sum(l => l.Count));
        decimal Share(long part, long whole) => whole == 0 ? 0 : Round1(100m * part / whole);

        var tables = new List<SteeringTable>();
        if (filter.Weekly)
        {
            var weeks = Of(CubeKind.Week).GroupBy(w => w.D1).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
            tables.Add(new("semaines", "Diagnostics par semaine", ["Semaine", "Diagnostics"],
                [.. weeks.Select(g => ("semaine du " + DateOnly.ParseExact(g.Key, "yyyy-MM-dd", CultureInfo.InvariantCulture).ToString("d MMMM yyyy", ParisTime.French), new decimal?[] { g.Sum(w => w.Count) }))],
                ChartKind.Line));
        }
        else
        {
            tables.Add(new("mois", "Diagnostics par mois", ["Mois", "Diagnostics"],
                [.. months.Select(m => (m.ToString("MMMM yyyy", ParisTime.French), new decimal?[] { byMonth[m] }))], ChartKind.Line));
        }

        tables.Add(new("niveaux", "Niveaux d'aisance", ["Niveau", "Diagnostics", "Part (%)", "dont illectronisme"],
            [.. definition.Levels.OrderBy(l => l.Value).Select(l =>
            {
                var count = levels.Where(x => x.D1 == $"{l.Value}").Sum(x => x.Count);
                return ($"{l.Value} — {l.Label}", new decimal?[] { count, Share(count, total), levels.Where(x => x.D1 == $"{l.Value}" && x.D2 == "1").Sum(x => x.Count) });
            })], ChartKind.Bar, [0, 1, 0]));

        var equipmentValues = matrix.Select(m => int.Parse(m.D1, CultureInfo.InvariantCulture)).Append(0).Distinct().Order().ToList();
        tables.Add(new("matrice", "Équipement × savoir-faire", ["Équipement (score)", "0–24 %", "25–49 %", "50–74 %", "75–99 %", "100 %"],
            [.. equipmentValues.Select(e => ($"{e}", Enumerable.Range(0, 5).Select(b => (decimal?)matrix.Where(m => m.D1 == $"{e}" && m.D2 == $"{b}").Sum(m => m.Count)).ToArray()))],
            ChartKind.Matrix));
        tables.Add(new("profils", "Âge × genre", ["Âge", .. Genders.Select(g => g == "nsp" ? "non dit" : g)],
            [.. Ages.Select(a => (AgeLabel(a), Genders.Select(g => (decimal?)profiles.Where(p => p.D1 == a && p.D2 == g).Sum(p => p.Count)).ToArray()))],
            ChartKind.StackedBar));
        tables.Add(new("segment", "« Équipés mais n'utilisent pas », par âge", ["Âge", "Diagnostics", "dont équipés mais n'utilisent pas", "Part (%)"],
            [.. Ages.Select(a =>
            {
                var all = profiles.Where(p => p.D1 == a).Sum(p => p.Count);
                var segment = profiles.Where(p => p.D1 == a && p.D3 == "1").Sum(p => p.Count);
                return (AgeLabel(a), new decimal?[] { all, segment, Share(segment, all) });
            })], ChartKind.None, [0, 0, 1]));
        tables.Add(new("besoins", "Besoins, les plus fréquents d'abord", ["Besoin", "Diagnostics"],
            [.. Of(CubeKind.Need).GroupBy(n => n.D1).Select(g => (definition.Needs.FirstOrDefault(n => n.Id == g.Key)?.Label ?? g.Key, new decimal?[] { g.Sum(n => n.Count) }))
                .OrderByDescending(r => r.Item2[0])], ChartKind.Bar));
        tables.Add(ActionsTable(Of(CubeKind.Action), Of(CubeKind.ActionMinutes)));
        tables.Add(ProgressTable(Of(CubeKind.Progress)));
        if (filter.OfficeId is null)
        {
            tables.Add(await RankingAsync(db, filter, departmentName, ct));
        }

        tables.Add(await FunnelAsync(db, filter, ct));
        if (filter.OfficeId is null)
        {
            tables.Add(await RollOutAsync(db, filter.Departments, months, byMonth, targetActiveOffices, ct));
        }

        tables.Add(await PassAsync(db, filter, months, ct));
        return new SteeringReport(total, illectronisme, equippedButNotUsing, tables);
    }

    /// <summary>
    /// The first screen of the dashboard (issue 18): diagnostics, illectronisme, referrals completed and active
    /// offices of the period, each beside the same figure for the period of as many months just before. The figures of
    /// the period come from this report's own tables, so the first screen and the tables never disagree; for the
    /// period before, only what those four need is read (the level cells, the funnel, the roll-out of its last month).
    /// </summary>
    public async Task<KeyFigures> KeyFiguresAsync(AppDbContext db, SteeringFilter filter, DateTime nowUtc, int? targetActiveOffices, CancellationToken ct)
    {
        var months = ((filter.To.Year - filter.From.Year) * 12) + filter.To.Month - filter.From.Month + 1;
        var previous = filter with { From = filter.From.AddMonths(-months), To = filter.From.AddMonths(-1), Weekly = false };
        var levels = filter.OfficeId is { } officeId
            ? [.. (await OfficeCellsAsync(db, officeId, previous, nowUtc, ct)).Where(c => c.Kind == CubeKind.Level)]
            : await CellsAsync(db, previous, ct, CubeKind.Level);
        var completedLabel = ReferralRules.Label(ReferralStatus.Completed);
        static long Completed(SteeringTable funnel, string label) => (long)(funnel.Rows.First(r => r.Label == label).Values[0] ?? 0);

        Compared? active = null;
        if (filter.OfficeId is null && Tables.FirstOrDefault(t => t.Id == "deploiement") is { Rows.Count: > 0 } rollOut)
        {
            var before = await RollOutAsync(db, filter.Departments, [previous.To], new Dictionary<DateOnly, long>(), targetActiveOffices, ct);
            active = new((long)(rollOut.Rows[^1].Values[0] ?? 0), (long)(before.Rows[0].Values[0] ?? 0));
        }

        return new KeyFigures(previous.From, previous.To,
            new(Total, levels.Sum(l => l.Count)),
            new(Illectronisme, levels.Where(l => l.D2 == "1").Sum(l => l.Count)),
            new(Completed(Tables.First(t => t.Id == "orientations"), completedLabel), Completed(await FunnelAsync(db, previous, ct), completedLabel)),
            active, targetActiveOffices);
    }

    /// <summary>One decimal, halves rounded up as people do by hand (1,25 h → 1,3 h), not to even.</summary>
    public static decimal Round1(decimal value) => Math.Round(value, 1, MidpointRounding.AwayFromZero);

    private static string AgeLabel(string age) => age == "nsp" ? "non dit" : age;

    /// <summary>The cells of the filter, summed over departments and modes (actions have no mode: they are kept whatever the mode).</summary>
    private static async Task<List<Cell>> CellsAsync(AppDbContext db, SteeringFilter filter, CancellationToken ct, params string[] kinds)
    {
        var (from, to, departments) = (filter.From, filter.To, filter.Departments);
        var cells = new List<Cell>();

        // One query per kind: each seeks the index (kind, department, month) instead of scanning every cell.
        foreach (var kind in kinds.Length > 0 ? kinds : [CubeKind.Level, CubeKind.Matrix, CubeKind.Profile, CubeKind.Need, CubeKind.Week, CubeKind.Progress, CubeKind.Action, CubeKind.ActionMinutes])
        {
            var mode = kind is CubeKind.Action or CubeKind.ActionMinutes ? null : filter.Mode;
            var query = db.SteeringCells.AsNoTracking().Where(c => c.Kind == kind && c.Month >= from && c.Month <= to && (mode == null || c.Mode == mode));
            query = departments is null ? query.Where(c => c.DepartmentCode == SteeringCube.Nation) : query.Where(c => departments.Contains(c.DepartmentCode));
            cells.AddRange((await query.GroupBy(c => new { c.Month, c.D1, c.D2, c.D3 }).Select(g => new { g.Key.Month, g.Key.D1, g.Key.D2, g.Key.D3, Count = g.Sum(c => c.Count) }).ToListAsync(ct))
                .Select(c => new Cell(kind, c.Month, c.D1, c.D2, c.D3, c.Count)));
        }

        return cells;
    }

    /// <summary>
    /// One office: its diagnostics and frozen actions of the period (a few thousand at most) counted on the fly by the
    /// same <see cref="CellCounter"/> as the cells, so the office view and the territory views agree.
    /// </summary>
    private static async Task<List<Cell>> OfficeCellsAsync(AppDbContext db, int officeId, SteeringFilter filter, DateTime nowUtc, CancellationToken ct)
    {
        // A day of margin either side of the months in Paris time; the counter then keeps the months of the filter.
        var start = filter.From.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddDays(-1);
        var end = filter.To.AddMonths(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddDays(1);
        var diagnostics = await SteeringCube.Diagnostics(db, db.Diagnostics.Where(d => d.OfficeId == officeId && d.FilledAt >= start && d.FilledAt < end)).ToListAsync(ct);
        if (filter.Mode is { } mode)
        {
            diagnostics = [.. diagnostics.Where(d => d.Mode.ToString() == mode)];
        }

        var frozenBefore = nowUtc - RecordedAction.EditableFor;
        var actions = await SteeringCube.Actions(db, db.RecordedActions.Where(a => a.OfficeId == officeId && a.OccurredAt >= start && a.OccurredAt < end && a.CreatedAt < frozenBefore)).ToListAsync(ct);
        var previous = await SteeringCube.PreviousLevelsAsync(db, diagnostics, ct);
        var counter = new CellCounter(withNation: false);
        foreach (var d in diagnostics)
        {
            counter.Add(d, previous.TryGetValue(d.Id, out var level) ? level : null);
        }

        foreach (var a in actions)
        {
            counter.Add(a);
        }

        return [.. counter.Counts.Where(c => c.Key.Kind != CubeKind.Office && c.Key.Month >= filter.From && c.Key.Month <= filter.To)
            .GroupBy(c => (c.Key.Kind, c.Key.Month, c.Key.D1, c.Key.D2, c.Key.D3))
            .Select(g => new Cell(g.Key.Kind, g.Key.Month, g.Key.D1, g.Key.D2, g.Key.D3, g.Sum(c => c.Value)))];
    }

    /// <summary>Actions of the activity log by tier, with the time of hands-on help; frozen actions only (24 hours after they were noted).</summary>
    private static SteeringTable ActionsTable(List<Cell> actions, List<Cell> minutes)
    {
        return new("actions", "Actions par palier (informer, accompagner, orienter)", ["Palier", "Actions", "Temps d'accompagnement (heures)"],
            [.. Enum.GetValues<ActionTier>().Select(tier => (tier.Label(), new decimal?[]
            {
                actions.Where(a => a.D1 == $"{ActionKinds.For(tier)}").Sum(a => a.Count),
                tier == ActionTier.Accompany ? Round1(minutes.Where(m => m.D1 == $"{ActionKinds.For(tier)}").Sum(m => m.Count) / 60m) : null,
            }))], ChartKind.Bar, [0, 1]);
    }

    /// <summary>Clients diagnosed again in the period: their level against their previous diagnostic.</summary>
    private static SteeringTable ProgressTable(List<Cell> progress)
    {
        var total = progress.Sum(p => p.Count);
        long Where(Func<int, int, bool> test) => progress.Where(p => test(int.Parse(p.D1, CultureInfo.InvariantCulture), int.Parse(p.D2, CultureInfo.InvariantCulture))).Sum(p => p.Count);
        var up = Where((before, now) => now > before);
        var same = Where((before, now) => now == before);
        var down = Where((before, now) => now < before);
        decimal? Share(long part) => total == 0 ? null : Round1(100m * part / total);
        return new("progression", "Clients revus : niveau au nouveau diagnostic par rapport au précédent", ["Évolution", "Clients revus", "Part (%)"],
            [("niveau en hausse", [up, Share(up)]), ("niveau identique", [same, Share(same)]), ("niveau en baisse", [down, Share(down)])], ChartKind.Bar, [0, 1]);
    }

    /// <summary>The nation ranks its departments; a territory ranks its offices (20 most active).</summary>
    private static async Task<SteeringTable> RankingAsync(AppDbContext db, SteeringFilter filter, Func<string, string> departmentName, CancellationToken ct)
    {
        var (from, to, mode, departments) = (filter.From, filter.To, filter.Mode, filter.Departments);
        var cells = db.SteeringCells.AsNoTracking().Where(c => c.Month >= from && c.Month <= to && (mode == null || c.Mode == mode));
        if (departments is null)
        {
            var ranked = await cells.Where(c => c.Kind == CubeKind.Area)
                .GroupBy(c => c.DepartmentCode).Select(g => new { Code = g.Key, Count = g.Sum(c => c.Count) }).ToListAsync(ct);
            return new("departements", "Départements, les plus actifs d'abord", ["Département", "Diagnostics"],
                [.. ranked.OrderByDescending(d => d.Count).Select(d => (departmentName(d.Code), new decimal?[] { d.Count }))], ChartKind.Bar);
        }

        var offices = await (from c in cells.Where(c => c.Kind == CubeKind.Office && departments.Contains(c.DepartmentCode))
                             group c by c.OfficeId into g
                             orderby g.Sum(c => c.Count) descending
                             select new { OfficeId = g.Key, Count = g.Sum(c => c.Count) }).Take(20).ToListAsync(ct);
        var officeIds = offices.Select(o => o.OfficeId).ToList();
        var names = await db.Offices.Where(o => officeIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => $"{o.Name} ({o.DepartmentCode})", ct);
        return new("bureaux", "Bureaux, les plus actifs d'abord (20 premiers)", ["Bureau", "Diagnostics"],
            [.. offices.Select(o => (names.GetValueOrDefault(o.OfficeId) ?? $"{o.OfficeId}", new decimal?[] { o.Count }))], ChartKind.Bar);
    }

    /// <summary>
    /// The roll-out month by month: offices active in the programme at the end of the month (from the history of
    /// statuses; an office never changed since the history began counts from its entry date), the admin's target for
    /// the nation, active offices with no mediator day (the target is at least one a week) and their mediator days a week
    /// on average (today's presence days: they have no history), diagnostics per active office and per mediator day.
    /// </summary>
    private static async Task<SteeringTable> RollOutAsync(AppDbContext db, IReadOnlyList<string>? departmentCodes, IReadOnlyList<DateOnly> months,
        IReadOnlyDictionary<DateOnly, long> diagnostics, int? target, CancellationToken ct)
    {
        // Offices in the programme now, and those that ever were (their history says since when): two queries, each on
        // its index, rather than one « or exists » that reads all 18,000 offices (issue 23 §5).
        var inArea = db.Offices.AsNoTracking().Where(o => departmentCodes == null || departmentCodes.Contains(o.DepartmentCode));
        // Every status but « hors programme », named one by one: an inequality cannot seek the index.
        var enrolled = await inArea.Where(o => o.Status == ProgrammeStatus.Pilot || o.Status == ProgrammeStatus.Active)
            .Select(o => new { o.Id, o.Status, o.ActiveSince, o.PresenceDays }).ToListAsync(ct);
        var left = await (from id in db.ProgrammeStatusChanges.Select(c => c.OfficeId).Distinct()
                          join o in inArea on id equals o.Id
                          where o.Status == ProgrammeStatus.NotEnrolled
                          select new { o.Id, o.Status, o.ActiveSince, o.PresenceDays }).ToListAsync(ct);
        var offices = enrolled.Concat(left).ToList();
        var ids = offices.Select(o => o.Id).ToList();
        var history = (await db.ProgrammeStatusChanges.AsNoTracking().Where(c => ids.Contains(c.OfficeId)).ToListAsync(ct)).ToLookup(c => c.OfficeId);
        var rows = months.Select(m =>
        {
            var last = m.AddMonths(1).AddDays(-1);
            var active = offices.Where(o => history[o.Id].Any()
                ? ProgrammeStatusChange.StatusOn(history[o.Id], last) == ProgrammeStatus.Active
                : o.Status == ProgrammeStatus.Active && o.ActiveSince <= last).ToList();
            var withoutDay = active.Count(o => o.PresenceDays == Weekdays.None);
            var daysPerWeek = active.Sum(o => System.Numerics.BitOperations.PopCount((uint)o.PresenceDays));

            // Mediator days in the month: each active office's days a week, times the weeks of the month.
            var mediatorDays = daysPerWeek * DateTime.DaysInMonth(m.Year, m.Month) / 7m;
            var count = diagnostics.GetValueOrDefault(m);
            return (m.ToString("MMMM yyyy", ParisTime.French), new decimal?[]
            {
                active.Count, target, withoutDay, active.Count == 0 ? null : Round1((decimal)daysPerWeek / active.Count), count,
                active.Count == 0 ? null : Round1((decimal)count / active.Count), mediatorDays == 0 ? null : Round1(count / mediatorDays),
            });
        }).ToList();
        return new("deploiement", "Déploiement : bureaux actifs et activité",
            ["Mois", "Bureaux actifs", "Objectif", "Bureaux sans jour de médiateur", "Jours de médiateur par semaine et par bureau actif", "Diagnostics",
                "Diagnostics par bureau actif", "Diagnostics par jour de médiateur"], rows, ChartKind.Line, [0, 0, 0, 1, 0, 1, 1]);
    }

    /// <summary>
    /// The referral funnel of the referrals proposed in the period (<see cref="ReferralFunnel"/>): how many reached each
    /// step, and the median delay from the step before, in days. From the funnel cells; for one office, counted on the
    /// fly from its referrals' events the same way.
    /// </summary>
    private static async Task<SteeringTable> FunnelAsync(AppDbContext db, SteeringFilter filter, CancellationToken ct)
    {
        List<(string Step, string Hours, long Count)> cells;
        if (filter.OfficeId is { } officeId)
        {
            var (start, end) = UtcRange(filter);
            var events = await (from e in db.ReferralEvents.AsNoTracking()
                                join r in db.Referrals on e.ReferralId equals r.Id
                                where r.OfficeId == officeId && r.CreatedAt >= start && r.CreatedAt < end
                                select new { e.ReferralId, e.Id, e.To, e.At }).ToListAsync(ct);
            cells = [.. events.GroupBy(e => e.ReferralId).SelectMany(r => ReferralFunnel.Reached(r.Select(e => (e.Id, e.To, e.At))))
                .GroupBy(s => (s.Step, s.HoursFromPrevious)).Select(g => ($"{g.Key.Step}", g.Key.HoursFromPrevious?.ToString(CultureInfo.InvariantCulture) ?? string.Empty, (long)g.Count()))];
        }
        else
        {
            var (from, to, departments) = (filter.From, filter.To, filter.Departments);
            var query = db.SteeringCells.AsNoTracking().Where(c => c.Kind == CubeKind.Funnel && c.Month >= from && c.Month <= to);
            query = departments is null ? query.Where(c => c.DepartmentCode == SteeringCube.Nation) : query.Where(c => departments.Contains(c.DepartmentCode));
            cells = [.. (await query.GroupBy(c => new { c.D1, c.D2 }).Select(g => new { g.Key.D1, g.Key.D2, Count = g.Sum(c => c.Count) }).ToListAsync(ct))
                .Select(c => (c.D1, c.D2, c.Count))];
        }

        var rows = ReferralFunnel.Steps.Select(step =>
        {
            var reached = cells.Where(c => c.Step == $"{step}").ToList();
            var median = ReferralFunnel.MedianDays(reached.Where(c => c.Hours.Length > 0).Select(c => (int.Parse(c.Hours, CultureInfo.InvariantCulture), c.Count)));
            return (ReferralRules.Label(step), new decimal?[] { reached.Sum(c => c.Count), step == ReferralStatus.Proposed ? null : median });
        }).ToList();
        return new("orientations", "Orientations : chaque étape et son délai", ["Étape", "Orientations", "Délai médian depuis l'étape précédente (jours)"], rows, ChartKind.Bar, [0, 1]);
    }

    /// <summary>Pass numérique cheques given to clients and redeemed by partners, month by month (the agreement's department; for one office, its cheques).</summary>
    private static async Task<SteeringTable> PassAsync(AppDbContext db, SteeringFilter filter, IReadOnlyList<DateOnly> months, CancellationToken ct)
    {
        var (start, end) = UtcRange(filter);
        var (departmentCodes, officeId) = (filter.Departments, filter.OfficeId);
        var cheques = from c in db.Cheques.AsNoTracking()
                      join a in db.Agreements on c.AgreementId equals a.Id
                      where (departmentCodes == null || departmentCodes.Contains(a.DepartmentCode)) && (officeId == null || c.OfficeId == officeId)
                      select new { c.IssuedAt, c.RedeemedAt, a.ChequeValueCents };
        var issued = await cheques.Where(c => c.IssuedAt >= start && c.IssuedAt < end).Select(c => c.IssuedAt!.Value).ToListAsync(ct);
        var redeemed = await cheques.Where(c => c.RedeemedAt >= start && c.RedeemedAt < end).Select(c => new { At = c.RedeemedAt!.Value, c.ChequeValueCents }).ToListAsync(ct);
        DateOnly Month(DateTime utc)
        {
            var day = ParisTime.ToParis(utc);
            return new DateOnly(day.Year, day.Month, 1);
        }

        var issuedBy = issued.GroupBy(Month).ToDictionary(g => g.Key, g => g.Count());
        var redeemedBy = redeemed.GroupBy(r => Month(r.At)).ToDictionary(g => g.Key, g => (Count: g.Count(), Cents: g.Sum(r => (long)r.ChequeValueCents)));
        return new("pass", "Pass numérique : chèques remis et encaissés chaque mois", ["Mois", "Chèques remis dans le mois", "Chèques encaissés dans le mois", "Valeur encaissée (€)"],
            [.. months.Select(m => (m.ToString("MMMM yyyy", ParisTime.French), new decimal?[]
            {
                issuedBy.GetValueOrDefault(m), redeemedBy.GetValueOrDefault(m).Count, redeemedBy.GetValueOrDefault(m).Cents / 100m,
            }))], ChartKind.None, [0, 0, 2]);
    }

    private static (DateTime Start, DateTime End) UtcRange(SteeringFilter filter) => UtcRange(filter.From, filter.To);

    /// <summary>From the first instant of month <paramref name="from"/> to the first of the month after <paramref name="to"/>, in Paris time, as UTC.</summary>
    public static (DateTime Start, DateTime End) UtcRange(DateOnly from, DateOnly to) =>
        (TimeZoneInfo.ConvertTimeToUtc(from.ToDateTime(TimeOnly.MinValue), ParisTime.Zone), TimeZoneInfo.ConvertTimeToUtc(to.AddMonths(1).ToDateTime(TimeOnly.MinValue), ParisTime.Zone));
}
