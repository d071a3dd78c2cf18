using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Infrastructure.Persistence;
using Quartz;

namespace MlOpsPortal.Infrastructure.Jobs;

/// <summary>
/// The one Quartz job class behind every portal job: loads the job row, marks it Running with this node's id, runs the
/// <see cref="IJobHandler"/> registered for the row's kind with an <see cref="IJobContext"/>, and records the outcome.
/// A heartbeat flushes progress and log to the row about once a second and reads the cancel flag, so a cancel from any
/// node stops the job within about a second. The token given to the handler also fires on Quartz interrupt and on host
/// shutdown; a job stopped by shutdown goes back to Queued and is scheduled again.
/// </summary>
internal sealed partial class PortalJobRunner(
    IServiceScopeFactory scopes,
    IDbContextFactory<PortalDbContext> dbFactory,
    ISchedulerFactory quartz,
    RunningJobs running,
    JobConcurrency concurrency,
    JobEventHub events,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    IOptions<JobOptions> options,
    ILogger<PortalJobRunner> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var jobId = Guid.Parse(context.JobDetail.Key.Name);
        using var activity = new Activity("MlOpsPortal.Job").Start();
        using var logScope = logger.BeginScope("JobId:{JobId} TraceId:{TraceId}", jobId, activity.TraceId.ToString());
        var kind = context.JobDetail.Description ?? string.Empty;
        using var slot = await concurrency.TryAcquireAsync(kind, cancellationToken);
        if (slot is null)
        {
            await DeferAsync(jobId, kind, context.Recovering, context.Scheduler.SchedulerInstanceId, cancellationToken);
            return;
        }

        var row = await StartAsync(jobId, context.Scheduler.SchedulerInstanceId, context.Recovering, activity.TraceId.ToString(), cancellationToken);
        if (row is null)
        {
            return;
        }

        var state = new JobExecutionState(row, row.Attempts);
        using var userCancel = new CancellationTokenSource();
        using var registration = running.Register(jobId, userCancel);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(userCancel.Token, cancellationToken, lifetime.ApplicationStopping);
        using var stopHeartbeat = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(row, state, userCancel, stopHeartbeat.Token);
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

        await FinishAsync(row, state, outcome, CancellationToken.None);
    }

    /// <summary>
    /// No free slot for the kind on this node: the job stays (or, when recovering a dead node's job, goes back to) Queued
    /// and gets a new trigger <see cref="DeferDelay"/> later, which any node may take.
    /// </summary>
    private async Task DeferAsync(Guid jobId, string kind, bool recovering, string node, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var step = $"Waiting for a free {kind} slot (per-node limit reached on {node})";
            var changed = await db.Jobs.Where(j => j.Id == jobId && !j.CancelRequested && (j.Status == JobStatus.Queued || (recovering && j.Status == JobStatus.Running)))
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, JobStatus.Queued).SetProperty(j => j.Step, step).SetProperty(j => j.UpdatedAt, now), cancellationToken);
            if (changed == 0)
            {
                return;
            }

            if (await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken) is { } queued)
            {
                events.Publish(queued.ToDto());
            }
        }

        await QuartzJobs.ScheduleAsync(quartz, jobId, kind, "wait-" + now.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken, now + DeferDelay);
    }

    internal static readonly TimeSpan DeferDelay = TimeSpan.FromSeconds(2);

    private async Task<JobRow?> StartAsync(Guid jobId, string node, bool recovering, string traceId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);
        // Running without Quartz saying "recovering" is a duplicate firing while another execution runs: skip it.
        if (row is null || row.Status.IsTerminal() || (row.Status == JobStatus.Running && !recovering))
        {
            LogNothingToRun(jobId, row?.Status.ToString() ?? "missing");
            return null;
        }

        var now = time.GetUtcNow();
        if (row.CancelRequested)
        {
            await db.Jobs.Where(j => j.Id == jobId && j.Status != JobStatus.Succeeded)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, JobStatus.Cancelled).SetProperty(j => j.FinishedAt, now).SetProperty(j => j.UpdatedAt, now), cancellationToken);
            return null;
        }

        var attempts = row.Attempts;
        var log = row.Log.Append($"{now:u} attempt {attempts + 1} started on {node}{(row.Status == JobStatus.Running ? " (recovered after a node failure)" : string.Empty)}")
            .TakeLast(JobRow.LogLines).ToList();
        // Conditional: if the job was cancelled or started elsewhere since it was read, this execution does nothing.
        var changed = await db.Jobs
            .Where(j => j.Id == jobId && j.Attempts == attempts && !j.CancelRequested && (j.Status == JobStatus.Queued || j.Status == JobStatus.Running))
            .ExecuteUpdateAsync(
                s => s.SetProperty(j => j.Status, JobStatus.Running)
                    .SetProperty(j => j.Node, node)
                    .SetProperty(j => j.StartedAt, now)
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
            return null;
        }

        var started = await db.Jobs.AsNoTracking().SingleAsync(j => j.Id == jobId, cancellationToken);
        events.Publish(started.ToDto());
        return started;
    }

    private async Task HeartbeatAsync(JobRow row, JobExecutionState state, CancellationTokenSource userCancel, CancellationToken stop)
    {
        var period = TimeSpan.FromMilliseconds(Math.Max(50, options.Value.HeartbeatMilliseconds));
        using var timer = new PeriodicTimer(period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                await BeatAsync(row, state, userCancel, stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The job finished; the final state is written by FinishAsync.
        }
    }

    private async Task BeatAsync(JobRow row, JobExecutionState state, CancellationTokenSource userCancel, CancellationToken stop)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(stop);
            if (state.TakeChanges() is { } changes)
            {
                var now = time.GetUtcNow();
                await db.Jobs.Where(j => j.Id == row.Id && j.Status == JobStatus.Running)
                    .ExecuteUpdateAsync(
                        s => s.SetProperty(j => j.Progress, changes.Progress).SetProperty(j => j.Step, changes.Step)
                            .SetProperty(j => j.Log, changes.Log).SetProperty(j => j.UpdatedAt, now),
                        stop);
                (row.Progress, row.Step, row.Log, row.UpdatedAt) = (changes.Progress, changes.Step, changes.Log, now);
                events.Publish(row.ToDto());
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
        var log = changes.Log.Append($"{now:u} {outcome.Status}{(outcome.Error is null ? string.Empty : ": " + JobMapping.FirstLine(outcome.Error))}")
            .TakeLast(JobRow.LogLines).ToList();
        var progress = outcome.Status == JobStatus.Succeeded ? 100 : changes.Progress;
        var step = outcome.Status == JobStatus.Succeeded ? "Done" : outcome.Status == JobStatus.Queued ? outcome.Message : changes.Step;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Jobs.Where(j => j.Id == row.Id && j.Status == JobStatus.Running && j.Attempts == row.Attempts)
            .ExecuteUpdateAsync(
                s => s.SetProperty(j => j.Status, outcome.Status)
                    .SetProperty(j => j.Progress, progress)
                    .SetProperty(j => j.Step, step)
                    .SetProperty(j => j.Log, log)
                    .SetProperty(j => j.FinishedAt, outcome.Status == JobStatus.Queued ? null : now)
                    .SetProperty(j => j.Error, outcome.Error == null ? null : JobMapping.FirstLine(outcome.Error))
                    .SetProperty(j => j.ErrorDetails, outcome.Details ?? outcome.Error)
                    .SetProperty(j => j.Result, outcome.Status == JobStatus.Succeeded ? outcome.Message : null)
                    .SetProperty(j => j.UpdatedAt, now),
                cancellationToken);
        var final = await db.Jobs.AsNoTracking().SingleAsync(j => j.Id == row.Id, cancellationToken);
        events.Publish(final.ToDto());
        LogJobFinished(row.Id, row.Kind, outcome.Status.ToString());
        if (outcome.Status == JobStatus.Queued)
        {
            try
            {
                await QuartzJobs.ScheduleAsync(quartz, row.Id, row.Kind, "resume-" + now.UtcTicks, cancellationToken);
            }
            catch (SchedulerException ex)
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Heartbeat of job {JobId} failed; retrying on the next beat")]
    private partial void LogHeartbeatFailed(Exception exception, Guid jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} was interrupted by shutdown and could not be rescheduled; it stays Queued")]
    private partial void LogResumeNotScheduled(Exception exception, Guid jobId);
}
