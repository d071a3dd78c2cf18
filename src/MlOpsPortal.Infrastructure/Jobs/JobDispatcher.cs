using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MlOpsPortal.Infrastructure.Persistence;

namespace MlOpsPortal.Infrastructure.Jobs;

/// <summary>
/// Hands a portal job to Hangfire: one Hangfire background job (a "delivery") per attempt, on the job's queue, and the
/// delivery's id recorded on the row (<c>DispatchId</c>) so the stale sweep can tell a live delivery from a lost one.
/// Duplicate deliveries are harmless: the runner's conditional start lets one execution own an attempt.
/// </summary>
internal sealed class JobDispatcher(IBackgroundJobClient client, JobStorage storage, IDbContextFactory<PortalDbContext> dbFactory)
{
    private static readonly HashSet<string> Pending = new(StringComparer.Ordinal) { EnqueuedState.StateName, ScheduledState.StateName, ProcessingState.StateName, AwaitingState.StateName };

    public async Task DispatchAsync(Guid jobId, string queue, CancellationToken cancellationToken, TimeSpan? delay = null)
    {
        var job = Job.FromExpression<PortalJobEntry>(e => e.RunAsync(jobId, CancellationToken.None), queue);
        IState state = delay is { } d && d > TimeSpan.Zero ? new ScheduledState(d) : new EnqueuedState(queue);
        var dispatchId = client.Create(job, state);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Jobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(s => s.SetProperty(j => j.DispatchId, dispatchId), cancellationToken);
    }

    /// <summary>Whether Hangfire still holds a delivery for the row (enqueued, scheduled, awaiting or processing).</summary>
    public bool IsPending(string? dispatchId)
    {
        if (string.IsNullOrEmpty(dispatchId))
        {
            return false;
        }

        using var connection = storage.GetConnection();
        return connection.GetStateData(dispatchId)?.Name is { } state && Pending.Contains(state);
    }
}

/// <summary>
/// The Hangfire entry point of every portal job (serialized into Hangfire's storage by type and method name, so both
/// stay public and stable). Hangfire's own retries are off: the portal decides about retries on its row.
/// </summary>
public sealed class PortalJobEntry(IServiceProvider services)
{
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public Task RunAsync(Guid jobId, CancellationToken cancellationToken) =>
        services.GetRequiredService<PortalJobRunner>().ExecuteAsync(jobId, cancellationToken);
}
