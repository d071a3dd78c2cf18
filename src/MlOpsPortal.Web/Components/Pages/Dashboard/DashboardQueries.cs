using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Domain.Registry;
using MlOpsPortal.Infrastructure.Monitoring;
using MlOpsPortal.Infrastructure.Persistence;
using MlOpsPortal.Infrastructure.Registry;
using MlOpsPortal.Infrastructure.Tracking;

namespace MlOpsPortal.Web.Components.Pages.Dashboard;

/// <summary>A recent run as the dashboard lists it.</summary>
public sealed record RecentRun(string RunId, string Name, string Experiment, string Status, DateTimeOffset StartTime, string? MetricKey, double? MetricValue);

/// <summary>A model alias being watched in production: its latest drift report and live quality, if any.</summary>
public sealed record ProductionModel(string Model, string Alias, int? Version, string Monitor, double? LiveAuc, double? DriftShare, bool Drifted, int Alerts, DateTimeOffset? CheckedAt);

/// <summary>Everything the home page shows, loaded in one go with bounded queries.</summary>
public sealed record DashboardData(
    IReadOnlyList<PromotionRequestInfo> Inbox,
    IReadOnlyList<PromotionRequestInfo> MyRequests,
    IReadOnlyList<ProductionModel> Production,
    IReadOnlyList<RecentRun> RecentRuns,
    IReadOnlyList<JobDto> ActiveJobs,
    IReadOnlyList<JobDto> FailedJobs,
    IReadOnlyList<DatasetSummary> RecentDatasets,
    GettingStarted Progress);

/// <summary>Which steps of the model lifecycle this portal has seen at least once.</summary>
public sealed record GettingStarted(bool Uploaded, bool Trained, bool Registered, bool Evaluated, bool FairnessChecked, bool Promoted, bool Monitored);

/// <summary>Reads the dashboard's sections (each bounded: a handful of rows, newest first).</summary>
public sealed class DashboardQueries(
    IDbContextFactory<PortalDbContext> dbFactory,
    PromotionService promotions,
    RegistryService registry,
    MonitorService monitors,
    IJobQueries jobs,
    IDatasetCatalog datasets)
{
    public const int Take = 6;

    /// <summary>Metrics shown beside a run, in order of preference.</summary>
    private static readonly string[] HeadlineMetrics = ["test_auc", "valid_auc", "auc", "roc_auc", "test_rmse", "valid_rmse", "accuracy"];

    public async Task<DashboardData> LoadAsync(string userId, bool isApprover, CancellationToken cancellationToken)
    {
        var inbox = isApprover ? await promotions.InboxAsync(userId, cancellationToken) : [];
        var pending = await promotions.ListRequestsAsync(null, PromotionRequestState.Open, userId, 100, cancellationToken);
        var mine = pending.Where(r => r.RequestedBy == userId).Take(Take).ToList();
        var production = await ProductionAsync(cancellationToken);
        var runs = await RecentRunsAsync(cancellationToken);
        var running = await jobs.ListAsync(new JobListQuery(Status: JobStatus.Running, Take: Take), cancellationToken);
        var queued = await jobs.ListAsync(new JobListQuery(Status: JobStatus.Queued, Take: Take), cancellationToken);
        var failed = await jobs.ListAsync(new JobListQuery(Status: JobStatus.Failed, Take: Take), cancellationToken);
        var recentDatasets = await datasets.ListAsync(null, 0, Take, cancellationToken);
        var models = await registry.ListModelsAsync(null, 0, Take, cancellationToken);
        var progress = await ProgressAsync(recentDatasets.Total > 0, runs.Count > 0, models, production.Count > 0, cancellationToken);
        return new DashboardData(
            [.. inbox.Take(Take)], mine, production, runs,
            [.. running.Items.Concat(queued.Items).Take(Take)], failed.Items,
            recentDatasets.Items, progress);
    }

    private async Task<GettingStarted> ProgressAsync(bool uploaded, bool trained, IReadOnlyList<ModelSummary> models, bool monitored, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var evaluated = await db.Evaluations.AnyAsync(cancellationToken);
        var fairness = await db.FairnessReports.AnyAsync(cancellationToken);
        return new GettingStarted(uploaded, trained, models.Count > 0, evaluated, fairness, models.Any(m => m.Aliases.Count > 0), monitored);
    }

    private async Task<IReadOnlyList<ProductionModel>> ProductionAsync(CancellationToken cancellationToken)
    {
        var list = await monitors.ListAsync(cancellationToken);
        var result = new List<ProductionModel>();
        foreach (var m in list.Take(Take))
        {
            var alerts = await monitors.ListAlertsAsync(m.Id, cancellationToken);
            var latest = m.Latest;
            result.Add(new ProductionModel(
                m.Model, m.Alias, latest?.Version, m.Name, latest?.Performance?.RocAuc, latest?.DriftShare,
                latest?.DatasetDrifted ?? false, alerts.Count, latest?.CreatedAt));
        }

        return result;
    }

    private async Task<IReadOnlyList<RecentRun>> RecentRunsAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var runs = await db.Runs.AsNoTracking()
            .Where(r => r.LifecycleStage == Domain.Tracking.LifecycleStage.Active && r.ParentRunId == null)
            .OrderByDescending(r => r.StartTime)
            .Take(Take)
            .Join(db.Experiments, r => r.ExperimentId, e => e.Id, (r, e) => new { r.Id, r.Name, Experiment = e.Name, r.Status, r.StartTime })
            .ToListAsync(cancellationToken);
        var ids = runs.Select(r => r.Id).ToList();
        var metrics = await db.LatestMetrics.AsNoTracking()
            .Where(m => ids.Contains(m.RunId) && HeadlineMetrics.Contains(m.Key))
            .Select(m => new { m.RunId, m.Key, m.Value })
            .ToListAsync(cancellationToken);
        return [.. runs.Select(r =>
        {
            var headline = metrics.Where(m => m.RunId == r.Id).OrderBy(m => Array.IndexOf(HeadlineMetrics, m.Key)).FirstOrDefault();
            return new RecentRun(r.Id.ToString("N"), r.Name, r.Experiment, r.Status.ToString(), r.StartTime, headline?.Key, headline?.Value);
        })];
    }
}
