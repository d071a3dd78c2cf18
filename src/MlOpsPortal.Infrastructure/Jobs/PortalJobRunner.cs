using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Infrastructure.Persistence;

namespace MlOpsPortal.Infrastructure.Jobs;

/// <summary>
/// Runs one delivery of a portal job (called by Hangfire through <see cref="PortalJobEntry"/>): takes a slot of the
/// job's kind, claims the row with a conditional update (Queued, or Running with an expired lease = a dead node's job),
/// runs the <see cref="IJobHandler"/> registered for the row's kind with an <see cref="IJobContext"/>, and records the
/// outcome with this node's id. A heartbeat renews the lease, flushes progress and log about once a second and reads
/// the cancel flag, so a cancel from any node stops the job within about a second. A heartbeat that finds the row owned
/// by a newer attempt stops this execution (fenced out). The handler's token also fires on host shutdown; a job stopped
/// by shutdown goes back to Queued and gets a new delivery.
/// </summary>
internal sealed partial class PortalJobRunner(
    IServiceScopeFactory scopes,
    IDbContextFactory<PortalDbContext> dbFactory,
    JobDispatcher dispatcher,
    JobNodeSettings node,
    RunningJobs running,
    JobConcurrency concurrency,
    JobEventHub events,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    IOptions<JobOptions> options,
    ILogger<PortalJobRunner> logger)
{
    internal static readonly TimeSpan DeferDelay = TimeSpan.FromSeconds(2);

    private TimeSpan Lease => TimeSpan.FromSeconds(Math.Max(2, options.Value.LeaseSeconds));

    public async Task ExecuteAsync(Guid jobId, CancellationToken cancellationToken)
    {
        using var activity = new Activity("MlOpsPortal.Job").Start();
        using var logScope = logger.BeginScope("JobId:{JobId} TraceId:{TraceId}", jobId, activity.TraceId.ToString());
        JobRow? current;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            current = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);
        }

        if (current is null || current.Status.IsTerminal())
        {
            LogNothingToRun(jobId, current?.Status.ToString() ?? "missing");
            return;
        }

        if (current.Status == JobStatus.Running && current.HeartbeatAt is { } beat && time.GetUtcNow() - beat < Lease)
        {
            // A redelivery while the owner is alive (its lease is fresh): check again when the lease would expire, so the
            // job is taken over if the owner dies after all.
            LogNothingToRun(jobId, $"running on {current.Node} (lease fresh)");
            await dispatcher.DispatchAsync(jobId, current.Queue, cancellationToken, beat + Lease - time.GetUtcNow() + TimeSpan.FromSeconds(1));
            return;
        }

        using var slot = await concurrency.TryAcquireAsync(current.Kind, cancellationToken);
        if (slot is null)
        {
            await DeferAsync(current, $"Waiting for a free {current.Kind} slot (per-node limit reached on {node.NodeId})", cancellationToken);
            return;
        }

        var (row, waitReason) = await StartAsync(current, await concurrency.UserQuotaAsync(cancellationToken), activity.TraceId.ToString(), cancellationToken);
        if (waitReason is not null)
        {
            await DeferAsync(current, waitReason, cancellationToken);
            return;
        }

        if (row is null)
        {
            return;
        }

        var state = new JobExecutionState(row, row.Attempts);
        using var userCancel = new CancellationTokenSource();
        using var fenced = new CancellationTokenSource();
        using var registration = running.Register(jobId, userCancel);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(userCancel.Token, fenced.Token, cancellationToken, lifetime.ApplicationStopping);
        using var stopHeartbeat = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(row, state, userCancel, fenced, stopHeartbeat.Token);
        Outcome outcome;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var handler = scope.ServiceProvider.GetKeyedService<IJobHandler>(row.Kind);
            if (handler is null)
            {
                outcome = Outcome.Failed($"No handler is registered for job kind '{row.Kind}'.", null);
            }
            else
            {
                var result = await handler.RunAsync(state, linked.Token);
                outcome = userCancel.IsCancellationRequested && !result.IsSuccess ? Outcome.Cancelled()
                    : result.IsSuccess ? new Outcome(JobStatus.Succeeded, result.Value, null, null)
                    : Outcome.Failed(result.Error.Message, null);
            }
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            outcome = userCancel.IsCancellationRequested ? Outcome.Cancelled() : new Outcome(JobStatus.Queued, "Interrupted by node shutdown; it will run again", null, null);
        }
