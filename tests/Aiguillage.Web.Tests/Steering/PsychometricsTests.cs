using Aiguillage.Web.Features.Steering.Quality;

namespace Aiguillage.Web.Tests.Steering;

/// <summary>
/// Issue 20 §3: each statistic of the quality report against a computation written separately here (naive loops, a
/// textbook form of the same quantity), a table value, a hand-worked example, and generated data with one question
/// planted to be harder for one group, which the DIF check must flag — and only it.
/// </summary>
public sealed class PsychometricsTests
{
    /// <summary>Respondents of ability θ answering items of difficulties b (Rasch-like, scores 0–2), seeded.</summary>
    private static List<double?[]> Generated(int respondents, int items, int seed, double missingShare = 0)
    {
        var random = new Random(seed);
        var rows = new List<double?[]>();
        for (var r = 0; r < respondents; r++)
        {
            var theta = Gaussian(random);
            rows.Add([.. Enumerable.Range(0, items).Select(i =>
            {
                if (random.NextDouble() < missingShare)
                {
                    return (double?)null;
                }

                var b = -1 + (2.0 * i / Math.Max(1, items - 1));
                var p = 1 / (1 + Math.Exp(-(theta - b)));
                return (double?)((random.NextDouble() < p ? 1 : 0) + (random.NextDouble() < p ? 1 : 0));
            })]);
        }

        return rows;
    }

    private static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>Alpha in its covariance form, k/(k−1)·(1 − trace(C) / sum(C)), by plain loops.</summary>
    private static double NaiveAlpha(List<double[]> rows)
    {
        var (n, k) = (rows.Count, rows[0].Length);
        var means = new double[k];
        for (var j = 0; j < k; j++)
        {
            for (var i = 0; i < n; i++)
            {
                means[j] += rows[i][j] / n;
            }
        }

        double trace = 0, sum = 0;
        for (var a = 0; a < k; a++)
        {
            for (var b = 0; b < k; b++)
            {
                double c = 0;
                for (var i = 0; i < n; i++)
                {
                    c += (rows[i][a] - means[a]) * (rows[i][b] - means[b]);
                }

                c /= n - 1;
                sum += c;
                trace += a == b ? c : 0;
            }
        }

        return k / (k - 1.0) * (1 - trace / sum);
    }

    private static double NaivePearson(double[] x, double[] y)
    {
        var n = x.Length;
        double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
        for (var i = 0; i < n; i++)
        {
            (sx, sy, sxx, syy, sxy) = (sx + x[i], sy + y[i], sxx + x[i] * x[i], syy + y[i] * y[i], sxy + x[i] * y[i]);
        }

        return (n * sxy - sx * sy) / Math.Sqrt((n * sxx - sx * sx) * (n * syy - sy * sy));
    }

    [Fact]
    public void Alpha_equals_the_covariance_form_over_complete_answers_and_its_interval_holds_it()
    {
        var rows = Generated(400, 9, seed: 7, missingShare: 0.02);
        var complete = rows.Where(r => r.All(s => s is not null)).Select(r => r.Select(s => s!.Value).ToArray()).ToList();
        var estimate = Psychometrics.CronbachAlpha(rows)!;
        Assert.Equal(complete.Count, estimate.Respondents);
        Assert.Equal(NaiveAlpha(complete), estimate.Alpha, 10);
        Assert.InRange(estimate.Alpha, estimate.Lower, estimate.Upper);
        Assert.InRange(estimate.Alpha, 0.6, 0.95);   // nine items of one ability: a consistent scale

        for (var i = 0; i < 9; i++)
        {
            var without = complete.Select(r => r.Where((_, j) => j != i).ToArray()).ToList();
            Assert.Equal(NaiveAlpha(without), estimate.AlphaIfDeleted[i]!.Value, 10);
        }
    }

    [Fact]
    public void Feldts_interval_uses_the_f_quantiles_of_the_tables()
    {
        // F(0.975; 10, 20) = 2.774 and F(0.025; 10, 20) = 1 / F(0.975; 20, 10) = 1 / 3.419 (tables of the F distribution).
        // With n = 11 respondents and k = 3 items: df1 = 10, df2 = 20.
        var rows = new List<double?[]>
        {
            new double?[] { 0, 0, 1 }, new double?[] { 1, 1, 1 }, new double?[] { 2, 2, 2 }, new double?[] { 1, 2, 1 }, new double?[] { 0, 1, 0 },
            new double?[] { 2, 1, 2 }, new double?[] { 1, 0, 1 }, new double?[] { 2, 2, 1 }, new double?[] { 0, 0, 0 }, new double?[] { 1, 1, 2 },
            new double?[] { 2, 1, 1 },
        };
        var e = Psychometrics.CronbachAlpha(rows)!;
        Assert.Equal((11, 3), (e.Respondents, e.Items));
        Assert.Equal(1 - (1 - e.Alpha) * 2.774, e.Lower, 2);
        Assert.Equal(1 - (1 - e.Alpha) / 3.419, e.Upper, 2);
    }

