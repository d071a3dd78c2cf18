using System.Globalization;
using System.Runtime.ExceptionServices;
using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Domain.Training;
using MlOpsPortal.Engines.Features;
using MlOpsPortal.Engines.MlNet;
using MlOpsPortal.Engines.Packaging;
using MlOpsPortal.Engines.XGBoost;

namespace MlOpsPortal.Infrastructure.Training;

/// <param name="BaseModel">Warm start: the registered package to continue (its pipeline is reused, not refitted).</param>
public sealed record TrainingInputs(DatasetTable Train, DatasetTable? Validation = null, DatasetTable? Test = null, PackageProvenance? Provenance = null, ModelPackage? BaseModel = null);

/// <summary>What a training produced: the model package (and its zip, ready to store), params and metrics to log, the per-round history.</summary>
public sealed record TrainingOutcome(
    TrainingTask Task,
    ModelPackage Package,
    byte[] PackageZip,
    IReadOnlyDictionary<string, string> Params,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyList<IterationMetrics> History,
    IReadOnlyList<FeatureImportance> Importance,
    int BestIteration);

/// <summary>
/// Runs one training: prepare → split → fit the feature pipeline on training rows only → XGBoost with per-round
/// metrics → evaluate on the validation rows (metrics prefixed validation_) and the test set (test_) → package.
/// k-fold cross-validation logs cv_&lt;metric&gt;_mean / _std and then trains the final model on all rows.
/// </summary>
public sealed class TrainingRunner(XGBoostTrainer trainer, ModelPackageBuilder packages)
{
    /// <param name="phases">Optional: records the wall time of prepare / features / train / evaluate / package.</param>
    public Result<TrainingOutcome> Run(
        TrainingInputs inputs, TrainingSpec spec, Action<TrainingProgressEvent>? progress, CancellationToken cancellationToken, TrainingPhases? phases = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(spec);
        phases?.Start("prepare");
        var mitigated = TrainingMitigation.Apply(spec, inputs.Train);
        if (!mitigated.IsSuccess)
        {
            return mitigated.Error;
        }

        spec = mitigated.Value;
        var prepared = TrainingData.Prepare(spec, inputs.Train);
        if (!prepared.IsSuccess)
        {
            return prepared.Error;
        }

        var data = prepared.Value;
        if (inputs.BaseModel is { } baseModel && WarmStart.Check(spec, data, baseModel) is { } mismatch)
        {
            return mismatch;
        }

        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        var strata = data.Task == TrainingTask.Regression ? new int[data.Labels.Length] : data.Labels.Select(l => (int)l).ToArray();
        if (spec.Validation == ValidationKind.KFold)
        {
            CrossValidate(data, strata, spec, inputs.BaseModel, metrics, progress, phases, cancellationToken);
            phases?.Start("prepare");
        }

        int[] trainRows;
        (TabularFrame Frame, float[] Labels)? validation = null;
        switch (spec.Validation)
        {
            case ValidationKind.Holdout:
                var split = DataSplits.Holdout(strata, spec.HoldoutRatio, spec.Seed);
                trainRows = split.Train;
                validation = (data.Frame.SelectRows(split.Validation), split.Validation.Select(r => data.Labels[r]).ToArray());
                break;
            case ValidationKind.Dataset when inputs.Validation is not null:
                trainRows = Enumerable.Range(0, data.Labels.Length).ToArray();
                var v = TrainingData.PrepareEvaluation(spec, data, inputs.Validation, "validation");
                if (!v.IsSuccess)
                {
                    return v.Error;
                }

                validation = v.Value;
                break;
            case ValidationKind.Dataset:
                return Error.Invalid("Validation 'dataset' needs a validation dataset version.");
            default:
                trainRows = Enumerable.Range(0, data.Labels.Length).ToArray();
                break;
        }

        (TabularFrame Frame, float[] Labels)? test = null;
        if (inputs.Test is not null)
        {
            var t = TrainingData.PrepareEvaluation(spec, data, inputs.Test, "test");
            if (!t.IsSuccess)
            {
                return t.Error;
            }

            test = t.Value;
        }

        var fit = Fit(data, trainRows, validation, test?.Frame, spec, inputs.BaseModel, 0.05, 0.90, progress, phases, cancellationToken);
        using var model = fit.Model;
        // Evaluation and packaging (ONNX export, then the zip the job stores) only read the model: they run side by side,
        // as one phase. The test prediction keeps every core even though packaging takes one: giving it one core fewer made
        // the phase longer on 2 cores (median 0.145 s against 0.109 s, jobs benchmark).
        phases?.Start("evaluate+package");
        progress?.Invoke(new TrainingProgressEvent(0.93, "Evaluating and packaging the model"));
        ModelPackage package = null!;
        byte[] zip = [];
        IReadOnlyList<FeatureImportance> importance = [];
        SideBySide(
            () =>
            {
                if (validation is { } val)
                {
                    Evaluate(model, data, fit.ValidationMatrix!, ValidationPredictions(model.XGBoost), val.Labels, spec, "validation_", metrics);
                }

                if (test is { } tst)
                {
                    Evaluate(model, data, fit.TestMatrix!, null, tst.Labels, spec, "test_", metrics);
                }
            },
            () =>
            {
                var provenance = inputs.Provenance ?? new PackageProvenance(null, null);
                package = model.MlNet is { } mlNet
                    ? packages.Build(fit.Pipeline, mlNet, data.Classes, provenance)
                    : packages.Build(fit.Pipeline, model.XGBoost!, data.Classes, provenance);
                zip = ModelPackageStore.ToZip(package);
                // A linear booster has only coefficient ('weight') importance; trees report gain. ML.NET models: permutation
                // importance is computed on demand by the explanation job.
                importance = model.XGBoost?.GetFeatureImportance(spec.Algorithm == XGBoostBoosterKind.GbLinear ? ImportanceType.Weight : ImportanceType.Gain) ?? [];
            });
        phases?.Stop();
        var parameters = model.MlNet is { } trained ? MlNetParams(spec, data, trained.Options) : Params(spec, data, fit.Options);
        return new TrainingOutcome(data.Task, package, zip, TrainingMitigation.Record(parameters, spec), metrics, fit.History, importance, model.XGBoost?.Training?.BestIteration ?? model.MlNet?.Options.NumberOfTrees ?? 0);
    }

