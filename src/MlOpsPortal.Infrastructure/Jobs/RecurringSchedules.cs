using System.Globalization;
using System.Linq.Expressions;
using Cronos;
using Hangfire;
using Hangfire.Common;
using Hangfire.Server;
using Hangfire.Storage;

namespace MlOpsPortal.Infrastructure.Jobs;

/// <summary>
/// Cron schedules of portal objects (recipes, monitors) as Hangfire recurring jobs: one per object, id
/// <c>{group}:{object id}</c>, cron with seconds first, in UTC. Hangfire's recurring scheduler runs on every node under a
/// distributed lock, so one node fires each occurrence; a fire missed while every node was down runs once when a node is
/// back (<see cref="MisfireHandlingMode.Relaxed"/>), not once per missed slot.
/// </summary>
public sealed class RecurringSchedules(IRecurringJobManager manager, JobStorage storage)
{
    /// <summary>Queue of the (tiny) fire jobs: they only record the firing and enqueue the real job with its own priority.</summary>
    public static readonly string FireQueue = JobQueues.Name(JobQueues.Cpu, "high");

    public static string Id(string group, Guid ownerId) => $"{group}:{ownerId:D}";

    /// <summary>Replaces the object's schedule with <paramref name="cron"/>, or removes it when null.</summary>
    public void Apply<TFire>(string group, Guid ownerId, string? cron, Expression<Func<TFire, Task>> fire)
    {
        var id = Id(group, ownerId);
        if (cron is null)
        {
            manager.RemoveIfExists(id);
            return;
        }

        manager.AddOrUpdate(id, Job.FromExpression(fire, FireQueue), cron, new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc, MisfireHandling = MisfireHandlingMode.Relaxed });
    }

    public void Remove(string group, Guid ownerId) => manager.RemoveIfExists(Id(group, ownerId));

    public DateTimeOffset? NextFireTime(string group, Guid ownerId)
    {
        using var connection = storage.GetConnection();
        var job = connection.GetRecurringJobs([Id(group, ownerId)]).FirstOrDefault();
        return job?.NextExecution is { } next ? new DateTimeOffset(DateTime.SpecifyKind(next, DateTimeKind.Utc)) : null;
    }

    /// <summary>The occurrence a recurring fire stands for (Hangfire's <c>Time</c> parameter), else the fire job's creation time.</summary>
    public static DateTimeOffset ScheduledFor(PerformContext? context, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        if (context?.GetJobParameter<string>("Time") is { } text && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var stamp))
        {
            return stamp > 100_000_000_000 ? DateTimeOffset.FromUnixTimeMilliseconds(stamp) : DateTimeOffset.FromUnixTimeSeconds(stamp);
        }

        return context?.BackgroundJob?.CreatedAt is { } created ? new DateTimeOffset(DateTime.SpecifyKind(created, DateTimeKind.Utc)) : time.GetUtcNow();
    }

    /// <summary>The id of a scheduled firing: derived from the object and the scheduled instant, so a repeated fire of one instant (another node, a redelivery) is one firing.</summary>
    public static Guid FiringId(Guid ownerId, DateTimeOffset scheduledFor)
    {
        Span<byte> input = stackalloc byte[24];
        ownerId.TryWriteBytes(input);
        BitConverter.TryWriteBytes(input[16..], scheduledFor.ToUnixTimeMilliseconds());
        return new Guid(System.Security.Cryptography.SHA256.HashData(input).AsSpan(0, 16));
    }
}

/// <summary>
/// The portal's cron dialect, the one Hangfire's recurring jobs accept: six fields, seconds first
/// (<c>seconds minutes hours day-of-month month day-of-week</c>), <c>?</c> allowed, day names or 0-7 (0 and 7 = Sunday).
/// </summary>
public static class PortalCron
{
    public const string Format = "seconds minutes hours day-of-month month day-of-week";

    public static bool TryParse(string? text, out CronExpression? expression)
    {
        expression = null;
        if (string.IsNullOrWhiteSpace(text) || text.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).Length != 6)
        {
            return false;
        }

        return CronExpression.TryParse(text.Trim(), CronFormat.IncludeSeconds, out expression);
    }

    /// <summary>The next <paramref name="count"/> occurrences after <paramref name="after"/>, in UTC.</summary>
    public static IReadOnlyList<DateTimeOffset> Next(CronExpression expression, DateTimeOffset after, int count)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var next = new List<DateTimeOffset>(count);
        var from = after;
        while (next.Count < count && expression.GetNextOccurrence(from, TimeZoneInfo.Utc) is { } t)
        {
            next.Add(t);
            from = t;
        }

        return next;
    }
}
