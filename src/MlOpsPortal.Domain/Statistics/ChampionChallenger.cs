namespace MlOpsPortal.Domain.Statistics;

/// <summary>
/// McNemar's test on paired correctness. b = champion right &amp; challenger wrong, c = champion wrong &amp;
/// challenger right. Both forms are given (as statsmodels' mcnemar): the exact two-sided binomial test
/// (exact=True) and the continuity-corrected chi-square (exact=False, correction=True, df = 1, null when
/// b + c = 0). <see cref="PValue"/> picks the exact test when b + c &lt; 25 (the usual rule), else chi-square.
/// </summary>
public sealed record McNemarResult(long ChampionOnlyCorrect, long ChallengerOnlyCorrect, double ExactPValue, double? ChiSquareStatistic, double? ChiSquarePValue)
{
    public const int ExactBelowDiscordant = 25;

    public long Discordant => ChampionOnlyCorrect + ChallengerOnlyCorrect;

    public bool UsesExact => Discordant < ExactBelowDiscordant || ChiSquarePValue is null;

    public double PValue => UsesExact ? ExactPValue : ChiSquarePValue!.Value;
}

/// <summary>Paired bootstrap interval of AUC(challenger) − AUC(champion) on the same rows.</summary>
public sealed record AucDifference(double? ChampionAuc, double? ChallengerAuc, double? Difference, ConfidenceInterval Interval, int Resamples, int Seed);

/// <summary>
/// MLflow-style validation threshold (mlflow.models.MetricThreshold): <see cref="Threshold"/> is an absolute
/// bound (≥ when higher is better, else ≤); <see cref="MinAbsoluteChange"/> requires
/// challenger ≥ champion + Δ (≤ champion − Δ when lower is better); <see cref="MinRelativeChange"/> requires
/// challenger ≥ champion + |champion|·r (≤ … − |champion|·r), falling back to challenger ≥ champion when the
/// champion's value is 0, as MLflow does.
/// </summary>
public sealed record ChallengerThreshold(string Metric, bool HigherIsBetter = true, double? Threshold = null, double? MinAbsoluteChange = null, double? MinRelativeChange = null);

/// <summary>Pass/fail of one metric; a null metric value fails with a reason (n/a cannot pass a gate).</summary>
public sealed record MetricThresholdCheck(string Metric, double? Champion, double? Challenger, double? AbsoluteChange, double? RelativeChange, bool Passed, IReadOnlyList<string> Failures);

/// <summary>Champion-vs-challenger comparison on the same dataset.</summary>
public static class ChampionChallenger
{
    public static McNemarResult McNemar(ReadOnlySpan<bool> championCorrect, ReadOnlySpan<bool> challengerCorrect)
    {
        if (championCorrect.Length != challengerCorrect.Length)
        {
            throw new ArgumentException("McNemar needs paired predictions of equal length.");
        }

        long b = 0, c = 0;
        for (var i = 0; i < championCorrect.Length; i++)
        {
            if (championCorrect[i] && !challengerCorrect[i]) { b++; }
            else if (!championCorrect[i] && challengerCorrect[i]) { c++; }
        }

        var exact = SpecialFunctions.BinomialTwoSidedHalf(Math.Min(b, c), b + c);
        if (b + c == 0)
        {
            return new McNemarResult(b, c, exact, null, null);
        }

        var diff = Math.Abs(b - c) - 1.0;
        var statistic = diff * diff / (b + c);
        return new McNemarResult(b, c, exact, statistic, SpecialFunctions.ChiSquareSurvival(statistic, 1));
    }

    /// <summary>Percentile interval of AUC differences over paired resamples of rows (same rows for both models).</summary>
    public static AucDifference PairedBootstrapAuc(bool[] actual, double[] championScores, double[] challengerScores, int resamples = 1000, int seed = 42, double level = 0.95, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(championScores);
        ArgumentNullException.ThrowIfNull(challengerScores);
        if (championScores.Length != actual.Length || challengerScores.Length != actual.Length)
        {
            throw new ArgumentException("Labels and both score columns must have the same length.");
        }

        var (orderA, flagsA) = MannWhitneyAuc.Index(actual, championScores);
        var (orderB, flagsB) = MannWhitneyAuc.Index(actual, challengerScores);
        var aucA = MannWhitneyAuc.Compute(orderA, flagsA, null);
        var aucB = MannWhitneyAuc.Compute(orderB, flagsB, null);
        var differences = new double[resamples];
        var n = actual.Length;
        Parallel.For(0, resamples, new ParallelOptions { CancellationToken = cancellationToken }, () => new int[n], (r, _, multiplicity) =>
        {
            Array.Clear(multiplicity);
            var rng = SeededRandom.ForStream(seed, r);
            for (var k = 0; k < n; k++) { multiplicity[rng.NextInt(n)]++; }
            differences[r] = MannWhitneyAuc.Compute(orderB, flagsB, multiplicity) - MannWhitneyAuc.Compute(orderA, flagsA, multiplicity);
            return multiplicity;
        }, _ => { });
        return new AucDifference(Nullable(aucA), Nullable(aucB), Nullable(aucB - aucA),
            n == 0 || resamples == 0 ? ConfidenceInterval.Undefined : Quantiles.PercentileInterval(differences, level), resamples, seed);
    }

    public static MetricThresholdCheck Check(ChallengerThreshold threshold, double? champion, double? challenger)
    {
        ArgumentNullException.ThrowIfNull(threshold);
        var failures = new List<string>();
        double? absolute = champion is { } c0 && challenger is { } c1 ? c1 - c0 : null;
        double? relative = absolute is { } a && champion is { } c2 && c2 != 0 ? a / Math.Abs(c2) : null;
        if (challenger is not { } x)
        {
            failures.Add($"{threshold.Metric} of the challenger is n/a.");
            return new MetricThresholdCheck(threshold.Metric, champion, challenger, absolute, relative, false, failures);
        }

        bool Better(double value, double bound) => threshold.HigherIsBetter ? value >= bound : value <= bound;
        var sign = threshold.HigherIsBetter ? 1 : -1;
        if (threshold.Threshold is { } t && !Better(x, t))
        {
            failures.Add($"{threshold.Metric} = {x:G6} does not meet the threshold {t:G6}.");
        }

        if (threshold.MinAbsoluteChange is not null || threshold.MinRelativeChange is not null)
        {
            if (champion is not { } baseline)
            {
                failures.Add($"{threshold.Metric} of the champion is n/a, so no change can be measured.");
            }
            else
            {
                if (threshold.MinAbsoluteChange is { } d && !Better(x, baseline + (sign * d)))
                {
                    failures.Add($"{threshold.Metric} changed by {x - baseline:G6}; at least {d:G6} is required.");
                }

                if (threshold.MinRelativeChange is { } r && !Better(x, baseline + (sign * Math.Abs(baseline) * r)))
                {
                    failures.Add($"{threshold.Metric} changed by {(baseline == 0 ? "an unmeasurable share" : $"{(x - baseline) / Math.Abs(baseline):P2}")}; at least {r:P2} is required.");
                }
            }
        }

        return new MetricThresholdCheck(threshold.Metric, champion, challenger, absolute, relative, failures.Count == 0, failures);
    }

    private static double? Nullable(double value) => double.IsNaN(value) ? null : value;
}
