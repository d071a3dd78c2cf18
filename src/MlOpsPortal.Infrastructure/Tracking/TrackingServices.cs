using Microsoft.Extensions.DependencyInjection;

namespace MlOpsPortal.Infrastructure.Tracking;

public static class TrackingServices
{
    /// <summary>Experiments, runs, ingest, search and metric histories: stateless singletons over the context factory.</summary>
    public static IServiceCollection AddPortalTracking(this IServiceCollection services)
    {
        services.AddSingleton<ExperimentService>();
        services.AddSingleton<RunService>();
        services.AddSingleton<RunIngest>();
        services.AddSingleton<RunSearchService>();
        services.AddSingleton<MetricHistoryService>();
        services.AddSingleton<Artifacts.RunArtifactService>();
        return services;
    }
}
