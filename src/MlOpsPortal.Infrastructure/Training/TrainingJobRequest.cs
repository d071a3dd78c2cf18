using MlOpsPortal.Domain.Common;
using MlOpsPortal.Domain.Training;
using MlOpsPortal.Engines.MlNet;

namespace MlOpsPortal.Infrastructure.Training;

/// <summary>A dataset version by name and version number: <c>{"name": "adult", "version": 1}</c> or the shorthand <c>"adult@1"</c>.</summary>
[System.ComponentModel.Description(Application.Json.NameVersionConverter<DatasetRef>.Expected)]
[System.Text.Json.Serialization.JsonConverter(typeof(DatasetRefConverter))]
public sealed record DatasetRef(string Name, int Version)
{
    public override string ToString() => $"{Name}@v{Version}";
}

/// <summary>Reads <c>{"name", "version"}</c> or <c>"name@version"</c>; see <see cref="Application.Json.NameVersionConverter{T}"/>.</summary>
public sealed class DatasetRefConverter : Application.Json.NameVersionConverter<DatasetRef>
{
    protected override DatasetRef Create(string name, int version) => new(name, version);

    protected override (string Name, int Version) Parts(DatasetRef value) => (value.Name, value.Version);
}

/// <summary>
/// How to validate while training. <c>type</c>: <c>holdout</c> (default; stratified, <c>ratio</c> default 0.2),
/// <c>kfold</c> (<c>folds</c> default 5; then the final model is trained on all rows), <c>dataset</c> (a separate
/// validation dataset version in <c>dataset</c>) or <c>none</c>.
/// </summary>
public sealed record ValidationRequest(string? Type = null, double? Ratio = null, int? Folds = null, DatasetRef? Dataset = null);

/// <summary>
/// Hyperparameters; every one is optional with the documented default. XGBoost (gbtree, gblinear): <c>rounds</c> 200,
/// <c>maxDepth</c> 6, <c>learningRate</c> 0.1, <c>subsample</c> 1, <c>colsampleByTree</c> 1, <c>minChildWeight</c> 1,
/// <c>lambda</c> 1, <c>alpha</c> 0. ML.NET trees (lightgbm, fasttree; fastforest without learningRate): <c>rounds</c>
/// (trees) 100, <c>learningRate</c>, <c>numberOfLeaves</c>, <c>minimumExampleCountPerLeaf</c> (ML.NET's defaults). ML.NET
/// linear (sdca, lbfgs): <c>l1Regularization</c>, <c>l2Regularization</c>, <c>maximumNumberOfIterations</c>. A hyperparameter
/// the algorithm does not take is refused (400 naming it).
/// </summary>
public sealed record HyperparametersRequest(
    int? Rounds = null,
    int? MaxDepth = null,
    double? LearningRate = null,
    double? Subsample = null,
    double? ColsampleByTree = null,
    double? MinChildWeight = null,
    double? Lambda = null,
    double? Alpha = null,
    int? NumberOfLeaves = null,
    int? MinimumExampleCountPerLeaf = null,
    double? L1Regularization = null,
    double? L2Regularization = null,
    int? MaximumNumberOfIterations = null);