    private void CrossValidate(
        PreparedData data, int[] strata, TrainingSpec spec, ModelPackage? baseModel, Dictionary<string, double> metrics, Action<TrainingProgressEvent>? progress, TrainingPhases? phases, CancellationToken ct)
    {
        var folds = DataSplits.KFold(strata, spec.Folds, spec.Seed);
        var perFold = new List<Dictionary<string, double>>();
        for (var f = 0; f < folds.Count; f++)
        {
            var (train, validation) = folds[f];
            var start = 0.05 + (0.5 * f / folds.Count);
            var labels = validation.Select(r => data.Labels[r]).ToArray();
            var fit = Fit(data, train, (data.Frame.SelectRows(validation), labels), null, spec, baseModel, start, start + (0.5 / folds.Count), progress, phases, ct);
            using var model = fit.Model;
            phases?.Start("evaluate");
            var foldMetrics = new Dictionary<string, double>(StringComparer.Ordinal);
            Evaluate(model, data, fit.ValidationMatrix!, ValidationPredictions(model.XGBoost), labels, spec, string.Empty, foldMetrics);
            perFold.Add(foldMetrics);
        }

        foreach (var key in perFold[0].Keys)
        {
            var values = perFold.Where(m => m.ContainsKey(key)).Select(m => m[key]).ToArray();
            var mean = values.Average();
            metrics[$"cv_{key}_mean"] = mean;
            metrics[$"cv_{key}_std"] = Math.Sqrt(values.Sum(x => (x - mean) * (x - mean)) / values.Length);
        }
    }

