using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Application.Audit;
using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Infrastructure.Evaluation;
using MlOpsPortal.Infrastructure.Persistence;
using MlOpsPortal.Infrastructure.Training;

namespace MlOpsPortal.Infrastructure.Recipes;

/// <summary>
/// The <c>retraining</c> job of one recipe firing: trains the recipe on the newest version of its training dataset (a
/// <c>training</c> job with an id derived from the firing, so a re-run does not train twice), then, when the recipe names a
/// registered model with a <c>production</c> alias, evaluates the new model and the champion on the recipe's test dataset
/// and compares them (AUC difference, McNemar); the outcome is recorded on the firing.
/// </summary>
internal sealed class RetrainingJob(
    IDbContextFactory<PortalDbContext> dbFactory, IDatasetCatalog catalog, TrainingJobService training, EvaluationService evaluations,
    EvaluationComparison comparison, IJobQueries jobs, TimeProvider time) : IJobHandler
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);

    public async Task<Result<string?>> RunAsync(IJobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var firingId = context.GetParameters<RetrainingParameters>().FiringId;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var firing = await db.RecipeFirings.FirstOrDefaultAsync(f => f.Id == firingId, cancellationToken);
        var recipe = firing is null ? null : await db.Recipes.AsNoTracking().FirstOrDefaultAsync(r => r.Id == firing.RecipeId, cancellationToken);
        if (firing is null || recipe is null)
        {
            return Error.NotFound($"Recipe firing {firingId} (or its recipe) no longer exists.");
        }

        if (firing.Status != "Running")
        {
            return Result<string?>.Ok(firing.Outcome);
        }

        var outcome = await RetrainAsync(context, recipe, firing, cancellationToken);
        firing.Status = outcome.IsSuccess ? "Succeeded" : "Failed";
        firing.Outcome = outcome.IsSuccess ? outcome.Value : outcome.Error.Message;
        firing.FinishedAt = time.GetUtcNow();
        await db.SaveChangesAsync(CancellationToken.None);
        return outcome.IsSuccess ? Result<string?>.Ok(outcome.Value) : outcome.Error;
    }

    private async Task<Result<string>> RetrainAsync(IJobContext context, RecipeRow recipe, RecipeFiringRow firing, CancellationToken cancellationToken)
    {
        var request = JsonSerializer.Deserialize<TrainingJobRequest>(recipe.Request, RecipeService.Json)!;
        var versions = await catalog.ListVersionsAsync(request.TrainDataset.Name, cancellationToken);
        if (!versions.IsSuccess || versions.Value.Count == 0)
        {
            return Error.NotFound($"The recipe's training dataset '{request.TrainDataset.Name}' has no versions any more.");
        }

        request = request with { TrainDataset = request.TrainDataset with { Version = versions.Value.Max(v => v.Version) } };
        firing.TrainDataset = request.TrainDataset.ToString();
        context.ReportProgress(5, $"Training '{recipe.Name}' on {firing.TrainDataset}");
        var trainingJob = Derived(firing.Id, 1);
        firing.TrainingJobId = trainingJob;
        if (await jobs.GetAsync(trainingJob, cancellationToken) is null)
        {
            if (await training.ValidateAsync(request, cancellationToken) is { } invalid)
            {
                return invalid;
            }

            var queued = await training.EnqueueAsync(request, Actor.Job(context.JobId.ToString()), trainingJob, null, $"{recipe.Name} {firing.FiredAt:yyyy-MM-dd HH:mm}", cancellationToken);
            if (!queued.IsSuccess)
            {
                return queued.Error;
            }
        }

        var trained = await WaitAsync(trainingJob, cancellationToken);
        if (trained.Status != JobStatus.Succeeded)
        {
            return Error.InvalidState($"The training job {trainingJob} ended {trained.Status}: {trained.Error}");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var model = await db.TrainedModels.AsNoTracking().FirstAsync(m => m.JobId == trainingJob, cancellationToken);
        firing.RunId = model.RunId;
        var metrics = JsonSerializer.Deserialize<Dictionary<string, double?>>(model.Metrics) ?? [];
        var headline = string.Join(", ", metrics.Where(m => m.Key is "test_roc_auc" or "validation_roc_auc" && m.Value is not null).Select(m => $"{m.Key}={m.Value!.Value.ToString("0.####", CultureInfo.InvariantCulture)}"));
        var trainedLine = $"Trained run {model.RunId} on {firing.TrainDataset}" + (headline.Length > 0 ? $" ({headline})" : string.Empty) + ".";
        context.Log(trainedLine);
        if (recipe.Model is null)
        {
            return trainedLine + " The recipe names no registered model, so there is no champion to compare with.";
        }

        var champion = await (from m in db.Set<Registry.RegisteredModel>().AsNoTracking()
                              join a in db.Set<Registry.ModelAlias>().AsNoTracking() on m.Id equals a.ModelId
                              join v in db.Set<Registry.ModelVersion>().AsNoTracking() on a.VersionId equals v.Id
                              where m.Name == recipe.Model && a.Alias == "production"
                              select new { v.Version, v.RunId }).FirstOrDefaultAsync(cancellationToken);
        var championJob = champion?.RunId is null ? null
            : await db.TrainedModels.AsNoTracking().Where(t => t.RunId == champion.RunId).Select(t => (Guid?)t.JobId).FirstOrDefaultAsync(cancellationToken);
        if (champion is null || championJob is null || request.TestDataset is null)
        {
            return trainedLine + (champion is null ? $" '{recipe.Model}' has no production version yet: nothing to compare with."
                : request.TestDataset is null ? " The recipe has no test dataset to compare the champion on."
                : $" The champion (version {champion.Version}) was not trained by the portal, so it cannot be re-evaluated.");
        }

        firing.ChampionVersion = champion.Version;
        context.ReportProgress(70, $"Evaluating against the champion, version {champion.Version}, on {request.TestDataset}");
        var challengerEval = await EvaluateAsync(trainingJob, request.TestDataset, context, cancellationToken);
        var championEval = await EvaluateAsync(championJob.Value, request.TestDataset, context, cancellationToken);
        if (!challengerEval.IsSuccess || !championEval.IsSuccess)
        {
            return (challengerEval.Error ?? championEval.Error)!;
        }

        var compared = await comparison.CompareAsync(new CompareRequest(championEval.Value, challengerEval.Value,
            [new Domain.Statistics.ChallengerThreshold("roc_auc", MinAbsoluteChange: 0.0)], 200, 42), cancellationToken);
        if (!compared.IsSuccess)
        {
            return compared.Error;
        }

        var c = compared.Value;
        var auc = c.Deltas.FirstOrDefault(d => d.Metric == "roc_auc");
        var figures = string.Create(CultureInfo.InvariantCulture,
            $" Against the champion (version {champion.Version}) on {request.TestDataset}: roc_auc {auc?.Challenger:0.####} vs {auc?.Champion:0.####} (difference {auc?.Difference:+0.####;-0.####;0}, 95% CI [{c.AucDifference.Interval.Low:0.####}, {c.AucDifference.Interval.High:0.####}], McNemar p={c.McNemarPValue:0.###}): ");
        return trainedLine + figures + (c.Passed ? "the retrained model is at least as good — a promotion request can be filed." : "the retrained model is worse — keep the champion.");
    }

    private async Task<Result<Guid>> EvaluateAsync(Guid modelJob, DatasetRef dataset, IJobContext context, CancellationToken cancellationToken)
    {
        var submitted = await evaluations.SubmitAsync(new EvaluationRequest(modelJob, dataset), Actor.Job(context.JobId.ToString()), cancellationToken);
        if (!submitted.IsSuccess)
        {
            return submitted.Error;
        }

        var done = await WaitAsync(submitted.Value.JobId, cancellationToken);
        return done.Status == JobStatus.Succeeded ? submitted.Value.EvaluationId : Error.InvalidState($"Evaluation job {submitted.Value.JobId} ended {done.Status}: {done.Error}");
    }

    private async Task<JobDto> WaitAsync(Guid jobId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var job = await jobs.GetAsync(jobId, cancellationToken);
            if (job is not null && job.Status is not (JobStatus.Queued or JobStatus.Running))
            {
                return job;
            }

            await Task.Delay(Poll, time, cancellationToken);
        }
    }

    private static Guid Derived(Guid firingId, int step)
    {
        Span<byte> input = stackalloc byte[20];
        firingId.TryWriteBytes(input);
        BitConverter.TryWriteBytes(input[16..], step);
        return new Guid(System.Security.Cryptography.SHA256.HashData(input).AsSpan(0, 16));
    }
}
