using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Application.Artifacts;
using MlOpsPortal.Application.Audit;
using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Infrastructure.Audit;
using MlOpsPortal.Infrastructure.Jobs;
using MlOpsPortal.Infrastructure.Persistence;
using MlOpsPortal.Infrastructure.Training;

namespace MlOpsPortal.Infrastructure.Inference;

/// <summary>A model to score with: a registered version, or an alias (resolved when the job is submitted and pinned).</summary>
public sealed record ModelSelector(string? Name, string? Alias, int? Version)
{
    public ModelTarget? ToTarget() =>
        string.IsNullOrWhiteSpace(Name) || (Alias is null) == (Version is null) ? null : new ModelTarget(Name, Alias, Version);
}

/// <summary>Body of <c>POST /api/v1/batch-scoring-jobs</c>: a model and a dataset version.</summary>
public sealed record BatchScoringRequest(ModelSelector? Model, DatasetRef? Dataset);

public sealed record BatchScoringParameters(string Model, int Version, string? Alias, string SourceSha256, CsvFormat? Format, string Source, long SourceBytes);

public sealed record BatchScoringSubmitted(Guid JobId, string Model, int Version, string? Alias, string Source);

/// <summary>A batch scoring job with its outcome once it has finished.</summary>
public sealed record BatchScoringDto(
    Guid JobId, string Status, double Progress, string? Step, string? Error, string Model, int? Version, string? Alias, string? Source,
    long? Rows, double? RowsPerSecond, string? ExecutionProvider, string? OutputSha256, long? OutputBytes, string? OutputUrl);

