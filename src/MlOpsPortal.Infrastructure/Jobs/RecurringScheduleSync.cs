using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MlOpsPortal.Infrastructure.Jobs;

/// <summary>An owner of cron schedules (recipes, monitors) that can re-apply all of them to Hangfire.</summary>
public interface IRecurringScheduleOwner
{
    Task SyncSchedulesAsync(CancellationToken cancellationToken);
}

/// <summary>
/// At start, every node re-applies the schedules stored on recipes and monitors as Hangfire recurring jobs. Applying an
/// unchanged schedule keeps its last and next execution, so this never adds a firing; it restores schedules that Hangfire
/// lost (a fresh Hangfire schema, or schedules created under Quartz before the move).
/// </summary>
internal sealed partial class RecurringScheduleSync(IEnumerable<IRecurringScheduleOwner> owners, ILogger<RecurringScheduleSync> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var owner in owners)
        {
            try
            {
                await owner.SyncSchedulesAsync(stoppingToken);
            }
#pragma warning disable CA1031 // A failed sync is logged; schedules saved later are applied when saved.
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                LogSyncFailed(ex, owner.GetType().Name);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Re-applying the cron schedules of {Owner} to Hangfire failed")]
    private partial void LogSyncFailed(Exception exception, string owner);
}