    private (FeaturePipeline Pipeline, EngineModel Model, List<IterationMetrics> History, XGBoostTrainingOptions Options, FeatureMatrix? ValidationMatrix, FeatureMatrix? TestMatrix) Fit(
        PreparedData data, int[] trainRows, (TabularFrame Frame, float[] Labels)? validation, TabularFrame? test, TrainingSpec spec, ModelPackage? baseModel,
        double from, double to, Action<TrainingProgressEvent>? progress, TrainingPhases? phases, CancellationToken ct)
    {
        phases?.Start("features");
        var rows = spec.Imbalance is ImbalanceHandling.RandomOversample or ImbalanceHandling.RandomUndersample && data.Task != TrainingTask.Regression
            ? ClassBalancing.Resample(trainRows.Select(r => (int)data.Labels[r]).ToArray(), spec.Imbalance, spec.Seed).Select(i => trainRows[i]).ToArray()
            : trainRows;
        var frame = data.Frame.SelectRows(rows);
        var labels = rows.Select(r => data.Labels[r]).ToArray();
        progress?.Invoke(new TrainingProgressEvent(from, "Fitting the feature pipeline"));
        // A warm start keeps the base model's pipeline: its features (and their encoding) are what the base model learned on.
        var pipeline = baseModel?.Pipeline ?? FeaturePipeline.Fit(data.Schema, frame, new FeaturePipelineOptions { UnseenCategories = spec.UnseenCategories }, ct);
        var weights = Weights(data, rows, labels, spec);
        var evalSets = new List<EvaluationSet>();
        // Once the pipeline is fitted the training, validation and test matrices are independent: encoded side by side
        // (each encoding is single-threaded), the test set's too, so a bad test set fails before training starts.
        FeatureMatrix trainMatrix = null!;
        FeatureMatrix? validationMatrix = null;
        FeatureMatrix? testMatrix = null;
        SideBySide(
            () => trainMatrix = pipeline.Transform(frame, ct),
            () =>
            {
                validationMatrix = validation is { } v ? pipeline.Transform(v.Frame, ct) : null;
                testMatrix = test is null ? null : pipeline.Transform(test, ct);
            });
        if (validationMatrix is not null)
        {
            evalSets.Add(new EvaluationSet("validation", new XGBoostDataset(validationMatrix, validation!.Value.Labels)));
        }

        var options = Options(spec, data, labels, validation is not null);
        if (spec.MlNet is { } mlNet)
        {
            // ML.NET trainers report no per-round metrics: one step, then the validation / test metrics as for XGBoost.
            phases?.Start("train");
            var mlOptions = mlNet with { Task = TrainingAlgorithms.ToMlNet(data.Task), ClassCount = data.Classes?.ClassCount ?? 2 };
            var trainer = MlNetTrainingOptions.TrainerName(mlOptions.Algorithm, mlOptions.Task);
            progress?.Invoke(new TrainingProgressEvent(from, $"Training {trainer} (ML.NET)"));
            var trained = MlNetTrainer.Train(trainMatrix, labels, weights, mlOptions, baseModel is null ? null : ModelPackageBuilder.LoadMlNet(baseModel), ct);
            progress?.Invoke(new TrainingProgressEvent(to, $"Trained {trainer} (ML.NET)"));
            return (pipeline, new EngineModel(null, trained), [], options, validationMatrix, testMatrix);
        }

        var history = new List<IterationMetrics>(options.Rounds);
        var trainSet = new XGBoostDataset(trainMatrix, labels, weights);
        phases?.Start("train");
        var model = trainer.Train(trainSet, options, baseModel?.NativeModel, evalSets, p =>
        {
            var iteration = new IterationMetrics(p.Iteration, p.Metrics.ToDictionary(m => $"{m.DataSet}_{m.Metric}", m => m.Value, StringComparer.Ordinal));
            history.Add(iteration);
            progress?.Invoke(new TrainingProgressEvent(from + ((to - from) * (p.Iteration + 1) / p.TotalRounds), $"Round {p.Iteration + 1} of {p.TotalRounds}", iteration));
        }, ct);
        return (pipeline, new EngineModel(model, null), history, options, validationMatrix, testMatrix);
    }

