using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Infrastructure.Persistence;

namespace MlOpsPortal.Infrastructure.Jobs;

/// <summary>
/// One node of the job cluster as an Admin sees it: its Quartz instance id (<c>Jobs:NodeId</c>), last check-in,
/// check-in interval, whether it is alive, and the jobs it runs now. A node with running jobs but no check-in row is a
/// dead node whose jobs have not been recovered yet.
/// </summary>
public sealed record ClusterNodeDto(string NodeId, DateTimeOffset? LastCheckin, double? CheckinIntervalSeconds, bool Alive, int RunningJobs, IReadOnlyList<Guid> RunningJobIds);

/// <summary>
/// Reads Quartz's <c>qrtz_scheduler_state</c> (one row per live or not-yet-cleaned-up node; check-in time stored as UTC
/// ticks, interval in milliseconds) and the Running rows of <c>jobs</c> by node. Alive rule: the last check-in is at
/// most check-in interval + <c>Jobs:CheckinMisfireThresholdSeconds</c> (default 15 s) old — the same margin after
/// which another node recovers its jobs.
/// </summary>
public sealed class ClusterNodes(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider time, IConfiguration configuration)
{
    public async Task<IReadOnlyList<ClusterNodeDto>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var states = new List<(string Node, DateTimeOffset Checkin, TimeSpan Interval)>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT instance_name, last_checkin_time, checkin_interval FROM qrtz_scheduler_state WHERE sched_name = @name ORDER BY instance_name";
            var name = command.CreateParameter();
            name.ParameterName = "name";
            name.Value = JobScheduling.SchedulerName;
            command.Parameters.Add(name);
            await using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                states.Add((reader.GetString(0), new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero), TimeSpan.FromMilliseconds(reader.GetInt64(2))));
            }
        }

        var running = (await db.Jobs.AsNoTracking().Where(j => j.Status == JobStatus.Running && j.Node != null)
                .Select(j => new { j.Node, j.Id }).ToListAsync(cancellationToken))
            .GroupBy(j => j.Node!).ToDictionary(g => g.Key, g => g.Select(j => j.Id).ToList(), StringComparer.Ordinal);
        var margin = TimeSpan.FromSeconds(configuration.GetValue("Jobs:CheckinMisfireThresholdSeconds", 15));
        var now = time.GetUtcNow();
        var nodes = states.Select(s =>
        {
            var ids = running.GetValueOrDefault(s.Node) ?? [];
            return new ClusterNodeDto(s.Node, s.Checkin, s.Interval.TotalSeconds, now - s.Checkin <= s.Interval + margin, ids.Count, ids);
        }).ToList();
        nodes.AddRange(running.Where(r => states.All(s => s.Node != r.Key))
            .Select(r => new ClusterNodeDto(r.Key, null, null, false, r.Value.Count, r.Value)));
        return nodes;
    }
}
