namespace Offline.Observer;

/// <summary>
/// The observer's statistics, written out (no ML packages): rank AUC with its standard error, the
/// two-sample Kolmogorov–Smirnov test, L2-regularised logistic regression and k-nearest neighbours
/// on standardised features with grouped k-fold cross-validation, and lagged cross-correlation.
/// Checked on synthetic data with known answers by <c>bench/run observer --self-test</c>.
/// </summary>
internal static class ObserverStatistics
{
    /// <summary>
    /// Area under the ROC curve by the Mann–Whitney rank formula (ties get mid-ranks): the chance that
    /// a random positive scores above a random negative. 0.5 = no better than a coin.
    /// </summary>
    public static double Auc(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        var ranks = new double[scores.Count];
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j + 1 < order.Length && scores[order[j + 1]] == scores[order[i]])
            {
                j++;
            }

            var mid = ((i + 1) + (j + 1)) / 2.0;
            for (var k = i; k <= j; k++)
            {
                ranks[order[k]] = mid;
            }

            i = j + 1;
        }

        double positives = labels.Count(l => l), negatives = labels.Count - positives;
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }

        var rankSum = Enumerable.Range(0, ranks.Length).Where(i => labels[i]).Sum(i => ranks[i]);
        return (rankSum - (positives * (positives + 1) / 2)) / (positives * negatives);
    }

    /// <summary>Hanley–McNeil (1982) standard error of an AUC estimate from n1 positives and n2 negatives.</summary>
    public static double AucStandardError(double auc, int positives, int negatives)
    {
        var q1 = auc / (2 - auc);
        var q2 = 2 * auc * auc / (1 + auc);
        var variance = ((auc * (1 - auc)) + ((positives - 1) * (q1 - (auc * auc))) + ((negatives - 1) * (q2 - (auc * auc)))) / ((double)positives * negatives);
        return Math.Sqrt(Math.Max(variance, 0));
    }

    /// <summary>Two-sample Kolmogorov–Smirnov: D = max |F1 − F2| and the asymptotic p-value (Stephens' small-sample correction).</summary>
    public static (double D, double P) KolmogorovSmirnov(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return (double.NaN, double.NaN);
        }

        var x = a.Order().ToArray();
        var y = b.Order().ToArray();
        int i = 0, j = 0;
        double d = 0;
        while (i < x.Length && j < y.Length)
        {
            var v = Math.Min(x[i], y[j]);
            while (i < x.Length && x[i] <= v)
            {
                i++;
            }

            while (j < y.Length && y[j] <= v)
            {
                j++;
            }

            d = Math.Max(d, Math.Abs(((double)i / x.Length) - ((double)j / y.Length)));
        }

        var ne = (double)x.Length * y.Length / (x.Length + y.Length);
        var sqrtNe = Math.Sqrt(ne);
        var lambda = (sqrtNe + 0.12 + (0.11 / sqrtNe)) * d;
        return (d, KolmogorovQ(lambda));
    }

    /// <summary>Q_KS(λ) = 2 Σ (−1)^(j−1) exp(−2 j² λ²), the Kolmogorov distribution's upper tail.</summary>
    public static double KolmogorovQ(double lambda)
    {
        if (lambda < 1e-3)
        {
            return 1;
        }

        double sum = 0, sign = 1;
        for (var j = 1; j <= 100; j++)
        {
            var term = sign * Math.Exp(-2 * j * j * lambda * lambda);
            sum += term;
            if (Math.Abs(term) < 1e-12)
            {
                break;
            }

            sign = -sign;
        }

        return Math.Clamp(2 * sum, 0, 1);
    }

    /// <summary>
    /// Out-of-fold scores from grouped k-fold cross-validation: rows of one group (a client pair) are
    /// always in the same fold, so a pair's neighbouring windows never sit on both sides. Features are
    /// standardised with the training fold's means and deviations only.
    /// </summary>
    public static double[] CrossValidatedScores(double[][] x, bool[] y, int[] groups, int folds, Func<double[][], bool[], Func<double[], double>> train)
    {
        var distinct = groups.Distinct().Order().ToArray();
        var foldOf = distinct.Select((g, i) => (g, i % folds)).ToDictionary(p => p.g, p => p.Item2);
        var scores = new double[x.Length];
        for (var f = 0; f < folds; f++)
        {
            var trainRows = Enumerable.Range(0, x.Length).Where(i => foldOf[groups[i]] != f).ToArray();
            var testRows = Enumerable.Range(0, x.Length).Where(i => foldOf[groups[i]] == f).ToArray();
            if (testRows.Length == 0 || trainRows.Length == 0)
            {
                continue;
            }

            var (mean, scale) = Standardiser(trainRows.Select(i => x[i]).ToArray());
            var model = train([.. trainRows.Select(i => Standardise(x[i], mean, scale))], [.. trainRows.Select(i => y[i])]);
            foreach (var i in testRows)
            {
                scores[i] = model(Standardise(x[i], mean, scale));
            }
        }

        return scores;
    }

    public static (double[] Mean, double[] Scale) Standardiser(double[][] rows)
    {
        var d = rows[0].Length;
        var mean = new double[d];
        var scale = new double[d];
        for (var k = 0; k < d; k++)
        {
            mean[k] = rows.Average(r => r[k]);
            var sd = Math.Sqrt(rows.Average(r => (r[k] - mean[k]) * (r[k] - mean[k])));
            scale[k] = sd > 1e-12 ? sd : 1;
        }

        return (mean, scale);
    }

    public static double[] Standardise(double[] row, double[] mean, double[] scale) =>
        [.. row.Select((v, k) => (v - mean[k]) / scale[k])];

    /// <summary>Logistic regression, L2 penalty <paramref name="lambda"/>, full-batch gradient descent (features already standardised).</summary>
    public static Func<double[], double> TrainLogistic(double[][] x, bool[] y, double lambda = 0.01, int iterations = 400, double rate = 0.5)
    {
        var d = x[0].Length;
        var w = new double[d];
        double b = 0;
        var n = x.Length;
        var gradient = new double[d];
        for (var it = 0; it < iterations; it++)
        {
            Array.Clear(gradient);
            double gb = 0;
            for (var i = 0; i < n; i++)
            {
                var p = Sigmoid(Dot(w, x[i]) + b);
                var e = p - (y[i] ? 1 : 0);
                for (var k = 0; k < d; k++)
                {
                    gradient[k] += e * x[i][k];
                }

                gb += e;
            }

            for (var k = 0; k < d; k++)
            {
                w[k] -= rate * ((gradient[k] / n) + (lambda * w[k]));
            }

            b -= rate * gb / n;
        }

        return row => Dot(w, row) + b;
    }

    /// <summary>k nearest neighbours (Euclidean, standardised): the score is the share of positives among the k nearest.</summary>
    public static Func<double[], double> TrainNearestNeighbours(double[][] x, bool[] y, int k = 15)
    {
        k = Math.Min(k, x.Length);
        return row =>
        {
            var distances = new (double Distance, bool Label)[x.Length];
            for (var i = 0; i < x.Length; i++)
            {
                double s = 0;
                for (var j = 0; j < row.Length; j++)
                {
                    var diff = row[j] - x[i][j];
                    s += diff * diff;
                }

                distances[i] = (s, y[i]);
            }

            Array.Sort(distances, (p, q) => p.Distance.CompareTo(q.Distance));
            var positives = 0;
            double weighted = 0;
            for (var i = 0; i < k; i++)
            {
                positives += distances[i].Label ? 1 : 0;
                weighted += (distances[i].Label ? 1 : -1) / (1 + Math.Sqrt(distances[i].Distance));
            }

            // Ties of the vote are broken by distance, weakly.
            return positives + (1e-3 * weighted);
        };
    }

    /// <summary>Pearson correlation; 0 when either series is constant.</summary>
    public static double Correlation(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var n = Math.Min(a.Length, b.Length);
        double ma = 0, mb = 0;
        for (var i = 0; i < n; i++)
        {
            ma += a[i];
            mb += b[i];
        }

        ma /= n;
        mb /= n;
        double sab = 0, saa = 0, sbb = 0;
        for (var i = 0; i < n; i++)
        {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }

        return saa < 1e-12 || sbb < 1e-12 ? 0 : sab / Math.Sqrt(saa * sbb);
    }

    /// <summary>max over lag L in [0, maxLag] of corr(up[t], down[t + L]); <paramref name="down"/> has maxLag more bins than <paramref name="up"/>.</summary>
    public static double MaxLaggedCorrelation(double[] up, double[] down, int maxLag)
    {
        var best = double.NegativeInfinity;
        for (var lag = 0; lag <= maxLag && lag + up.Length <= down.Length; lag++)
        {
            best = Math.Max(best, Correlation(up, down.AsSpan(lag, up.Length)));
        }

        return best;
    }

    public static double Mean(IReadOnlyCollection<double> v) => v.Count == 0 ? 0 : v.Average();

    public static double StdDev(IReadOnlyCollection<double> v)
    {
        if (v.Count < 2)
        {
            return 0;
        }

        var m = v.Average();
        return Math.Sqrt(v.Sum(x => (x - m) * (x - m)) / (v.Count - 1));
    }

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (var i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }
}
