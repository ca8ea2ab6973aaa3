using Aiguillage.Domain.ClientMode;
using Aiguillage.Domain.Diagnostics;
using Aiguillage.Domain.Steering;
using Aiguillage.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Steering.Quality;

/// <summary>One question's row: how it was answered and how it behaves; null figures are secret or not computable.</summary>
public sealed record QuestionQuality(
    Question Question,
    long Answered,
    bool Hidden,
    IReadOnlyList<(AnswerOption Option, long? Count)> Distribution,
    double? DontKnowShare,
    double? NotApplicableShare,
    double? Difficulty,
    double? Discrimination,
    double? AlphaIfDeleted);

/// <summary>An axis of the questionnaire (equipment, know-how, confidence) as one scale.</summary>
public sealed record AxisQuality(string Axis, IReadOnlyList<string> Questions, AlphaEstimate? Alpha);

/// <summary>A comparison of two groups of clients for differential item functioning: who is in the focal group, who in the reference one.</summary>
public sealed record DifComparison(string Id, string Label, string Focal, string Reference);

/// <summary>One question compared between two groups; <see cref="Estimate"/> is null when a group is under the threshold.</summary>
public sealed record DifRow(Question Question, DifComparison Comparison, DifEstimate? Estimate);

/// <summary>The level against the mediator's judgement: per level, how many « juste », « trop haut », « trop bas » (null: secret).</summary>
public sealed record AgreementRow(LevelDefinition Level, IReadOnlyList<long?> Counts);

