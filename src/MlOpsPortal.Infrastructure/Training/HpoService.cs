using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Application.Audit;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Infrastructure.Audit;
using MlOpsPortal.Infrastructure.Jobs;
using MlOpsPortal.Infrastructure.Persistence;

namespace MlOpsPortal.Infrastructure.Training;

/// <summary>
/// Submits hyperparameter searches: the base training request and every trial are checked before anything is queued;
/// the search gets a parent run (its trials become child runs) and one <c>hpo</c> job.
/// </summary>
public sealed class HpoService(TrainingJobService training, TrainingRunLog runLog, IJobScheduler scheduler, IDbContextFactory<PortalDbContext> dbFactory, TimeProvider time)
{
    public const string Kind = "hpo";

    public async Task<Result<HpoSubmitted>> SubmitAsync(HpoJobRequest request, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(actor);
        if (request.Training is not { } baseRequest)
        {
            return Error.Invalid("'training' (a training request: experiment, trainDataset, label, …) is required.");
        }

        var plan = HyperparameterSearch.Plan(baseRequest, request.Search);
        if (!plan.IsSuccess)
        {
            return plan.Error;
        }

        if (await training.ValidateAsync(baseRequest, cancellationToken) is { } invalid)
        {
            return invalid;
        }

        var now = time.GetUtcNow();
        var jobId = Guid.CreateVersion7(now);
        var run = await runLog.CreateRunAsync(baseRequest.Experiment.Trim(), jobId, actor, null, $"search-{plan.Value.Strategy}-{plan.Value.Trials.Count}", Kind, cancellationToken);
        if (!run.IsSuccess)
        {
            return run.Error;
        }

        await runLog.LogAsync(run.Value, null, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["search_strategy"] = plan.Value.Strategy,
            ["search_trials"] = plan.Value.Trials.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["search_metric"] = plan.Value.Metric,
            ["search_direction"] = plan.Value.Maximize ? "maximize" : "minimize",
            ["search_space"] = JsonSerializer.Serialize(request.Search!.Parameters),
        }, null, cancellationToken);
        var job = new JobRequest(jobId, Kind, new HpoJobParameters(baseRequest, plan.Value, run.Value), actor);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            JobMapping.Stage(db, job, now);
            AuditLog.Stage(db, new AuditRecord(actor, "hpo.submitted", "hpo_job", jobId.ToString(), null,
                new { baseRequest.Experiment, plan.Value.Strategy, Trials = plan.Value.Trials.Count, plan.Value.Metric, RunId = run.Value }), now);
            await db.SaveChangesAsync(cancellationToken);
        }

        await scheduler.EnqueueAsync(job, cancellationToken);
        return new HpoSubmitted(jobId, run.Value, plan.Value.Trials.Count);
    }
}
