using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Application.Audit;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Infrastructure.Audit;
using MlOpsPortal.Infrastructure.Jobs;
using MlOpsPortal.Infrastructure.Persistence;

namespace MlOpsPortal.Infrastructure.Training;

/// <summary>What a training job carries: the request as submitted and the run it logs to.</summary>
public sealed record TrainingJobParameters(TrainingJobRequest Request, string RunId);

public sealed record TrainingSubmitted(Guid JobId, string RunId);

/// <summary>A finished training's output as the API and pages show it.</summary>
public sealed record TrainedModelDto(
    Guid JobId,
    string RunId,
    string Experiment,
    string Task,
    string TrainDataset,
    string? TestDataset,
    string PackageSha256,
    long PackageSizeBytes,
    int BestIteration,
    IReadOnlyDictionary<string, string> Params,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyList<IterationMetrics> History,
    JsonElement FeatureImportance,
    DateTimeOffset CreatedAt);

/// <summary>
/// Submits training jobs. Everything that makes a request bad (unknown dataset version, label column missing, positive
/// class absent, regression on a text label, 0 rows) is checked here, before anything is queued.
/// </summary>
public sealed class TrainingJobService(
    TrainingDatasets datasets,
    TrainingRunLog runLog,
    IJobScheduler scheduler,
    IDbContextFactory<PortalDbContext> dbFactory,
    Quality.DataQualityService quality,
    TimeProvider time)
{
    public async Task<Result<TrainingSubmitted>> SubmitAsync(TrainingJobRequest request, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(actor);
        if (await ValidateAsync(request, cancellationToken) is { } invalid)
        {
            return invalid;
        }

        return await EnqueueAsync(request, actor, Guid.CreateVersion7(time.GetUtcNow()), null, null, cancellationToken);
    }

    /// <summary>Every check of a submission (spec, dataset versions, the data itself); null when the request is good.</summary>
    public async Task<Error?> ValidateAsync(TrainingJobRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var spec = request.ToSpec();
        if (!spec.IsSuccess)
        {
            return spec.Error;
        }

        // A blocking data-quality rule failing on the training data stops training, HPO and recipes alike (they all come here).
        if (request.TrainDataset is { } train && await quality.CheckTrainableAsync(train.Name, train.Version, "trainDataset", cancellationToken) is { } failing)
        {
            return failing;
        }

        var inputs = await datasets.LoadInputsAsync(request, cancellationToken);
        return inputs.IsSuccess ? Check(spec.Value, inputs.Value) : inputs.Error;
    }

    /// <summary>
    /// Creates the job's run (a child of <paramref name="parentRunId"/> when given) and queues a validated request under
    /// <paramref name="jobId"/>; a search passes ids derived from its own, so a re-run of the search re-finds its trials.
    /// </summary>
    public async Task<Result<TrainingSubmitted>> EnqueueAsync(
        TrainingJobRequest request, Actor actor, Guid jobId, string? parentRunId, string? runName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = time.GetUtcNow();
        var run = await runLog.CreateRunAsync(request.Experiment.Trim(), jobId, actor, parentRunId, runName, parentRunId is null ? "training" : "hpo-trial", cancellationToken);
        if (!run.IsSuccess)
        {
            return run.Error;
        }

        var runId = run.Value;
        var job = new JobRequest(jobId, TrainingIds.TrainingKind, new TrainingJobParameters(request, runId), actor);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            JobMapping.Stage(db, job, now);
            AuditLog.Stage(db, new AuditRecord(actor, "training.submitted", "training_job", jobId.ToString(), null,
                new { request.Experiment, TrainDataset = request.TrainDataset.ToString(), TestDataset = request.TestDataset?.ToString(), request.Label, RunId = runId }), now);
            await db.SaveChangesAsync(cancellationToken);
        }

        await scheduler.EnqueueAsync(job, cancellationToken);
        return new TrainingSubmitted(jobId, runId);
    }

    public async Task<TrainedModelDto?> GetAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.TrainedModels.AsNoTracking().FirstOrDefaultAsync(m => m.JobId == jobId, cancellationToken);
        return row is null ? null : ToDto(row);
    }

    public static TrainedModelDto ToDto(TrainedModelRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        using var importance = JsonDocument.Parse(row.FeatureImportance);
        return new TrainedModelDto(
            row.JobId, row.RunId, row.Experiment, row.Task, row.TrainDataset, row.TestDataset, row.PackageSha256, row.PackageSizeBytes,
            row.BestIteration,
            JsonSerializer.Deserialize<Dictionary<string, string>>(row.Params, TrainingJson.Options)!,
            JsonSerializer.Deserialize<Dictionary<string, double>>(row.Metrics, TrainingJson.Options)!,
            JsonSerializer.Deserialize<List<IterationMetrics>>(row.History, TrainingJson.Options)!,
            importance.RootElement.Clone(),
            row.CreatedAt);
    }

    /// <summary>The data checks of the training itself, run before enqueueing so that a bad request gets 400 and no job.</summary>
    private static Error? Check(TrainingSpec spec, TrainingInputs inputs)
    {
        var prepared = TrainingData.Prepare(spec, inputs.Train);
        if (!prepared.IsSuccess)
        {
            return prepared.Error;
        }

        if (inputs.BaseModel is { } baseModel && WarmStart.Check(spec, prepared.Value, baseModel) is { } mismatch)
        {
            return mismatch;
        }

        if (spec.Reweighing is not null && TrainingMitigation.Apply(spec, inputs.Train) is { IsSuccess: false } mitigation)
        {
            return mitigation.Error;
        }

        foreach (var (table, role) in new[] { (inputs.Validation, "validation"), (inputs.Test, "test") })
        {
            if (table is not null && TrainingData.PrepareEvaluation(spec, prepared.Value, table, role) is { IsSuccess: false } failed)
            {
                return failed.Error;
            }
        }

        return null;
    }
}

internal static class TrainingJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
