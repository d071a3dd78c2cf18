namespace MlOpsPortal.Domain.Quality;

/// <summary>A row whose given label confident learning doubts: its index, given and suggested class, p(given label).</summary>
public sealed record LabelSuspect(int Row, int Given, int Suggested, double SelfConfidence);

/// <summary>
/// What confident learning found: the per-class thresholds, the calibrated confident joint C[given][true] (counts that sum
/// to the number of rows), the estimated share of wrong labels (off-diagonal mass of the joint) and the suspects, most
/// suspect (lowest self-confidence) first.
/// </summary>
public sealed record ConfidentLearningResult(
    IReadOnlyList<double> Thresholds, int[][] ConfidentJoint, double EstimatedNoiseRate, IReadOnlyList<LabelSuspect> Suspects);

/// <summary>
/// Confident learning (Northcutt, Jiang and Chuang, "Confident Learning: Estimating Uncertainty in Dataset Labels", JAIR
/// 2021) with the reference implementation's default filter, prune by noise rate. Input: each row's given class and its
/// out-of-sample predicted probabilities (from k-fold training). Steps:
/// (1) per-class threshold t_j = mean of p_j(x) over rows labelled j;
/// (2) confident joint: a row labelled i counts in C[i][j] for the class j of highest p among those with p_j(x) ≥ t_j;
/// (3) calibration: each row of C scaled to the count of its given label, the whole to n;
/// (4) prune by noise rate: for every given class i and other class j, the round(C[i][j]) rows labelled i with the largest
/// margin p_j(x) − p_i(x) are flagged (keeping at least one row per class); a flagged row whose arg-max class is its
/// given label is unflagged; (5) suspects ranked by self-confidence p_i(x), lowest first.
/// </summary>
public static class ConfidentLearning
{
    /// <param name="labels">Given class of each row, 0..K−1.</param>
    /// <param name="probabilities">Row-major [rows, K] out-of-sample probabilities.</param>
    /// <param name="classCount">K.</param>
    public static ConfidentLearningResult Find(IReadOnlyList<int> labels, IReadOnlyList<double> probabilities, int classCount)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(probabilities);
        var n = labels.Count;
        var k = classCount;
        if (k < 2 || probabilities.Count != n * k)
        {
            throw new ArgumentException($"Expected {n} × {k} probabilities (K ≥ 2), got {probabilities.Count}.", nameof(probabilities));
        }

        double P(int row, int cls) => probabilities[(row * k) + cls];

        // (1) Thresholds: the average self-confidence of each class.
        var counts = new int[k];
        var sums = new double[k];
        for (var r = 0; r < n; r++)
        {
            counts[labels[r]]++;
            sums[labels[r]] += P(r, labels[r]);
        }

        var thresholds = Enumerable.Range(0, k).Select(j => counts[j] == 0 ? 1.0 : sums[j] / counts[j]).ToArray();

        // (2) Confident joint.
        var joint = new double[k, k];
        for (var r = 0; r < n; r++)
        {
            var best = -1;
            for (var j = 0; j < k; j++)
            {
                if (P(r, j) >= thresholds[j] - 1e-6 && (best < 0 || P(r, j) > P(r, best)))
                {
                    best = j;
                }
            }

            if (best >= 0)
            {
                joint[labels[r], best]++;
            }
        }

        // (3) Calibration: rows sum to the given-label counts, then rounded keeping row totals.
        var calibrated = new int[k][];
        for (var i = 0; i < k; i++)
        {
            var rowSum = Enumerable.Range(0, k).Sum(j => joint[i, j]);
            var scaled = Enumerable.Range(0, k).Select(j => rowSum == 0 ? (i == j ? counts[i] : 0) : joint[i, j] / rowSum * counts[i]).ToArray();
            calibrated[i] = RoundPreservingTotal(scaled, counts[i]);
        }

        var noise = n == 0 ? 0 : 1.0 - ((double)Enumerable.Range(0, k).Sum(i => calibrated[i][i]) / n);

        // (4) Prune by noise rate.
        var flagged = new bool[n];
        var byClass = Enumerable.Range(0, k).Select(_ => new List<int>()).ToArray();
        for (var r = 0; r < n; r++)
        {
            byClass[labels[r]].Add(r);
        }

        for (var i = 0; i < k; i++)
        {
            var budget = Math.Max(0, counts[i] - 1);
            for (var j = 0; j < k && budget > 0; j++)
            {
                if (j == i || calibrated[i][j] == 0)
                {
                    continue;
                }

                var take = Math.Min(calibrated[i][j], budget);
                budget -= take;
                var given = i;
                var other = j;
                foreach (var r in byClass[i].OrderByDescending(r => P(r, other) - P(r, given)).ThenBy(r => r).Take(take))
                {
                    flagged[r] = true;
                }
            }
        }

        var suspects = new List<LabelSuspect>();
        for (var r = 0; r < n; r++)
        {
            var argMax = 0;
            for (var j = 1; j < k; j++)
            {
                argMax = P(r, j) > P(r, argMax) ? j : argMax;
            }

            if (flagged[r] && argMax != labels[r])
            {
                suspects.Add(new LabelSuspect(r, labels[r], argMax, P(r, labels[r])));
            }
        }

        // (5) Most suspect first.
        return new ConfidentLearningResult(thresholds, calibrated, noise, [.. suspects.OrderBy(s => s.SelfConfidence).ThenBy(s => s.Row)]);
    }

    /// <summary>Rounds non-negative values to integers whose sum is <paramref name="total"/> (largest remainders first).</summary>
    public static int[] RoundPreservingTotal(IReadOnlyList<double> values, int total)
    {
        ArgumentNullException.ThrowIfNull(values);
        var floors = values.Select(v => (int)Math.Floor(v)).ToArray();
        var missing = total - floors.Sum();
        foreach (var idx in Enumerable.Range(0, values.Count).OrderByDescending(i => values[i] - floors[i]).ThenBy(i => i))
        {
            if (missing <= 0)
            {
                break;
            }

            floors[idx]++;
            missing--;
        }

        return floors;
    }
}
