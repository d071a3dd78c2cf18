using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MlOpsPortal.Infrastructure.Evaluation;
using MlOpsPortal.Infrastructure.Inference;
using MlOpsPortal.Infrastructure.Jobs;

namespace MlOpsPortal.Infrastructure.Training;

public static class TrainingServiceCollectionExtensions
{
    /// <summary>Training and evaluation: submit services, dataset loading, the runner, the <c>training</c> and <c>evaluation</c> job kinds.</summary>
    public static IServiceCollection AddPortalTraining(this IServiceCollection services)
    {
        services.TryAddSingleton<TrainingRunner>();
        services.AddSingleton<TrainingDatasets>();
        services.AddSingleton<TrainingRunLog>();
        services.AddSingleton<TrainingJobService>();
        services.AddJobHandler<TrainingJob>(TrainingIds.TrainingKind);
        services.AddSingleton<HpoService>();
        services.AddJobHandler<HpoJob>(HpoService.Kind);
        services.AddSingleton<HpoResults>();
        services.AddSingleton<Recipes.RecipeService>();
        services.AddSingleton<Jobs.IRecurringScheduleOwner>(sp => sp.GetRequiredService<Recipes.RecipeService>());
        services.AddJobHandler<Recipes.RetrainingJob>(Recipes.RecipeService.JobKind);
        services.TryAddSingleton<ModelScorer>();
        services.AddSingleton<EvaluationService>();
        services.AddSingleton<EvaluationComparison>();
        services.AddSingleton<EvaluationQueries>();
        services.AddJobHandler<EvaluationJob>(EvaluationService.Kind);
        return services;
    }
}
