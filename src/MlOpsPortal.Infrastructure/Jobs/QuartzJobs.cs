using Quartz;

namespace MlOpsPortal.Infrastructure.Jobs;

/// <summary>How portal jobs map onto Quartz: one durable, recoverable JobDetail per job id, one trigger per attempt.</summary>
internal static class QuartzJobs
{
    public const string Group = "portal-jobs";

    public static JobKey KeyOf(Guid jobId) => new(jobId.ToString("D"), Group);

    public static IJobDetail Detail(Guid jobId, string kind) => JobBuilder.Create<PortalJobRunner>()
        .WithIdentity(KeyOf(jobId))
        .WithDescription(kind)
        .StoreDurably()
        .RequestRecovery()
        .Build();

    /// <summary>A fire-now trigger; its key is unique per (job, attempt) so a repeated schedule of the same attempt is a no-op.</summary>
    public static ITrigger Trigger(Guid jobId, string attemptKey, DateTimeOffset? startAt = null) => TriggerBuilder.Create()
        .WithIdentity(jobId.ToString("D") + ":" + attemptKey, Group)
        .ForJob(KeyOf(jobId))
        .StartAt(startAt ?? DateTimeOffset.UtcNow)
        .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
        .Build();

    public static async Task ScheduleAsync(ISchedulerFactory factory, Guid jobId, string kind, string attemptKey, CancellationToken cancellationToken, DateTimeOffset? startAt = null)
    {
        var scheduler = await factory.GetScheduler(cancellationToken);
        var trigger = Trigger(jobId, attemptKey, startAt);
        if (await scheduler.GetTrigger(trigger.Key, cancellationToken) is not null)
        {
            return;
        }

        try
        {
            if (await scheduler.GetJobDetail(KeyOf(jobId), cancellationToken) is not null)
            {
                await scheduler.ScheduleJob(trigger, default, cancellationToken);
            }
            else
            {
                await scheduler.ScheduleJob(Detail(jobId, kind), [trigger], default, cancellationToken);
            }
        }
        catch (ObjectAlreadyExistsException)
        {
            // A concurrent enqueue of the same job and attempt won the race: the job is scheduled once, which is the goal.
        }
    }
}
