using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using MlOpsPortal.Engines.Features;
using MlOpsPortal.Engines.XGBoost;

namespace MlOpsPortal.Engines.MlNet;

/// <summary>
/// Trains ML.NET models on the encoded feature matrix of our <see cref="FeaturePipeline"/>: missing values are replaced
/// by the training mean per feature (ML.NET's <c>ReplaceMissingValues</c>), linear trainers get min-max normalization,
/// then the trainer for the algorithm and task. Both steps are part of the model (and of its ONNX export). Stateless.
/// </summary>
public static class MlNetTrainer
{
    /// <param name="labels">Binary 0/1, multiclass class index, regression target.</param>
    /// <param name="baseModel">Warm start (L-BFGS only): its preprocessing is kept and its weights are the starting point.</param>
    /// <exception cref="TrainingDataException">No rows, a non-finite label, or an algorithm ML.NET lacks for the task.</exception>
    public static MlNetModel Train(
        FeatureMatrix features, float[] labels, float[]? weights, MlNetTrainingOptions options, MlNetModel? baseModel = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(options);
        if (features.Rows == 0)
        {
            throw new TrainingDataException(TrainingDataErrorKind.NoRows, "The training data has no rows.");
        }

        if (MlNetTrainingOptions.TrainerName(options.Algorithm, options.Task) is null)
        {
            throw new TrainingDataException(TrainingDataErrorKind.InvalidParameter, $"ML.NET has no {options.Algorithm} trainer for {options.Task.ToString().ToLowerInvariant()} tasks.");
        }

        var ml = new MLContext(options.Seed);
        // ML.NET's trainers cannot be interrupted from outside: the token is checked before and after the fit.
        cancellationToken.ThrowIfCancellationRequested();
        var data = MlNetData.Training(ml, features, labels, weights, options.Task, options.ClassCount);
        var model = baseModel is null ? Fit(ml, data, options, weights is not null) : Continue(ml, data, options, baseModel);
        cancellationToken.ThrowIfCancellationRequested();
        return new MlNetModel(ml, model, features.FeatureNames, options);
    }

    private static TransformerChain<ITransformer> Fit(MLContext ml, IDataView data, MlNetTrainingOptions o, bool weighted)
    {
        IEstimator<ITransformer> pipeline = ml.Transforms.ReplaceMissingValues(MlNetRow.FeaturesColumn, replacementMode: Microsoft.ML.Transforms.MissingValueReplacingEstimator.ReplacementMode.Mean);
        if (o.IsLinear)
        {
            pipeline = pipeline.Append(ml.Transforms.NormalizeMinMax(MlNetRow.FeaturesColumn));
        }

        var fitted = pipeline.Fit(data);
        var transformed = fitted.Transform(data);
        var trainer = Trainer(ml, o, weighted ? MlNetRow.WeightColumn : null);
        var predictor = trainer.Fit(transformed);
        var chain = new TransformerChain<ITransformer>(fitted, predictor);
        if (o.Task == MlNetTask.Binary && predictor.Transform(transformed).Schema.GetColumnOrNull("Probability") is null)
        {
            // FastForest scores are not probabilities: calibrate them (Platt, on the training rows) like the other binary trainers.
            var calibrator = ml.BinaryClassification.Calibrators.Platt(MlNetRow.BinaryLabelColumn).Fit(predictor.Transform(transformed));
            chain = chain.Append<ITransformer>(calibrator);
        }

        return chain;
    }

    private static ITransformer Continue(MLContext ml, IDataView data, MlNetTrainingOptions o, MlNetModel baseModel)
    {
        if (o.Algorithm != MlNetAlgorithm.Lbfgs || baseModel.Options.Algorithm != MlNetAlgorithm.Lbfgs || baseModel.Options.Task != o.Task)
        {
            throw new TrainingDataException(TrainingDataErrorKind.InvalidParameter, "A warm start needs an L-BFGS base model of the same task (or an XGBoost booster).");
        }

        var parts = ((TransformerChain<ITransformer>)baseModel.Transformer).ToArray();
        var preprocessing = new TransformerChain<ITransformer>(parts[..^1]);
        if (o.MaximumNumberOfIterations is 0)
        {
            // Continued for zero iterations: the base model as it is.
            return baseModel.Transformer;
        }

        var transformed = preprocessing.Transform(data);
        ITransformer predictor = o.Task switch
        {
            MlNetTask.Binary => ((LbfgsLogisticRegressionBinaryTrainer)Trainer(ml, o, null)).Fit(transformed, LinearWeights(parts[^1])),
            _ => ((LbfgsMaximumEntropyMulticlassTrainer)Trainer(ml, o, null)).Fit(transformed, (MaximumEntropyModelParameters)((IPredictionTransformer<object>)parts[^1]).Model),
        };
        return preprocessing.Append(predictor);
    }

    private static LinearModelParameters LinearWeights(ITransformer predictor) =>
        ((IPredictionTransformer<object>)predictor).Model switch
        {
            CalibratedModelParametersBase<LinearBinaryModelParameters, PlattCalibrator> calibrated => calibrated.SubModel,
            LinearModelParameters linear => linear,
            var other => throw new TrainingDataException(TrainingDataErrorKind.InvalidParameter, $"The base model's {other.GetType().Name} has no linear weights."),
        };

