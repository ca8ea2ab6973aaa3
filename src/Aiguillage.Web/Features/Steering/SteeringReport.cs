using System.Globalization;
using Aiguillage.Domain.Diagnostics;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Web;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Steering;

/// <summary>The figures of the dashboard for a set of departments (null: the nation), a period and a mode, read from the steering cells.</summary>
public sealed record SteeringReport(long Total, long Illectronisme, long EquippedButNotUsing, IReadOnlyList<SteeringTable> Tables)
{
    public static async Task<SteeringReport> BuildAsync(AppDbContext db, QuestionnaireDefinition definition, IReadOnlyList<string>? departmentCodes, DateOnly from, DateOnly to,
        string? mode, Func<string, string> departmentName, CancellationToken ct, int? targetActiveOffices = null)
    {
        var cells = db.SteeringCells.AsNoTracking().Where(c => c.Month >= from && c.Month <= to && (mode == null || c.Mode == mode));
        var byDepartment = cells;
        cells = departmentCodes is null
            ? cells.Where(c => c.DepartmentCode == SteeringCube.Nation || c.Kind == CubeKind.Office)
            : cells.Where(c => departmentCodes.Contains(c.DepartmentCode));

        async Task<List<(string D1, string D2, string D3, long Count)>> ByAsync(string kind) =>
            [.. (await cells.Where(c => c.Kind == kind).GroupBy(c => new { c.D1, c.D2, c.D3 }).Select(g => new { g.Key.D1, g.Key.D2, g.Key.D3, Count = g.Sum(c => c.Count) }).ToListAsync(ct))
                .Select(r => (r.D1, r.D2, r.D3, r.Count))];

        var levels = await ByAsync(CubeKind.Level);
        var total = levels.Sum(l => l.Count);
        var illectronisme = levels.Where(l => l.D2 == "1").Sum(l => l.Count);
        var byMonth = await cells.Where(c => c.Kind == CubeKind.Level).GroupBy(c => c.Month).Select(g => new { g.Key, Count = g.Sum(c => c.Count) }).ToListAsync(ct);
        var months = Enumerable.Range(0, ((to.Year - from.Year) * 12) + to.Month - from.Month + 1).Select(i => from.AddMonths(i)).ToList();
        var matrix = await ByAsync(CubeKind.Matrix);
        var profiles = await ByAsync(CubeKind.Profile);
        var equippedButNotUsing = profiles.Where(p => p.D3 == "1").Sum(p => p.Count);
        var needs = await ByAsync(CubeKind.Need);
        // The nation ranks its departments; a territory ranks its offices.
        SteeringTable ranking;
        if (departmentCodes is null)
        {
            var departments = await byDepartment.Where(c => c.Kind == CubeKind.Level && c.DepartmentCode != SteeringCube.Nation)
                .GroupBy(c => c.DepartmentCode).Select(g => new { Code = g.Key, Count = g.Sum(c => c.Count) }).ToListAsync(ct);
            ranking = new("departements", "Départements, les plus actifs d'abord", ["Département", "Diagnostics"],
                [.. departments.OrderByDescending(d => d.Count).Select(d => (departmentName(d.Code), new[] { d.Count }))]);
        }
        else
        {
            var offices = await (from c in cells.Where(c => c.Kind == CubeKind.Office)
                                 group c by c.OfficeId into g
                                 orderby g.Sum(c => c.Count) descending
                                 select new { OfficeId = g.Key, Count = g.Sum(c => c.Count) }).Take(20).ToListAsync(ct);
            var officeIds = offices.Select(o => o.OfficeId).ToList();
            var officeNames = await db.Offices.Where(o => officeIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => $"{o.Name} ({o.DepartmentCode})", ct);
            ranking = new("bureaux", "Bureaux, les plus actifs d'abord (20 premiers)", ["Bureau", "Diagnostics"],
                [.. offices.Select(o => (officeNames.GetValueOrDefault(o.OfficeId) ?? $"{o.OfficeId}", new[] { o.Count }))]);
        }

        var equipmentValues = matrix.Select(m => int.Parse(m.D1, CultureInfo.InvariantCulture)).Append(0).Distinct().Order().ToList();
        string[] ages = ["15-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+", "nsp"];
        string[] genders = ["femme", "homme", "autre", "nsp"];
        var funnel = await FunnelAsync(db, departmentCodes, from, to, ct);
        var rollOut = await RollOutAsync(db, departmentCodes, months, months.ToDictionary(m => m, m => byMonth.FirstOrDefault(b => b.Key == m)?.Count ?? 0), targetActiveOffices, ct);
        IReadOnlyList<SteeringTable> tables =
        [
            new("mois", "Diagnostics par mois", ["Mois", "Diagnostics"],
                [.. months.Select(m => (m.ToString("MMMM yyyy", ParisTime.French), new[] { byMonth.FirstOrDefault(b => b.Key == m)?.Count ?? 0 }))]),
            new("niveaux", "Niveaux d'aisance", ["Niveau", "Diagnostics", "dont illectronisme"],
                [.. definition.Levels.OrderBy(l => l.Value).Select(l => ($"{l.Value} — {l.Label}", new[]
                {
                    levels.Where(x => x.D1 == $"{l.Value}").Sum(x => x.Count), levels.Where(x => x.D1 == $"{l.Value}" && x.D2 == "1").Sum(x => x.Count),
                }))]),
            new("matrice", "Équipement × savoir-faire", ["Équipement (score)", "0–24 %", "25–49 %", "50–74 %", "75–99 %", "100 %"],
                [.. equipmentValues.Select(e => ($"{e}", Enumerable.Range(0, 5).Select(b => matrix.Where(m => m.D1 == $"{e}" && m.D2 == $"{b}").Sum(m => m.Count)).ToArray()))]),
            new("profils", "Âge × genre", ["Âge", .. genders.Select(g => g == "nsp" ? "non dit" : g)],
                [.. ages.Select(a => (a == "nsp" ? "non dit" : a, genders.Select(g => profiles.Where(p => p.D1 == a && p.D2 == g).Sum(p => p.Count)).ToArray()))]),
            new("besoins", "Besoins, les plus fréquents d'abord", ["Besoin", "Diagnostics"],
                [.. needs.GroupBy(n => n.D1).Select(g => (definition.Needs.FirstOrDefault(n => n.Id == g.Key)?.Label ?? g.Key, new[] { g.Sum(n => n.Count) })).OrderByDescending(r => r.Item2[0])]),
            ranking,
            funnel,
            rollOut,
        ];
        return new SteeringReport(total, illectronisme, equippedButNotUsing, tables);
    }

