using Microsoft.Extensions.DependencyInjection;
using MlOpsPortal.Infrastructure.Jobs;

namespace MlOpsPortal.Infrastructure.Samples;

public static class SamplesServiceCollectionExtensions
{
    /// <summary>"Load the sample project": its service and the <c>sample-project</c> job kind.</summary>
    public static IServiceCollection AddPortalSamples(this IServiceCollection services)
    {
        services.AddOptions<SampleProjectOptions>().BindConfiguration(SampleProjectOptions.SectionName);
        services.AddSingleton<SampleFiles>();
        services.AddSingleton<SampleProjectLookup>();
        services.AddSingleton<SampleProjectService>();
        services.AddJobHandler<SampleProjectJob>(SampleProject.JobKind);
        return services;
    }
}
