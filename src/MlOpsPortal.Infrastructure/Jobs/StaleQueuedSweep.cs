using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Infrastructure.Persistence;

namespace MlOpsPortal.Infrastructure.Jobs;

/// <summary>
/// Repairs jobs that lost their Hangfire delivery (a crash between the commit of the job row and the dispatch, a
/// delivery deleted from the dashboard, or a redelivery that ended while the owner still looked alive). Rule: every
/// <c>Jobs:SweepIntervalSeconds</c> (default 60) each node that runs jobs looks for rows Queued, not cancelled and
/// unchanged for more than <c>Jobs:StaleQueuedSeconds</c> (default 120), and rows Running whose lease
/// (<c>Jobs:LeaseSeconds</c>) expired, whose latest delivery is no longer pending in Hangfire, and dispatches them
/// again. Two nodes sweeping at once may dispatch one job twice: the runner's conditional claim runs it once.
/// </summary>
internal sealed partial class StaleQueuedSweep(
    IDbContextFactory<PortalDbContext> dbFactory,
    JobDispatcher dispatcher,
    JobNodeSettings node,
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
                    await SweepAsync(stoppingToken);
                }
#pragma warning disable CA1031 // A failed sweep (database or Hangfire storage hiccup) is logged; the next period retries.
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

    internal async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        if (!node.Enabled)
        {
            return 0;
        }

        var now = time.GetUtcNow();
        var cutoff = now - TimeSpan.FromSeconds(Math.Max(1, options.Value.StaleQueuedSeconds));
        var leaseCutoff = now - TimeSpan.FromSeconds(Math.Max(2, options.Value.LeaseSeconds) * 2);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stale = await db.Jobs.AsNoTracking()
            .Where(j => !j.CancelRequested && ((j.Status == JobStatus.Queued && j.UpdatedAt < cutoff)
                || (j.Status == JobStatus.Running && (j.HeartbeatAt == null || j.HeartbeatAt < leaseCutoff))))
            .OrderBy(j => j.CreatedAt).Take(500).Select(j => new { j.Id, j.Kind, j.Queue, j.DispatchId }).ToListAsync(cancellationToken);
        var repaired = 0;
        foreach (var job in stale)
        {
            if (dispatcher.IsPending(job.DispatchId))
            {
                continue;
            }

            await dispatcher.DispatchAsync(job.Id, job.Queue, cancellationToken);
            LogRescheduled(job.Id, job.Kind);
            repaired++;
        }

        return repaired;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} ({Kind}) had no pending Hangfire delivery; dispatched it again")]
    private partial void LogRescheduled(Guid jobId, string kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The stale-Queued sweep failed; it runs again next period")]
    private partial void LogSweepFailed(Exception exception);
}
