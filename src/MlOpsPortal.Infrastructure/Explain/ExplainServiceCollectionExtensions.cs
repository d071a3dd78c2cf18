using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MlOpsPortal.Infrastructure.Inference;
using MlOpsPortal.Infrastructure.Jobs;

namespace MlOpsPortal.Infrastructure.Explain;

public static class ExplainServiceCollectionExtensions
{
    /// <summary>Explanations (TreeSHAP, gain, permutation importance) and their <c>explanation</c> job.</summary>
    public static IServiceCollection AddPortalExplanations(this IServiceCollection services)
    {
        services.TryAddSingleton<ModelScorer>();
        services.AddSingleton<ExplanationService>();
        services.AddJobHandler<ExplanationJob>(ExplanationService.JobKind);
        return services;
    }
}