#pragma warning disable CA1031 // Any failure of a job's work must be recorded on the job and logged, never crash the worker thread.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogJobFailed(ex, jobId, row.Kind, activity.TraceId.ToString());
            outcome = Outcome.Failed(ex.Message, ex.ToString());
        }
        finally
        {
            await stopHeartbeat.CancelAsync();
            await heartbeat;
        }

        if (fenced.IsCancellationRequested)
        {
            LogFencedOut(jobId, row.Attempts);
            return;
        }

        await FinishAsync(row, state, outcome, CancellationToken.None);
    }

    /// <summary>
    /// No free slot for the kind on this node, or the requester is at the per-user quota: the job stays (or, when taking
    /// over a dead node's job, goes back to) Queued with the reason as its step, and gets a new delivery
    /// <see cref="DeferDelay"/> later, which any node may take.
    /// </summary>
    private async Task DeferAsync(JobRow current, string step, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var staleBefore = now - Lease;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var changed = await db.Jobs.Where(j => j.Id == current.Id && !j.CancelRequested
                    && (j.Status == JobStatus.Queued || (j.Status == JobStatus.Running && (j.HeartbeatAt == null || j.HeartbeatAt < staleBefore))))
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, JobStatus.Queued).SetProperty(j => j.Step, step).SetProperty(j => j.UpdatedAt, now), cancellationToken);
            if (changed == 0)
            {
                return;
            }

            if (await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == current.Id, cancellationToken) is { } queued)
            {
                events.Publish(queued.ToDto());
            }
        }

        await dispatcher.DispatchAsync(current.Id, current.Queue, cancellationToken, DeferDelay);
    }

    private async Task<(JobRow? Row, string? WaitReason)> StartAsync(JobRow current, int? userQuota, string traceId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var jobId = current.Id;
        var now = time.GetUtcNow();
        if (current.CancelRequested)
        {
            await db.Jobs.Where(j => j.Id == jobId && j.Status != JobStatus.Succeeded && j.Status != JobStatus.Failed)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, JobStatus.Cancelled).SetProperty(j => j.FinishedAt, now).SetProperty(j => j.UpdatedAt, now), cancellationToken);
            return (null, null);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (userQuota is { } quota && current.RequesterUserId is { } user)
        {
            // One claim at a time per user over all nodes (the lock ends with the transaction), so the quota holds exactly.
            var lockKey = "mlops-user-quota:" + user;
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({lockKey}))", cancellationToken);
            var runningForUser = await db.Jobs.CountAsync(j => j.RequesterUserId == user && j.Status == JobStatus.Running && j.Id != jobId, cancellationToken);
            if (runningForUser >= quota)
            {
                return (null, $"Waiting: {current.Requester} already runs {runningForUser} job(s) (per-user limit {quota})");
            }
        }

        var attempts = current.Attempts;
        var recovering = current.Status == JobStatus.Running;
        var staleBefore = now - Lease;
        var log = current.Log.Append($"{now:u} attempt {attempts + 1} started on {node.NodeId}{(recovering ? $" (recovered after a node failure of {current.Node})" : string.Empty)}")
            .TakeLast(JobRow.LogLines).ToList();
        // The claim: only one delivery moves this attempt on. A Running row is taken over only when its lease expired.
        var changed = await db.Jobs
            .Where(j => j.Id == jobId && j.Attempts == attempts && !j.CancelRequested
                && (j.Status == JobStatus.Queued || (j.Status == JobStatus.Running && (j.HeartbeatAt == null || j.HeartbeatAt < staleBefore))))
            .ExecuteUpdateAsync(
                s => s.SetProperty(j => j.Status, JobStatus.Running)
                    .SetProperty(j => j.Node, node.NodeId)
                    .SetProperty(j => j.StartedAt, now)
                    .SetProperty(j => j.HeartbeatAt, now)
                    .SetProperty(j => j.Attempts, attempts + 1)
                    .SetProperty(j => j.Progress, 0)
                    .SetProperty(j => j.Step, "Started")
                    .SetProperty(j => j.Log, log)
                    .SetProperty(j => j.TraceId, traceId)
                    .SetProperty(j => j.UpdatedAt, now),
                cancellationToken);
        if (changed == 0)
        {
            LogNothingToRun(jobId, "changed concurrently");
            return (null, null);
        }

        await transaction.CommitAsync(cancellationToken);
        var started = await db.Jobs.AsNoTracking().SingleAsync(j => j.Id == jobId, cancellationToken);
        events.Publish(started.ToDto());
        return (started, null);
    }

    private async Task HeartbeatAsync(JobRow row, JobExecutionState state, CancellationTokenSource userCancel, CancellationTokenSource fenced, CancellationToken stop)
    {
        var period = TimeSpan.FromMilliseconds(Math.Max(50, options.Value.HeartbeatMilliseconds));
        using var timer = new PeriodicTimer(period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                await BeatAsync(row, state, userCancel, fenced, stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The job finished; the final state is written by FinishAsync.
        }
    }

    private async Task BeatAsync(JobRow row, JobExecutionState state, CancellationTokenSource userCancel, CancellationTokenSource fenced, CancellationToken stop)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(stop);
            var now = time.GetUtcNow();
            var owned = db.Jobs.Where(j => j.Id == row.Id && j.Status == JobStatus.Running && j.Attempts == row.Attempts);
            int renewed;
            if (state.TakeChanges() is { } changes)
            {
                renewed = await owned.ExecuteUpdateAsync(
                    s => s.SetProperty(j => j.Progress, changes.Progress).SetProperty(j => j.Step, changes.Step)
                        .SetProperty(j => j.Log, changes.Log).SetProperty(j => j.HeartbeatAt, now).SetProperty(j => j.UpdatedAt, now),
                    stop);
                (row.Progress, row.Step, row.Log, row.UpdatedAt) = (changes.Progress, changes.Step, changes.Log, now);
                events.Publish(row.ToDto());
            }
            else
            {
                renewed = await owned.ExecuteUpdateAsync(s => s.SetProperty(j => j.HeartbeatAt, now), stop);
            }

            if (renewed == 0)
            {
                // Another node took the job over (this node's heartbeats stalled past the lease): stop, write nothing.
                await fenced.CancelAsync();
                return;
            }

            if (await db.Jobs.Where(j => j.Id == row.Id).Select(j => j.CancelRequested).FirstOrDefaultAsync(stop))
            {
                await userCancel.CancelAsync();
            }
        }
