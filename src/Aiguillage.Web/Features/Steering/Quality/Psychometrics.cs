using MathNet.Numerics.Distributions;

namespace Aiguillage.Web.Features.Steering.Quality;

/// <summary>Cronbach's alpha of a set of items, with its interval and the alpha of the set without each item.</summary>
/// <param name="Respondents">Respondents who answered every item (listwise).</param>
/// <param name="AlphaIfDeleted">Per item, the alpha of the others; null where fewer than two items would remain.</param>
public sealed record AlphaEstimate(int Respondents, int Items, double Alpha, double Lower, double Upper, IReadOnlyList<double?> AlphaIfDeleted);

/// <summary>ETS's classes of differential item functioning (Zwick, 2012, ETS RR-12-08): negligible, slight to moderate, large.</summary>
public enum DifCategory
{
    A,
    B,
    C,
}

/// <summary>
/// The Mantel–Haenszel DIF of one item between a reference and a focal group matched on a total score.
/// <paramref name="OddsRatio"/> above 1 and a negative <paramref name="DeltaDif"/> mean the item is harder for the focal
/// group than for reference respondents of the same total score.
/// </summary>
public sealed record DifEstimate(int Reference, int Focal, double OddsRatio, double DeltaDif, double StandardError, double ChiSquare, double P, DifCategory Category);

/// <summary>
/// The statistics of the questionnaire's quality report (issue 20 §3), on item scores; the distributions (F, χ², normal)
/// come from MathNet.Numerics. Missing scores (« je ne sais pas », « pas concerné ») are null. Each statistic is computed
/// from running sums (<see cref="ScaleAccumulator"/>, <see cref="DifAccumulator"/>), so a report over a million
/// diagnostics reads them once and keeps no row in memory.
/// </summary>
public static class Psychometrics
{
    /// <summary>
    /// Cronbach's alpha, α = k/(k−1)·(1 − Σ var(item) / var(total)), over the respondents who answered every item, with
    /// Feldt's interval (Feldt, Woodruff &amp; Salih, 1987): 1 − (1 − α)·F(1 − γ/2; n − 1, (n − 1)(k − 1)) to
    /// 1 − (1 − α)·F(γ/2; …). Null with fewer than two items, fewer than three respondents, or no variance of the total.
    /// </summary>
    public static AlphaEstimate? CronbachAlpha(IReadOnlyList<double?[]> scores, double confidence = 0.95) =>
        Accumulate(scores).Alpha(confidence);

    /// <summary>
    /// The corrected item–total correlation of each item: Pearson's r between the item and the sum of the <em>other</em>
    /// items, over respondents who answered every item. Null where either side has no variance.
    /// </summary>
    public static double?[] CorrectedItemTotal(IReadOnlyList<double?[]> scores) => Accumulate(scores).CorrectedItemTotal();

    /// <summary>
    /// Mantel–Haenszel DIF (Holland &amp; Thayer, 1988) of a right/wrong item between a reference and a focal group,
    /// stratified on the total score: see <see cref="DifAccumulator.Estimate"/>.
    /// </summary>
    public static DifEstimate? MantelHaenszel(IEnumerable<(bool Focal, int Stratum, bool Right)> responses)
    {
        var dif = new DifAccumulator();
        foreach (var (focal, stratum, right) in responses)
        {
            dif.Add(focal, stratum, right);
        }

        return dif.Estimate();
    }

    private static ScaleAccumulator Accumulate(IReadOnlyList<double?[]> scores)
    {
        var scale = new ScaleAccumulator(scores.Count == 0 ? 0 : scores[0].Length);
        foreach (var row in scores)
        {
            scale.Add(row);
        }

        return scale;
    }
}

/// <summary>
/// Running sums of a scale's item scores over the respondents who answered every item: their count, the sums and the
/// cross-products, from which the covariance matrix C gives alpha (k/(k−1)·(1 − trace C / ΣC)), alpha without an item
/// and the corrected item–total correlations.
/// </summary>
public sealed class ScaleAccumulator(int items)
{
    private readonly double[] _sum = new double[items];
    private readonly double[,] _cross = new double[items, items];

    public int Items => items;

    public long Respondents { get; private set; }

    /// <summary>Adds one respondent; one who left an item unanswered is left out (listwise).</summary>
    public void Add(ReadOnlySpan<double?> scores)
    {
        if (scores.Length != items)
        {
            throw new ArgumentException($"{items} scores expected, {scores.Length} given.", nameof(scores));
        }

        foreach (var score in scores)
        {
            if (score is null)
            {
                return;
            }
        }

        Respondents++;
        for (var i = 0; i < items; i++)
        {
            var x = scores[i]!.Value;
            _sum[i] += x;
            for (var j = i; j < items; j++)
            {
                _cross[i, j] += x * scores[j]!.Value;
            }
        }
    }

    public void Add(double?[] scores) => Add(scores.AsSpan());

    /// <summary>The sample covariance (n − 1) of items <paramref name="i"/> and <paramref name="j"/>.</summary>
    public double Covariance(int i, int j)
    {
        var (a, b) = i <= j ? (i, j) : (j, i);
        return (_cross[a, b] - (_sum[a] * _sum[b] / Respondents)) / (Respondents - 1);
    }

    public AlphaEstimate? Alpha(double confidence = 0.95)
    {
        if (items < 2 || Respondents < 3 || Alpha([.. Enumerable.Range(0, items)]) is not { } alpha)
        {
            return null;
        }

        var (df1, df2) = (Respondents - 1.0, (Respondents - 1.0) * (items - 1));
        var tail = (1 - confidence) / 2;
        var lower = 1 - (1 - alpha) * FQuantile(df1, df2, 1 - tail);
        var upper = 1 - (1 - alpha) * FQuantile(df1, df2, tail);
        var ifDeleted = Enumerable.Range(0, items)
            .Select(i => items - 1 < 2 ? null : Alpha([.. Enumerable.Range(0, items).Where(j => j != i)]))
            .ToList();
        return new AlphaEstimate((int)Respondents, items, alpha, lower, upper, ifDeleted);
    }

