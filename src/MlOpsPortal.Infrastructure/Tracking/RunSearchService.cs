using System.Globalization;
using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Domain.Tracking;
using MlOpsPortal.Infrastructure.Persistence;
using Npgsql;

namespace MlOpsPortal.Infrastructure.Tracking;

/// <summary>runs/search: parse, translate to one SQL query for the page's ids, then load those runs.</summary>
public sealed class RunSearchService(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<Result<RunsPage>> SearchAsync(RunSearchRequest request, CancellationToken cancellationToken)
    {
        if (TrackingLimits.ValidateMaxResults(request.MaxResults, TrackingLimits.SearchRunsMax) is { } badMax)
        {
            return badMax;
        }

        var experimentIds = new List<long>();
        foreach (var text in request.ExperimentIds)
        {
            var id = TrackingTime.ParseExperimentId(text);
            if (id.IsSuccess)
            {
                experimentIds.Add(id.Value);
            }
            else if (id.Error.Code != ErrorCode.NotFound)
            {
                return id.Error;
            }
        }

        var offset = request.Offset is { } o ? Result<int>.Ok(o) : PageTokens.Decode(request.PageToken);
        if (!offset.IsSuccess)
        {
            return offset.Error;
        }

        var filter = SearchFilterParser.Parse(request.Filter);
        if (!filter.IsSuccess)
        {
            return filter.Error;
        }

        var order = SearchFilterParser.ParseOrderBy(request.OrderBy);
        if (!order.IsSuccess)
        {
            return order.Error;
        }

        var sql = new RunSearchSql(experimentIds, request.View.Stages(), filter.Value, order.Value);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        var conn = (NpgsqlConnection)db.Database.GetDbConnection();
        List<Guid>? ids = null;
        if (sql.CanCap)
        {
            // Sorted by a metric: look first among the runs with the best values of it; a page that fills up there is
            // the exact page. The cap assumes the filter keeps at least 1 run in 40; a sparser one falls through.
            var cap = Math.Max(2000L, 40L * (offset.Value + request.MaxResults + 1));
            await using var cmd = new NpgsqlCommand(sql.ThresholdSql(cap), conn);
            cmd.Parameters.AddRange(sql.Parameters.Select(p => p.Clone()).ToArray());
            if (await cmd.ExecuteScalarAsync(cancellationToken) is double threshold)
            {
                ids = await PageIdsAsync(conn, sql, sql.CappedPageSql(request.MaxResults, offset.Value), cancellationToken, new NpgsqlParameter("threshold", threshold));
            }
        }

        if (ids is null || ids.Count <= request.MaxResults)
        {
            ids = await PageIdsAsync(conn, sql, sql.PageSql(request.MaxResults, offset.Value), cancellationToken);
        }

        int? total = null;
        if (request.IncludeTotal)
        {
            await using var count = new NpgsqlCommand(sql.CountSql(), conn);
            count.Parameters.AddRange(sql.Parameters.Select(p => p.Clone()).ToArray());
            total = Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }

        var more = ids.Count > request.MaxResults;
        var runs = await RunLoader.LoadAsync(db, more ? ids[..request.MaxResults] : ids, cancellationToken);
        return new RunsPage(runs, more ? PageTokens.Encode(offset.Value + request.MaxResults) : null, total);
    }

    /// <summary>Runs one of <see cref="RunSearchSql"/>'s id queries (the search's parameters plus <paramref name="extra"/>).</summary>
    internal static async Task<List<Guid>> PageIdsAsync(
        NpgsqlConnection conn, RunSearchSql sql, string text, CancellationToken cancellationToken, params NpgsqlParameter[] extra)
    {
        var ids = new List<Guid>();
        await using var cmd = new NpgsqlCommand(text, conn);
        cmd.Parameters.AddRange(sql.Parameters.Select(p => p.Clone()).Concat(extra).ToArray());
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    /// <summary>The distinct metric and param keys of an experiment, for the runs table's column picker.</summary>
    public async Task<(IReadOnlyList<string> Metrics, IReadOnlyList<string> Params)> KeysAsync(long experimentId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var metrics = await db.Database.SqlQuery<string>(
            $"SELECT DISTINCT key AS \"Value\" FROM latest_metrics WHERE experiment_id = {experimentId} ORDER BY 1 LIMIT 500").ToListAsync(cancellationToken);
        var parameters = await db.Database.SqlQuery<string>(
            $"SELECT DISTINCT p.key AS \"Value\" FROM run_params p WHERE p.run_id IN (SELECT id FROM runs WHERE experiment_id = {experimentId} ORDER BY start_time DESC LIMIT 1000) ORDER BY 1 LIMIT 500")
            .ToListAsync(cancellationToken);
        return (metrics, parameters);
    }

    /// <summary>Loads 2–10 runs for the compare page, in the order given.</summary>
    public async Task<Result<IReadOnlyList<RunDto>>> CompareAsync(IReadOnlyList<string> runIds, CancellationToken cancellationToken)
    {
        if (runIds.Count is < 2 or > 10)
        {
            return Error.Invalid($"Select between 2 and 10 runs to compare; got {runIds.Count}.");
        }

        var ids = new List<Guid>();
        foreach (var text in runIds)
        {
            var id = TrackingTime.ParseRunId(text);
            if (!id.IsSuccess)
            {
                return id.Error;
            }

            ids.Add(id.Value);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var runs = await RunLoader.LoadAsync(db, ids.Distinct().ToList(), cancellationToken);
        if (runs.Count != ids.Distinct().Count())
        {
            var missing = ids.Select(i => i.ToApiId()).Except(runs.Select(r => r.Info.RunId)).First();
            return Error.NotFound($"Run with id={missing} not found");
        }

        return runs;
    }
}
