using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MlOpsPortal.Engines.Packaging;
using MlOpsPortal.Infrastructure.Persistence;
using Npgsql;
using NpgsqlTypes;

namespace MlOpsPortal.Infrastructure.Inference;

/// <summary>
/// The prediction log: a sample of online predictions (<see cref="InferenceOptions.LogSampleRate"/>) gets an id at once
/// — returned to the caller — and is queued; a background loop writes the queue to <c>predictions</c> with binary COPY
/// in batches, so scoring never waits for the database. When the queue is full (<see cref="InferenceOptions.LogQueueCapacity"/>)
/// rows are dropped and counted rather than slowing scoring. A second loop deletes rows older than
/// <see cref="InferenceOptions.RetentionDays"/> in bounded batches (the table's growth is bounded by traffic × retention).
/// </summary>
public sealed partial class PredictionLogWriter : BackgroundService, IPredictionLog
{
    private const int CopyBatch = 2000;
    private readonly Channel<PredictionRow> _queue;
    private readonly IDbContextFactory<PortalDbContext> _dbFactory;
    private readonly IOptions<InferenceOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<PredictionLogWriter> _logger;
    private readonly object _flushGate = new();
    private TaskCompletionSource _flushed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _pending;
    private long _dropped;

    public PredictionLogWriter(IDbContextFactory<PortalDbContext> dbFactory, IOptions<InferenceOptions> options, TimeProvider time, ILogger<PredictionLogWriter> logger)
    {
        _dbFactory = dbFactory;
        _options = options;
        _time = time;
        _logger = logger;
        _queue = Channel.CreateBounded<PredictionRow>(new BoundedChannelOptions(Math.Max(1, options.Value.LogQueueCapacity))
        {
            FullMode = BoundedChannelFullMode.Wait, SingleReader = true,
        });
    }

    /// <summary>Rows dropped because the queue was full, since start.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public IReadOnlyList<Guid?>? Record(ServedModel model, ScoringTable inputs, IReadOnlyList<ScoredRow> outputs)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        var rate = _options.Value.LogSampleRate;
        if (rate <= 0)
        {
            return null;
        }

        var ids = new Guid?[outputs.Count];
        var any = false;
        var now = _time.GetUtcNow();
        var signature = model.Package.Signature;
        var positive = PositiveClass(signature);
        var columns = signature.Inputs.Select(i => ModelScorer.IndexOf(inputs, i.Name)).ToArray();
        for (var r = 0; r < outputs.Count; r++)
        {
            if (rate < 1 && Random.Shared.NextDouble() >= rate)
            {
                continue;
            }

            var output = outputs[r];
            var row = new PredictionRow
            {
                Id = Guid.CreateVersion7(now),
                ModelName = model.Name,
                Version = model.Version,
                Alias = model.Alias,
                LoggedAt = now,
                Inputs = InputsJson(signature, columns, inputs.Rows[r]),
                Label = output.Label,
                Score = positive is not null && output.Probabilities is { } p && p.TryGetValue(positive, out var s) ? s : null,
                Value = output.Value,
            };
            Interlocked.Increment(ref _pending);
            if (_queue.Writer.TryWrite(row))
            {
                ids[r] = row.Id;
                any = true;
            }
            else
            {
                Interlocked.Decrement(ref _pending);
                Interlocked.Increment(ref _dropped);
            }
        }

