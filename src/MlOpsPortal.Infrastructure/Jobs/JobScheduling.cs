using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MlOpsPortal.Infrastructure.Jobs;

/// <summary>
/// Hangfire on the portal's PostgreSQL (its own schema, <c>hangfire</c>): several portal nodes share one database and
/// its queues. Hangfire is the transport (queues, delayed and recurring jobs, redelivery of a dead node's job through
/// the sliding invisibility timeout); the portal's <c>jobs</c> row stays the truth and fences every execution (see
/// <see cref="PortalJobRunner"/>), because Hangfire delivers at least once.
/// </summary>
public static class JobScheduling
{
    /// <summary>The Hangfire schema in the portal's database (created by Hangfire.PostgreSql at start when missing).</summary>
    public const string SchemaName = "hangfire";

    public static IHostApplicationBuilder AddPortalJobs(this IHostApplicationBuilder builder, string connectionString)
    {
        var settings = JobNodeSettings.From(builder.Configuration);
        var storageOptions = new PostgreSqlStorageOptions
        {
            SchemaName = SchemaName,
            PrepareSchemaIfNecessary = true,
            // LISTEN/NOTIFY wakes an idle worker when a job is enqueued; the poll is only the fallback.
            EnableLongPolling = true,
            QueuePollInterval = TimeSpan.FromMilliseconds(settings.QueuePollMilliseconds),
            // Hangfire's default is 30 min without sliding: a dead node's job would wait half an hour, and two live nodes
            // could run one job at once. Sliding keeps a running job's fetch alive; a dead node's job is visible again
            // after this timeout.
            UseSlidingInvisibilityTimeout = true,
            InvisibilityTimeout = TimeSpan.FromSeconds(settings.InvisibilityTimeoutSeconds),
            DistributedLockTimeout = TimeSpan.FromSeconds(30),
        };

        // The storage is the DI singleton (not JobStorage.Current), so several portals in one process (tests) each use their own.
        builder.Services.AddSingleton<JobStorage>(_ => new PostgreSqlStorage(new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(connectionString, storageOptions), storageOptions));
        builder.Services.AddHangfire(c => c
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        builder.Services.AddSingleton(settings);
        if (settings.Enabled)
        {
            builder.Services.AddHangfireServer((sp, o) =>
            {
                o.Activator = new ScopedJobActivator(sp.GetRequiredService<IServiceScopeFactory>());
                o.ServerName = settings.NodeId;
                o.WorkerCount = settings.WorkerThreads;
                o.Queues = [.. JobQueues.ServedBy(settings.Resources)];
                o.SchedulePollingInterval = TimeSpan.FromMilliseconds(settings.SchedulePollMilliseconds);
                o.HeartbeatInterval = TimeSpan.FromSeconds(settings.ServerHeartbeatSeconds);
                o.ServerTimeout = TimeSpan.FromSeconds(settings.ServerTimeoutSeconds);
                o.ServerCheckInterval = TimeSpan.FromSeconds(Math.Max(1, settings.ServerTimeoutSeconds / 2));
                o.CancellationCheckInterval = TimeSpan.FromSeconds(1);
                o.ShutdownTimeout = TimeSpan.FromSeconds(30);
            });
        }

        return builder;
    }
}

/// <summary>
/// The <c>Jobs</c> settings that shape this node's Hangfire server (read once at start). <c>Jobs:NodeId</c> names the node
/// (what a job's <c>node</c> shows; default host name + process id, lower case); <c>Jobs:Enabled=false</c> makes a node
/// that enqueues but runs nothing; <c>Jobs:Queues</c> lists the resources it offers (<c>cpu</c>, <c>gpu</c>).
/// </summary>
public sealed record JobNodeSettings(
    string NodeId,
    bool Enabled,
    int WorkerThreads,
    IReadOnlyList<string> Resources,
    int QueuePollMilliseconds,
    int SchedulePollMilliseconds,
    int InvisibilityTimeoutSeconds,
    int ServerHeartbeatSeconds,
    int ServerTimeoutSeconds)
{
    public static JobNodeSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection("Jobs");
        var nodeId = section["NodeId"];
        if (string.IsNullOrWhiteSpace(nodeId))
        {
            nodeId = $"{Environment.MachineName}-{Environment.ProcessId}";
        }

        var resources = (section["Queues"] ?? "cpu").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(q => q.ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToList();
        return new JobNodeSettings(
            nodeId.Trim().ToLowerInvariant(),
            section.GetValue("Enabled", true),
            Math.Clamp(section.GetValue("WorkerThreads", 4), 1, 256),
            resources.Count == 0 ? ["cpu"] : resources,
            Math.Clamp(section.GetValue("QueuePollMilliseconds", 1000), 10, 60_000),
            Math.Clamp(section.GetValue("SchedulePollMilliseconds", 1000), 100, 60_000),
            Math.Clamp(section.GetValue("InvisibilityTimeoutSeconds", 30), 5, 3600),
            Math.Clamp(section.GetValue("ServerHeartbeatSeconds", 5), 1, 300),
            Math.Clamp(section.GetValue("ServerTimeoutSeconds", 30), 3, 3600));
    }
}
