using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Application.Audit;
using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Infrastructure.Audit;
using MlOpsPortal.Infrastructure.Jobs;
using MlOpsPortal.Infrastructure.Persistence;
using MlOpsPortal.Infrastructure.Training;

namespace MlOpsPortal.Infrastructure.Evaluation;

/// <summary>A registered model version by name and version number.</summary>
public sealed record RegisteredVersionRef(string Name, int Version)
{
    public override string ToString() => $"{Name} v{Version}";
}

/// <summary>
/// Body of <c>POST /api/v1/evaluations</c>: the model — a training job (<c>modelJobId</c>) or a registered version
/// (<c>model</c>: {name, version}, resolved through its training run) —, a dataset version, a threshold (default 0.5).
/// </summary>
public sealed record EvaluationRequest(Guid? ModelJobId, DatasetRef Dataset, double? Threshold = null, RegisteredVersionRef? Model = null);

public sealed record EvaluationJobParameters(Guid ModelJobId, DatasetRef Dataset, double Threshold);

public sealed record EvaluationSubmitted(Guid JobId, Guid EvaluationId);

/// <summary>One evaluation of a run's model, for lists (the run page).</summary>
public sealed record EvaluationSummary(Guid Id, string Dataset, string Task, long Rows, double Threshold, DateTimeOffset CreatedAt, IReadOnlyDictionary<string, double?> Metrics);

public sealed record EvaluationDto(
    Guid Id, Guid ModelJobId, string RunId, string Dataset, string Task, double Threshold, long Rows,
    IReadOnlyDictionary<string, double?> Metrics, JsonElement Details, string PredictionsSha256, DateTimeOffset CreatedAt);

/// <summary>Queues evaluation jobs after checking the model and the dataset version exist; reads stored evaluations.</summary>
public sealed class EvaluationService(IDatasetCatalog catalog, IJobScheduler scheduler, IDbContextFactory<PortalDbContext> dbFactory, TimeProvider time)
{
    public const string Kind = "evaluation";

    public async Task<Result<EvaluationSubmitted>> SubmitAsync(EvaluationRequest request, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Dataset is null || string.IsNullOrWhiteSpace(request.Dataset.Name))
        {
            return Error.Invalid("'dataset' {name, version} is required.");
        }

        var threshold = request.Threshold ?? 0.5;
        if (threshold is <= 0 or >= 1)
        {
            return Error.Invalid("'threshold' must be between 0 and 1 (exclusive).");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var modelJob = await ResolveModelAsync(db, request, cancellationToken);
        if (!modelJob.IsSuccess)
        {
            return modelJob.Error;
        }

        var version = await catalog.GetVersionAsync(request.Dataset.Name, request.Dataset.Version, cancellationToken);
        if (!version.IsSuccess)
        {
            return Error.NotFound($"The dataset version {request.Dataset} does not exist.");
        }

        var now = time.GetUtcNow();
        var job = new JobRequest(Guid.CreateVersion7(now), Kind, new EvaluationJobParameters(modelJob.Value, request.Dataset, threshold), actor);
        JobMapping.Stage(db, job, now);
        AuditLog.Stage(db, new AuditRecord(actor, "evaluation.submitted", "evaluation", job.Id.ToString(), null,
            new { ModelJobId = modelJob.Value, Model = request.Model?.ToString(), Dataset = request.Dataset.ToString(), Threshold = threshold }), now);
        await db.SaveChangesAsync(cancellationToken);
        await scheduler.EnqueueAsync(job, cancellationToken);
        return new EvaluationSubmitted(job.Id, job.Id);
    }

    private static async Task<Result<Guid>> ResolveModelAsync(PortalDbContext db, EvaluationRequest request, CancellationToken cancellationToken)
    {
        if (request.Model is { } model)
        {
            if (request.ModelJobId is not null)
            {
                return Error.Invalid("Give either 'modelJobId' or 'model' {name, version}, not both.");
            }

            var runId = await (from m in db.Set<Registry.RegisteredModel>().AsNoTracking()
                               join v in db.Set<Registry.ModelVersion>().AsNoTracking() on m.Id equals v.ModelId
                               where m.Name == model.Name && v.Version == model.Version
                               select new { v.RunId }).FirstOrDefaultAsync(cancellationToken);
            if (runId is null)
            {
                return Error.NotFound($"Registered model '{model.Name}' has no version {model.Version}.");
            }

            var trained = runId.RunId is null ? null
                : await db.TrainedModels.AsNoTracking().Where(t => t.RunId == runId.RunId).Select(t => (Guid?)t.JobId).FirstOrDefaultAsync(cancellationToken);
            return trained is { } job
                ? job
                : Error.Invalid($"Version {model.Version} of '{model.Name}' has no portal training run behind it " +
                    $"({(runId.RunId is null ? "no run id" : $"run {runId.RunId} produced no model package")}); only portal-trained models can be evaluated yet.");
        }

        if (request.ModelJobId is not { } id)
        {
            return Error.Invalid("Say which model to evaluate: 'modelJobId' (a training job) or 'model' {name, version} (a registered version).");
        }

        return await db.TrainedModels.AnyAsync(m => m.JobId == id, cancellationToken)
            ? id
            : Error.NotFound($"Training job {id} has no trained model.");
    }

    /// <summary>The evaluations of a run's model, newest first.</summary>
    public async Task<IReadOnlyList<EvaluationSummary>> ListForRunAsync(string runId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Evaluations.AsNoTracking().Where(e => e.RunId == runId).OrderByDescending(e => e.CreatedAt).Take(50).ToListAsync(cancellationToken);
        return rows.Select(r => new EvaluationSummary(r.Id, r.Dataset, r.Task, r.Rows, r.Threshold, r.CreatedAt,
            JsonSerializer.Deserialize<Dictionary<string, double?>>(r.Metrics, EvaluationJson.Options)!)).ToList();
    }

    public async Task<Result<EvaluationDto>> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Evaluations.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (row is null)
        {
            return Error.NotFound($"Evaluation {id} does not exist (or its job has not finished).");
        }

        using var details = JsonDocument.Parse(row.Details);
        return new EvaluationDto(
            row.Id, row.ModelJobId, row.RunId, row.Dataset, row.Task, row.Threshold, row.Rows,
            JsonSerializer.Deserialize<Dictionary<string, double?>>(row.Metrics, EvaluationJson.Options)!,
            details.RootElement.Clone(), row.PredictionsSha256, row.CreatedAt);
    }
}

internal static class EvaluationJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };
}
