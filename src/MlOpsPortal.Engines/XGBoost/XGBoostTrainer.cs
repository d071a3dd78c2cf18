using System.Globalization;

namespace MlOpsPortal.Engines.XGBoost;

/// <summary>
/// Trains XGBoost models through the native library. Stateless and thread-safe: each call owns its own
/// booster and matrices. Training is synchronous and CPU-bound; run it on a worker thread or a job.
/// </summary>
public sealed class XGBoostTrainer
{
    private readonly int? _defaultThreadCount;

    /// <param name="defaultThreadCount">Threads when the options name none; null: <see cref="XGBoostNative.DefaultThreadCount"/>.</param>
    public XGBoostTrainer(int? defaultThreadCount = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(defaultThreadCount ?? 1, 1, nameof(defaultThreadCount));
        _defaultThreadCount = defaultThreadCount;
    }

    /// <summary>
    /// Trains a model. After each round every evaluation set is scored and <paramref name="progress"/> is
    /// called; with <see cref="XGBoostTrainingOptions.EarlyStoppingRounds"/> the returned model is cut back to
    /// the best round. Cancellation is checked between rounds.
    /// </summary>
    /// <exception cref="TrainingDataException">Unusable labels, weights, features or parameters.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    /// <exception cref="XGBoostException">The native library reported an error.</exception>
    public XGBoostModel Train(
        XGBoostDataset train,
        XGBoostTrainingOptions options,
        IReadOnlyList<EvaluationSet>? evaluationSets = null,
        Action<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default) => Train(train, options, null, evaluationSets, progress, cancellationToken);

    /// <summary>
    /// Warm start: continues <paramref name="baseModel"/> (XGBoost JSON of a model with the same features and objective) for
    /// <see cref="XGBoostTrainingOptions.Rounds"/> more rounds (0 allowed: the base model as it is). Early stopping counts
    /// only the new rounds.
    /// </summary>
    public XGBoostModel Train(
        XGBoostDataset train,
        XGBoostTrainingOptions options,
        byte[]? baseModel,
        IReadOnlyList<EvaluationSet>? evaluationSets,
        Action<TrainingProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(options);
        evaluationSets ??= [];
        options = options with { ThreadCount = options.ThreadCount ?? _defaultThreadCount ?? XGBoostNative.DefaultThreadCount };
        TrainingDataValidator.ValidateOptions(baseModel is null ? options : options with { Rounds = Math.Max(1, options.Rounds) });
        var classCount = TrainingDataValidator.Validate(train, options, "training", isTraining: true);
        options = options with { ClassCount = options.Objective == XGBoostObjective.MultiSoftprob ? classCount : null };
        foreach (var set in evaluationSets)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(set.Name);
            TrainingDataValidator.Validate(set.Data, options, $"'{set.Name}'", isTraining: false);
            if (set.Data.Features.Columns != train.Features.Columns)
            {
                throw new TrainingDataException(TrainingDataErrorKind.FeatureCountMismatch, $"Evaluation set '{set.Name}' has {set.Data.Features.Columns} features; training has {train.Features.Columns}.");
            }
        }

        if (evaluationSets.Select(s => s.Name).Distinct(StringComparer.Ordinal).Count() != evaluationSets.Count)
        {
            throw new ArgumentException("Evaluation set names must be unique.", nameof(evaluationSets));
        }

        var monitored = options.EarlyStoppingRounds is null ? null : options.EarlyStoppingSet ?? (evaluationSets.Count == 0 ? null : evaluationSets[^1].Name);
        if (options.EarlyStoppingRounds is not null && (monitored is null || evaluationSets.All(s => s.Name != monitored)))
        {
            throw new TrainingDataException(TrainingDataErrorKind.InvalidParameter, "Early stopping needs an evaluation set" + (monitored is null ? "." : $" named '{monitored}'."));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var matrices = new List<DMatrix>();
        try
        {
            var dtrain = ToDMatrix(train, matrices);
            var evalMatrices = evaluationSets.Select(s => ToDMatrix(s.Data, matrices)).ToArray();
            var evalNames = evaluationSets.Select(s => s.Name).ToArray();
            using var booster = Booster.Create([dtrain, .. evalMatrices]);
            var baseRounds = 0;
            if (baseModel is not null)
            {
                booster.LoadModel(baseModel);
                baseRounds = booster.BoostedRounds();
            }

            foreach (var (name, value) in NativeParameters(options))
            {
                booster.SetParam(name, value);
            }

            var history = new List<TrainingProgress>();
            var best = -1;
            double? bestScore = null;
            byte[]? linearSnapshot = null;
            var rounds = 0;
            for (var iteration = 0; iteration < options.Rounds; iteration++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                booster.UpdateOneIter(baseRounds + iteration, dtrain);
                rounds = iteration + 1;
                var metrics = evalMatrices.Length == 0
                    ? []
                    : ParseEvaluation(booster.EvalOneIter(iteration, evalMatrices, evalNames), evalNames);
                var stop = false;
                if (monitored is not null)
                {
                    var watched = metrics.LastOrDefault(m => m.DataSet == monitored)
                        ?? throw new XGBoostException($"XGBoost reported no metric for evaluation set '{monitored}'.");
                    var maximize = IsMaximized(watched.Metric);
                    if (bestScore is null || (maximize ? watched.Value > bestScore : watched.Value < bestScore))
                    {
                        bestScore = watched.Value;
                        best = iteration;
                        if (options.Booster == XGBoostBoosterKind.GbLinear)
                        {
                            linearSnapshot = booster.SaveModel("json");
                        }
                    }

                    stop = iteration - best >= options.EarlyStoppingRounds;
                }
                else
                {
                    best = iteration;
                }

                var report = new TrainingProgress(iteration, options.Rounds, metrics, best, bestScore);
                history.Add(report);
                progress?.Invoke(report);
                if (stop)
                {
                    break;
                }
            }

            var kept = best + 1 == rounds;
            var modelJson = kept
                ? booster.SaveModel("json")
                : options.Booster == XGBoostBoosterKind.GbLinear
                    ? linearSnapshot!
                    : SliceToJson(booster, baseRounds + best + 1);
            // The evaluation sets' predictions of the final model: XGBoost kept them up to date round by round in its
            // prediction cache while evaluating, so reading them costs no tree traversal (only when the model is the
            // booster as trained, not a slice or a snapshot).
            var evaluationPredictions = kept && options.Booster == XGBoostBoosterKind.GbTree
                ? evalMatrices.Select(m => booster.PredictDMatrix(m, NativePredictionType.Value, 0).Values).ToArray()
                : null;
            return XGBoostModel.Load(
                modelJson, train.Features.FeatureNames, options.ThreadCount, new TrainingSummary(options, rounds, best, bestScore, monitored, history, evaluationPredictions));
        }
        finally
        {
            foreach (var m in matrices)
            {
                m.Dispose();
            }
        }
    }

