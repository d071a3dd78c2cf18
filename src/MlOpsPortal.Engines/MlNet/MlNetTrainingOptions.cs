namespace MlOpsPortal.Engines.MlNet;

/// <summary>An ML.NET trainer family; the task picks the concrete trainer (see <see cref="MlNetTrainingOptions"/>).</summary>
public enum MlNetAlgorithm
{
    /// <summary>LightGbm binary / multiclass / regression.</summary>
    LightGbm,

    /// <summary>FastTree binary / regression (ML.NET has no multiclass FastTree).</summary>
    FastTree,

    /// <summary>FastForest binary / regression.</summary>
    FastForest,

    /// <summary>SdcaLogisticRegression (binary), SdcaMaximumEntropy (multiclass), Sdca (regression).</summary>
    Sdca,

    /// <summary>LbfgsLogisticRegression (binary), LbfgsMaximumEntropy (multiclass); no regression.</summary>
    Lbfgs,
}

/// <summary>What an ML.NET model predicts (mirrors the XGBoost objectives).</summary>
public enum MlNetTask
{
    Binary,
    Multiclass,
    Regression,
}

/// <summary>
/// Hyperparameters of the ML.NET trainers. A null value means ML.NET's own default; the defaults below are ML.NET 6's
/// (documented in docs/training.md). Which ones apply depends on the algorithm: trees use <see cref="NumberOfTrees"/>,
/// <see cref="NumberOfLeaves"/>, <see cref="MinimumExampleCountPerLeaf"/> and (boosting only) <see cref="LearningRate"/>;
/// linear trainers use <see cref="L1Regularization"/>, <see cref="L2Regularization"/> and <see cref="MaximumNumberOfIterations"/>.
/// </summary>
public sealed record MlNetTrainingOptions
{
    public MlNetAlgorithm Algorithm { get; init; } = MlNetAlgorithm.LightGbm;

    public MlNetTask Task { get; init; } = MlNetTask.Binary;

    /// <summary>Multiclass only: the number of classes (labels are class indices 0..ClassCount-1).</summary>
    public int ClassCount { get; init; } = 2;

    /// <summary>Trees (LightGbm iterations); default 100.</summary>
    public int NumberOfTrees { get; init; } = 100;

    /// <summary>Default: LightGbm 31 (ML.NET picks), FastTree / FastForest 20.</summary>
    public int? NumberOfLeaves { get; init; }

    /// <summary>Default: LightGbm 20 (ML.NET picks), FastTree / FastForest 10.</summary>
    public int? MinimumExampleCountPerLeaf { get; init; }

    /// <summary>Boosting only. Default: LightGbm 0.1 (ML.NET picks), FastTree 0.2.</summary>
    public double? LearningRate { get; init; }

    /// <summary>Linear only. Default: SDCA chooses, L-BFGS 1.</summary>
    public float? L1Regularization { get; init; }

    /// <summary>Linear only. Default: SDCA chooses, L-BFGS 1.</summary>
    public float? L2Regularization { get; init; }

    /// <summary>Linear only: passes over the data (SDCA) / optimizer iterations (L-BFGS). Default: ML.NET chooses.</summary>
    public int? MaximumNumberOfIterations { get; init; }

    public int Seed { get; init; }

    /// <summary>Threads for the tree learners; null = ML.NET's default (all cores). SDCA always runs on one thread (deterministic).</summary>
    public int? ThreadCount { get; init; }

    /// <summary>Whether the algorithm is a linear model (the ones that take initial weights for a warm start are L-BFGS).</summary>
    public bool IsLinear => Algorithm is MlNetAlgorithm.Sdca or MlNetAlgorithm.Lbfgs;

    /// <summary>ML.NET's name of the concrete trainer for this algorithm and task, or null when ML.NET has none.</summary>
    public static string? TrainerName(MlNetAlgorithm algorithm, MlNetTask task) => (algorithm, task) switch
    {
        (MlNetAlgorithm.LightGbm, _) => "LightGbm",
        (MlNetAlgorithm.FastTree, not MlNetTask.Multiclass) => "FastTree",
        (MlNetAlgorithm.FastForest, not MlNetTask.Multiclass) => "FastForest",
        (MlNetAlgorithm.Sdca, MlNetTask.Binary) => "SdcaLogisticRegression",
        (MlNetAlgorithm.Sdca, MlNetTask.Multiclass) => "SdcaMaximumEntropy",
        (MlNetAlgorithm.Sdca, MlNetTask.Regression) => "Sdca",
        (MlNetAlgorithm.Lbfgs, MlNetTask.Binary) => "LbfgsLogisticRegression",
        (MlNetAlgorithm.Lbfgs, MlNetTask.Multiclass) => "LbfgsMaximumEntropy",
        _ => null,
    };
}
