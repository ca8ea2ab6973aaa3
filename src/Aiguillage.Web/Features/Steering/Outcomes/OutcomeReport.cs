using Aiguillage.Domain.Activity;
using Aiguillage.Domain.Referrals;
using Aiguillage.Domain.Steering;
using Aiguillage.Web.Platform.Data;
using MathNet.Numerics.Distributions;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Steering.Outcomes;

/// <summary>One breakdown of the outcomes (by tier, partner, theme or agreement): its groups and whether their counts add up.</summary>
public sealed record OutcomeBreakdown(string Id, string Title, IReadOnlyList<OutcomeGroup> Groups, bool Additive);

/// <summary>
/// The outcome figures of a territory and a period (issue 20 §2): diagnostics filled in the period, by what the office
/// did after them (tier); referrals made in the period, by partner, by workshop theme and by pass numérique agreement.
/// Each path's re-diagnosis is the client's next diagnostic (for a referral, the one linked to it: the first filled
/// after it was sent). Figures are computed by <see cref="OutcomeFigures"/>; secrecy is applied where they are shown.
/// </summary>
public sealed record OutcomeReport(IReadOnlyList<OutcomeBreakdown> Breakdowns, int AutonomousLevel)
{
    public const int Threshold = StatisticalSecrecy.Threshold;

    /// <summary>The Student quantile t(0.975; n − 1) of a 95 % interval, from MathNet.Numerics.</summary>
    public static double TCritical(long count) => StudentT.InvCDF(0, 1, count - 1, 0.975);

    /// <summary>The tier a noted action puts its diagnostic in (a diagnostic's tier is the highest of its actions and referrals).</summary>
    public static OutcomeTier TierOf(ActionKind kind) => kind switch
    {
        ActionKind.Informed => OutcomeTier.Inform,
        ActionKind.Accompanied => OutcomeTier.Accompany,
        _ => OutcomeTier.Refer,
    };

    public static string TierLabel(OutcomeTier tier) => tier switch
    {
        OutcomeTier.Inform => "Informer",
        OutcomeTier.Accompany => "Accompagner en bureau",
        OutcomeTier.Refer => "Orienter vers un partenaire",
        _ => "Aucune action notée",
    };