/// <summary>
/// The questionnaire's quality report (issue 20 §3) for one version, a period and a territory: per question the
/// answers, « je ne sais pas » and « pas concerné », difficulty and discrimination; per axis Cronbach's alpha with its
/// interval; differential item functioning by age, gender, mode and language; and the level against the mediator's
/// judgement. The same secrecy as everywhere (docs/statistical-secrecy.md): counts from 1 to 10 are never shown, nor
/// what would give them back, and no statistic is computed on fewer than 11 clients (11 per group for DIF).
/// </summary>
public sealed record QualityReport(
    QuestionnaireDefinition Definition,
    long Diagnostics,
    IReadOnlyList<QuestionQuality> Questions,
    IReadOnlyList<AxisQuality> Axes,
    IReadOnlyList<DifRow> Dif,
    IReadOnlyList<AgreementRow> Agreement,
    long? Judged)
{
    public const int Threshold = StatisticalSecrecy.Threshold;

    /// <summary>The comparisons, each focal group against the one a questionnaire is usually read by.</summary>
    public static readonly IReadOnlyList<DifComparison> Comparisons =
    [
        new("age", "Âge", "65 ans ou plus", "moins de 65 ans"),
        new("genre", "Genre", "femmes", "hommes"),
        new("mode-client", "Mode", "seuls sur la tablette (mode client)", "avec le médiateur"),
        new("papier", "Mode", "sur papier", "avec le médiateur"),
        new("langue", "Langue", "dans une autre langue que le français (mode client)", "en français (mode client)"),
    ];

    /// <summary>Which side of each comparison a diagnostic is on: true focal, false reference, null neither.</summary>
    private static bool?[] Sides(IReadOnlyDictionary<string, string> profile, DiagnosticMode mode, string? language) =>
    [
        profile.GetValueOrDefault("ageBand") switch { "65-74" or "75+" => true, null or "nsp" => null, _ => false },
        profile.GetValueOrDefault("gender") switch { "femme" => true, "homme" => false, _ => null },
        mode switch { DiagnosticMode.Self => true, DiagnosticMode.Assisted => false, _ => null },
        mode switch { DiagnosticMode.Paper => true, DiagnosticMode.Assisted => false, _ => null },
        mode != DiagnosticMode.Self || language is null ? null : language is not ("fr" or "fr-FALC"),
    ];

    /// <summary>Reads the diagnostics once, row by row, into running sums; nothing is kept per client.</summary>
    public static async Task<QualityReport> BuildAsync(AppDbContext db, QuestionnaireDefinition definition, IQueryable<int> offices, DateTime fromUtc, DateTime toUtc, CancellationToken ct)
    {
        var questions = definition.Questions;
        var index = questions.Select((q, i) => (q.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var axes = questions.Select(q => q.Axis).Distinct().ToList();
        var axisItems = axes.ToDictionary(a => a, a => questions.Select((q, i) => (q, i)).Where(x => x.q.Axis == a).Select(x => x.i).ToArray());
        var scales = axes.ToDictionary(a => a, a => new ScaleAccumulator(axisItems[a].Length));
        var maxPoints = questions.Select(q => q.Options.Max(o => o.Points)).ToArray();
        var optionCounts = questions.Select(q => new long[q.Options.Count]).ToArray();
        var dif = Comparisons.Select(_ => questions.Select(_ => new DifAccumulator()).ToArray()).ToArray();
        var levels = definition.Levels.OrderBy(l => l.Value).ToList();
        var agreement = new long[levels.Count, Enum.GetValues<LevelVerdict>().Length];
        long total = 0;

        var rows = from d in db.Diagnostics.AsNoTracking()
                   where d.QuestionnaireId == definition.Id && d.QuestionnaireVersion == definition.Version && d.FilledAt >= fromUtc && d.FilledAt < toUtc && offices.Contains(d.OfficeId)
                   join v in db.Set<ClientVisit>() on d.Id equals v.DraftId into visits
                   from v in visits.DefaultIfEmpty()
                   join j in db.LevelJudgements on d.Id equals j.DiagnosticId into judgements
                   from j in judgements.DefaultIfEmpty()
                   select new { d.Answers, d.Mode, d.Profile, d.Level, Language = v == null ? null : v.Language, Verdict = j == null ? (LevelVerdict?)null : j.Verdict };
        var scores = new double?[questions.Count];
        await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(ct))
        {
            total++;
            for (var i = 0; i < questions.Count; i++)
            {
                scores[i] = null;
                if (row.Answers.TryGetValue(questions[i].Id, out var answer))
                {
                    var option = FindOption(questions[i], answer);
                    if (option >= 0)
                    {
                        optionCounts[i][option]++;
                        var chosen = questions[i].Options[option];
                        scores[i] = chosen.Kind == OptionKind.NotApplicable ? null : chosen.Points;
                    }
                }
            }

            var sides = Sides(row.Profile, row.Mode, row.Language);
            foreach (var axis in axes)
            {
                var items = axisItems[axis];
                var axisScores = new double?[items.Length];
                for (var k = 0; k < items.Length; k++)
                {
                    axisScores[k] = scores[items[k]];
                }

                scales[axis].Add(axisScores);
                if (axisScores.Any(s => s is null))
                {
                    continue;   // matched on the axis total: only clients who answered the whole axis
                }

                var stratum = (int)axisScores.Sum(s => s!.Value);
                for (var c = 0; c < sides.Length; c++)
                {
                    if (sides[c] is not { } focal)
                    {
                        continue;
                    }

                    foreach (var i in items)
                    {
                        dif[c][i].Add(focal, stratum, scores[i] == maxPoints[i]);
                    }
                }
            }

            if (row.Verdict is { } verdict && levels.FindIndex(l => l.Value == row.Level) is var level and >= 0)
            {
                agreement[level, (int)verdict]++;
            }
        }

        var alphas = axes.ToDictionary(a => a, a => scales[a].Respondents >= Threshold ? scales[a].Alpha() : null);
        var discriminations = axes.ToDictionary(a => a, a => scales[a].Respondents >= Threshold ? scales[a].CorrectedItemTotal() : new double?[axisItems[a].Length]);
        var questionRows = new List<QuestionQuality>();
        for (var i = 0; i < questions.Count; i++)
        {
            var q = questions[i];
            var counts = optionCounts[i];
            var answered = counts.Sum();
            var hidden = StatisticalSecrecy.SuppressRow(answered, totalHidden: false, counts, additive: true);
            var secret = answered is > 0 and < Threshold;
            long? Shown(int o) => secret || hidden[o] ? null : counts[o];
            double? Share(OptionKind kind)
            {
                var options = Enumerable.Range(0, q.Options.Count).Where(o => q.Options[o].Kind == kind).ToList();
                return answered == 0 || secret || options.Any(o => hidden[o]) ? null : options.Sum(o => counts[o]) / (double)answered;
            }

            var scored = Enumerable.Range(0, q.Options.Count).Where(o => q.Options[o].Kind != OptionKind.NotApplicable).ToList();
            var scoredCount = scored.Sum(o => counts[o]);
            // The facility is a weighted sum of the counts: with one of them hidden, it would give it back.
            double? difficulty = secret || hidden.Any(h => h) || scoredCount < Threshold || maxPoints[i] == 0 ? null
                : scored.Sum(o => counts[o] * (double)q.Options[o].Points) / (scoredCount * (double)maxPoints[i]);
            var position = Array.IndexOf(axisItems[q.Axis], i);
            questionRows.Add(new QuestionQuality(q, answered, secret,
                [.. q.Options.Select((o, k) => (o, Shown(k)))], Share(OptionKind.DontKnow), Share(OptionKind.NotApplicable), difficulty,
                secret ? null : discriminations[q.Axis][position], secret ? null : alphas[q.Axis]?.AlphaIfDeleted[position]));
        }

        var difRows = new List<DifRow>();
        for (var c = 0; c < Comparisons.Count; c++)
        {
            for (var i = 0; i < questions.Count; i++)
            {
                var estimate = dif[c][i].Estimate();
                difRows.Add(new DifRow(questions[i], Comparisons[c], estimate is { Reference: >= Threshold, Focal: >= Threshold } ? estimate : null));
            }
        }

        // The judgement table is published like any other: with its margins, secondary suppression included.
        var verdicts = Enum.GetValues<LevelVerdict>();
        var table = new CountTable([.. levels.Select(l => l.Label)], [.. verdicts.Select(v => v.Label())], agreement);
        var hiddenCells = StatisticalSecrecy.Suppress(table);
        var agreementRows = levels.Select((l, r) => new AgreementRow(l, [.. verdicts.Select((_, c) => hiddenCells[r, c] ? (long?)null : agreement[r, c])])).ToList();
        long? judged = hiddenCells[levels.Count, verdicts.Length] ? null : table.GrandTotal;
        return new QualityReport(definition, total, questionRows,
            [.. axes.Select(a => new AxisQuality(a, [.. axisItems[a].Select(i => questions[i].Id)], alphas[a]))],
            difRows, agreementRows, judged);
    }

    private static int FindOption(Question question, string answer)
    {
        for (var o = 0; o < question.Options.Count; o++)
        {
            if (question.Options[o].Id == answer)
            {
                return o;
            }
        }

        return -1;
    }
}