        return any ? ids : null;
    }

    /// <summary>Waits (at most <paramref name="timeout"/>) until every row queued so far on this node is in the database.</summary>
    public async Task WaitForPendingAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = _time.GetTimestamp();
        while (Interlocked.Read(ref _pending) > 0 && _time.GetElapsedTime(deadline) < timeout)
        {
            Task next;
            lock (_flushGate)
            {
                next = _flushed.Task;
            }

            await next.WaitAsync(TimeSpan.FromMilliseconds(200), _time, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>The positive class of a binary model: the signature's, else the second class label (XGBoost's class 1).</summary>
    public static string? PositiveClass(ModelSignature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        return signature.Task != ModelTask.BinaryClassification ? null
            : signature.PositiveClass ?? (signature.ClassLabels is { Count: 2 } c ? c[1] : null);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retention = RetentionLoopAsync(stoppingToken);
        var batch = new List<PredictionRow>(CopyBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < CopyBatch && _queue.Reader.TryRead(out var row))
                {
                    batch.Add(row);
                }

                await WriteAsync(batch, stoppingToken);
                Interlocked.Add(ref _pending, -batch.Count);
                batch.Clear();
                SignalFlushed();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what is still queued is lost (it was a sample).
        }

        await retention;
    }

    private void SignalFlushed()
    {
        lock (_flushGate)
        {
            _flushed.TrySetResult();
            _flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    private async Task WriteAsync(List<PredictionRow> rows, CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
            var conn = (NpgsqlConnection)db.Database.GetDbConnection();
            await conn.OpenAsync(cancellationToken);
            await using var importer = await conn.BeginBinaryImportAsync(
                "COPY predictions (id, model_name, version, alias, logged_at, inputs, label, score, value) FROM STDIN (FORMAT BINARY)", cancellationToken);
            foreach (var r in rows)
            {
                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(r.Id, NpgsqlDbType.Uuid, cancellationToken);
                await importer.WriteAsync(r.ModelName, NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(r.Version, NpgsqlDbType.Integer, cancellationToken);
                await WriteNullableAsync(importer, r.Alias, NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(r.LoggedAt, NpgsqlDbType.TimestampTz, cancellationToken);
                await importer.WriteAsync(r.Inputs, NpgsqlDbType.Jsonb, cancellationToken);
                await WriteNullableAsync(importer, r.Label, NpgsqlDbType.Text, cancellationToken);
                await WriteNullableAsync(importer, r.Score, NpgsqlDbType.Double, cancellationToken);
                await WriteNullableAsync(importer, r.Value, NpgsqlDbType.Double, cancellationToken);
            }

            await importer.CompleteAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or DbUpdateException)
        {
            Interlocked.Add(ref _dropped, rows.Count);
            LogWriteFailed(_logger, rows.Count, ex);
        }
    }

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type, CancellationToken cancellationToken) =>
        value is null ? importer.WriteNullAsync(cancellationToken) : importer.WriteAsync(value, type, cancellationToken);

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
        where T : struct =>
        value is { } v ? importer.WriteAsync(v, type, cancellationToken) : importer.WriteNullAsync(cancellationToken);

    private async Task RetentionLoopAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await DeleteExpiredAsync(stoppingToken);
                await Task.Delay(_options.Value.RetentionInterval, _time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>Deletes logged predictions older than the retention period, in batches; returns how many went.</summary>
    public async Task<long> DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        var cutoff = _time.GetUtcNow().AddDays(-_options.Value.RetentionDays);
        var batchSize = Math.Max(1, _options.Value.RetentionBatchSize);
        long total = 0;
        try
        {
            await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
            int deleted;
            do
            {
                deleted = await db.Database.ExecuteSqlInterpolatedAsync(
                    $"DELETE FROM predictions WHERE id IN (SELECT id FROM predictions WHERE logged_at < {cutoff} LIMIT {batchSize})", cancellationToken);
                total += deleted;
            }
            while (deleted == batchSize);
        }
        catch (NpgsqlException ex)
        {
            LogRetentionFailed(_logger, ex);
        }

        return total;
    }

    private static string InputsJson(ModelSignature signature, int[] columns, object?[] row)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            for (var c = 0; c < columns.Length; c++)
            {
                var name = signature.Inputs[c].Name;
                var value = columns[c] < 0 ? null : row[columns[c]];
                switch (value)
                {
                    case null:
                        json.WriteNull(name);
                        break;
                    case double d when double.IsFinite(d):
                        json.WriteNumber(name, d);
                        break;
                    case bool b:
                        json.WriteBoolean(name, b);
                        break;
                    default:
                        json.WriteString(name, ModelScorer.Text(value));
                        break;
                }
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not write {Count} logged predictions; they are dropped")]
    private static partial void LogWriteFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The prediction retention sweep failed; it runs again at the next interval")]
    private static partial void LogRetentionFailed(ILogger logger, Exception exception);
}
