using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Application.Audit;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Infrastructure.Audit;
using MlOpsPortal.Infrastructure.Persistence;
using Npgsql;

namespace MlOpsPortal.Infrastructure.Jobs;

/// <summary>Enqueue, cancel, retry and read jobs: the jobs table is the truth, Hangfire holds one delivery per attempt.</summary>
internal sealed class JobScheduler(
    IDbContextFactory<PortalDbContext> dbFactory,
    JobDispatcher dispatcher,
    ClusterNodes nodes,
    RunningJobs running,
    JobEventHub events,
    TimeProvider time) : IJobScheduler, IJobQueries
{
    public async Task<JobDto> EnqueueAsync(JobRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == request.Id, cancellationToken);
        if (row is null)
        {
            row = JobMapping.NewRow(request, time.GetUtcNow());
            db.Jobs.Add(row);
            AuditLog.Stage(db, JobMapping.Audit(request.Requester, "job.enqueued", row, null), row.CreatedAt);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                // A concurrent enqueue of the same id inserted it first; fall through to schedule (idempotent).
                await using var again = await dbFactory.CreateDbContextAsync(cancellationToken);
                row = await again.Jobs.AsNoTracking().SingleAsync(j => j.Id == request.Id, cancellationToken);
            }
        }

        if (row.Status == JobStatus.Queued)
        {
            await dispatcher.DispatchAsync(row.Id, row.Queue, cancellationToken);
            if (!nodes.AnyLiveNodeServes(row.Queue))
            {
                // Nothing up offers what the job needs (e.g. a gpu): say so on the job; a node that offers it will take it.
                var resource = JobQueues.ResourceOf(row.Queue);
                var step = $"Waiting for a {resource} node (no node that offers '{resource}' is up)";
                var now = time.GetUtcNow();
                await using var mark = await dbFactory.CreateDbContextAsync(cancellationToken);
                if (await mark.Jobs.Where(j => j.Id == row.Id && j.Status == JobStatus.Queued && j.Step == null)
                        .ExecuteUpdateAsync(s => s.SetProperty(j => j.Step, step).SetProperty(j => j.UpdatedAt, now), cancellationToken) > 0)
                {
                    (row.Step, row.UpdatedAt) = (step, now);
                }
            }
        }

        var dto = row.ToDto();
        events.Publish(dto);
        return dto;
    }

    public async Task<Result<JobDto>> CancelAsync(Guid id, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        // Conditional updates, so a job that starts at this very moment is never left marked Cancelled while it runs.
        var before = JobStatus.Queued;
        var changed = await db.Jobs
            .Where(j => j.Id == id && j.Status == JobStatus.Queued)
            .ExecuteUpdateAsync(
                s => s.SetProperty(j => j.Status, JobStatus.Cancelled)
                    .SetProperty(j => j.CancelRequested, true)
                    .SetProperty(j => j.FinishedAt, now)
                    .SetProperty(j => j.Step, "Cancelled before it started")
                    .SetProperty(j => j.UpdatedAt, now),
                cancellationToken);
        if (changed == 0)
        {
            before = JobStatus.Running;
            changed = await db.Jobs
                .Where(j => j.Id == id && j.Status == JobStatus.Running)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.CancelRequested, true).SetProperty(j => j.UpdatedAt, now), cancellationToken);
        }

        var row = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, cancellationToken);
        if (row is null)
        {
            return Error.NotFound($"Job {id} does not exist.");
        }

        if (changed == 0)
        {
            return Error.InvalidState($"Job {id} is already {row.Status}; only queued or running jobs can be cancelled.");
        }

        AuditLog.Stage(db, JobMapping.Audit(actor, "job.cancel_requested", row, new { Status = before.ToString() }), now);
        await db.SaveChangesAsync(cancellationToken);
        running.Cancel(id);
        var dto = row.ToDto();
        events.Publish(dto);
        return dto;
    }

    public async Task<Result<JobDto>> RetryAsync(Guid id, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, cancellationToken);
        if (row is null)
        {
            return Error.NotFound($"Job {id} does not exist.");
        }

        var now = time.GetUtcNow();
        // Conditional update: of two concurrent retries only one moves the job back to Queued.
        var changed = await db.Jobs
            .Where(j => j.Id == id && (j.Status == JobStatus.Failed || j.Status == JobStatus.Cancelled))
            .ExecuteUpdateAsync(
                s => s.SetProperty(j => j.Status, JobStatus.Queued)
                    .SetProperty(j => j.CancelRequested, false)
                    .SetProperty(j => j.Progress, 0)
                    .SetProperty(j => j.Step, "Queued for retry")
                    .SetProperty(j => j.Error, (string?)null)
                    .SetProperty(j => j.ErrorDetails, (string?)null)
                    .SetProperty(j => j.FinishedAt, (DateTimeOffset?)null)
                    .SetProperty(j => j.UpdatedAt, now),
                cancellationToken);
        if (changed == 0)
        {
            return Error.InvalidState($"Job {id} is {row.Status}; only failed or cancelled jobs can be retried.");
        }

        var after = await db.Jobs.AsNoTracking().SingleAsync(j => j.Id == id, cancellationToken);
        AuditLog.Stage(db, JobMapping.Audit(actor, "job.retried", after, new { Status = row.Status.ToString() }), now);
        await db.SaveChangesAsync(cancellationToken);
        await dispatcher.DispatchAsync(id, after.Queue, cancellationToken);
        var dto = after.ToDto();
        events.Publish(dto);
        return dto;
    }

    public async Task<JobDto?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, cancellationToken);
        return row?.ToDto();
    }

    public async Task<JobPage> ListAsync(JobListQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = db.Jobs.AsNoTracking();
        if (query.Status is { } status)
        {
            rows = rows.Where(j => j.Status == status);
        }

        if (!string.IsNullOrWhiteSpace(query.Kind))
        {
            rows = rows.Where(j => j.Kind == query.Kind);
        }

        var total = await rows.CountAsync(cancellationToken);
        var page = await Sort(rows, query.Sort, query.Descending)
            .Skip(Math.Max(0, query.Skip))
            .Take(Math.Clamp(query.Take, 1, 500))
            .ToListAsync(cancellationToken);
        return new JobPage([.. page.Select(r => r.ToDto())], total);
    }

    private static IQueryable<JobRow> Sort(IQueryable<JobRow> rows, string? sort, bool descending) => (sort?.ToUpperInvariant()) switch
    {
        "KIND" => descending ? rows.OrderByDescending(j => j.Kind).ThenByDescending(j => j.CreatedAt) : rows.OrderBy(j => j.Kind).ThenBy(j => j.CreatedAt),
        "STATUS" => descending ? rows.OrderByDescending(j => j.Status).ThenByDescending(j => j.CreatedAt) : rows.OrderBy(j => j.Status).ThenBy(j => j.CreatedAt),
        "PROGRESS" => descending ? rows.OrderByDescending(j => j.Progress).ThenByDescending(j => j.CreatedAt) : rows.OrderBy(j => j.Progress).ThenBy(j => j.CreatedAt),
        "STARTEDAT" => descending ? rows.OrderByDescending(j => j.StartedAt) : rows.OrderBy(j => j.StartedAt),
        "FINISHEDAT" => descending ? rows.OrderByDescending(j => j.FinishedAt) : rows.OrderBy(j => j.FinishedAt),
        _ => descending ? rows.OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.Id) : rows.OrderBy(j => j.CreatedAt).ThenBy(j => j.Id),
    };
}
