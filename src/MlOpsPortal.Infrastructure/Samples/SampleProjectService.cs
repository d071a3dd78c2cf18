using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Application.Audit;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Domain.Identity;
using MlOpsPortal.Infrastructure.Audit;
using MlOpsPortal.Infrastructure.Jobs;
using MlOpsPortal.Infrastructure.Persistence;

namespace MlOpsPortal.Infrastructure.Samples;

/// <summary>
/// "Load the sample project": starts the <c>sample-project</c> job (<see cref="SampleProjectJob"/>) that imports the
/// bundled UCI Adult data, trains, registers and evaluates, and says what of it exists so far.
/// </summary>
public sealed class SampleProjectService(
    IDbContextFactory<PortalDbContext> dbFactory, IJobScheduler scheduler, SampleProjectLookup lookup, TimeProvider time)
{
    /// <summary>Serialises starts across nodes, so that two clicks at once make one job (a transaction-scoped advisory lock).</summary>
    private const long StartLock = 0x5341_4D50_4C45; // "SAMPLE"

    /// <summary>
    /// Queues a <c>sample-project</c> job for <paramref name="actor"/> (a DataScientist or Admin) and returns its id; while
    /// one is Queued or Running, returns that one instead. When the sample exists already, the new job finds every step
    /// done and finishes within seconds.
    /// </summary>
    public async Task<Result<Guid>> StartAsync(Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await CanWriteAsync(db, actor, cancellationToken))
        {
            return Error.Forbidden("Only DataScientists and Admins can load the sample project.");
        }

        Guid id;
        JobRequest job;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({StartLock})", cancellationToken);
            var pending = await SampleProjectLookup.PendingJobAsync(db, cancellationToken);
            if (pending != Guid.Empty)
            {
                return pending;
            }

            var now = time.GetUtcNow();
            id = Guid.CreateVersion7(now);
            job = new JobRequest(id, SampleProject.JobKind, new SampleProjectParameters(actor.Name, actor.UserId), actor);
            JobMapping.Stage(db, job, now);
            AuditLog.Stage(db, new AuditRecord(actor, "sample_project.started", "job", id.ToString(), null,
                new { SampleProject.TrainDataset, SampleProject.TestDataset, SampleProject.Experiment, SampleProject.Model }), now);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await scheduler.EnqueueAsync(job, cancellationToken);
        return id;
    }

    /// <summary>What exists so far: the newest job, the dataset versions, the run, the registered version and the evaluation.</summary>
    public async Task<SampleProjectState> GetStateAsync(CancellationToken cancellationToken)
    {
        var job = await lookup.LatestJobAsync(cancellationToken);
        var trained = await lookup.TrainedAsync(null, null, cancellationToken);
        SampleDatasetVersion? train, test;
        if (trained is not null)
        {
            train = Parse(trained.TrainDataset);
            test = trained.TestDataset is null ? null : Parse(trained.TestDataset);
        }
        else
        {
            train = await LatestAsync(SampleProject.TrainDataset, cancellationToken);
            test = await LatestAsync(SampleProject.TestDataset, cancellationToken);
        }

        var version = trained is null ? null : await lookup.RegisteredVersionAsync(trained.RunId, cancellationToken);
        var evaluation = trained?.TestDataset is { } tested ? await lookup.EvaluationAsync(trained.JobId, tested, cancellationToken) : null;
        return new SampleProjectState(
            job?.Id, job?.Status.ToString(), train, test, trained?.RunId, version is null ? null : SampleProject.Model, version, evaluation);
    }

    private async Task<SampleDatasetVersion?> LatestAsync(string name, CancellationToken cancellationToken) =>
        await lookup.LatestVersionAsync(name, cancellationToken) is { } version ? new SampleDatasetVersion(name, version) : null;

    /// <summary>"name@v3" (how training records its datasets) → (name, 3).</summary>
    private static SampleDatasetVersion? Parse(string text)
    {
        var at = text.LastIndexOf("@v", StringComparison.Ordinal);
        return at > 0 && int.TryParse(text.AsSpan(at + 2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version)
            ? new SampleDatasetVersion(text[..at], version)
            : null;
    }

    /// <summary>The actor's roles as stored (an <see cref="Actor"/> carries only the user's name and id).</summary>
    private static async Task<bool> CanWriteAsync(PortalDbContext db, Actor actor, CancellationToken cancellationToken)
    {
        if (actor.UserId is not { Length: > 0 } userId)
        {
            return false;
        }

        string[] writers = [Roles.DataScientist, Roles.Admin];
        return await db.UserRoles.AsNoTracking().Where(ur => ur.UserId == userId)
            .Join(db.Roles.AsNoTracking(), ur => ur.RoleId, r => r.Id, (_, r) => r.Name)
            .AnyAsync(name => writers.Contains(name), cancellationToken);
    }
}
