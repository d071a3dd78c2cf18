using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Domain.Tracking;
using MlOpsPortal.Infrastructure.Persistence;
using Npgsql;

namespace MlOpsPortal.Infrastructure.Tracking;

/// <summary>Metric histories: keyset-paged full history (get-history) and server-side downsampled chart series.</summary>
public sealed class MetricHistoryService(IDbContextFactory<PortalDbContext> dbFactory)
{
    public const int DefaultChartPoints = 1000;

    public async Task<Result<HistoryPage>> GetHistoryAsync(string? runId, string? key, int? maxResults, string? pageToken, CancellationToken cancellationToken)
    {
        var id = TrackingTime.ParseRunId(runId);
        if (!id.IsSuccess)
        {
            return id.Error!;
        }

        if (string.IsNullOrEmpty(key))
        {
            return Error.Invalid("Missing value for required parameter 'metric_key'. See the API docs for more information about request parameters.");
        }

        if (TrackingLimits.ValidateMaxResults(maxResults, TrackingLimits.MetricHistoryMax) is { } badMax)
        {
            return badMax;
        }

        var limit = maxResults ?? TrackingLimits.MetricHistoryMax;
        var after = DecodeKeyset(pageToken);
        if (!after.IsSuccess)
        {
            return after.Error!;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Runs.AnyAsync(r => r.Id == id.Value, cancellationToken))
        {
            return Error.NotFound($"Run with id={runId} not found");
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        var merge = new HistoryMerge(after.Value, limit + 1);
        await using (var cmd = new NpgsqlCommand(
            "SELECT id, min_step, steps, timestamps, values FROM metric_chunks WHERE run_id = @r AND key = @k AND max_step >= @s ORDER BY min_step, id",
            (NpgsqlConnection)db.Database.GetDbConnection()))
        {
            cmd.Parameters.AddWithValue("r", id.Value);
            cmd.Parameters.AddWithValue("k", key);
            cmd.Parameters.AddWithValue("s", after.Value.Step);
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)
                && merge.Add(key, reader.GetInt64(0), reader.GetInt64(1), reader.GetFieldValue<long[]>(2), reader.GetFieldValue<long[]>(3), reader.GetFieldValue<double[]>(4)))
            {
            }
        }

        merge.Finish();
        var more = merge.Points.Count > limit;
        var page = merge.Points.Take(limit).ToList();
        var token = more ? EncodeKeyset(page[^1].At) : null;
        return new HistoryPage(page.Select(p => p.Point).ToList(), token);
    }

    /// <summary>
    /// At most <paramref name="maxPoints"/> points for a chart: equal-width buckets over the x range with mean, min and
    /// max per bucket (one point per bucket holding a single point). By step, unless <paramref name="byTime"/> or every
    /// point has the same step (then by timestamp). Histories of up to <see cref="RawChartPoints"/> points are bucketed
    /// from the points themselves; longer ones from <see cref="MetricRollups"/> (bucket edges then snap to the rollup
    /// width), so a chart reads at most <see cref="MaxRollupRows"/> rows whatever the history's length.
    /// </summary>
    public async Task<Result<ChartSeries>> GetChartAsync(string? runId, string key, bool byTime, int maxPoints, CancellationToken cancellationToken)
    {
        var id = TrackingTime.ParseRunId(runId);
        if (!id.IsSuccess)
        {
            return id.Error!;
        }

        maxPoints = Math.Clamp(maxPoints, 10, DefaultChartPoints);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        var conn = (NpgsqlConnection)db.Database.GetDbConnection();
        var extent = await ExtentAsync(conn, id.Value, key, MetricRollups.StepAxis, cancellationToken);
        if (extent.Count == 0)
        {
            return await db.Runs.AnyAsync(r => r.Id == id.Value, cancellationToken)
                ? new ChartSeries(runId!, key, byTime, 0, false, [])
                : Error.NotFound($"Run with id={runId} not found");
        }

        if (byTime || extent.Lo == extent.Hi)
        {
            byTime = true;
            extent = await ExtentAsync(conn, id.Value, key, MetricRollups.TimeAxis, cancellationToken);
        }

        var axis = byTime ? MetricRollups.TimeAxis : MetricRollups.StepAxis;
        var chart = new ChartBuckets(extent.Lo, extent.Hi, (int)Math.Min(maxPoints, extent.Hi - extent.Lo + 1));
        if (extent.Count <= RawChartPoints)
        {
            await using var cmd = new NpgsqlCommand($"SELECT {(byTime ? "timestamps" : "steps")}, values FROM metric_chunks WHERE run_id = @r AND key = @k", conn);
            cmd.Parameters.AddWithValue("r", id.Value);
            cmd.Parameters.AddWithValue("k", key);
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var xs = reader.GetFieldValue<long[]>(0);
                var values = reader.GetFieldValue<double[]>(1);
                for (var i = 0; i < xs.Length; i++)
                {
                    chart.Add(xs[i], 1, values[i], values[i], values[i]);
                }
            }
        }
        else
        {
            await using var cmd = new NpgsqlCommand(
                "SELECT min_x, point_count, value_sum, min_value, max_value FROM metric_rollups WHERE run_id = @r AND key = @k AND axis = @a AND level = @l",
                conn);
            cmd.Parameters.AddWithValue("r", id.Value);
            cmd.Parameters.AddWithValue("k", key);
            cmd.Parameters.AddWithValue("a", axis);
            cmd.Parameters.AddWithValue("l", MetricRollups.ChooseLevel(axis, extent.Lo, extent.Hi, MaxRollupRows));
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                chart.Add(reader.GetInt64(0), reader.GetInt64(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetDouble(4));
            }
        }

        return new ChartSeries(runId!, key, byTime, extent.Count, chart.Merged, chart.Points());
    }

    /// <summary>Histories up to this many points are charted from the points themselves.</summary>
    public const int RawChartPoints = 20_000;

    /// <summary>The most rollup rows one chart reads (the finest level that fits is chosen).</summary>
    public const int MaxRollupRows = 64_000;

    /// <summary>Point count and x range of one history, from the coarsest rollup level (a handful of rows).</summary>
    private static async Task<(long Count, long Lo, long Hi)> ExtentAsync(NpgsqlConnection conn, Guid runId, string key, short axis, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(
            "SELECT coalesce(sum(point_count), 0)::bigint, min(min_x), max(max_x) FROM metric_rollups WHERE run_id = @r AND key = @k AND axis = @a AND level = @l", conn);
        cmd.Parameters.AddWithValue("r", runId);
        cmd.Parameters.AddWithValue("k", key);
        cmd.Parameters.AddWithValue("a", axis);
        cmd.Parameters.AddWithValue("l", (short)(MetricRollups.LevelCount - 1));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return reader.IsDBNull(1) ? (0, 0, 0) : (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    private static string EncodeKeyset(HistoryPosition at) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{at.Step}:{at.Chunk}:{at.Index}")));

    private static Result<HistoryPosition> DecodeKeyset(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return HistoryPosition.Start;
        }

        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split(':');
            if (parts.Length == 3
                && long.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var step)
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var chunk)
                && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                return new HistoryPosition(step, chunk, index);
            }
        }
        catch (FormatException)
        {
            // Falls through to the same error as a well-encoded but meaningless token.
        }

        return Error.Invalid("Invalid page token, could not decode it.");
    }
}