#pragma warning disable CA1031 // A failed heartbeat (database hiccup) must not kill the job; the next beat retries.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            LogHeartbeatFailed(ex, row.Id);
        }
    }

    private async Task FinishAsync(JobRow row, JobExecutionState state, Outcome outcome, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var changes = state.TakeChanges(force: true)!.Value;
        var log = changes.Log.Append($"{now:u} {outcome.Status} on {node.NodeId}{(outcome.Error is null ? string.Empty : ": " + JobMapping.FirstLine(outcome.Error))}")
            .TakeLast(JobRow.LogLines).ToList();
        var progress = outcome.Status == JobStatus.Succeeded ? 100 : changes.Progress;
        var step = outcome.Status == JobStatus.Succeeded ? "Done" : outcome.Status == JobStatus.Queued ? outcome.Message : changes.Step;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var changed = await db.Jobs.Where(j => j.Id == row.Id && j.Status == JobStatus.Running && j.Attempts == row.Attempts)
            .ExecuteUpdateAsync(
                s => s.SetProperty(j => j.Status, outcome.Status)
                    .SetProperty(j => j.Progress, progress)
                    .SetProperty(j => j.Step, step)
                    .SetProperty(j => j.Log, log)
                    .SetProperty(j => j.Node, node.NodeId)
                    .SetProperty(j => j.HeartbeatAt, (DateTimeOffset?)null)
                    .SetProperty(j => j.FinishedAt, outcome.Status == JobStatus.Queued ? null : now)
                    .SetProperty(j => j.Error, outcome.Error == null ? null : JobMapping.FirstLine(outcome.Error))
                    .SetProperty(j => j.ErrorDetails, outcome.Details ?? outcome.Error)
                    .SetProperty(j => j.Result, outcome.Status == JobStatus.Succeeded ? outcome.Message : null)
                    .SetProperty(j => j.UpdatedAt, now),
                cancellationToken);
        var final = await db.Jobs.AsNoTracking().SingleAsync(j => j.Id == row.Id, cancellationToken);
        events.Publish(final.ToDto());
        LogJobFinished(row.Id, row.Kind, outcome.Status.ToString());
        if (changed > 0 && outcome.Status == JobStatus.Queued)
        {
            try
            {
                await dispatcher.DispatchAsync(row.Id, row.Queue, cancellationToken);
            }
#pragma warning disable CA1031 // The stale sweep dispatches the job again when this fails (the database went away with the node).
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogResumeNotScheduled(ex, row.Id);
            }
        }
    }

    private sealed record Outcome(JobStatus Status, string? Message, string? Error, string? Details)
    {
        public static Outcome Cancelled() => new(JobStatus.Cancelled, null, null, null);

        public static Outcome Failed(string error, string? details) => new(JobStatus.Failed, null, error, details);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId} ({Kind}) failed; trace id {TraceId}")]
    private partial void LogJobFailed(Exception exception, Guid jobId, string kind, string traceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} ({Kind}) finished: {Status}")]
    private partial void LogJobFinished(Guid jobId, string kind, string status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} not run: {Reason}")]
    private partial void LogNothingToRun(Guid jobId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} attempt {Attempt} was taken over by another node; this execution stopped without writing its outcome")]
    private partial void LogFencedOut(Guid jobId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Heartbeat of job {JobId} failed; retrying on the next beat")]
    private partial void LogHeartbeatFailed(Exception exception, Guid jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} was interrupted by shutdown and could not be dispatched again; it stays Queued")]
    private partial void LogResumeNotScheduled(Exception exception, Guid jobId);
}
