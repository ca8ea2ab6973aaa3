using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;

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
/// come from MathNet.Numerics. Missing scores (« je ne sais pas », « pas concerné ») are null.
/// </summary>
public static class Psychometrics
{
    /// <summary>
    /// Cronbach's alpha, α = k/(k−1)·(1 − Σ var(item) / var(total)), over the respondents who answered every item, with
    /// Feldt's interval (Feldt, Woodruff &amp; Salih, 1987): 1 − (1 − α)·F(1 − γ/2; n − 1, (n − 1)(k − 1)) to
    /// 1 − (1 − α)·F(γ/2; …). Null with fewer than two items, fewer than three respondents, or no variance of the total.
    /// </summary>
    public static AlphaEstimate? CronbachAlpha(IReadOnlyList<double?[]> scores, double confidence = 0.95)
    {
        var complete = scores.Where(r => r.All(s => s is not null)).Select(r => r.Select(s => s!.Value).ToArray()).ToList();
        var items = complete.Count == 0 ? (scores.Count == 0 ? 0 : scores[0].Length) : complete[0].Length;
        if (items < 2 || complete.Count < 3 || Alpha(complete, [.. Enumerable.Range(0, items)]) is not { } alpha)
        {
            return null;
        }

        var n = complete.Count;
        var (df1, df2) = (n - 1.0, (n - 1.0) * (items - 1));
        var tail = (1 - confidence) / 2;
        var lower = 1 - (1 - alpha) * FisherSnedecor.InvCDF(df1, df2, 1 - tail);
        var upper = 1 - (1 - alpha) * FisherSnedecor.InvCDF(df1, df2, tail);
        var ifDeleted = Enumerable.Range(0, items)
            .Select(i => items - 1 < 2 ? null : Alpha(complete, [.. Enumerable.Range(0, items).Where(j => j != i)]))
            .ToList();
        return new AlphaEstimate(n, items, alpha, lower, upper, ifDeleted);
    }

    private static double? Alpha(List<double[]> rows, int[] columns)
    {
        var k = columns.Length;
        var itemVariances = columns.Sum(c => Variance(rows.Select(r => r[c])));
        var total = Variance(rows.Select(r => columns.Sum(c => r[c])));
        return total <= 0 ? null : k / (k - 1.0) * (1 - itemVariances / total);
    }

    /// <summary>
    /// The corrected item–total correlation of each item: Pearson's r between the item and the sum of the <em>other</em>
    /// items, over respondents who answered every item. Null where either side has no variance.
    /// </summary>
    public static double?[] CorrectedItemTotal(IReadOnlyList<double?[]> scores)
    {
        var complete = scores.Where(r => r.All(s => s is not null)).Select(r => r.Select(s => s!.Value).ToArray()).ToList();
        var items = scores.Count == 0 ? 0 : scores[0].Length;
        return [.. Enumerable.Range(0, items).Select(i => complete.Count < 3
            ? null
            : Pearson(complete.Select(r => r[i]).ToArray(), complete.Select(r => r.Sum() - r[i]).ToArray()))];
    }

    /// <summary>
    /// Mantel–Haenszel DIF (Holland &amp; Thayer, 1988) of a right/wrong item between a reference and a focal group,
    /// stratified on the total score: the common odds ratio α_MH = Σ(A·D/N) / Σ(B·C/N), where A and B are the reference
    /// group's right and wrong answers in a stratum, C and D the focal group's; MH D-DIF = −2.35·ln α_MH on ETS's delta
    /// scale, its standard error from the Robins–Breslow–Greenland variance of ln α_MH; the MH χ² with continuity
    /// correction. ETS's class: A when |D| &lt; 1 or χ² not significant at 5 %; C when |D| ≥ 1.5 and |D| is significantly
    /// above 1 (one-sided, 5 %); B otherwise. Strata with one group only carry no information and are left out. Null when
    /// no stratum has both groups, or when the ratio is 0 or infinite (every answer right, or wrong, on one side).
    /// </summary>
    public static DifEstimate? MantelHaenszel(IEnumerable<(bool Focal, int Stratum, bool Right)> responses)
    {
        double num = 0, den = 0, sumA = 0, expectedA = 0, varianceA = 0, pr = 0, psQr = 0, qs = 0;
        int reference = 0, focal = 0;
        foreach (var stratum in responses.GroupBy(r => r.Stratum))
        {
            double a = 0, b = 0, c = 0, d = 0;
            foreach (var r in stratum)
            {
                if (r.Focal)
                {
                    if (r.Right) { c++; } else { d++; }
                }
                else if (r.Right)
                {
                    a++;
                }
                else
                {
                    b++;
                }
            }

            var (nr, nf) = (a + b, c + d);
            var total = nr + nf;
            if (nr == 0 || nf == 0 || total < 2)
            {
                continue;
            }

            (reference, focal) = (reference + (int)nr, focal + (int)nf);
            var (m1, m0) = (a + c, b + d);
            var (rk, sk) = (a * d / total, b * c / total);
            var (pk, qk) = ((a + d) / total, (b + c) / total);
            num += rk;
            den += sk;
            pr += pk * rk;
            psQr += pk * sk + qk * rk;
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
        var varianceLog = pr / (2 * num * num) + psQr / (2 * num * den) + qs / (2 * den * den);
        var delta = -2.35 * Math.Log(odds);
        var se = 2.35 * Math.Sqrt(varianceLog);
        var chi = Math.Pow(Math.Max(0, Math.Abs(sumA - expectedA) - 0.5), 2) / varianceA;
        var p = 1 - ChiSquared.CDF(1, chi);
        var category = Math.Abs(delta) < 1 || p >= 0.05 ? DifCategory.A
            : Math.Abs(delta) >= 1.5 && (Math.Abs(delta) - 1) / se > Normal.InvCDF(0, 1, 0.95) ? DifCategory.C
            : DifCategory.B;
        return new DifEstimate(reference, focal, odds, delta, se, chi, p, category);
    }

    /// <summary>The sample variance (n − 1), as MathNet computes it; 0 for fewer than two values.</summary>
    private static double Variance(IEnumerable<double> values)
    {
        var variance = Statistics.Variance(values);
        return double.IsNaN(variance) ? 0 : variance;
    }

    private static double? Pearson(double[] x, double[] y)
    {
        var r = Correlation.Pearson(x, y);
        return double.IsNaN(r) || double.IsInfinity(r) ? null : r;
    }
}
