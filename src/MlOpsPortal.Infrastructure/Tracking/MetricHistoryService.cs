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
            return id.Error;
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
            return after.Error;
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
    /// point has the same step (then by timestamp). A chunk narrower than one bucket is added through its stored summary
    /// (count, sum, min, max at its smallest x), so a history of a million points logged in batches reads a thousand
    /// small rows; only chunks at least a bucket wide have their points read.
    /// </summary>
    public async Task<Result<ChartSeries>> GetChartAsync(string? runId, string key, bool byTime, int maxPoints, CancellationToken cancellationToken)
    {
        var id = TrackingTime.ParseRunId(runId);
        if (!id.IsSuccess)
        {
            return id.Error;
        }

        maxPoints = Math.Clamp(maxPoints, 10, DefaultChartPoints);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        var conn = (NpgsqlConnection)db.Database.GetDbConnection();
        var extent = await ExtentAsync(conn, id.Value, key, cancellationToken);
        if (extent.Count == 0)
        {
            return await db.Runs.AnyAsync(r => r.Id == id.Value, cancellationToken)
                ? new ChartSeries(runId!, key, byTime, 0, false, [])
                : Error.NotFound($"Run with id={runId} not found");
        }

        byTime |= extent.StepLo == extent.StepHi;
        var (lo, hi) = byTime ? (extent.TimeLo, extent.TimeHi) : (extent.StepLo, extent.StepHi);
        var buckets = (int)Math.Min(maxPoints, hi - lo + 1);
        var chart = new ChartBuckets(lo, hi, buckets);
        var (x0, x1, xs) = byTime ? ("min_timestamp", "max_timestamp", "timestamps") : ("min_step", "max_step", "steps");
        await using var cmd = new NpgsqlCommand(
            $"""
            SELECT {x0}, point_count, value_sum, min_value, max_value,
                   CASE WHEN {x1} - {x0} >= @w THEN {xs} END, CASE WHEN {x1} - {x0} >= @w THEN values END
            FROM metric_chunks WHERE run_id = @r AND key = @k
            """, conn);
        cmd.Parameters.AddWithValue("r", id.Value);
        cmd.Parameters.AddWithValue("k", key);
        cmd.Parameters.AddWithValue("w", (long)Math.Ceiling(((double)hi - lo + 1) / buckets));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (reader.IsDBNull(5))
            {
                chart.Add(reader.GetInt64(0), reader.GetInt32(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetDouble(4));
                continue;
            }

            var points = reader.GetFieldValue<long[]>(5);
            var values = reader.GetFieldValue<double[]>(6);
            for (var i = 0; i < points.Length; i++)
            {
                chart.Add(points[i], 1, values[i], values[i], values[i]);
            }
        }

        return new ChartSeries(runId!, key, byTime, extent.Count, chart.Merged, chart.Points());
    }

    /// <summary>
    /// How many points each metric of a run has logged (key → count), from the chunks' summary columns: the run page draws a
    /// learning curve for the keys with more than one point and lists the others as values.
    /// </summary>
    public async Task<Result<IReadOnlyDictionary<string, long>>> PointCountsAsync(string? runId, CancellationToken cancellationToken)
    {
        var id = TrackingTime.ParseRunId(runId);
        if (!id.IsSuccess)
        {
            return id.Error;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        var conn = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var cmd = new NpgsqlCommand("SELECT key, coalesce(sum(point_count), 0)::bigint FROM metric_chunks WHERE run_id = @r GROUP BY key", conn);
        cmd.Parameters.AddWithValue("r", id.Value);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    /// <summary>Point count and step and time ranges of one history, from the chunks' summary columns.</summary>
    private static async Task<(long Count, long StepLo, long StepHi, long TimeLo, long TimeHi)> ExtentAsync(
        NpgsqlConnection conn, Guid runId, string key, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(
            """
            SELECT coalesce(sum(point_count), 0)::bigint, min(min_step), max(max_step), min(min_timestamp), max(max_timestamp)
            FROM metric_chunks WHERE run_id = @r AND key = @k
            """, conn);
        cmd.Parameters.AddWithValue("r", runId);
        cmd.Parameters.AddWithValue("k", key);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return reader.IsDBNull(1) ? (0, 0, 0, 0, 0) : (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
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
