using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Infrastructure.Audit;
using MlOpsPortal.Infrastructure.Datasets;
using MlOpsPortal.Infrastructure.Evaluation;
using MlOpsPortal.Infrastructure.Identity;
using MlOpsPortal.Infrastructure.Jobs;
using MlOpsPortal.Infrastructure.Tracking;
using MlOpsPortal.Infrastructure.Training;

namespace MlOpsPortal.Infrastructure.Persistence;

public sealed class PortalDbContext(DbContextOptions<PortalDbContext> options) : IdentityDbContext<PortalUser>(options)
{
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    public DbSet<JobRow> Jobs => Set<JobRow>();

    public DbSet<DatasetRow> Datasets => Set<DatasetRow>();

    public DbSet<DatasetVersionRow> DatasetVersions => Set<DatasetVersionRow>();

    public DbSet<DatasetColumnCacheRow> DatasetColumnCaches => Set<DatasetColumnCacheRow>();

    public DbSet<Experiment> Experiments => Set<Experiment>();

    public DbSet<ExperimentTag> ExperimentTags => Set<ExperimentTag>();

    public DbSet<Run> Runs => Set<Run>();

    public DbSet<RunParam> RunParams => Set<RunParam>();

    public DbSet<RunTag> RunTags => Set<RunTag>();

    public DbSet<MetricChunk> MetricChunks => Set<MetricChunk>();

    public DbSet<LatestMetric> LatestMetrics => Set<LatestMetric>();

    public DbSet<RunInput> RunInputs => Set<RunInput>();

    public DbSet<Fairness.FairnessReportRow> FairnessReports => Set<Fairness.FairnessReportRow>();

    public DbSet<TrainedModelRow> TrainedModels => Set<TrainedModelRow>();

    public DbSet<EvaluationRow> Evaluations => Set<EvaluationRow>();
    public DbSet<JobKindLimitRow> JobKindLimits => Set<JobKindLimitRow>();

    public DbSet<Explain.ExplanationRow> Explanations => Set<Explain.ExplanationRow>();

    public DbSet<Recipes.RecipeRow> Recipes => Set<Recipes.RecipeRow>();

    public DbSet<Recipes.RecipeFiringRow> RecipeFirings => Set<Recipes.RecipeFiringRow>();

    public DbSet<Inference.PredictionRow> Predictions => Set<Inference.PredictionRow>();

    public DbSet<Inference.BatchScoringRow> BatchScorings => Set<Inference.BatchScoringRow>();

    public DbSet<Monitoring.MonitorRow> Monitors => Set<Monitoring.MonitorRow>();

    public DbSet<Monitoring.DriftReportRow> DriftReports => Set<Monitoring.DriftReportRow>();

    public DbSet<Monitoring.MonitorAlertRow> MonitorAlerts => Set<Monitoring.MonitorAlertRow>();

    public DbSet<Tracking.Artifacts.RunArtifactRow> RunArtifacts => Set<Tracking.Artifacts.RunArtifactRow>();

    public DbSet<LabelIssues.LabelIssueReportRow> LabelIssueReports => Set<LabelIssues.LabelIssueReportRow>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
    }
}
