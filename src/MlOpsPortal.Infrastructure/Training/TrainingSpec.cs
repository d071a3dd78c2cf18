using MlOpsPortal.Domain.Training;
using MlOpsPortal.Engines.Features;
using MlOpsPortal.Engines.MlNet;
using MlOpsPortal.Engines.XGBoost;

namespace MlOpsPortal.Infrastructure.Training;

public enum TrainingTask
{
    Auto,
    Binary,
    Multiclass,
    Regression,
}

public enum ValidationKind
{
    None,
    Holdout,
    KFold,
    Dataset,
}

/// <summary>
/// What to train. Defaults: task detected from the label (two values → binary, a numeric label with more than
/// 20 distinct values → regression, otherwise multiclass), all columns but the label as features, a stratified
/// 20 % holdout with seed 42, XGBoost trees with the engine's documented defaults, early stopping after 20 rounds
/// without improvement on the validation set, no imbalance handling, threshold 0.5.
/// </summary>
public sealed record TrainingSpec
{
    /// <summary>Every default of a training request (the REST API, recipes and the Train form read them here).</summary>
    public static readonly TrainingSpec Defaults = new() { Label = string.Empty };

    public required string Label { get; init; }

    public string? PositiveClass { get; init; }

    public TrainingTask Task { get; init; } = TrainingTask.Auto;

    public IReadOnlyList<string>? Features { get; init; }

    public IReadOnlyList<string>? Excluded { get; init; }

    public ValidationKind Validation { get; init; } = ValidationKind.Holdout;

    public double HoldoutRatio { get; init; } = 0.2;

    public int Folds { get; init; } = 5;

    public XGBoostBoosterKind Algorithm { get; init; } = XGBoostBoosterKind.GbTree;

    /// <summary>
    /// Set when an ML.NET trainer trains the model instead of XGBoost (then <see cref="Algorithm"/> and the XGBoost
    /// hyperparameters are not used): its algorithm and hyperparameters; task and class count are filled in from the data.
    /// </summary>
    public MlNetTrainingOptions? MlNet { get; init; }

    /// <summary>Warm start: the registered model version to continue (its pipeline is reused; 0 more rounds = the base model).</summary>
    public BaseModelRef? BaseModel { get; init; }

    /// <summary>The request's algorithm name (gbtree, gblinear, lightgbm, fasttree, fastforest, sdca, lbfgs).</summary>
    public string AlgorithmName => MlNet is { } m ? TrainingAlgorithms.Name(m.Algorithm) : Algorithm == XGBoostBoosterKind.GbLinear ? "gblinear" : "gbtree";

    public int Rounds { get; init; } = XGBoostTrainingOptions.Default.Rounds;

    public int MaxDepth { get; init; } = XGBoostTrainingOptions.Default.MaxDepth;

    public double LearningRate { get; init; } = XGBoostTrainingOptions.Default.LearningRate;

    public double Subsample { get; init; } = XGBoostTrainingOptions.Default.Subsample;

    public double ColsampleByTree { get; init; } = XGBoostTrainingOptions.Default.ColsampleByTree;

    public double MinChildWeight { get; init; } = XGBoostTrainingOptions.Default.MinChildWeight;

    public double Lambda { get; init; } = XGBoostTrainingOptions.Default.Lambda;

    public double Alpha { get; init; } = XGBoostTrainingOptions.Default.Alpha;

    public int? EarlyStoppingRounds { get; init; } = 20;

    public ImbalanceHandling Imbalance { get; init; } = ImbalanceHandling.None;

    public int Seed { get; init; } = 42;

    /// <summary>
    /// How the fitted pipeline treats a category it did not see in training. Validation and test rows routinely hold
    /// rare categories absent from the training split, so the default treats them as missing — which is also what the
    /// exported ONNX graph does; the scoring API can refuse unseen categories by checking the signature instead.
    /// </summary>
    public UnseenCategoryPolicy UnseenCategories { get; init; } = UnseenCategoryPolicy.TreatAsMissing;

    public double Threshold { get; init; } = 0.5;

    /// <summary>Optional per-row training weights (e.g. reweighing), aligned with the training table.</summary>
    public IReadOnlyList<double>? SampleWeights { get; init; }

    /// <summary>
    /// Fairness mitigation "reweighing" (Kamiran &amp; Calders): weights for this sensitive feature, computed on the training
    /// table by <see cref="TrainingMitigation.Apply"/>, multiplied into <see cref="SampleWeights"/> and recorded in the params.
    /// </summary>
    public ReweighingOption? Reweighing { get; init; }
}

/// <summary>One boosting round's metrics, per evaluation set ("train", "validation").</summary>
public sealed record IterationMetrics(int Iteration, IReadOnlyDictionary<string, double> Values);

/// <summary>Progress while training: fraction done, the current step, and the round's metrics when there is one.</summary>
public sealed record TrainingProgressEvent(double Fraction, string Step, IterationMetrics? Iteration = null);