    internal static IEnumerable<(string Name, string Value)> NativeParameters(XGBoostTrainingOptions options)
    {
        static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        yield return ("nthread", (options.ThreadCount ?? XGBoostNative.DefaultThreadCount).ToString(CultureInfo.InvariantCulture));
        yield return ("verbosity", "0");
        yield return ("objective", options.ObjectiveName);
        yield return ("seed", options.Seed.ToString(CultureInfo.InvariantCulture));
        yield return ("eta", F(options.LearningRate));
        yield return ("lambda", F(options.Lambda));
        yield return ("alpha", F(options.Alpha));
        if (options.ScalePosWeight is { } scale)
        {
            yield return ("scale_pos_weight", F(scale));
        }

        if (options.ClassCount is { } k)
        {
            yield return ("num_class", k.ToString(CultureInfo.InvariantCulture));
        }

        if (options.Booster == XGBoostBoosterKind.GbLinear)
        {
            yield return ("booster", "gblinear");
            yield return ("updater", "coord_descent");
        }
        else
        {
            yield return ("booster", "gbtree");
            yield return ("tree_method", "hist");
            yield return ("max_depth", options.MaxDepth.ToString(CultureInfo.InvariantCulture));
            yield return ("subsample", F(options.Subsample));
            yield return ("colsample_bytree", F(options.ColsampleByTree));
            yield return ("min_child_weight", F(options.MinChildWeight));
            yield return ("gamma", F(options.Gamma));
            yield return ("max_bin", options.MaxBin.ToString(CultureInfo.InvariantCulture));
        }

        foreach (var metric in options.EvalMetrics ?? [])
        {
            yield return ("eval_metric", metric);
        }
    }

    /// <summary>Parses <c>[i]\tset-metric:value…</c>; set names are matched against the known names (they may contain '-').</summary>
    internal static IReadOnlyList<EvaluationMetric> ParseEvaluation(string line, IReadOnlyList<string> setNames)
    {
        var result = new List<EvaluationMetric>();
        foreach (var token in line.Split('\t', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Skip(1))
        {
            var colon = token.LastIndexOf(':');
            if (colon < 0)
            {
                continue;
            }

            var key = token[..colon];
            var set = setNames.Where(n => key.StartsWith(n + "-", StringComparison.Ordinal)).MaxBy(n => n.Length);
            if (set is null || !double.TryParse(token[(colon + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                continue;
            }

            result.Add(new EvaluationMetric(set, key[(set.Length + 1)..], value));
        }

        return result;
    }

    private static bool IsMaximized(string metric) =>
        metric.StartsWith("auc", StringComparison.Ordinal) || metric.StartsWith("aucpr", StringComparison.Ordinal)
        || metric.StartsWith("map", StringComparison.Ordinal) || metric.StartsWith("ndcg", StringComparison.Ordinal)
        || metric.StartsWith("pre", StringComparison.Ordinal);

    private static byte[] SliceToJson(Booster booster, int rounds)
    {
        using var sliced = booster.Slice(0, rounds);
        return sliced.SaveModel("json");
    }

    private static DMatrix ToDMatrix(XGBoostDataset data, List<DMatrix> owned)
    {
        var matrix = DMatrix.Create(data.Features.Values, data.Features.Rows, data.Features.Columns);
        owned.Add(matrix);
        matrix.SetLabels(data.Labels);
        if (data.Weights is not null)
        {
            matrix.SetWeights(data.Weights);
        }

        return matrix;
    }
}

/// <summary>
/// How a model was trained: options, rounds run, best round and the per-round metric history.
/// <paramref name="EvaluationPredictions"/>: per evaluation set (in the order given), the model's predictions as
/// <see cref="XGBoostModel.PredictValues"/> returns them, when the trainer could read them from XGBoost's prediction
/// cache (tree boosters trained to the last round); null otherwise.
/// </summary>
public sealed record TrainingSummary(
    XGBoostTrainingOptions Options,
    int RoundsRun,
    int BestIteration,
    double? BestScore,
    string? EarlyStoppingSet,
    IReadOnlyList<TrainingProgress> History,
    IReadOnlyList<float[]>? EvaluationPredictions = null);