    private static float[]? Weights(PreparedData data, int[] rows, float[] labels, TrainingSpec spec)
    {
        if (spec.SampleWeights is { } given)
        {
            return rows.Select(r => (float)given[r]).ToArray();
        }

        return spec.Imbalance == ImbalanceHandling.BalancedWeights && data.Task != TrainingTask.Regression
            ? ClassBalancing.BalancedWeights(labels.Select(l => (int)l).ToArray(), data.Classes!.ClassCount).Select(w => (float)w).ToArray()
            : null;
    }

    private static XGBoostTrainingOptions Options(TrainingSpec spec, PreparedData data, float[] labels, bool hasValidation)
    {
        var objective = data.Task switch
        {
            TrainingTask.Regression => XGBoostObjective.RegSquaredError,
            TrainingTask.Multiclass => XGBoostObjective.MultiSoftprob,
            _ => XGBoostObjective.BinaryLogistic,
        };
        var evalMetrics = data.Task switch
        {
            TrainingTask.Regression => new[] { "rmse" },
            TrainingTask.Multiclass => ["mlogloss", "merror"],
            _ => ["logloss", "auc"],
        };
        return new XGBoostTrainingOptions
        {
            Booster = spec.Algorithm,
            Objective = objective,
            ClassCount = data.Task == TrainingTask.Multiclass ? data.Classes!.ClassCount : null,
            Rounds = spec.Rounds,
            MaxDepth = spec.MaxDepth,
            LearningRate = spec.LearningRate,
            Subsample = spec.Subsample,
            ColsampleByTree = spec.ColsampleByTree,
            MinChildWeight = spec.MinChildWeight,
            Lambda = spec.Lambda,
            Alpha = spec.Alpha,
            Seed = spec.Seed,
            EvalMetrics = evalMetrics,
            EarlyStoppingRounds = hasValidation ? spec.EarlyStoppingRounds : null,
            EarlyStoppingSet = hasValidation && spec.EarlyStoppingRounds is not null ? "validation" : null,
            ScalePosWeight = spec.Imbalance == ImbalanceHandling.ScalePosWeight && data.Task == TrainingTask.Binary
                ? ClassBalancing.ScalePosWeight(labels.Select(l => (int)l).ToArray())
                : null,
        };
    }

    /// <summary>The validation set's predictions kept by the trainer (the first evaluation set), when it has them.</summary>
    private static float[]? ValidationPredictions(XGBoostModel? model) => model?.Training?.EvaluationPredictions is [var first, ..] ? first : null;

    private static void Evaluate(
        EngineModel model, PreparedData data, FeatureMatrix features, float[]? predictions, float[] labels, TrainingSpec spec, string prefix, Dictionary<string, double> into)
    {
        foreach (var (key, value) in TrainingEvaluation.Compute(data, predictions ?? model.PredictValues(features), labels, spec.Threshold))
        {
            into[prefix + key] = value;
        }
    }

    /// <summary>
    /// Runs both actions at once. A failure is rethrown as itself, not wrapped in an AggregateException, so a cancellation
    /// stays an <see cref="OperationCanceledException"/> (the job ends Cancelled) and a feature error keeps its message.
    /// </summary>
    private static void SideBySide(Action first, Action second)
    {
        try
        {
            Parallel.Invoke(first, second);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(ex.InnerExceptions.FirstOrDefault(e => e is OperationCanceledException) ?? ex.InnerExceptions[0]).Throw();
            throw;
        }
    }

