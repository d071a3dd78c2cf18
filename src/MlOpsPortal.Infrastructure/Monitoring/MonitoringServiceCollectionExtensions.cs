using Microsoft.Extensions.DependencyInjection;
using MlOpsPortal.Infrastructure.Jobs;

namespace MlOpsPortal.Infrastructure.Monitoring;

public static class MonitoringServiceCollectionExtensions
{
    /// <summary>Drift jobs, monitors (Hangfire recurring jobs), alert rules; needs inference and training registered.</summary>
    public static IServiceCollection AddPortalMonitoring(this IServiceCollection services)
    {
        services.AddSingleton<MonitorService>();
        services.AddSingleton<Jobs.IRecurringScheduleOwner>(sp => sp.GetRequiredService<MonitorService>());
        services.AddSingleton<DriftDataLoader>();
        services.AddSingleton<MonitorAlerts>();
        services.AddJobHandler<DriftJob>(MonitorService.Kind);
        return services;
    }
}
