using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Infrastructure.Persistence;
using Quartz;

namespace MlOpsPortal.Infrastructure.Jobs;

/// <summary>
/// Repairs Queued jobs whose Quartz trigger vanished (a crash between the commit of the job row and the schedule call,
/// or a trigger removed by hand). Rule: every <c>Jobs:SweepIntervalSeconds</c> (default 60) each running node looks for
/// rows Queued, not cancelled and unchanged for more than <c>Jobs:StaleQueuedSeconds</c> (default 120) whose Quartz job
/// has no trigger, and schedules <c>{id}:sweep-{bucket}</c>; the bucket is the sweep period the check falls in, so
/// several nodes sweeping at once schedule one trigger. A job that waits for a concurrency slot has its wait trigger
/// and is left alone.
/// </summary>
internal sealed partial class StaleQueuedSweep(
    IDbContextFactory<PortalDbContext> dbFactory,
    ISchedulerFactory quartz,
    IOptions<JobOptions> options,
    TimeProvider time,
    ILogger<StaleQueuedSweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromSeconds(Math.Max(1, options.Value.SweepIntervalSeconds));
        using var timer = new PeriodicTimer(period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await SweepAsync(period, stoppingToken);
                }
#pragma warning disable CA1031 // A failed sweep (database or scheduler hiccup) is logged; the next period retries.
                catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
                {
                    LogSweepFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutdown.
        }
    }

    internal async Task<int> SweepAsync(TimeSpan period, CancellationToken cancellationToken)
    {
        var scheduler = await quartz.GetScheduler(cancellationToken);
        if (scheduler.Status != SchedulerStatus.Running)
        {
            return 0;
        }

        var now = time.GetUtcNow();
        var cutoff = now - TimeSpan.FromSeconds(Math.Max(1, options.Value.StaleQueuedSeconds));
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stale = await db.Jobs.AsNoTracking()
            .Where(j => j.Status == JobStatus.Queued && !j.CancelRequested && j.UpdatedAt < cutoff)
            .OrderBy(j => j.CreatedAt).Take(500).Select(j => new { j.Id, j.Kind }).ToListAsync(cancellationToken);
        var bucket = now.UtcTicks / Math.Max(1, period.Ticks);
        var repaired = 0;
        foreach (var job in stale)
        {
            if ((await scheduler.GetTriggersOfJob(QuartzJobs.KeyOf(job.Id), cancellationToken)).Count > 0)
            {
                continue;
            }

            await QuartzJobs.ScheduleAsync(quartz, job.Id, job.Kind, "sweep-" + bucket.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
            LogRescheduled(job.Id, job.Kind);
            repaired++;
        }

        return repaired;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} ({Kind}) was Queued without a trigger; scheduled it again")]
    private partial void LogRescheduled(Guid jobId, string kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The stale-Queued sweep failed; it runs again next period")]
    private partial void LogSweepFailed(Exception exception);
}