    private static IEstimator<ITransformer> Trainer(MLContext ml, MlNetTrainingOptions o, string? weight)
    {
        var label = MlNetData.LabelColumn(o.Task);
        const string features = MlNetRow.FeaturesColumn;
        return (o.Algorithm, o.Task) switch
        {
            (MlNetAlgorithm.LightGbm, MlNetTask.Binary) => ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
            {
                LabelColumnName = label, FeatureColumnName = features, ExampleWeightColumnName = weight, NumberOfIterations = o.NumberOfTrees,
                NumberOfLeaves = o.NumberOfLeaves, MinimumExampleCountPerLeaf = o.MinimumExampleCountPerLeaf, LearningRate = o.LearningRate,
                Seed = o.Seed, NumberOfThreads = o.ThreadCount,
            }),
            (MlNetAlgorithm.LightGbm, MlNetTask.Multiclass) => ml.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options
            {
                LabelColumnName = label, FeatureColumnName = features, ExampleWeightColumnName = weight, NumberOfIterations = o.NumberOfTrees,
                NumberOfLeaves = o.NumberOfLeaves, MinimumExampleCountPerLeaf = o.MinimumExampleCountPerLeaf, LearningRate = o.LearningRate,
                Seed = o.Seed, NumberOfThreads = o.ThreadCount,
            }),
            (MlNetAlgorithm.LightGbm, _) => ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
            {
                LabelColumnName = label, FeatureColumnName = features, ExampleWeightColumnName = weight, NumberOfIterations = o.NumberOfTrees,
                NumberOfLeaves = o.NumberOfLeaves, MinimumExampleCountPerLeaf = o.MinimumExampleCountPerLeaf, LearningRate = o.LearningRate,
                Seed = o.Seed, NumberOfThreads = o.ThreadCount,
            }),
            (MlNetAlgorithm.FastTree, MlNetTask.Binary) => ml.BinaryClassification.Trainers.FastTree(Tree(new FastTreeBinaryTrainer.Options(), label, weight, o, boosting: true)),
            (MlNetAlgorithm.FastTree, _) => ml.Regression.Trainers.FastTree(Tree(new FastTreeRegressionTrainer.Options(), label, weight, o, boosting: true)),
            (MlNetAlgorithm.FastForest, MlNetTask.Binary) => ml.BinaryClassification.Trainers.FastForest(Tree(new FastForestBinaryTrainer.Options(), label, weight, o, boosting: false)),
            (MlNetAlgorithm.FastForest, _) => ml.Regression.Trainers.FastForest(Tree(new FastForestRegressionTrainer.Options(), label, weight, o, boosting: false)),
            (MlNetAlgorithm.Sdca, MlNetTask.Binary) => ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options
            {
                LabelColumnName = label, FeatureColumnName = features, ExampleWeightColumnName = weight, L1Regularization = o.L1Regularization,
                L2Regularization = o.L2Regularization, MaximumNumberOfIterations = o.MaximumNumberOfIterations, NumberOfThreads = 1,
            }),
            (MlNetAlgorithm.Sdca, MlNetTask.Multiclass) => ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
            {
                LabelColumnName = label, FeatureColumnName = features, ExampleWeightColumnName = weight, L1Regularization = o.L1Regularization,
                L2Regularization = o.L2Regularization, MaximumNumberOfIterations = o.MaximumNumberOfIterations, NumberOfThreads = 1,
            }),
            (MlNetAlgorithm.Sdca, _) => ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options
            {
                LabelColumnName = label, FeatureColumnName = features, ExampleWeightColumnName = weight, L1Regularization = o.L1Regularization,
                L2Regularization = o.L2Regularization, MaximumNumberOfIterations = o.MaximumNumberOfIterations, NumberOfThreads = 1,
            }),
            (MlNetAlgorithm.Lbfgs, MlNetTask.Binary) => ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
            {
                LabelColumnName = label, FeatureColumnName = features, ExampleWeightColumnName = weight, L1Regularization = o.L1Regularization ?? 1,
                L2Regularization = o.L2Regularization ?? 1, MaximumNumberOfIterations = o.MaximumNumberOfIterations ?? int.MaxValue, NumberOfThreads = 1,
            }),
            (MlNetAlgorithm.Lbfgs, MlNetTask.Multiclass) => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
            {
                LabelColumnName = label, FeatureColumnName = features, ExampleWeightColumnName = weight, L1Regularization = o.L1Regularization ?? 1,
                L2Regularization = o.L2Regularization ?? 1, MaximumNumberOfIterations = o.MaximumNumberOfIterations ?? int.MaxValue, NumberOfThreads = 1,
            }),
            _ => throw new TrainingDataException(TrainingDataErrorKind.InvalidParameter, $"ML.NET has no {o.Algorithm} trainer for {o.Task.ToString().ToLowerInvariant()} tasks."),
        };
    }

    private static T Tree<T>(T options, string label, string? weight, MlNetTrainingOptions o, bool boosting)
        where T : TreeOptions
    {
        options.LabelColumnName = label;
        options.FeatureColumnName = MlNetRow.FeaturesColumn;
        options.ExampleWeightColumnName = weight;
        options.NumberOfTrees = o.NumberOfTrees;
        options.NumberOfLeaves = o.NumberOfLeaves ?? 20;
        options.MinimumExampleCountPerLeaf = o.MinimumExampleCountPerLeaf ?? 10;
        options.Seed = o.Seed;
        options.NumberOfThreads = o.ThreadCount;
        if (boosting && options is BoostedTreeOptions boosted)
        {
            boosted.LearningRate = o.LearningRate ?? 0.2;
        }

        return options;
    }
}
