using System.Text.Json;
using MlOpsPortal.Application.Artifacts;
using MlOpsPortal.Infrastructure.Persistence;

namespace MlOpsPortal.Infrastructure.Training;

/// <summary>Writes the <c>trained_models</c> row of a finished training (the run's artifact record).</summary>
internal static class TrainedModelRecord
{
    /// <summary>Adds the row to <paramref name="db"/>; the caller saves it with the rest of the job's completion.</summary>
    public static void Add(PortalDbContext db, Guid jobId, TrainingJobParameters parameters, TrainingOutcome outcome, StoredArtifact stored, DateTimeOffset now)
    {
        var request = parameters.Request;
        var o = TrainingJson.Options;
        var evaluation = new
        {
            task = outcome.Task.ToString().ToLowerInvariant(),
            bestIteration = outcome.BestIteration,
            test = Strip(outcome.Metrics, "test_"),
            validation = Strip(outcome.Metrics, "validation_"),
            crossValidation = outcome.Metrics.Where(m => m.Key.StartsWith("cv_", StringComparison.Ordinal)).ToDictionary(m => m.Key, m => m.Value),
        };
        db.TrainedModels.Add(new TrainedModelRow
        {
            JobId = jobId,
            RunId = parameters.RunId,
            Experiment = request.Experiment,
            Task = outcome.Task.ToString().ToLowerInvariant(),
            TrainDataset = request.TrainDataset.ToString(),
            TestDataset = request.TestDataset?.ToString(),
            PackageSha256 = stored.Sha256,
            PackageSizeBytes = stored.SizeBytes,
            Params = JsonSerializer.Serialize(outcome.Params, o),
            Metrics = JsonSerializer.Serialize(outcome.Metrics, o),
            History = JsonSerializer.Serialize(outcome.History, o),
            FeatureImportance = JsonSerializer.Serialize(outcome.Importance.Select(f => new { feature = f.Feature, score = f.Score, type = request.Algorithm is "gblinear" or "linear" ? "weight" : "gain" }), o),
            Evaluation = JsonSerializer.Serialize(evaluation, o),
            BestIteration = outcome.BestIteration,
            CreatedBy = "job:" + jobId.ToString(),
            CreatedAt = now,
        });
    }

    private static Dictionary<string, double> Strip(IReadOnlyDictionary<string, double> metrics, string prefix) =>
        metrics.Where(m => m.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(m => m.Key[prefix.Length..], m => m.Value);
}
