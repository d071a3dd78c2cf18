using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quartz;

namespace MlOpsPortal.Infrastructure.Jobs;

/// <summary>
/// Quartz with the clustered ADO.NET job store on the portal's PostgreSQL: several portal nodes share one
/// database and its jobs; a dead node's recoverable jobs are re-run by another node. The qrtz_* tables are
/// created by the portal's migrations, not by Quartz at start-up.
/// </summary>
public static class JobScheduling
{
    public const string SchedulerName = "MlOpsPortal";

    public static IHostApplicationBuilder AddPortalJobs(this IHostApplicationBuilder builder, string connectionString)
    {
        var section = builder.Configuration.GetSection("Jobs");
        var threads = section.GetValue("WorkerThreads", 4);
        var enabled = section.GetValue("Enabled", true);
        var nodeId = section["NodeId"];
        builder.Services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = SchedulerName;
                // Jobs:NodeId names this node in the cluster (unique per node); without it Quartz generates host name + ticks.
                if (string.IsNullOrWhiteSpace(nodeId))
                {
                    s.GenerateInstanceId = true;
                }
                else
                {
                    s.InstanceId = nodeId;
                }
            });
            q.UseDefaultThreadPool(threads);
            q.UsePersistentStore(store =>
            {
                store.UsePostgres(connectionString);
                store.UseSystemTextJsonSerializer();
                store.ConfigureStore(o => o.TablePrefix = "qrtz_");
                store.UseClustering(c =>
                {
                    c.CheckinInterval = TimeSpan.FromSeconds(section.GetValue("CheckinIntervalSeconds", 5));
                    c.CheckinMisfireThreshold = TimeSpan.FromSeconds(section.GetValue("CheckinMisfireThresholdSeconds", 15));
                });
            });
        });
        builder.AddQuartzHostedService(o =>
        {
            o.WaitForJobsToComplete = true;
            o.AutoStart = enabled;
        });
        return builder;
    }
}
