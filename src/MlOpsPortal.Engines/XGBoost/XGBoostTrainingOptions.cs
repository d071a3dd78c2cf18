using System.Text.Json.Serialization;

namespace MlOpsPortal.Engines.XGBoost;

/// <summary>XGBoost booster kind.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<XGBoostBoosterKind>))]
public enum XGBoostBoosterKind
{
    /// <summary>Gradient-boosted trees, always with <c>tree_method=hist</c>.</summary>
    GbTree,

    /// <summary>Linear model (coordinate descent, deterministic).</summary>
    GbLinear,
}

/// <summary>Supported learning objectives.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<XGBoostObjective>))]
public enum XGBoostObjective
{
    /// <summary><c>binary:logistic</c>: labels 0/1, output P(class 1).</summary>
    BinaryLogistic,

    /// <summary><c>multi:softprob</c>: labels 0..K-1, output K probabilities.</summary>
    MultiSoftprob,

    /// <summary><c>reg:squarederror</c>: real-valued labels.</summary>
    RegSquaredError,
}

/// <summary>
/// Hyperparameters. Defaults (documented in docs/model-package.md, "Training defaults"): 200 rounds,
/// max_depth 6, eta 0.1, subsample 1, colsample_bytree 1, min_child_weight 1, lambda 1, alpha 0, gamma 0,
/// max_bin 256, seed 0, no early stopping, nthread = configured thread count or the processor count.
/// </summary>
public sealed record XGBoostTrainingOptions
{
    /// <summary>The documented defaults: the one source every layer (jobs, forms, API docs) reads them from.</summary>
    public static readonly XGBoostTrainingOptions Default = new();

    public XGBoostBoosterKind Booster { get; init; } = XGBoostBoosterKind.GbTree;

    public XGBoostObjective Objective { get; init; } = XGBoostObjective.BinaryLogistic;

    /// <summary>Classes for <see cref="XGBoostObjective.MultiSoftprob"/>; null infers max(label)+1.</summary>
    public int? ClassCount { get; init; }

    /// <summary>Boosting rounds (<c>n_estimators</c>, default 200).</summary>
    public int Rounds { get; init; } = 200;

    /// <summary>Tree depth (default 6).</summary>
    public int MaxDepth { get; init; } = 6;

    /// <summary>Shrinkage <c>eta</c> (default 0.1).</summary>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>Row subsampling per tree (default 1).</summary>
    public double Subsample { get; init; } = 1.0;

    /// <summary>Column subsampling per tree (default 1).</summary>
    public double ColsampleByTree { get; init; } = 1.0;

    /// <summary>Minimum hessian sum in a child (default 1).</summary>
    public double MinChildWeight { get; init; } = 1.0;

    /// <summary>L2 regularization (default 1).</summary>
    public double Lambda { get; init; } = 1.0;

    /// <summary>L1 regularization (default 0).</summary>
    public double Alpha { get; init; }

    /// <summary>Minimum loss reduction to split (default 0).</summary>
    public double Gamma { get; init; }

    /// <summary>Histogram bins per feature (default 256).</summary>
    public int MaxBin { get; init; } = 256;

    /// <summary>Random seed (default 0); equal seeds and data give identical models.</summary>
    public int Seed { get; init; }

    /// <summary>Binary objectives: weight of positive rows (XGBoost's scale_pos_weight); null = 1.</summary>
    public double? ScalePosWeight { get; init; }

    /// <summary>Native threads; null uses <see cref="XGBoostNative.DefaultThreadCount"/>.</summary>
    public int? ThreadCount { get; init; }

    /// <summary>Metrics reported per round (XGBoost names, e.g. <c>auc</c>, <c>logloss</c>); null: the objective's default. The last one drives early stopping.</summary>
    public IReadOnlyList<string>? EvalMetrics { get; init; }

    /// <summary>Stop when the monitored metric has not improved for this many rounds; null disables early stopping.</summary>
    public int? EarlyStoppingRounds { get; init; }

    /// <summary>Evaluation set monitored for early stopping; null: the last evaluation set.</summary>
    public string? EarlyStoppingSet { get; init; }

    /// <summary>XGBoost's objective name.</summary>
    public string ObjectiveName => ToNativeName(Objective);

    public static string ToNativeName(XGBoostObjective objective) => objective switch
    {
        XGBoostObjective.BinaryLogistic => "binary:logistic",
        XGBoostObjective.MultiSoftprob => "multi:softprob",
        XGBoostObjective.RegSquaredError => "reg:squarederror",
        _ => throw new ArgumentOutOfRangeException(nameof(objective), objective, "Unsupported objective."),
    };

    public static XGBoostObjective FromNativeName(string name) => name switch
    {
        "binary:logistic" => XGBoostObjective.BinaryLogistic,
        "multi:softprob" => XGBoostObjective.MultiSoftprob,
        "reg:squarederror" => XGBoostObjective.RegSquaredError,
        _ => throw new NotSupportedException($"XGBoost objective '{name}' is not supported here."),
    };
}