    /// <summary>
    /// F's quantile from MathNet. Its inverse is found by a root search that may not converge at a national scale's
    /// degrees of freedom (millions); there ln F is normal with variance 2/df1 + 2/df2 (F's asymptotics), which is used instead.
    /// </summary>
    public static double FQuantile(double df1, double df2, double p)
    {
        if (df1 < 100_000)
        {
            try
            {
                return FisherSnedecor.InvCDF(df1, df2, p);
            }
            catch (MathNet.Numerics.NonConvergenceException)
            {
            }
        }

        return Math.Exp(Normal.InvCDF(0, 1, p) * Math.Sqrt((2 / df1) + (2 / df2)));
    }

    private double? Alpha(int[] columns)
    {
        var k = columns.Length;
        double trace = 0, total = 0;
        foreach (var i in columns)
        {
            trace += Covariance(i, i);
            foreach (var j in columns)
            {
                total += Covariance(i, j);
            }
        }

        return total <= 1e-12 ? null : k / (k - 1.0) * (1 - (trace / total));
    }

    /// <summary>Per item, r(item, total of the others) = Σⱼ≠ᵢ Cᵢⱼ / √(Cᵢᵢ · Σⱼ,ₗ≠ᵢ Cⱼₗ); null without variance.</summary>
    public double?[] CorrectedItemTotal()
    {
        var result = new double?[items];
        if (Respondents < 3)
        {
            return result;
        }

        for (var i = 0; i < items; i++)
        {
            double withRest = 0, rest = 0;
            for (var j = 0; j < items; j++)
            {
                if (j == i)
                {
                    continue;
                }

                withRest += Covariance(i, j);
                for (var l = 0; l < items; l++)
                {
                    rest += l == i ? 0 : Covariance(j, l);
                }
            }

            var own = Covariance(i, i);
            result[i] = own <= 1e-12 || rest <= 1e-12 ? null : withRest / Math.Sqrt(own * rest);
        }

        return result;
    }
}

/// <summary>Counts of right and wrong answers of the reference and focal groups in each stratum of the total score.</summary>
public sealed class DifAccumulator
{
    // Per stratum: reference right, reference wrong, focal right, focal wrong.
    private readonly SortedDictionary<int, long[]> _strata = [];

    public void Add(bool focal, int stratum, bool right)
    {
        if (!_strata.TryGetValue(stratum, out var cells))
        {
            _strata[stratum] = cells = new long[4];
        }

        cells[(focal ? 2 : 0) + (right ? 0 : 1)]++;
    }

    /// <summary>
    /// The common odds ratio α_MH = Σ(A·D/N) / Σ(B·C/N), where A and B are the reference group's right and wrong answers
    /// in a stratum, C and D the focal group's; MH D-DIF = −2.35·ln α_MH on ETS's delta scale, its standard error from
    /// the Robins–Breslow–Greenland variance of ln α_MH; the MH χ² with continuity correction. ETS's class: A when
    /// |D| &lt; 1 or χ² not significant at 5 %; C when |D| ≥ 1.5 and |D| is significantly above 1 (one-sided, 5 %); B
    /// otherwise. Strata with one group only carry no information and are left out. Null when no stratum has both
    /// groups, or when the ratio is 0 or infinite (every answer right, or wrong, on one side).
    /// </summary>
    public DifEstimate? Estimate()
    {
        double num = 0, den = 0, sumA = 0, expectedA = 0, varianceA = 0, pr = 0, psQr = 0, qs = 0;
        long reference = 0, focal = 0;
        foreach (var cells in _strata.Values)
        {
            double a = cells[0], b = cells[1], c = cells[2], d = cells[3];
            var (nr, nf) = (a + b, c + d);
            var total = nr + nf;
            if (nr == 0 || nf == 0 || total < 2)
            {
                continue;
            }

            (reference, focal) = (reference + (long)nr, focal + (long)nf);
            var (m1, m0) = (a + c, b + d);
            var (rk, sk) = (a * d / total, b * c / total);
            var (pk, qk) = ((a + d) / total, (b + c) / total);
            num += rk;
            den += sk;
            pr += pk * rk;
            psQr += (pk * sk) + (qk * rk);
            qs += qk * sk;
            sumA += a;
            expectedA += nr * m1 / total;
            varianceA += nr * nf * m1 * m0 / (total * total * (total - 1));
        }

        if (num <= 0 || den <= 0 || varianceA <= 0)
        {
            return null;
        }

        var odds = num / den;
        var varianceLog = (pr / (2 * num * num)) + (psQr / (2 * num * den)) + (qs / (2 * den * den));
        var delta = -2.35 * Math.Log(odds);
        var se = 2.35 * Math.Sqrt(varianceLog);
        var chi = Math.Pow(Math.Max(0, Math.Abs(sumA - expectedA) - 0.5), 2) / varianceA;
        var p = 1 - ChiSquared.CDF(1, chi);
        var category = Math.Abs(delta) < 1 || p >= 0.05 ? DifCategory.A
            : Math.Abs(delta) >= 1.5 && (Math.Abs(delta) - 1) / se > Normal.InvCDF(0, 1, 0.95) ? DifCategory.C
            : DifCategory.B;
        return new DifEstimate((int)reference, (int)focal, odds, delta, se, chi, p, category);
    }
}
