using MlOpsPortal.Domain.Evaluation;
using MlOpsPortal.Engines.XGBoost;

namespace MlOpsPortal.Infrastructure.Training;

/// <summary>The run metrics of a model's predictions on labelled rows, for its task (undefined values are left out).</summary>
public static class TrainingEvaluation
{
    /// <param name="predictions">The model's predictions as <see cref="XGBoostModel.PredictValues"/> returns them.</param>
    public static IReadOnlyDictionary<string, double> Compute(PreparedData data, float[] predictions, float[] labels, double threshold)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(labels);
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        switch (data.Task)
        {
            case TrainingTask.Regression:
                var reg = RegressionEvaluator.Evaluate(labels.Select(l => (double)l).ToArray(), predictions.Select(v => (double)v).ToArray());
                Add(result, "rmse", reg.Rmse);
                Add(result, "mae", reg.Mae);
                Add(result, "r2", reg.RSquared);
                Add(result, "mape", reg.Mape);
                break;
            case TrainingTask.Binary:
                foreach (var (key, value) in BinaryScalars(predictions, labels, threshold).ToMetricDictionary())
                {
                    Add(result, key, value);
                }

                break;
            default:
                var k = data.Classes!.ClassCount;
                var all = predictions;
                var rows = Enumerable.Range(0, labels.Length).Select(r => Enumerable.Range(0, k).Select(c => (double)all[(r * k) + c]).ToArray()).ToArray();
                var predicted = rows.Select(p => Array.IndexOf(p, p.Max())).ToArray();
                var multi = MulticlassEvaluator.Evaluate(labels.Select(l => (int)l).ToArray(), predicted, k, rows);
                Add(result, "accuracy", multi.Accuracy);
                Add(result, "f1_macro", multi.MacroF1);
                Add(result, "precision_macro", multi.MacroPrecision);
                Add(result, "recall_macro", multi.MacroRecall);
                Add(result, "f1_weighted", multi.WeightedF1);
                Add(result, "log_loss", multi.LogLoss);
                Add(result, "roc_auc_ovr_macro", multi.MacroRocAucOvr);
                break;
        }

        return result;
    }

    /// <summary>
    /// The scalar binary metrics only (the same definitions as <see cref="BinaryEvaluator"/>): a run logs numbers, so the
    /// ROC, precision-recall and calibration curves and the threshold table, which the evaluation job stores, are not
    /// computed here (each would sort the rows again).
    /// </summary>
    private static BinaryEvaluation BinaryScalars(float[] positiveProbabilities, float[] labels, double threshold)
    {
        var actual = new bool[labels.Length];
        var positive = new double[labels.Length];
        for (var r = 0; r < labels.Length; r++)
        {
            actual[r] = labels[r] == 1f;
            positive[r] = positiveProbabilities[r];
        }

        return new BinaryEvaluation(
            threshold,
            ConfusionCounts.AtThreshold(actual, positive, threshold),
            RankingMetrics.RocAuc(actual, positive),
            RankingMetrics.AveragePrecision(actual, positive),
            ProbabilisticMetrics.LogLoss(actual, positive),
            ProbabilisticMetrics.BrierScore(actual, positive),
            null,
            null,
            [],
            []);
    }

    private static void Add(Dictionary<string, double> into, string key, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            into[key] = v;
        }
    }
}
