using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Domain.Quality;
using MlOpsPortal.Domain.Training;
using MlOpsPortal.Engines.Features;
using MlOpsPortal.Engines.XGBoost;
using MlOpsPortal.Infrastructure.Training;

namespace MlOpsPortal.Infrastructure.LabelIssues;

/// <summary>One suspect row: 0-based data row of the dataset version, its label, the label the models suggest, p(given label).</summary>
public sealed record LabelIssueRow(long Row, string GivenLabel, string SuggestedLabel, double SelfConfidence);

/// <summary>What a label-issue job stores: classes (index order of the joint), the calibrated confident joint, thresholds, suspects.</summary>
public sealed record LabelIssueResult(
    IReadOnlyList<string> Classes,
    double EstimatedNoiseRate,
    int[][] ConfidentJoint,
    IReadOnlyList<double> Thresholds,
    long RowsChecked,
    IReadOnlyList<LabelIssueRow> Rows);

/// <summary>
/// Out-of-fold class probabilities from stratified k-fold XGBoost training (each row predicted by the model that did not see
/// it), then <see cref="ConfidentLearning"/>. Rows without a label are left out; row numbers are the dataset version's.
/// </summary>
public sealed class LabelIssueFinder(XGBoostTrainer trainer)
{
    /// <summary>Boosting rounds when the request sets none: fewer than training's 200, since k models are trained.</summary>
    public const int DefaultRounds = 100;

    public Result<LabelIssueResult> Find(DatasetTable table, TrainingSpec spec, int folds, Action<double, string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(spec);
        var prepared = TrainingData.Prepare(spec, table);
        if (!prepared.IsSuccess)
        {
            return prepared.Error;
        }

        var data = prepared.Value;
        if (data.Task == TrainingTask.Regression || data.Classes is not { } classes)
        {
            return Error.Invalid($"Label '{spec.Label}' looks numeric with many values (regression); label issues need a class label.");
        }

        var labelColumn = table.Find(spec.Label)!;
        var rows = Enumerable.Range(0, table.RowCount).Where(r => !TrainingData.IsMissing(labelColumn, r)).ToArray();
        var strata = data.Labels.Select(l => (int)l).ToArray();
        var k = classes.ClassCount;
        var smallest = Enumerable.Range(0, k).Min(c => strata.Count(s => s == c));
        if (folds < 2 || folds > smallest)
        {
            return Error.Invalid($"'folds' must be between 2 and the size of the smallest class ({smallest}); got {folds}.");
        }

        var probabilities = new double[strata.Length * k];
        var splits = DataSplits.KFold(strata, folds, spec.Seed);
        for (var f = 0; f < splits.Count; f++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Invoke(90.0 * f / splits.Count, $"Fold {f + 1} of {splits.Count}");
            var (train, held) = splits[f];
            var frame = data.Frame.SelectRows(train);
            var pipeline = FeaturePipeline.Fit(data.Schema, frame, new FeaturePipelineOptions { UnseenCategories = spec.UnseenCategories }, cancellationToken);
            var trainSet = new XGBoostDataset(pipeline.Transform(frame, cancellationToken), train.Select(r => data.Labels[r]).ToArray());
            using var model = trainer.Train(trainSet, Options(spec, data.Task, k), null, null, cancellationToken);
            var predicted = model.PredictProbabilities(pipeline.Transform(data.Frame.SelectRows(held), cancellationToken));
            for (var i = 0; i < held.Length; i++)
            {
                for (var c = 0; c < k; c++)
                {
                    probabilities[(held[i] * k) + c] = predicted[(i * k) + c];
                }
            }
        }

        progress?.Invoke(95, "Confident learning");
        var found = ConfidentLearning.Find(strata, probabilities, k);
        var names = classes.ClassLabels;
        return new LabelIssueResult(
            names,
            found.EstimatedNoiseRate,
            found.ConfidentJoint,
            found.Thresholds,
            strata.Length,
            [.. found.Suspects.Select(s => new LabelIssueRow(rows[s.Row], names[s.Given], names[s.Suggested], Math.Round(s.SelfConfidence, 6)))]);
    }

    private static XGBoostTrainingOptions Options(TrainingSpec spec, TrainingTask task, int classCount) => new()
    {
        Booster = spec.Algorithm,
        Objective = task == TrainingTask.Multiclass ? XGBoostObjective.MultiSoftprob : XGBoostObjective.BinaryLogistic,
        ClassCount = task == TrainingTask.Multiclass ? classCount : null,
        Rounds = spec.Rounds,
        MaxDepth = spec.MaxDepth,
        LearningRate = spec.LearningRate,
        Subsample = spec.Subsample,
        ColsampleByTree = spec.ColsampleByTree,
        MinChildWeight = spec.MinChildWeight,
        Lambda = spec.Lambda,
        Alpha = spec.Alpha,
        Seed = spec.Seed,
    };
}
