using Microsoft.Extensions.DependencyInjection;
using MlOpsPortal.Domain.Training;
using MlOpsPortal.Engines.Features;
using MlOpsPortal.Engines.XGBoost;
using MlOpsPortal.Infrastructure.Training;

namespace MlOpsPortal.Bench;

/// <summary>
/// The raw engine's inputs, made (untimed) by the training job's own code from the same dataset versions: the stored CSV
/// read from the artifact store, <see cref="TrainingData.Prepare"/>, the stratified holdout, the feature pipeline fitted on
/// the training rows. So the raw run trains on exactly the job's matrices with the job's options, and scores the job's
/// encoded test matrix.
/// </summary>
internal sealed record RawInputs(XGBoostDataset Train, XGBoostDataset Validation, FeatureMatrix Test, XGBoostTrainingOptions Options)
{
    public static async Task<RawInputs> PrepareAsync(IServiceProvider services, TrainingJobRequest request, CancellationToken ct)
    {
        var spec = request.ToSpec().Value;
        var inputs = await services.GetRequiredService<TrainingDatasets>().LoadInputsAsync(request, ct);
        var data = TrainingData.Prepare(spec, inputs.Value.Train).Value;
        var (trainRows, validationRows) = DataSplits.Holdout(data.Labels.Select(l => (int)l).ToArray(), spec.HoldoutRatio, spec.Seed);
        var trainFrame = data.Frame.SelectRows(trainRows);
        var pipeline = FeaturePipeline.Fit(data.Schema, trainFrame, new FeaturePipelineOptions { UnseenCategories = spec.UnseenCategories }, ct);
        var options = new XGBoostTrainingOptions
        {
            Rounds = spec.Rounds,
            MaxDepth = spec.MaxDepth,
            LearningRate = spec.LearningRate,
            Subsample = spec.Subsample,
            ColsampleByTree = spec.ColsampleByTree,
            MinChildWeight = spec.MinChildWeight,
            Lambda = spec.Lambda,
            Alpha = spec.Alpha,
            Seed = spec.Seed,
            EvalMetrics = ["logloss", "auc"],
        };
        var test = TrainingData.PrepareEvaluation(spec, data, inputs.Value.Test!, "test").Value;
        return new RawInputs(
            new XGBoostDataset(pipeline.Transform(trainFrame, ct), trainRows.Select(r => data.Labels[r]).ToArray()),
            new XGBoostDataset(pipeline.Transform(data.Frame.SelectRows(validationRows), ct), validationRows.Select(r => data.Labels[r]).ToArray()),
            pipeline.Transform(test.Frame, ct),
            options);
    }
}
