using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MlOpsPortal.Infrastructure.Jobs;
using MlOpsPortal.Infrastructure.Registry;

namespace MlOpsPortal.Infrastructure.Inference;

public static class InferenceServiceCollectionExtensions
{
    /// <summary>Online scoring (router with alias cache and pre-warming, scorer, SHAP explainer) and prediction logging.</summary>
    public static IServiceCollection AddPortalInference(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<InferenceOptions>().Bind(configuration.GetSection(InferenceOptions.SectionName));
        services.AddSingleton<ModelRouter>();
        services.AddSingleton<IModelWarmer>(sp => sp.GetRequiredService<ModelRouter>());
        services.AddSingleton<ModelScorer>();
        services.AddSingleton<ShapExplainer>();
        services.AddSingleton<PredictionLogWriter>();
        services.AddSingleton<IPredictionLog>(sp => sp.GetRequiredService<PredictionLogWriter>());
        services.AddHostedService(sp => sp.GetRequiredService<PredictionLogWriter>());
        services.AddSingleton<PredictionFeedbackService>();
        services.AddSingleton<BatchScoringService>();
        services.AddJobHandler<BatchScoringJob>(BatchScoringService.Kind);
        services.AddSingleton<OnlineScoring>();
        return services;
    }
}