    [Fact]
    public void No_alpha_without_two_items_three_respondents_or_any_variance()
    {
        Assert.Null(Psychometrics.CronbachAlpha([new double?[] { 1 }, new double?[] { 2 }, new double?[] { 0 }]));
        Assert.Null(Psychometrics.CronbachAlpha([new double?[] { 1, 2 }, new double?[] { 2, 1 }]));
        Assert.Null(Psychometrics.CronbachAlpha([new double?[] { 1, 1 }, new double?[] { 1, 1 }, new double?[] { 1, 1 }]));
    }

    [Fact]
    public void The_corrected_item_total_correlation_leaves_the_item_out_of_the_total()
    {
        var rows = Generated(300, 6, seed: 11);
        var complete = rows.Select(r => r.Select(s => s!.Value).ToArray()).ToList();
        var r = Psychometrics.CorrectedItemTotal(rows);
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(NaivePearson([.. complete.Select(x => x[i])], [.. complete.Select(x => x.Sum() - x[i])]), r[i]!.Value, 10);
            Assert.InRange(r[i]!.Value, 0.2, 0.9);
        }
    }

    [Fact]
    public void Mantel_haenszel_gives_the_hand_worked_odds_ratio_and_chi_square()
    {
        // Stratum 1: reference 10 right, 10 wrong; focal 5 right, 15 wrong. Stratum 2: reference 20/5; focal 10/10.
        // α_MH = (10·15/40 + 20·10/45) / (10·5/40 + 5·10/45) = 8.1944 / 2.3611 = 3.4706; D = −2.35 ln α = −2.924.
        // E(A) = 20·15/40 + 25·30/45 = 24.1667; Var(A) = 2.4038 + 2.5253; χ² = (|30 − 24.1667| − 0.5)² / 4.9291 = 5.771.
        static IEnumerable<(bool, int, bool)> Cell(bool focal, int stratum, bool right, int count) => Enumerable.Repeat((focal, stratum, right), count);
        var responses = Cell(false, 1, true, 10).Concat(Cell(false, 1, false, 10)).Concat(Cell(true, 1, true, 5)).Concat(Cell(true, 1, false, 15))
            .Concat(Cell(false, 2, true, 20)).Concat(Cell(false, 2, false, 5)).Concat(Cell(true, 2, true, 10)).Concat(Cell(true, 2, false, 10))
            // A stratum where only the reference group answered carries nothing.
            .Concat(Cell(false, 3, true, 7));
        var dif = Psychometrics.MantelHaenszel(responses)!;
        Assert.Equal(3.4706, dif.OddsRatio, 3);
        Assert.Equal(-2.924, dif.DeltaDif, 2);
        Assert.Equal(5.771, dif.ChiSquare, 2);
        Assert.Equal((45, 40), (dif.Reference, dif.Focal));
        Assert.InRange(dif.P, 0.01, 0.02);
    }

    [Fact]
    public void The_dif_check_flags_the_one_question_planted_harder_for_the_focal_group()
    {
        const int items = 9, planted = 4;
        var random = new Random(2020);
        var people = new List<(bool Focal, bool[] Right)>();
        for (var r = 0; r < 4_000; r++)
        {
            var focal = r % 2 == 0;
            var theta = Gaussian(random);
            people.Add((focal, [.. Enumerable.Range(0, items).Select(i =>
            {
                var b = -1 + (2.0 * i / (items - 1)) + (focal && i == planted ? 1.5 : 0);
                return random.NextDouble() < 1 / (1 + Math.Exp(-(theta - b)));
            })]));
        }

        var categories = Enumerable.Range(0, items).Select(i => Psychometrics.MantelHaenszel(
            people.Select(p => (p.Focal, p.Right.Count(x => x), p.Right[i])))!).ToList();
        Assert.Equal(DifCategory.C, categories[planted].Category);
        Assert.True(categories[planted].DeltaDif < 0, "harder for the focal group reads as a negative delta");
        Assert.All(categories.Where((_, i) => i != planted), c => Assert.NotEqual(DifCategory.C, c.Category));
        Assert.True(categories.Count(c => c.Category == DifCategory.A) >= items - 3, string.Join(", ", categories.Select(c => $"{c.Category} {c.DeltaDif:F2}")));
    }

    [Fact]
    public void The_dif_check_agrees_with_a_naive_tally_of_each_stratum()
    {
        var random = new Random(5);
        var responses = Enumerable.Range(0, 600).Select(_ => (random.Next(2) == 0, random.Next(6), random.NextDouble() < 0.6)).ToList();
        double num = 0, den = 0;
        foreach (var s in Enumerable.Range(0, 6))
        {
            var cell = responses.Where(r => r.Item2 == s).ToList();
            double n = cell.Count, a = cell.Count(r => !r.Item1 && r.Item3), b = cell.Count(r => !r.Item1 && !r.Item3), c = cell.Count(r => r.Item1 && r.Item3), d = cell.Count(r => r.Item1 && !r.Item3);
            num += a * d / n;
            den += b * c / n;
        }

        Assert.Equal(num / den, Psychometrics.MantelHaenszel(responses)!.OddsRatio, 10);
    }
}
