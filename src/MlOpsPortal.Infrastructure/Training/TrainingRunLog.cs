using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Application.Audit;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Domain.Tracking;
using MlOpsPortal.Infrastructure.Persistence;
using MlOpsPortal.Infrastructure.Tracking;

namespace MlOpsPortal.Infrastructure.Training;

/// <summary>
/// The tracking side of a training job: the run is created at submit time (SCHEDULED, source = job, tagged with the job
/// id) so its id can be returned at once; the job marks it RUNNING, logs params, streams per-round metrics in batches
/// while training (charts update live), logs the final metrics and tags and finishes it FINISHED, FAILED or KILLED.
/// </summary>
public sealed class TrainingRunLog(ExperimentService experiments, RunService runs, RunIngest ingest, IDbContextFactory<PortalDbContext> dbFactory, TimeProvider time)
{
    public const string JobIdTag = "mlops.job_id";
    public const string PackageTag = "mlops.model_package_sha256";

    public async Task<Result<string>> CreateRunAsync(string experiment, Guid jobId, Actor actor, CancellationToken cancellationToken) =>
        await CreateRunAsync(experiment, jobId, actor, null, null, "training", cancellationToken);

    /// <summary>Creates a SCHEDULED run for a job; <paramref name="parentRunId"/> makes it a child run (a search trial).</summary>
    public async Task<Result<string>> CreateRunAsync(
        string experiment, Guid jobId, Actor actor, string? parentRunId, string? runName, string sourceName, CancellationToken cancellationToken)
    {
        var found = await experiments.GetByNameAsync(experiment, cancellationToken);
        if (!found.IsSuccess && found.Error.Code == ErrorCode.NotFound)
        {
            found = await experiments.CreateAsync(actor, experiment, null, null, null, cancellationToken);
            if (!found.IsSuccess && found.Error.Code == ErrorCode.AlreadyExists)
            {
                found = await experiments.GetByNameAsync(experiment, cancellationToken);
            }
        }

        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var tags = new List<KeyValue> { new(JobIdTag, jobId.ToString()), new("mlflow.source.type", "JOB"), new("mlflow.source.name", sourceName) };
        if (parentRunId is not null)
        {
            tags.Add(new(TrackingLimits.ParentRunTag, parentRunId));
        }

        var run = await runs.CreateAsync(actor, new CreateRun(found.Value.ExperimentId, null, runName, null, tags, RunSource.Job), cancellationToken);
        if (!run.IsSuccess)
        {
            return run.Error;
        }

        var runId = run.Value.Info.RunId;
        var scheduled = await runs.UpdateAsync(actor, runId, "SCHEDULED", null, null, cancellationToken);
        return scheduled.IsSuccess ? runId : scheduled.Error;
    }

    public Task<Result<RunInfoDto>> SetStatusAsync(Actor actor, string runId, string status, CancellationToken cancellationToken) =>
        runs.UpdateAsync(actor, runId, status, null, null, cancellationToken);

    /// <summary>
    /// Finishes a successful training in one transaction: the final metrics, params and tags, the records
    /// <paramref name="addRecords"/> adds (the trained model row), and the run's FINISHED status with its audit record.
    /// So a trained model is never recorded on a run that lacks its final metrics or is still RUNNING, and a node that dies
    /// part-way leaves none of it (the job's re-run then trains again).
    /// </summary>
    public async Task<Result<bool>> CompleteAsync(
        Actor actor, string runId, IReadOnlyDictionary<string, double> metrics, IReadOnlyDictionary<string, string> parameters, IReadOnlyDictionary<string, string> tags,
        Action<PortalDbContext> addRecords, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(addRecords);
        var batch = RunIngest.Check(runId, Batch(metrics, parameters, tags));
        if (!batch.IsSuccess)
        {
            return batch.Error;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var logged = await RunIngest.WriteAsync(db, batch.Value, cancellationToken);
        if (!logged.IsSuccess)
        {
            return logged.Error;
        }

        addRecords(db);
        var finished = await runs.StageStatusAsync(db, actor, runId, "FINISHED", cancellationToken);
        if (!finished.IsSuccess)
        {
            return finished.Error;
        }

        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return true;
    }

    public Task<Result<bool>> LogAsync(string runId, IReadOnlyDictionary<string, double>? metrics, IReadOnlyDictionary<string, string>? parameters, IReadOnlyDictionary<string, string>? tags, CancellationToken cancellationToken) =>
        ingest.LogBatchAsync(runId, Batch(metrics, parameters, tags), cancellationToken);

    /// <summary>Step-0 metrics stamped now, with params and tags, as one batch.</summary>
    private LogBatch Batch(IReadOnlyDictionary<string, double>? metrics, IReadOnlyDictionary<string, string>? parameters, IReadOnlyDictionary<string, string>? tags)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        return new LogBatch(
            (metrics ?? new Dictionary<string, double>()).Select(m => new MetricValue(m.Key, m.Value, now, 0)).ToList(),
            (parameters ?? new Dictionary<string, string>()).Select(p => new KeyValue(p.Key, p.Value)).ToList(),
            (tags ?? new Dictionary<string, string>()).Select(t => new KeyValue(t.Key, t.Value)).ToList());
    }

    /// <summary>Per-round metrics: collected from the training thread, written in batches by <see cref="FlushAsync"/>.</summary>
    /// <remarks>
    /// <paramref name="alreadyLogged"/>: (key, step) points an earlier attempt of the same job wrote before its node died;
    /// a re-run trains the same rounds again (same seed) and skips them, so the run's history holds each round once.
    /// </remarks>
    public sealed class RoundBuffer(IReadOnlySet<(string Key, long Step)>? alreadyLogged = null)
    {
        private readonly ConcurrentQueue<MetricValue> _pending = new();

        public void Add(IterationMetrics iteration, long timestampMs)
        {
            ArgumentNullException.ThrowIfNull(iteration);
            foreach (var (key, value) in iteration.Values)
            {
                if (alreadyLogged?.Contains((key, iteration.Iteration)) == true)
                {
                    continue;
                }

                _pending.Enqueue(new MetricValue(key, value, timestampMs, iteration.Iteration));
            }
        }

        public List<MetricValue> Drain(int max)
        {
            var list = new List<MetricValue>();
            while (list.Count < max && _pending.TryDequeue(out var m))
            {
                list.Add(m);
            }

            return list;
        }
    }

    /// <summary>The (key, step) metric points already in the run (what an earlier, interrupted attempt logged).</summary>
    public async Task<HashSet<(string Key, long Step)>> LoggedPointsAsync(string runId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var id = Guid.ParseExact(runId, "N");
        var chunks = await db.MetricChunks.AsNoTracking().Where(m => m.RunId == id).Select(m => new { m.Key, m.Steps }).ToListAsync(cancellationToken);
        return chunks.SelectMany(c => c.Steps.Select(step => (c.Key, step))).ToHashSet();
    }

    public async Task FlushAsync(string runId, RoundBuffer buffer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        while (buffer.Drain(TrackingLimits.MaxMetricsPerBatch) is { Count: > 0 } metrics)
        {
            var written = await ingest.LogBatchAsync(runId, new LogBatch(metrics, [], []), cancellationToken);
            if (!written.IsSuccess)
            {
                return;
            }
        }
    }
}
