using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Domain.Tracking;
using MlOpsPortal.Infrastructure.Persistence;
using Npgsql;
using NpgsqlTypes;

namespace MlOpsPortal.Infrastructure.Tracking;

/// <summary>
/// Writes metrics, params and tags of one run in one transaction: metric history by binary COPY of one chunk per key, the latest-value
/// table by one set-based upsert, params checked for immutability then inserted, tags upserted (last value wins).
/// </summary>
/// <summary>A batch that passed <see cref="RunIngest.Check"/>: the parsed run id and the params, one per key, in key order.</summary>
internal sealed record CheckedBatch(Guid RunId, string RunText, IReadOnlyList<KeyValue> Params, LogBatch Batch);

public sealed class RunIngest(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<Result<bool>> LogBatchAsync(string? runId, LogBatch batch, CancellationToken cancellationToken)
    {
        // A refused batch is refused before a connection is opened.
        var valid = Check(runId, batch);
        if (!valid.IsSuccess)
        {
            return valid.Error;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var written = await WriteAsync(db, valid.Value, cancellationToken);
        if (written.IsSuccess)
        {
            await tx.CommitAsync(cancellationToken);
        }

        return written;
    }

    /// <summary>The run id and the batch's params (one per key), or why the batch is refused; touches no database.</summary>
    internal static Result<CheckedBatch> Check(string? runId, LogBatch batch)
    {
        var id = TrackingTime.ParseRunId(runId);
        if (!id.IsSuccess)
        {
            return id.Error;
        }

        if (Validate(batch) is { } invalid)
        {
            return invalid;
        }

        var parameters = batch.Params.GroupBy(p => p.Key).ToList();
        if (parameters.FirstOrDefault(g => g.Select(p => p.Value).Distinct().Count() > 1) is { } dup)
        {
            return Error.Invalid($"Duplicate parameter keys have been submitted: ['{dup.Key}']. Please ensure the request contains only one param value per param key.");
        }

        return new CheckedBatch(id.Value, runId!, parameters.Select(g => g.First()).OrderBy(p => p.Key, StringComparer.Ordinal).ToList(), batch);
    }

    /// <summary>
    /// Writes a checked batch on <paramref name="db"/>'s connection inside the transaction the caller has begun on it (the
    /// caller commits, or rolls back on an error result).
    /// </summary>
    internal static async Task<Result<bool>> WriteAsync(PortalDbContext db, CheckedBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(batch);
        var conn = (NpgsqlConnection)db.Database.GetDbConnection();
        var run = await RunStateAsync(conn, batch.RunId, cancellationToken);
        if (run is null)
        {
            return Error.NotFound($"Run with id={batch.RunText} not found");
        }

        if (run.Value.LifecycleStage != LifecycleStage.Active)
        {
            return Error.Invalid($"The run {batch.RunText} must be in the 'active' state. Current state is {run.Value.LifecycleStage}.");
        }

        if (batch.Params.Count > 0 && await WriteParamsAsync(conn, batch.RunId, batch.RunText, batch.Params, cancellationToken) is { } paramError)
        {
            return paramError;
        }

        if (batch.Batch.Tags.Count > 0)
        {
            await WriteTagsAsync(conn, batch.RunId, batch.Batch.Tags.GroupBy(t => t.Key).Select(g => g.Last()).OrderBy(t => t.Key, StringComparer.Ordinal).ToList(), cancellationToken);
        }

        if (batch.Batch.Metrics.Count > 0)
        {
            await CopyMetricsAsync(conn, batch.RunId, batch.Batch.Metrics, cancellationToken);
            await UpsertLatestAsync(conn, batch.RunId, run.Value.ExperimentId, batch.Batch.Metrics, cancellationToken);
        }

        return true;
    }

    /// <summary>The run's experiment and lifecycle stage, read on the batch's own connection (the hot path skips EF's query pipeline).</summary>
    private static async Task<(long ExperimentId, string LifecycleStage)?> RunStateAsync(NpgsqlConnection conn, Guid runId, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand("SELECT experiment_id, lifecycle_stage FROM runs WHERE id = @r", conn);
        cmd.Parameters.AddWithValue("r", runId);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetInt64(0), reader.GetString(1)) : null;
    }

    private static Error? Validate(LogBatch batch)
    {
        if (TrackingLimits.ValidateBatch(batch.Metrics.Count, batch.Params.Count, batch.Tags.Count) is { } limit)
        {
            return limit;
        }

        // A batch repeats a few keys many times (1,000 points over 20 keys): each distinct key is checked once.
        foreach (var key in batch.Metrics.Select(m => m.Key).Distinct(StringComparer.Ordinal))
        {
            if (TrackingLimits.ValidateKey("metric", key) is { } bad)
            {
                return bad;
            }
        }

        return batch.Params.Select(p => TrackingLimits.ValidateParam(p.Key, p.Value)).FirstOrDefault(e => e is not null)
            ?? batch.Tags.Select(t => TrackingLimits.ValidateTag(t.Key, t.Value)).FirstOrDefault(e => e is not null);
    }

    /// <summary>
    /// Inserts the params that are new and compares the rest with what is stored. Insert first, compare after: when two
    /// transactions log the same key at once, PostgreSQL makes the second <c>ON CONFLICT DO NOTHING</c> wait for the first
    /// to commit, so the comparison that follows sees the winner's value and a different value is refused (the whole
    /// batch then rolls back) instead of being silently dropped.
    /// </summary>
    private static async Task<Error?> WriteParamsAsync(NpgsqlConnection conn, Guid runId, string runText, IReadOnlyList<KeyValue> parameters, CancellationToken cancellationToken)
    {
        var keys = parameters.Select(p => p.Key).ToArray();
        var values = parameters.Select(p => p.Value ?? string.Empty).ToArray();
        var inserted = new HashSet<string>(StringComparer.Ordinal);
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO run_params (run_id, key, value) SELECT @r, k, v FROM unnest(@k, @v) AS t(k, v) ON CONFLICT (run_id, key) DO NOTHING RETURNING key", conn))
        {
            insert.Parameters.AddWithValue("r", runId);
            insert.Parameters.AddWithValue("k", keys);
            insert.Parameters.AddWithValue("v", values);
            await using var reader = await insert.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                inserted.Add(reader.GetString(0));
            }
        }

        if (inserted.Count == keys.Length)
        {
            return null;
        }

        await using var check = new NpgsqlCommand("SELECT key, value FROM run_params WHERE run_id = @r AND key = ANY(@k) ORDER BY key", conn);
        check.Parameters.AddWithValue("r", runId);
        check.Parameters.AddWithValue("k", keys.Where(k => !inserted.Contains(k)).ToArray());
        await using var stored = await check.ExecuteReaderAsync(cancellationToken);
        var wanted = parameters.ToDictionary(p => p.Key, p => p.Value ?? string.Empty, StringComparer.Ordinal);
        while (await stored.ReadAsync(cancellationToken))
        {
            var key = stored.GetString(0);
            var old = stored.GetString(1);
            if (!string.Equals(old, wanted[key], StringComparison.Ordinal))
            {
                return Error.Invalid(
                    $"Changing param values is not allowed. Param with key='{key}' was already logged with value='{old}' for run ID='{runText}'. Attempted logging new value '{wanted[key]}'.");
            }
        }

        return null;
    }

    private static async Task WriteTagsAsync(NpgsqlConnection conn, Guid runId, List<KeyValue> tags, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(
            """
            INSERT INTO run_tags (run_id, key, value) SELECT @r, k, v FROM unnest(@k, @v) AS t(k, v)
            ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value;
            UPDATE runs SET name = @n WHERE id = @r AND @n IS NOT NULL AND @n <> '';
            """, conn);
        cmd.Parameters.AddWithValue("r", runId);
        cmd.Parameters.AddWithValue("k", tags.Select(t => t.Key).ToArray());
        cmd.Parameters.AddWithValue("v", tags.Select(t => t.Value ?? string.Empty).ToArray());
        cmd.Parameters.Add(new NpgsqlParameter("n", NpgsqlDbType.Text) { Value = (object?)tags.FirstOrDefault(t => t.Key == TrackingLimits.RunNameTag)?.Value ?? DBNull.Value });
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>One chunk row per key (points sorted by step, stable), bulk-inserted by binary COPY.</summary>
    private static async Task CopyMetricsAsync(NpgsqlConnection conn, Guid runId, IReadOnlyList<MetricValue> metrics, CancellationToken cancellationToken)
    {
        await using var writer = await conn.BeginBinaryImportAsync(
            """
            COPY metric_chunks (run_id, key, min_step, max_step, steps, timestamps, values, point_count, value_sum, min_value, max_value, min_timestamp, max_timestamp)
            FROM STDIN (FORMAT BINARY)
            """, cancellationToken);
        foreach (var chunk in metrics.GroupBy(m => m.Key, StringComparer.Ordinal))
        {
            var points = chunk.OrderBy(m => m.Step).ToArray();
            await writer.StartRowAsync(cancellationToken);
            await writer.WriteAsync(runId, NpgsqlDbType.Uuid, cancellationToken);
            await writer.WriteAsync(chunk.Key, NpgsqlDbType.Varchar, cancellationToken);
            await writer.WriteAsync(points[0].Step, NpgsqlDbType.Bigint, cancellationToken);
            await writer.WriteAsync(points[^1].Step, NpgsqlDbType.Bigint, cancellationToken);
            await writer.WriteAsync(Array.ConvertAll(points, m => m.Step), NpgsqlDbType.Array | NpgsqlDbType.Bigint, cancellationToken);
            await writer.WriteAsync(Array.ConvertAll(points, m => m.Timestamp), NpgsqlDbType.Array | NpgsqlDbType.Bigint, cancellationToken);
            var values = Array.ConvertAll(points, m => m.Value);
            await writer.WriteAsync(values, NpgsqlDbType.Array | NpgsqlDbType.Double, cancellationToken);
            await writer.WriteAsync(points.Length, NpgsqlDbType.Integer, cancellationToken);
            await writer.WriteAsync(values.Sum(), NpgsqlDbType.Double, cancellationToken);
            await writer.WriteAsync(values.Min(), NpgsqlDbType.Double, cancellationToken);
            await writer.WriteAsync(values.Max(), NpgsqlDbType.Double, cancellationToken);
            await writer.WriteAsync(points.Min(m => m.Timestamp), NpgsqlDbType.Bigint, cancellationToken);
            await writer.WriteAsync(points.Max(m => m.Timestamp), NpgsqlDbType.Bigint, cancellationToken);
        }

        await writer.CompleteAsync(cancellationToken);
    }

    /// <summary>
    /// Keeps the latest value per key: the greatest (step, timestamp, value), as MLflow's SQL store does. The batch's
    /// own maximum per key is found here, then merged with the stored row by one conditional upsert.
    /// </summary>
    private static async Task UpsertLatestAsync(NpgsqlConnection conn, Guid runId, long experimentId, IReadOnlyList<MetricValue> metrics, CancellationToken cancellationToken)
    {
        var latest = metrics.GroupBy(m => m.Key, StringComparer.Ordinal)
            .Select(g => g.OrderByDescending(m => m.Step).ThenByDescending(m => m.Timestamp).ThenByDescending(m => m.Value).First())
            .OrderBy(m => m.Key, StringComparer.Ordinal) // one lock order for concurrent batches on the same run
            .ToList();
        await using var cmd = new NpgsqlCommand(
            """
            INSERT INTO latest_metrics (run_id, experiment_id, key, value, step, timestamp)
            SELECT @r, @e, k, v, s, t FROM unnest(@k, @v, @s, @t) AS u(k, v, s, t)
            ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value, step = excluded.step, timestamp = excluded.timestamp
            WHERE (excluded.step, excluded.timestamp, excluded.value) >= (latest_metrics.step, latest_metrics.timestamp, latest_metrics.value)
            """, conn);
        cmd.Parameters.AddWithValue("r", runId);
        cmd.Parameters.AddWithValue("e", experimentId);
        cmd.Parameters.AddWithValue("k", latest.Select(m => m.Key).ToArray());
        cmd.Parameters.AddWithValue("v", latest.Select(m => m.Value).ToArray());
        cmd.Parameters.AddWithValue("s", latest.Select(m => m.Step).ToArray());
        cmd.Parameters.AddWithValue("t", latest.Select(m => TrackingTime.FromMs(m.Timestamp).UtcDateTime).ToArray());
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}
