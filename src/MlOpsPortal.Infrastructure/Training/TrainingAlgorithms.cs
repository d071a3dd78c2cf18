using MlOpsPortal.Domain.Common;
using MlOpsPortal.Engines.MlNet;
using MlOpsPortal.Engines.XGBoost;

namespace MlOpsPortal.Infrastructure.Training;

/// <summary>
/// The <c>algorithm</c> values of a training request and the hyperparameters each one takes. XGBoost: <c>gbtree</c>,
/// <c>gblinear</c>. ML.NET (the task picks the trainer): <c>lightgbm</c>, <c>fasttree</c>, <c>fastforest</c>, <c>sdca</c>
/// (SdcaLogisticRegression / SdcaMaximumEntropy / Sdca regression), <c>lbfgs</c> (LbfgsLogisticRegression /
/// LbfgsMaximumEntropy). ML.NET's trainer names are accepted too (<c>sdcaLogisticRegression</c>, <c>lbfgsMaximumEntropy</c>, …).
/// </summary>
public static class TrainingAlgorithms
{
    public static readonly IReadOnlyList<string> Names = ["gbtree", "gblinear", "lightgbm", "fasttree", "fastforest", "sdca", "lbfgs"];

    private static readonly string[] XGBoostParameters = ["rounds", "maxDepth", "learningRate", "subsample", "colsampleByTree", "minChildWeight", "lambda", "alpha"];
    private static readonly string[] BoostedTreeParameters = ["rounds", "learningRate", "numberOfLeaves", "minimumExampleCountPerLeaf"];
    private static readonly string[] ForestParameters = ["rounds", "numberOfLeaves", "minimumExampleCountPerLeaf"];
    private static readonly string[] LinearParameters = ["l1Regularization", "l2Regularization", "maximumNumberOfIterations"];

    /// <summary>Every hyperparameter name of any algorithm (the searchable ones).</summary>
    public static readonly IReadOnlyList<string> AllParameters = XGBoostParameters.Concat(BoostedTreeParameters).Concat(LinearParameters).Distinct().ToArray();

    /// <summary>The hyperparameters <paramref name="algorithm"/> (a name of <see cref="Names"/>) takes.</summary>
    public static IReadOnlyList<string> Parameters(string algorithm) => algorithm switch
    {
        "gbtree" or "gblinear" => XGBoostParameters,
        "lightgbm" or "fasttree" => BoostedTreeParameters,
        "fastforest" => ForestParameters,
        _ => LinearParameters,
    };