    public static async Task<OutcomeReport> BuildAsync(AppDbContext db, IQueryable<int> offices, DateTime fromUtc, DateTime toUtc, int autonomousLevel, CancellationToken ct)
    {
        // The diagnostics of the period, and every diagnostic of their clients, to find each one's next.
        var diagnostics = await db.Diagnostics.AsNoTracking()
            .Where(d => d.FilledAt >= fromUtc && d.FilledAt < toUtc && offices.Contains(d.OfficeId))
            .Select(d => new Row(d.Id, d.ClientId, d.FilledAt, d.Level, d.EquipmentScore, d.KnowHowPercent, d.ConfidenceScore)).ToListAsync(ct);
        var clients = diagnostics.Where(d => d.ClientId is not null).Select(d => d.ClientId!.Value).Distinct().ToList();
        var history = new List<Row>();
        foreach (var chunk in clients.Chunk(2_000))
        {
            history.AddRange(await db.Diagnostics.AsNoTracking().Where(d => d.ClientId != null && chunk.Contains(d.ClientId.Value))
                .Select(d => new Row(d.Id, d.ClientId, d.FilledAt, d.Level, d.EquipmentScore, d.KnowHowPercent, d.ConfidenceScore)).ToListAsync(ct));
        }

        var byClient = history.ToLookup(h => h.ClientId);
        var snapshots = history.Concat(diagnostics).DistinctBy(d => d.Id).ToDictionary(d => d.Id, d => d.Snapshot);
        OutcomeSnapshot? Next(Row d) => d.ClientId is null ? null
            : byClient[d.ClientId].Where(h => h.FilledAt > d.FilledAt).OrderBy(h => h.FilledAt).ThenBy(h => h.Id).FirstOrDefault()?.Snapshot;

        var ids = diagnostics.Select(d => d.Id).ToList();
        var tiers = new Dictionary<Guid, OutcomeTier>();
        var referralSteps = new Dictionary<Guid, HashSet<ReferralStatus>>();
        foreach (var chunk in ids.Chunk(2_000))
        {
            foreach (var a in await db.RecordedActions.AsNoTracking().Where(a => a.DiagnosticId != null && chunk.Contains(a.DiagnosticId.Value))
                .Select(a => new { a.DiagnosticId, a.Kind }).ToListAsync(ct))
            {
                var tier = TierOf(a.Kind);
                tiers[a.DiagnosticId!.Value] = (OutcomeTier)Math.Max((int)tiers.GetValueOrDefault(a.DiagnosticId.Value), (int)tier);
            }

            foreach (var r in await db.Referrals.AsNoTracking().Where(r => r.DiagnosticId != null && chunk.Contains(r.DiagnosticId.Value))
                .Select(r => new { r.DiagnosticId, Steps = r.Events.Select(e => e.To).ToList() }).ToListAsync(ct))
            {
                tiers[r.DiagnosticId!.Value] = OutcomeTier.Refer;
                if (!referralSteps.TryGetValue(r.DiagnosticId.Value, out var steps))
                {
                    referralSteps[r.DiagnosticId.Value] = steps = [];
                }

                steps.UnionWith(r.Steps.Where(ReferralFunnel.Steps.Contains));
            }
        }

        var tierPaths = diagnostics.Select(d => (Tier: tiers.GetValueOrDefault(d.Id), Path: new OutcomePath(
            tiers.GetValueOrDefault(d.Id), referralSteps.GetValueOrDefault(d.Id) ?? [], null, null, d.Snapshot, Next(d)))).ToList();

        // The referrals of the period, each with what it reached, its client's check-in, its theme and its cheques.
        var referrals = await (from r in db.Referrals.AsNoTracking()
                               where r.CreatedAt >= fromUtc && r.CreatedAt < toUtc && offices.Contains(r.OfficeId)
                               join p in db.Partners on r.PartnerId equals p.Id
                               join f in db.FollowUps on r.Id equals f.ReferralId into followUps
                               from f in followUps.DefaultIfEmpty()
                               select new
                               {
                                   r.Id, r.DiagnosticId, r.RediagnosisId, Partner = p.Name,
                                   Steps = r.Events.Select(e => e.To).ToList(),
                                   Sessions = r.Events.Where(e => e.SessionId != null).Select(e => e.SessionId).ToList(),
                                   Attended = f == null ? null : f.Attended, Helps = f == null ? null : f.Helps,
                               }).ToListAsync(ct);
        var missing = referrals.SelectMany(r => new[] { r.DiagnosticId, r.RediagnosisId }).Where(id => id is not null && !snapshots.ContainsKey(id.Value)).Select(id => id!.Value).Distinct().ToList();
        foreach (var chunk in missing.Chunk(2_000))
        {
            foreach (var d in await db.Diagnostics.AsNoTracking().Where(d => chunk.Contains(d.Id))
                .Select(d => new Row(d.Id, d.ClientId, d.FilledAt, d.Level, d.EquipmentScore, d.KnowHowPercent, d.ConfidenceScore)).ToListAsync(ct))
            {
                snapshots[d.Id] = d.Snapshot;
            }
        }

        var sessionIds = referrals.SelectMany(r => r.Sessions).Distinct().ToList();
        var themes = new Dictionary<Guid, IReadOnlyList<string>>();
        foreach (var chunk in sessionIds.Chunk(2_000))
        {
            foreach (var s in await (from s in db.WorkshopSessions.AsNoTracking() join w in db.Workshops on s.WorkshopId equals w.Id
                                     where chunk.Contains(s.Id) select new { s.Id, w.Services }).ToListAsync(ct))
            {
                themes[s.Id] = s.Services;
            }
        }

        var referralIds = referrals.Select(r => r.Id).ToList();
        var agreementsOf = new Dictionary<Guid, HashSet<string>>();
        foreach (var chunk in referralIds.Chunk(2_000))
        {
            foreach (var c in await (from c in db.Cheques.AsNoTracking() join a in db.Agreements on c.AgreementId equals a.Id
                                     where c.ReferralId != null && chunk.Contains(c.ReferralId.Value) && c.IssuedAt != null
                                     select new { c.ReferralId, a.Funder, a.DepartmentCode, a.Year }).ToListAsync(ct))
            {
                if (!agreementsOf.TryGetValue(c.ReferralId!.Value, out var set))
                {
                    agreementsOf[c.ReferralId.Value] = set = [];
                }

                set.Add($"{c.Funder} ({c.DepartmentCode}, {c.Year})");
            }
        }

        var referralPaths = referrals.Select(r => (r.Id, r.Partner, Themes: r.Sessions.Select(s => themes.GetValueOrDefault(s!.Value) ?? []).SelectMany(t => t).Distinct().ToList(),
            Path: new OutcomePath(OutcomeTier.Refer, r.Steps.Where(ReferralFunnel.Steps.Contains).ToHashSet(), r.Attended, r.Helps,
                r.DiagnosticId is { } first ? snapshots.GetValueOrDefault(first) : null, r.RediagnosisId is { } again ? snapshots.GetValueOrDefault(again) : null))).ToList();

        OutcomeGroup Group(string key, IEnumerable<OutcomePath> paths) => OutcomeFigures.Summarise(key, paths, autonomousLevel);
        var byTier = Enum.GetValues<OutcomeTier>().Reverse().Select(t => Group(TierLabel(t), tierPaths.Where(p => p.Tier == t).Select(p => p.Path))).ToList();
        var byPartner = referralPaths.GroupBy(p => p.Partner).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Group(g.Key, g.Select(p => p.Path))).ToList();
        var byTheme = referralPaths.SelectMany(p => (p.Themes.Count == 0 ? ["Sans séance d'atelier"] : p.Themes).Select(t => (Theme: t, p.Path)))
            .GroupBy(p => p.Theme).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Group(g.Key, g.Select(p => p.Path))).ToList();
        var byAgreement = referralPaths.SelectMany(p => (agreementsOf.GetValueOrDefault(p.Id) is { Count: > 0 } set ? [.. set] : new[] { "Sans pass numérique" }).Select(a => (Agreement: a, p.Path)))
            .GroupBy(p => p.Agreement).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Group(g.Key, g.Select(p => p.Path))).ToList();
        return new OutcomeReport(
        [
            new("palier", "Selon ce que le bureau a fait après le diagnostic", byTier, Additive: true),
            new("partenaire", "Orientations, selon le partenaire", byPartner, Additive: true),
            new("theme", "Orientations, selon le thème de l'atelier", byTheme, Additive: false),
            new("convention", "Orientations, selon la convention de pass numérique", byAgreement, Additive: false),
        ], autonomousLevel);
    }

    private sealed record Row(Guid Id, Guid? ClientId, DateTime FilledAt, int Level, int Equipment, int KnowHowPercent, int Confidence)
    {
        public OutcomeSnapshot Snapshot => new(FilledAt, Level, Equipment, KnowHowPercent, Confidence);
    }
}