/// <summary>
/// Body of <c>POST /api/v1/training-jobs</c>. Required: <c>experiment</c>, <c>trainDataset</c>, <c>label</c>. Optional:
/// <c>testDataset</c>; <c>positiveClass</c> (binary); <c>task</c> auto|binary|multiclass|regression (default auto);
/// <c>features</c> (default: every column but the label) and <c>excluded</c>; <c>validation</c>; <c>algorithm</c>
/// gbtree|gblinear (XGBoost) or lightgbm|fasttree|fastforest|sdca|lbfgs (ML.NET) (default gbtree); <c>hyperparameters</c>; <c>earlyStoppingRounds</c> (default 20, 0 = off);
/// <c>imbalance</c> none|balancedWeights|scalePosWeight|randomOversample|randomUndersample (default none);
/// <c>seed</c> (default 42); <c>threshold</c> (default 0.5); <c>reweighing</c> {feature, edges?} (Kamiran &amp; Calders sample
/// weights for one sensitive feature; needs <c>positiveClass</c>); <c>baseModel</c> {name, version} (warm start: continue a
/// registered XGBoost model's booster, or an ML.NET L-BFGS model from its weights, on this data; <c>rounds</c> /
/// <c>maximumNumberOfIterations</c> are then the extra rounds, 0 allowed; the data's columns must match its signature).
/// </summary>
public sealed record TrainingJobRequest(
    string Experiment,
    DatasetRef TrainDataset,
    string Label,
    DatasetRef? TestDataset = null,
    string? PositiveClass = null,
    string? Task = null,
    IReadOnlyList<string>? Features = null,
    IReadOnlyList<string>? Excluded = null,
    ValidationRequest? Validation = null,
    string? Algorithm = null,
    HyperparametersRequest? Hyperparameters = null,
    int? EarlyStoppingRounds = null,
    string? Imbalance = null,
    int? Seed = null,
    double? Threshold = null,
    ReweighingOption? Reweighing = null,
    BaseModelRef? BaseModel = null)
{
    /// <summary>Maps the request onto a <see cref="TrainingSpec"/>; every refusal names the field.</summary>
    public Result<TrainingSpec> ToSpec()
    {
        if (string.IsNullOrWhiteSpace(Experiment))
        {
            return Error.Invalid("'experiment' is required.");
        }

        if (TrainDataset is null || string.IsNullOrWhiteSpace(TrainDataset.Name))
        {
            return Error.Invalid("'trainDataset' with a name and a version is required.");
        }

        if (string.IsNullOrWhiteSpace(Label))
        {
            return Error.Invalid("'label' is required.");
        }

        var task = ParseEnum(Task, "task", TrainingTask.Auto);
        var validation = ParseEnum(Validation?.Type, "validation.type", ValidationKind.Holdout);
        var imbalance = ParseEnum(Imbalance, "imbalance", ImbalanceHandling.None);
        if (!task.IsSuccess || !validation.IsSuccess || !imbalance.IsSuccess)
        {
            return (task.Error ?? validation.Error ?? imbalance.Error)!;
        }

        var algorithm = TrainingAlgorithms.Canonical(Algorithm);
        if (algorithm is null)
        {
            return Error.Invalid($"'algorithm' must be one of {string.Join(", ", TrainingAlgorithms.Names)}, not '{Algorithm}'.");
        }

        var h = Hyperparameters ?? new HyperparametersRequest();
        if (TrainingAlgorithms.Unused(algorithm, h) is { } unused)
        {
            return unused;
        }

        MlNetTrainingOptions? mlNet = null;
        if (TrainingAlgorithms.MlNet(algorithm) is not null)
        {
            var options = TrainingAlgorithms.MlNetOptions(algorithm, h, Seed ?? TrainingSpec.Defaults.Seed);
            if (!options.IsSuccess)
            {
                return options.Error;
            }

            if (imbalance.Value == ImbalanceHandling.ScalePosWeight)
            {
                return Error.Invalid($"'imbalance' scalePosWeight is XGBoost's; with algorithm '{algorithm}' use balancedWeights, randomOversample or randomUndersample.");
            }

            mlNet = options.Value;
            if (mlNet.MaximumNumberOfIterations is 0 && BaseModel is null)
            {
                return Error.Invalid("'hyperparameters.maximumNumberOfIterations' 0 is only meaningful with 'baseModel' (a warm start); otherwise it must be at least 1.");
            }
        }

        if (validation.Value == ValidationKind.Dataset && Validation?.Dataset is null)
        {
            return Error.Invalid("'validation.type' dataset needs 'validation.dataset' {name, version}.");
        }

        var spec = new TrainingSpec
        {
            Label = Label.Trim(),
            PositiveClass = string.IsNullOrWhiteSpace(PositiveClass) ? null : PositiveClass,
            Task = task.Value,
            Features = Features,
            Excluded = Excluded,
            Validation = validation.Value,
            HoldoutRatio = Validation?.Ratio ?? TrainingSpec.Defaults.HoldoutRatio,
            Folds = Validation?.Folds ?? TrainingSpec.Defaults.Folds,
            Algorithm = TrainingAlgorithms.Booster(algorithm),
            MlNet = mlNet,
            Rounds = h.Rounds ?? TrainingSpec.Defaults.Rounds,
            MaxDepth = h.MaxDepth ?? TrainingSpec.Defaults.MaxDepth,
            LearningRate = h.LearningRate ?? TrainingSpec.Defaults.LearningRate,
            Subsample = h.Subsample ?? TrainingSpec.Defaults.Subsample,
            ColsampleByTree = h.ColsampleByTree ?? TrainingSpec.Defaults.ColsampleByTree,
            MinChildWeight = h.MinChildWeight ?? TrainingSpec.Defaults.MinChildWeight,
            Lambda = h.Lambda ?? TrainingSpec.Defaults.Lambda,
            Alpha = h.Alpha ?? TrainingSpec.Defaults.Alpha,
            EarlyStoppingRounds = EarlyStoppingRounds is 0 ? null : EarlyStoppingRounds ?? TrainingSpec.Defaults.EarlyStoppingRounds,
            Imbalance = imbalance.Value,
            Seed = Seed ?? TrainingSpec.Defaults.Seed,
            Threshold = Threshold ?? TrainingSpec.Defaults.Threshold,
            Reweighing = Reweighing is null || string.IsNullOrWhiteSpace(Reweighing.Feature) ? null : Reweighing with { Feature = Reweighing.Feature.Trim() },
            BaseModel = BaseModel,
        };
        return Check(spec);
    }

    private static Result<TrainingSpec> Check(TrainingSpec spec) => spec switch
    {
        { HoldoutRatio: <= 0 or >= 1 } => Error.Invalid("'validation.ratio' must be between 0 and 1 (exclusive)."),
        { Folds: < 2 or > 20 } => Error.Invalid("'validation.folds' must be between 2 and 20."),
        { Rounds: < 0 or > 10_000 } or { Rounds: 0, BaseModel: null } => Error.Invalid("'hyperparameters.rounds' must be between 1 and 10000 (0 only with 'baseModel')."),
        { MaxDepth: < 0 or > 64 } => Error.Invalid("'hyperparameters.maxDepth' must be between 0 and 64."),
        { LearningRate: <= 0 or > 1 } => Error.Invalid("'hyperparameters.learningRate' must be in (0, 1]."),
        { Subsample: <= 0 or > 1 } => Error.Invalid("'hyperparameters.subsample' must be in (0, 1]."),
        { ColsampleByTree: <= 0 or > 1 } => Error.Invalid("'hyperparameters.colsampleByTree' must be in (0, 1]."),
        { MinChildWeight: < 0 } or { Lambda: < 0 } or { Alpha: < 0 } => Error.Invalid("'hyperparameters.minChildWeight', 'lambda' and 'alpha' must not be negative."),
        { EarlyStoppingRounds: < 0 } => Error.Invalid("'earlyStoppingRounds' must not be negative."),
        { Threshold: <= 0 or >= 1 } => Error.Invalid("'threshold' must be between 0 and 1 (exclusive)."),
        _ => spec,
    };

    private static Result<T> ParseEnum<T>(string? text, string field, T fallback)
        where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return Enum.TryParse<T>(text.Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var value)
               && Enum.IsDefined(value) && !int.TryParse(text, out _)
            ? value
            : Error.Invalid($"'{field}' must be one of {string.Join(", ", Enum.GetNames<T>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]))}, not '{text}'.");
    }
}