/// <summary>
/// Batch scoring: validates the model and the input's columns against the model's signature before anything is queued
/// (400 listing the missing columns), then queues a <c>batch-scoring</c> job that streams the CSV through ONNX Runtime
/// in chunks and stores the output CSV as an artifact.
/// </summary>
public sealed class BatchScoringService(
    OnlineScoring scoring, IDatasetCatalog catalog, IArtifactStore artifacts, IJobScheduler scheduler, IJobQueries jobs,
    IDbContextFactory<PortalDbContext> dbFactory, TimeProvider time)
{
    public const string Kind = "batch-scoring";

    public async Task<Result<BatchScoringSubmitted>> SubmitAsync(BatchScoringRequest request, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Model?.ToTarget() is not { } target)
        {
            return Error.Invalid("'model' must be {\"name\", \"alias\"} or {\"name\", \"version\"} (one of alias and version).");
        }

        if (request.Dataset is not { } dataset || string.IsNullOrWhiteSpace(dataset.Name))
        {
            return Error.Invalid("'dataset' {\"name\", \"version\"} is required (or upload a CSV file as multipart field 'file').");
        }

        var version = await catalog.GetVersionAsync(dataset.Name, dataset.Version, cancellationToken);
        if (!version.IsSuccess)
        {
            return Error.NotFound($"The dataset version {dataset} does not exist.");
        }

        return await EnqueueAsync(target, version.Value.ArtifactSha256, version.Value.Format, version.Value.Columns.Select(c => c.Name).ToList(),
            dataset.ToString(), version.Value.SizeBytes, actor, cancellationToken);
    }

    /// <summary>An uploaded CSV already in the artifact store (header required; delimiter detected).</summary>
    public async Task<Result<BatchScoringSubmitted>> SubmitUploadAsync(ModelTarget target, StoredArtifact stored, string fileName, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(stored);
        if (stored.SizeBytes == 0)
        {
            return Error.Invalid("The uploaded file is empty: a header row and data rows are expected.");
        }

        var opened = await artifacts.OpenReadAsync(stored.Sha256, cancellationToken);
        if (!opened.IsSuccess)
        {
            return opened.Error;
        }

        CsvFormat format;
        await using (var content = opened.Value)
        {
            var reader = await CsvRowReader.OpenDetectingAsync(content, new CsvOptions { HasHeader = true }, cancellationToken);
            if (!reader.IsSuccess)
            {
                return reader.Error;
            }

            format = reader.Value.Format;
            await reader.Value.DisposeAsync();
        }

        return await EnqueueAsync(target, stored.Sha256, format, format.ColumnNames, $"upload '{Path.GetFileName(fileName)}'", stored.SizeBytes, actor, cancellationToken);
    }

    private async Task<Result<BatchScoringSubmitted>> EnqueueAsync(
        ModelTarget target, string sha, CsvFormat format, IReadOnlyList<string> columns, string source, long bytes, Actor actor, CancellationToken cancellationToken)
    {
        var served = await scoring.ResolveAsync(target, cancellationToken);
        if (!served.IsSuccess)
        {
            return served.Error;
        }

        var missing = served.Value.Package.Signature.Inputs.Select(i => i.Name).Where(n => !columns.Contains(n, StringComparer.Ordinal)).ToList();
        if (missing.Count > 0)
        {
            return new Error(ErrorCode.InvalidArgument,
                $"The input lacks {missing.Count} column(s) the model needs: {string.Join(", ", missing)}.",
                new Dictionary<string, string[]> { ["columns"] = missing.Select(m => $"missing column '{m}'").ToArray() });
        }

        var now = time.GetUtcNow();
        var parameters = new BatchScoringParameters(served.Value.Name, served.Value.Version, served.Value.Alias, sha, format, source, bytes);
        var job = new JobRequest(Guid.CreateVersion7(now), Kind, parameters, actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        JobMapping.Stage(db, job, now);
        AuditLog.Stage(db, new AuditRecord(actor, "batch-scoring.submitted", "batch-scoring", job.Id.ToString(), null,
            new { Model = served.Value.Name, served.Value.Version, served.Value.Alias, Source = source }), now);
        await db.SaveChangesAsync(cancellationToken);
        await scheduler.EnqueueAsync(job, cancellationToken);
        return new BatchScoringSubmitted(job.Id, served.Value.Name, served.Value.Version, served.Value.Alias, source);
    }

    public async Task<Result<BatchScoringDto>> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        var job = await jobs.GetAsync(id, cancellationToken);
        if (job is null || job.Kind != Kind)
        {
            return Error.NotFound($"Batch scoring job {id} does not exist.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.BatchScorings.AsNoTracking().FirstOrDefaultAsync(b => b.Id == id, cancellationToken);
        return ToDto(job, row);
    }

    public async Task<IReadOnlyList<BatchScoringDto>> ListAsync(int take, CancellationToken cancellationToken)
    {
        var page = await jobs.ListAsync(new JobListQuery(Kind: Kind, Take: take), cancellationToken);
        var ids = page.Items.Select(j => j.Id).ToList();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.BatchScorings.AsNoTracking().Where(b => ids.Contains(b.Id)).ToDictionaryAsync(b => b.Id, cancellationToken);
        return page.Items.Select(j => ToDto(j, rows.GetValueOrDefault(j.Id))).ToList();
    }

    /// <summary>The output CSV of a finished job, streamed from the artifact store.</summary>
    public async Task<Result<(Stream Content, string FileName)>> OpenOutputAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.BatchScorings.AsNoTracking().FirstOrDefaultAsync(b => b.Id == id, cancellationToken);
        if (row is null)
        {
            return Error.NotFound($"Batch scoring job {id} has no output (it does not exist or has not finished).");
        }

        var opened = await artifacts.OpenReadAsync(row.OutputSha256, cancellationToken);
        return opened.IsSuccess ? (opened.Value, $"{row.ModelName}-v{row.Version}-scored-{id:N}.csv") : opened.Error;
    }

    private static BatchScoringDto ToDto(JobDto job, BatchScoringRow? row)
    {
        var p = job.Parameters is { } json ? System.Text.Json.JsonSerializer.Deserialize<BatchScoringParameters>(json, JobMapping.Json) : null;
        return new BatchScoringDto(job.Id, job.Status.ToString(), job.Progress, job.Step, job.Error,
            row?.ModelName ?? p?.Model ?? string.Empty, row?.Version ?? p?.Version, row?.Alias ?? p?.Alias, row?.Source ?? p?.Source,
            row?.Rows, row?.RowsPerSecond, row?.ExecutionProvider, row?.OutputSha256, row?.OutputBytes,
            row is null ? null : $"/api/v1/batch-scoring-jobs/{job.Id}/output");
    }
}
