using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Infrastructure.Jobs;
using MlOpsPortal.Infrastructure.Persistence;
using MlOpsPortal.Infrastructure.Tracking;

namespace MlOpsPortal.Infrastructure.Training;

/// <summary>One trial of a search as the search page shows it.</summary>
public sealed record HpoTrialResult(int Trial, IReadOnlyDictionary<string, string> Parameters, JobStatus? Status, string? RunId, double? Value);

/// <summary>A search's trials with their optimised metric; <see cref="Best"/> once one has a value.</summary>
public sealed record HpoResultsDto(Guid JobId, string ParentRunId, string? ExperimentId, string Metric, bool Maximize, IReadOnlyList<HpoTrialResult> Trials)
{
    public HpoTrialResult? Best => Trials.Where(t => t.Value is { } v && double.IsFinite(v))
        .OrderBy(t => Maximize ? -t.Value!.Value : t.Value!.Value).ThenBy(t => t.Trial).FirstOrDefault();

    /// <summary>The trials that produced the metric, best first.</summary>
    public IReadOnlyList<HpoTrialResult> Ranked => Trials.Where(t => t.Value is { } v && double.IsFinite(v))
        .OrderBy(t => Maximize ? -t.Value!.Value : t.Value!.Value).ThenBy(t => t.Trial).ToList();
}

/// <summary>
/// Reads a search's state from the database: its plan (the job's parameters), each trial's training job (ids derived from
/// the search's, <see cref="HyperparameterSearch.TrialJobId"/>) and trained-model metrics. Works while the search runs
/// and after, on any node.
/// </summary>
public sealed class HpoResults(IDbContextFactory<PortalDbContext> dbFactory, RunService runs)
{
    public async Task<HpoResultsDto?> GetAsync(Guid searchJobId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var parametersJson = await db.Jobs.AsNoTracking().Where(j => j.Id == searchJobId && j.Kind == HpoService.Kind).Select(j => j.Parameters).FirstOrDefaultAsync(cancellationToken);
        if (parametersJson is null || JsonSerializer.Deserialize<HpoJobParameters>(parametersJson, JobMapping.Json) is not { } p)
        {
            return null;
        }

        var ids = Enumerable.Range(0, p.Plan.Trials.Count).Select(i => HyperparameterSearch.TrialJobId(searchJobId, i)).ToList();
        var statuses = await db.Jobs.AsNoTracking().Where(j => ids.Contains(j.Id)).Select(j => new { j.Id, j.Status }).ToDictionaryAsync(j => j.Id, j => j.Status, cancellationToken);
        var models = await db.TrainedModels.AsNoTracking().Where(m => ids.Contains(m.JobId)).Select(m => new { m.JobId, m.RunId, m.Metrics }).ToDictionaryAsync(m => m.JobId, cancellationToken);
        var trials = new List<HpoTrialResult>(ids.Count);
        for (var i = 0; i < ids.Count; i++)
        {
            double? value = null;
            string? runId = null;
            if (models.TryGetValue(ids[i], out var model))
            {
                runId = model.RunId;
                var metrics = JsonSerializer.Deserialize<Dictionary<string, double?>>(model.Metrics, TrainingJson.Options) ?? [];
                value = metrics.GetValueOrDefault(p.Plan.Metric);
            }

            trials.Add(new HpoTrialResult(i + 1, p.Plan.Trials[i], statuses.TryGetValue(ids[i], out var s) ? s : null, runId, value));
        }

        var parent = await runs.GetAsync(p.ParentRunId, cancellationToken);
        return new HpoResultsDto(searchJobId, p.ParentRunId, parent.IsSuccess ? parent.Value.Info.ExperimentId : null, p.Plan.Metric, p.Plan.Maximize, trials);
    }
}
