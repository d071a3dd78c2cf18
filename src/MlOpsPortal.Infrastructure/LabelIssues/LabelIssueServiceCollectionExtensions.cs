using Microsoft.Extensions.DependencyInjection;
using MlOpsPortal.Infrastructure.Jobs;

namespace MlOpsPortal.Infrastructure.LabelIssues;

public static class LabelIssueServiceCollectionExtensions
{
    /// <summary>Label-error detection by confident learning: the service and its <c>label-issues</c> job kind.</summary>
    public static IServiceCollection AddPortalLabelIssues(this IServiceCollection services)
    {
        services.AddSingleton<LabelIssueFinder>();
        services.AddSingleton<LabelIssueService>();
        services.AddJobHandler<LabelIssueJob>(LabelIssueService.JobKind);
        return services;
    }
}