    /// <summary>
    /// The roll-out month by month: offices active in the programme (status « actif » and active since that month —
    /// an office that left is not counted back, the history of statuses is not kept), the target where one applies,
    /// active offices with no mediator day (the target is at least one a week), and diagnostics per active office.
    /// </summary>
    private static async Task<SteeringTable> RollOutAsync(AppDbContext db, IReadOnlyList<string>? departmentCodes, IReadOnlyList<DateOnly> months,
        IReadOnlyDictionary<DateOnly, long> diagnostics, int? target, CancellationToken ct)
    {
        var offices = await db.Offices.AsNoTracking()
            .Where(o => o.Status == Domain.Offices.ProgrammeStatus.Active && o.ActiveSince != null && (departmentCodes == null || departmentCodes.Contains(o.DepartmentCode)))
            .Select(o => new { o.ActiveSince, o.PresenceDays }).ToListAsync(ct);
        var rows = months.Select(m =>
        {
            var active = offices.Where(o => o.ActiveSince <= m.AddMonths(1).AddDays(-1)).ToList();
            var withoutDay = active.Count(o => o.PresenceDays == Domain.Offices.Weekdays.None);
            var count = diagnostics.GetValueOrDefault(m);
            return (m.ToString("MMMM yyyy", ParisTime.French), new[]
            {
                (long)active.Count, target is { } t ? t : NotAvailable, withoutDay, count, active.Count == 0 ? NotAvailable : (long)Math.Round((double)count / active.Count),
            });
        }).ToList();
        return new SteeringTable("deploiement", "Déploiement : bureaux actifs et activité", ["Mois", "Bureaux actifs", "Objectif", "Bureaux sans jour de médiateur", "Diagnostics", "Diagnostics par bureau actif"], rows);
    }

    /// <summary>A value the table cannot give (e.g. a delay with no referral at both steps): shown « — », empty in CSV.</summary>
    public const long NotAvailable = -1;

    /// <summary>
    /// The referral funnel of the referrals sent in the period: how many reached each step, and the median delay from
    /// the step before, in days. Read from the referrals themselves (far fewer than diagnostics).
    /// </summary>
    private static async Task<SteeringTable> FunnelAsync(AppDbContext db, IReadOnlyList<string>? departmentCodes, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var start = TimeZoneInfo.ConvertTimeToUtc(from.ToDateTime(TimeOnly.MinValue), ParisTime.Zone);
        var end = TimeZoneInfo.ConvertTimeToUtc(to.AddMonths(1).ToDateTime(TimeOnly.MinValue), ParisTime.Zone);
        var events = await (from e in db.ReferralEvents.AsNoTracking()
                            join r in db.Referrals on e.ReferralId equals r.Id
                            join o in db.Offices on r.OfficeId equals o.Id
                            where r.CreatedAt >= start && r.CreatedAt < end && (departmentCodes == null || departmentCodes.Contains(o.DepartmentCode))
                            select new { e.ReferralId, e.To, e.At }).ToListAsync(ct);
        var firstAt = events.GroupBy(e => (e.ReferralId, e.To)).ToDictionary(g => g.Key, g => g.Min(e => e.At));
        Domain.Referrals.ReferralStatus[] steps =
        [
            Domain.Referrals.ReferralStatus.Sent, Domain.Referrals.ReferralStatus.Contacted, Domain.Referrals.ReferralStatus.Enrolled,
            Domain.Referrals.ReferralStatus.Attended, Domain.Referrals.ReferralStatus.Completed,
        ];
        var referrals = events.Select(e => e.ReferralId).Distinct().ToList();
        var rows = new List<(string, long[])>();
        for (var i = 0; i < steps.Length; i++)
        {
            var reached = referrals.Count(r => firstAt.ContainsKey((r, steps[i])));
            var delays = i == 0 ? [] : referrals
                .Where(r => firstAt.ContainsKey((r, steps[i - 1])) && firstAt.ContainsKey((r, steps[i])))
                .Select(r => (firstAt[(r, steps[i])] - firstAt[(r, steps[i - 1])]).TotalDays).Order().ToList();
            var median = delays.Count == 0 ? NotAvailable : (long)Math.Round(delays.Count % 2 == 1 ? delays[delays.Count / 2] : (delays[(delays.Count / 2) - 1] + delays[delays.Count / 2]) / 2);
            rows.Add((Domain.Referrals.ReferralRules.Label(steps[i]), [reached, median]));
        }

        return new SteeringTable("orientations", "Orientations : chaque étape et son délai", ["Étape", "Orientations", "Délai médian depuis l'étape précédente (jours)"], rows);
    }
}
