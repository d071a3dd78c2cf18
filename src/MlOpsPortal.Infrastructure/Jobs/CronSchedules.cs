using Quartz;

namespace MlOpsPortal.Infrastructure.Jobs;

/// <summary>
/// Cron schedules of portal objects (recipes, monitors) as durable Quartz jobs in the clustered store: one job and one
/// cron trigger per object, keyed by its id within a group, UTC, misfires after downtime fire once (FireAndProceed).
/// </summary>
internal static class CronSchedules
{
    /// <summary>Replaces the object's schedule with <paramref name="cron"/>, or removes it when null.</summary>
    public static async Task ApplyAsync<TJob>(ISchedulerFactory quartz, string group, Guid id, string dataKey, string? cron, CancellationToken cancellationToken)
        where TJob : IJob
    {
        await RemoveAsync(quartz, group, id, cancellationToken);
        if (cron is null)
        {
            return;
        }

        var s = await quartz.GetScheduler(cancellationToken);
        var key = new JobKey(id.ToString("D"), group);
        var detail = JobBuilder.Create<TJob>().WithIdentity(key).UsingJobData(dataKey, id.ToString("D")).StoreDurably().Build();
        var trigger = TriggerBuilder.Create()
            .WithIdentity(new TriggerKey(id.ToString("D"), group))
            .ForJob(key)
            .WithCronSchedule(cron, c => c.InTimeZone(TimeZoneInfo.Utc).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
            .Build();
        await s.ScheduleJob(detail, [trigger], new ScheduleJobOptions { Replace = true }, cancellationToken);
    }

    public static async Task RemoveAsync(ISchedulerFactory quartz, string group, Guid id, CancellationToken cancellationToken)
    {
        var s = await quartz.GetScheduler(cancellationToken);
        await s.DeleteJob(new JobKey(id.ToString("D"), group), cancellationToken);
    }

    public static async Task<DateTimeOffset?> NextFireTimeAsync(ISchedulerFactory quartz, string group, Guid id, CancellationToken cancellationToken)
    {
        var s = await quartz.GetScheduler(cancellationToken);
        return (await s.GetTrigger(new TriggerKey(id.ToString("D"), group), cancellationToken))?.NextFireTimeUtc;
    }

    /// <summary>The id of a scheduled firing: derived from the object and the scheduled instant, so a repeated fire of one instant (another node, a retry) is one firing.</summary>
    public static Guid FiringId(Guid ownerId, DateTimeOffset scheduledFor)
    {
        Span<byte> input = stackalloc byte[24];
        ownerId.TryWriteBytes(input);
        BitConverter.TryWriteBytes(input[16..], scheduledFor.ToUnixTimeMilliseconds());
        return new Guid(System.Security.Cryptography.SHA256.HashData(input).AsSpan(0, 16));
    }
}
