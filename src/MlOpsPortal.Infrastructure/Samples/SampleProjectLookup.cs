using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Infrastructure.Evaluation;
using MlOpsPortal.Infrastructure.Jobs;
using MlOpsPortal.Infrastructure.Persistence;
using MlOpsPortal.Infrastructure.Registry;
using MlOpsPortal.Infrastructure.Training;

namespace MlOpsPortal.Infrastructure.Samples;

/// <summary>
/// Finds what the sample project has produced so far, for the job (to skip the steps already done) and for the state the
/// home page shows: the run of experiment <c>sample-project</c> trained on the sample datasets (preferring one registered
/// as <c>adult-income-sample</c>), its registered version, its evaluation on the test dataset, and the jobs still on their way.
/// </summary>
public sealed class SampleProjectLookup(IDbContextFactory<PortalDbContext> dbFactory)
{
    private static readonly JobStatus[] Pending = [JobStatus.Queued, JobStatus.Running];

    /// <summary>The newest <c>sample-project</c> job, or null.</summary>
    public async Task<(Guid Id, JobStatus Status)?> LatestJobAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var job = await db.Jobs.AsNoTracking().Where(j => j.Kind == SampleProject.JobKind).OrderByDescending(j => j.CreatedAt)
            .Select(j => new { j.Id, j.Status }).FirstOrDefaultAsync(cancellationToken);
        return job is null ? null : (job.Id, job.Status);
    }

    /// <summary>A Queued or Running <c>sample-project</c> job, or null.</summary>
    public static Task<Guid> PendingJobAsync(PortalDbContext db, CancellationToken cancellationToken) =>
        db.Jobs.AsNoTracking().Where(j => j.Kind == SampleProject.JobKind && Pending.Contains(j.Status))
            .OrderBy(j => j.CreatedAt).Select(j => j.Id).FirstOrDefaultAsync(cancellationToken);

    public async Task<int?> LatestVersionAsync(string dataset, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await (from v in db.DatasetVersions.AsNoTracking()
                      join d in db.Datasets.AsNoTracking() on v.DatasetId equals d.Id
                      where d.Name == dataset
                      select (int?)v.Version).MaxAsync(cancellationToken);
    }

    /// <summary>
    /// The sample's trained model: a run of experiment <c>sample-project</c> with a model package, trained on
    /// <paramref name="train"/> and tested on <paramref name="test"/> (any sample dataset versions when null); one that is
    /// registered as <c>adult-income-sample</c> first, else the newest.
    /// </summary>
    public async Task<TrainedModelRow?> TrainedAsync(DatasetRef? train, DatasetRef? test, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var trained = db.TrainedModels.AsNoTracking().Where(t => t.Experiment == SampleProject.Experiment);
        if (train is not null && test is not null)
        {
            var trainText = train.ToString();
            var testText = test.ToString();
            trained = trained.Where(t => t.TrainDataset == trainText && t.TestDataset == testText);
        }
        else
        {
            trained = trained.Where(t => t.TrainDataset.StartsWith(SampleProject.TrainDataset + "@"));
        }

        var registered = from t in trained
                         join v in db.Set<ModelVersion>().AsNoTracking() on t.RunId equals v.RunId
                         join m in db.Set<RegisteredModel>().AsNoTracking() on v.ModelId equals m.Id
                         where m.Name == SampleProject.Model
                         orderby v.Version descending
                         select t;
        return await registered.FirstOrDefaultAsync(cancellationToken)
            ?? await trained.OrderByDescending(t => t.CreatedAt).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The newest version of <c>adult-income-sample</c> registered from <paramref name="runId"/>, or null.</summary>
    public async Task<int?> RegisteredVersionAsync(string runId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await (from v in db.Set<ModelVersion>().AsNoTracking()
                      join m in db.Set<RegisteredModel>().AsNoTracking() on v.ModelId equals m.Id
                      where m.Name == SampleProject.Model && v.RunId == runId
                      orderby v.Version descending
                      select (int?)v.Version).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The newest evaluation of the model of training job <paramref name="modelJobId"/> on <paramref name="dataset"/>.</summary>
    public async Task<Guid?> EvaluationAsync(Guid modelJobId, string dataset, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Evaluations.AsNoTracking().Where(e => e.ModelJobId == modelJobId && e.Dataset == dataset)
            .OrderByDescending(e => e.CreatedAt).Select(e => (Guid?)e.Id).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>A Queued or Running training job of experiment <c>sample-project</c> on these dataset versions (an earlier attempt's).</summary>
    public Task<Guid?> PendingTrainingAsync(DatasetRef train, DatasetRef test, CancellationToken cancellationToken) =>
        PendingAsync<TrainingJobParameters>(TrainingIds.TrainingKind, p =>
            p.Request.Experiment == SampleProject.Experiment && p.Request.TrainDataset == train && p.Request.TestDataset == test, cancellationToken);

    /// <summary>A Queued or Running evaluation of training job <paramref name="modelJobId"/>'s model on <paramref name="dataset"/>.</summary>
    public Task<Guid?> PendingEvaluationAsync(Guid modelJobId, DatasetRef dataset, CancellationToken cancellationToken) =>
        PendingAsync<EvaluationJobParameters>(EvaluationService.Kind, p => p.ModelJobId == modelJobId && p.Dataset == dataset, cancellationToken);

    private async Task<Guid?> PendingAsync<T>(string kind, Func<T, bool> matches, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Jobs still on their way are few (training runs one per node), so their parameters are matched here rather than in SQL.
        var pending = await db.Jobs.AsNoTracking().Where(j => j.Kind == kind && Pending.Contains(j.Status))
            .OrderByDescending(j => j.CreatedAt).Select(j => new { j.Id, j.Parameters }).Take(200).ToListAsync(cancellationToken);
        foreach (var job in pending)
        {
            if (JsonSerializer.Deserialize<T>(job.Parameters, JobMapping.Json) is { } parameters && matches(parameters))
            {
                return job.Id;
            }
        }

        return null;
    }
}
