using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Infrastructure.Jobs;

namespace MlOpsPortal.Infrastructure.Datasets;

public static class DatasetServiceCollectionExtensions
{
    /// <summary>The dataset catalogue and its profile job (options from section <c>Datasets</c>).</summary>
    public static IServiceCollection AddPortalDatasets(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatasetOptions>().Bind(configuration.GetSection(DatasetOptions.SectionName));
        services.AddSingleton<IDatasetCatalog, DatasetCatalog>();
        services.AddSingleton<DatasetColumnCache>();
        services.AddSingleton<Quality.DataQualityService>();
        services.AddJobHandler<DatasetProfileJob>(DatasetMapping.ProfileJobKind);
        return services;
    }
}
