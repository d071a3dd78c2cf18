using Hangfire;
using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Infrastructure.Persistence;

namespace MlOpsPortal.Infrastructure.Jobs;

/// <summary>
/// One node of the job cluster as an Admin sees it: its id (<c>Jobs:NodeId</c>), last Hangfire heartbeat, heartbeat
/// interval, whether it is alive, the jobs it runs now, the Hangfire queues it serves and its worker count. A node with
/// running jobs but no Hangfire server is a dead node whose jobs have not been taken over yet.
/// </summary>
public sealed record ClusterNodeDto(
    string NodeId, DateTimeOffset? LastCheckin, double? CheckinIntervalSeconds, bool Alive, int RunningJobs, IReadOnlyList<Guid> RunningJobIds,
    IReadOnlyList<string> Queues, int Workers);

/// <summary>
/// Reads Hangfire's servers (one per running portal process: id <c>{node}:{pid}:{guid}</c>, heartbeat, queues, workers)
/// and the Running rows of <c>jobs</c> by node. Alive rule: the last heartbeat is at most two heartbeat intervals
/// (<c>Jobs:ServerHeartbeatSeconds</c>) + 1 s old.
/// </summary>
public sealed class ClusterNodes(IDbContextFactory<PortalDbContext> dbFactory, JobStorage storage, JobNodeSettings settings, TimeProvider time)
{
    /// <summary>Whether a live Hangfire server (any node) serves <paramref name="queue"/>.</summary>
    public bool AnyLiveNodeServes(string queue)
    {
        var now = time.GetUtcNow();
        var limit = (TimeSpan.FromSeconds(settings.ServerHeartbeatSeconds) * 2) + TimeSpan.FromSeconds(1);
        return storage.GetMonitoringApi().Servers().Any(s => s.Queues.Contains(queue, StringComparer.Ordinal)
            && s.Heartbeat is { } h && now - new DateTimeOffset(DateTime.SpecifyKind(h, DateTimeKind.Utc)) <= limit);
    }

    public async Task<IReadOnlyList<ClusterNodeDto>> ListAsync(CancellationToken cancellationToken)
    {
        var servers = storage.GetMonitoringApi().Servers()
            .Select(s => (Node: s.Name.Split(':')[0], Heartbeat: s.Heartbeat is { } h ? new DateTimeOffset(DateTime.SpecifyKind(h, DateTimeKind.Utc)) : (DateTimeOffset?)null, s.Queues, s.WorkersCount))
            .GroupBy(s => s.Node, StringComparer.Ordinal)
            .Select(g => g.OrderByDescending(s => s.Heartbeat).First())
            .OrderBy(s => s.Node, StringComparer.Ordinal)
            .ToList();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var running = (await db.Jobs.AsNoTracking().Where(j => j.Status == JobStatus.Running && j.Node != null)
                .Select(j => new { j.Node, j.Id }).ToListAsync(cancellationToken))
            .GroupBy(j => j.Node!).ToDictionary(g => g.Key, g => g.Select(j => j.Id).ToList(), StringComparer.Ordinal);
        var interval = TimeSpan.FromSeconds(settings.ServerHeartbeatSeconds);
        var now = time.GetUtcNow();
        var nodes = servers.Select(s =>
        {
            var ids = running.GetValueOrDefault(s.Node) ?? [];
            var alive = s.Heartbeat is { } beat && now - beat <= (interval * 2) + TimeSpan.FromSeconds(1);
            return new ClusterNodeDto(s.Node, s.Heartbeat, interval.TotalSeconds, alive, ids.Count, ids, [.. s.Queues], s.WorkersCount);
        }).ToList();
        nodes.AddRange(running.Where(r => servers.All(s => s.Node != r.Key))
            .Select(r => new ClusterNodeDto(r.Key, null, null, false, r.Value.Count, r.Value, [], 0)));
        return nodes;
    }
}
