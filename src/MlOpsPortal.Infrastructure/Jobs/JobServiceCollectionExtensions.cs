using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MlOpsPortal.Application.Jobs;

namespace MlOpsPortal.Infrastructure.Jobs;

public static class JobServiceCollectionExtensions
{
    /// <summary>The jobs feature: scheduler port, queries, event hub, runner and the registry of handlers by kind.</summary>
    public static IServiceCollection AddPortalJobServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<JobOptions>().Bind(configuration.GetSection("Jobs"));
        services.AddSingleton<RunningJobs>();
        services.AddSingleton<JobEventHub>();
        services.AddSingleton<IJobEvents>(sp => sp.GetRequiredService<JobEventHub>());
        services.AddHostedService(sp => sp.GetRequiredService<JobEventHub>());
        services.AddSingleton<JobScheduler>();
        services.AddSingleton<IJobScheduler>(sp => sp.GetRequiredService<JobScheduler>());
        services.AddSingleton<IJobQueries>(sp => sp.GetRequiredService<JobScheduler>());
        services.AddTransient<PortalJobRunner>();
        services.AddSingleton<JobDispatcher>();
        services.AddSingleton<RecurringSchedules>();
        services.AddSingleton<ClusterNodes>();
        services.AddSingleton<JobConcurrency>();
        services.AddHostedService<StaleQueuedSweep>();
        services.AddHostedService<RecurringScheduleSync>();
        return services;
    }

    /// <summary>Registers the handler of one job kind (resolved per execution in its own scope).</summary>
    public static IServiceCollection AddJobHandler<THandler>(this IServiceCollection services, string kind)
        where THandler : class, IJobHandler
    {
        services.AddKeyedScoped<IJobHandler, THandler>(kind);
        services.AddSingleton(new RegisteredJobKind(kind));
        return services;
    }
}
