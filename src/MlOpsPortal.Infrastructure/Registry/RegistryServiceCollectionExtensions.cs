using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MlOpsPortal.Application.Artifacts;
using MlOpsPortal.Infrastructure.Artifacts;
using MlOpsPortal.Infrastructure.Hosting;

namespace MlOpsPortal.Infrastructure.Registry;

public static class RegistryServiceCollectionExtensions
{
    /// <summary>Model registry, promotions, model cards, notifications, webhooks and their background service.</summary>
    public static IServiceCollection AddPortalRegistry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RegistryOptions>().Bind(configuration.GetSection(RegistryOptions.SectionName));
        if (!services.Any(d => d.ServiceType == typeof(IArtifactStore)))
        {
            services.AddArtifactStore(configuration);
        }

        // The artifact root defaults to the portal's data directory (MLOPS_DATA_DIR/artifacts) unless configured.
        services.AddOptions<LocalArtifactStoreOptions>().Configure<DataDirectory>((o, dir) => o.RootDirectory ??= dir.Artifacts);
        services.AddSingleton<RegistryChangeNotifier>();
        services.AddSingleton<OnnxModelInspector>();
        services.AddSingleton<RegistryService>();
        services.AddSingleton<PromotionService>();
        services.AddSingleton<RegistryInsights>();
        services.AddSingleton<ModelCardService>();
        services.AddSingleton<UserNotificationService>();
        services.AddSingleton<WebhookService>();
        services.AddSingleton<WebhookTargets>();
        services.AddHttpClient(RegistryBackgroundService.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => new System.Net.Http.SocketsHttpHandler
            {
                ConnectCallback = (context, ct) => sp.GetRequiredService<WebhookTargets>().ConnectAsync(context.DnsEndPoint, ct),
            });
        services.AddSingleton<RegistryBackgroundService>();
        services.AddHostedService(sp => sp.GetRequiredService<RegistryBackgroundService>());
        return services;
    }
}