    /// <summary>The canonical name of a request's algorithm value, or null when it is unknown.</summary>
    public static string? Canonical(string? value) => (value ?? "gbtree").Trim().Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal).ToLowerInvariant() switch
    {
        "gbtree" or "tree" or "trees" or "xgboost" => "gbtree",
        "gblinear" or "linear" => "gblinear",
        "lightgbm" or "lgbm" => "lightgbm",
        "fasttree" => "fasttree",
        "fastforest" => "fastforest",
        "sdca" or "sdcalogisticregression" or "sdcamaximumentropy" or "sdcaregression" => "sdca",
        "lbfgs" or "lbfgslogisticregression" or "lbfgsmaximumentropy" => "lbfgs",
        _ => null,
    };

    public static string Name(MlNetAlgorithm algorithm) => algorithm switch
    {
        MlNetAlgorithm.LightGbm => "lightgbm",
        MlNetAlgorithm.FastTree => "fasttree",
        MlNetAlgorithm.FastForest => "fastforest",
        MlNetAlgorithm.Sdca => "sdca",
        _ => "lbfgs",
    };

    public static MlNetAlgorithm? MlNet(string canonical) => canonical switch
    {
        "lightgbm" => MlNetAlgorithm.LightGbm,
        "fasttree" => MlNetAlgorithm.FastTree,
        "fastforest" => MlNetAlgorithm.FastForest,
        "sdca" => MlNetAlgorithm.Sdca,
        "lbfgs" => MlNetAlgorithm.Lbfgs,
        _ => null,
    };

    /// <summary>The hyperparameters a request sets, by their request names.</summary>
    public static IEnumerable<string> Given(HyperparametersRequest h)
    {
        ArgumentNullException.ThrowIfNull(h);
        var values = new (string Name, object? Value)[]
        {
            ("rounds", h.Rounds), ("maxDepth", h.MaxDepth), ("learningRate", h.LearningRate), ("subsample", h.Subsample),
            ("colsampleByTree", h.ColsampleByTree), ("minChildWeight", h.MinChildWeight), ("lambda", h.Lambda), ("alpha", h.Alpha),
            ("numberOfLeaves", h.NumberOfLeaves), ("minimumExampleCountPerLeaf", h.MinimumExampleCountPerLeaf),
            ("l1Regularization", h.L1Regularization), ("l2Regularization", h.L2Regularization), ("maximumNumberOfIterations", h.MaximumNumberOfIterations),
        };
        return values.Where(v => v.Value is not null).Select(v => v.Name);
    }

    /// <summary>The ML.NET options of a request (algorithm already canonical and an ML.NET one); every refusal names the field.</summary>
    public static Result<MlNetTrainingOptions> MlNetOptions(string algorithm, HyperparametersRequest h, int seed)
    {
        ArgumentNullException.ThrowIfNull(h);
        var options = new MlNetTrainingOptions
        {
            Algorithm = MlNet(algorithm)!.Value,
            NumberOfTrees = h.Rounds ?? 100,
            NumberOfLeaves = h.NumberOfLeaves,
            MinimumExampleCountPerLeaf = h.MinimumExampleCountPerLeaf,
            LearningRate = h.LearningRate,
            L1Regularization = (float?)h.L1Regularization,
            L2Regularization = (float?)h.L2Regularization,
            MaximumNumberOfIterations = h.MaximumNumberOfIterations,
            Seed = seed,
        };
        return options switch
        {
            { NumberOfTrees: < 1 or > 10_000 } => Error.Invalid("'hyperparameters.rounds' must be between 1 and 10000."),
            { NumberOfLeaves: < 2 or > 131_072 } => Error.Invalid("'hyperparameters.numberOfLeaves' must be between 2 and 131072."),
            { MinimumExampleCountPerLeaf: < 1 } => Error.Invalid("'hyperparameters.minimumExampleCountPerLeaf' must be at least 1."),
            { LearningRate: <= 0 or > 1 } => Error.Invalid("'hyperparameters.learningRate' must be in (0, 1]."),
            { L1Regularization: < 0 } => Error.Invalid("'hyperparameters.l1Regularization' must not be negative."),
            { L2Regularization: < 0 } => Error.Invalid("'hyperparameters.l2Regularization' must not be negative."),
            { MaximumNumberOfIterations: < 0 or > 100_000 } => Error.Invalid("'hyperparameters.maximumNumberOfIterations' must be between 0 and 100000."),
            _ => options,
        };
    }

    /// <summary>A refusal when the request sets a hyperparameter its algorithm does not take (named, with the ones it does).</summary>
    public static Error? Unused(string algorithm, HyperparametersRequest h)
    {
        var allowed = Parameters(algorithm);
        var wrong = Given(h).FirstOrDefault(n => !allowed.Contains(n, StringComparer.Ordinal));
        return wrong is null
            ? null
            : Error.Invalid($"'hyperparameters.{wrong}' does not apply to algorithm '{algorithm}' (its hyperparameters: {string.Join(", ", allowed)}).");
    }

    /// <summary>A refusal when ML.NET has no trainer of this algorithm for the task (known once the data resolved it).</summary>
    public static Error? TaskCheck(TrainingSpec spec, TrainingTask task)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.MlNet is not { } m)
        {
            return null;
        }

        var mlTask = ToMlNet(task);
        if (MlNetTrainingOptions.TrainerName(m.Algorithm, mlTask) is not null)
        {
            return null;
        }

        var supported = Enum.GetValues<MlNetAlgorithm>().Where(a => MlNetTrainingOptions.TrainerName(a, mlTask) is not null).Select(Name);
        return Error.Invalid($"'algorithm' {Name(m.Algorithm)} has no {task.ToString().ToLowerInvariant()} trainer in ML.NET; for this task use gbtree, gblinear or {string.Join(", ", supported)}.");
    }

    public static MlNetTask ToMlNet(TrainingTask task) => task switch
    {
        TrainingTask.Regression => MlNetTask.Regression,
        TrainingTask.Multiclass => MlNetTask.Multiclass,
        _ => MlNetTask.Binary,
    };

    internal static XGBoostBoosterKind Booster(string canonical) => canonical == "gblinear" ? XGBoostBoosterKind.GbLinear : XGBoostBoosterKind.GbTree;
}