    private static Dictionary<string, string> Params(TrainingSpec spec, PreparedData data, XGBoostTrainingOptions o) => new(StringComparer.Ordinal)
    {
        ["task"] = data.Task.ToString().ToLowerInvariant(),
        ["label"] = spec.Label,
        ["positive_class"] = data.Classes?.PositiveClass ?? string.Empty,
        ["features"] = string.Join(",", data.Schema.Columns.Select(c => c.Name)),
        ["booster"] = o.Booster == XGBoostBoosterKind.GbLinear ? "gblinear" : "gbtree",
        ["objective"] = o.ObjectiveName,
        ["tree_method"] = "hist",
        ["n_estimators"] = I(o.Rounds),
        ["max_depth"] = I(o.MaxDepth),
        ["learning_rate"] = D(o.LearningRate),
        ["subsample"] = D(o.Subsample),
        ["colsample_bytree"] = D(o.ColsampleByTree),
        ["min_child_weight"] = D(o.MinChildWeight),
        ["reg_lambda"] = D(o.Lambda),
        ["reg_alpha"] = D(o.Alpha),
        ["early_stopping_rounds"] = o.EarlyStoppingRounds is { } e ? I(e) : "none",
        ["validation"] = spec.Validation.ToString().ToLowerInvariant(),
        ["imbalance"] = spec.Imbalance.ToString(),
        ["seed"] = I(spec.Seed),
        ["threshold"] = D(spec.Threshold),
        ["unseen_categories"] = spec.UnseenCategories.ToString(),
    };

    private static Dictionary<string, string> MlNetParams(TrainingSpec spec, PreparedData data, MlNetTrainingOptions o)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["task"] = data.Task.ToString().ToLowerInvariant(),
            ["label"] = spec.Label,
            ["positive_class"] = data.Classes?.PositiveClass ?? string.Empty,
            ["features"] = string.Join(",", data.Schema.Columns.Select(c => c.Name)),
            ["algorithm"] = TrainingAlgorithms.Name(o.Algorithm),
            ["engine"] = "ml.net",
            ["trainer"] = MlNetTrainingOptions.TrainerName(o.Algorithm, o.Task) ?? string.Empty,
            ["early_stopping_rounds"] = "none",
            ["validation"] = spec.Validation.ToString().ToLowerInvariant(),
            ["imbalance"] = spec.Imbalance.ToString(),
            ["seed"] = I(spec.Seed),
            ["threshold"] = D(spec.Threshold),
            ["unseen_categories"] = spec.UnseenCategories.ToString(),
        };
        if (o.IsLinear)
        {
            result["l1_regularization"] = o.L1Regularization is { } l1 ? D(l1) : "auto";
            result["l2_regularization"] = o.L2Regularization is { } l2 ? D(l2) : "auto";
            result["max_iterations"] = o.MaximumNumberOfIterations is { } m ? I(m) : "auto";
        }
        else
        {
            result["n_estimators"] = I(o.NumberOfTrees);
            result["num_leaves"] = o.NumberOfLeaves is { } leaves ? I(leaves) : "auto";
            result["min_child_samples"] = o.MinimumExampleCountPerLeaf is { } min ? I(min) : "auto";
            if (o.Algorithm != MlNetAlgorithm.FastForest)
            {
                result["learning_rate"] = o.LearningRate is { } lr ? D(lr) : "auto";
            }
        }

        return result;
    }

    private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);

    private static string D(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>The model a training produced: XGBoost's or ML.NET's (exactly one is set).</summary>
internal sealed class EngineModel(XGBoostModel? xgboost, MlNetModel? mlNet) : IDisposable
{
    public XGBoostModel? XGBoost { get; } = xgboost;

    public MlNetModel? MlNet { get; } = mlNet;

    /// <summary>Predictions in <see cref="XGBoostModel.PredictValues"/>'s layout.</summary>
    public float[] PredictValues(FeatureMatrix features) => XGBoost?.PredictValues(features) ?? MlNet!.PredictValues(features);

    public void Dispose() => XGBoost?.Dispose();
}
