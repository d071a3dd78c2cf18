using Microsoft.ML;
using Microsoft.ML.Data;
using MlOpsPortal.Engines.Features;
using MlOpsPortal.Engines.XGBoost;

namespace MlOpsPortal.Engines.MlNet;

/// <summary>Per-row, per-encoded-feature contributions from ML.NET's feature contribution calculation (row-major [rows, features]).</summary>
public sealed record MlNetContributions(int Rows, IReadOnlyList<string> FeatureNames, float[] Values)
{
    public float this[int row, int feature] => Values[(row * FeatureNames.Count) + feature];
}

/// <summary>ML.NET's permutation feature importance per encoded feature: the metric's mean drop (baseline − permuted) and its std.</summary>
public sealed record MlNetPermutationImportance(string Metric, IReadOnlyList<string> FeatureNames, double[] MeanDrop, double[] StdDrop, int Permutations);

/// <summary>
/// Explanations through ML.NET itself: <c>CalculateFeatureContribution</c> (local; trees: the contribution of each feature on
/// the row's decision paths, linear: weight × value, in the model's score space — binary: before calibration) and
/// <c>PermutationFeatureImportance</c> (global; ROC AUC for binary, micro accuracy for multiclass, R² for regression).
/// Both work on the encoded features after the model's own preprocessing (missing-value replacement, normalization).
/// </summary>
public static class MlNetExplainer
{
    /// <summary>Whether ML.NET can compute feature contributions for the model (binary and regression; not multiclass).</summary>
    public static bool SupportsContributions(MlNetModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Options.Task != MlNetTask.Multiclass;
    }

    public static MlNetContributions FeatureContributions(MlNetModel model, FeatureMatrix features)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(features);
        if (!SupportsContributions(model))
        {
            throw new TrainingDataException(TrainingDataErrorKind.InvalidParameter, "ML.NET computes feature contributions for binary and regression models only; use permutation importance.");
        }

        var (preprocessing, predictor) = Split(model);
        var ml = model.Context;
        var input = preprocessing.Transform(MlNetData.Scoring(ml, features));
        var count = features.Columns;
        ITransformer calculator = ExplainabilityCatalog.CalculateFeatureContribution(ml.Transforms, (dynamic)predictor, count, count, false).Fit(input);
        var scored = calculator.Transform(input);
        var values = new float[features.Rows * count];
        var r = 0;
        foreach (var row in scored.GetColumn<VBuffer<float>>("FeatureContributions"))
        {
            row.DenseValues().ToArray().CopyTo(values, r * count);
            r++;
        }

        return new MlNetContributions(features.Rows, model.FeatureNames, values);
    }

    /// <param name="labels">Binary 0/1, multiclass class index, regression target.</param>
    public static MlNetPermutationImportance PermutationImportance(MlNetModel model, FeatureMatrix features, float[] labels, int permutations = 5)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        var (preprocessing, predictor) = Split(model);
        var ml = model.Context;
        var data = preprocessing.Transform(MlNetData.Training(ml, features, labels, null, model.Options.Task, model.Options.ClassCount));
        var label = MlNetData.LabelColumn(model.Options.Task);
        var count = features.Columns;
        var mean = new double[count];
        var std = new double[count];
        string metric;
        switch (model.Options.Task)
        {
            case MlNetTask.Binary:
                metric = "roc_auc";
                var binary = (System.Collections.Immutable.ImmutableArray<BinaryClassificationMetricsStatistics>)PermutationFeatureImportanceExtensions.PermutationFeatureImportance(
                    ml.BinaryClassification, (dynamic)predictor, data, label, false, null, permutations);
                Fill(binary, s => s.AreaUnderRocCurve);
                break;
            case MlNetTask.Multiclass:
                metric = "accuracy";
                var multi = (System.Collections.Immutable.ImmutableArray<MulticlassClassificationMetricsStatistics>)PermutationFeatureImportanceExtensions.PermutationFeatureImportance(
                    ml.MulticlassClassification, (dynamic)predictor, data, label, false, null, permutations);
                Fill(multi, s => s.MicroAccuracy);
                break;
            default:
                metric = "r2";
                var regression = (System.Collections.Immutable.ImmutableArray<RegressionMetricsStatistics>)PermutationFeatureImportanceExtensions.PermutationFeatureImportance(
                    ml.Regression, (dynamic)predictor, data, label, false, null, permutations);
                Fill(regression, s => s.RSquared);
                break;
        }

        return new MlNetPermutationImportance(metric, model.FeatureNames, mean, std, permutations);

        void Fill<T>(System.Collections.Immutable.ImmutableArray<T> stats, Func<T, MetricStatistics> pick)
        {
            for (var i = 0; i < Math.Min(count, stats.Length); i++)
            {
                // ML.NET reports permuted − baseline; a drop is the opposite.
                mean[i] = -pick(stats[i]).Mean;
                std[i] = pick(stats[i]).StandardDeviation;
            }
        }
    }

    /// <summary>The model's preprocessing and its prediction transformer (the calibrator FastForest gets is left out).</summary>
    private static (ITransformer Preprocessing, ITransformer Predictor) Split(MlNetModel model)
    {
        var parts = ((TransformerChain<ITransformer>)model.Transformer).ToArray();
        var index = Array.FindIndex(parts, p => p is IPredictionTransformer<object>);
        if (index < 0)
        {
            throw new InvalidOperationException("The ML.NET model has no prediction transformer.");
        }

        return (new TransformerChain<ITransformer>(parts[..index]), parts[index]);
    }
}
