using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MlOpsPortal.Engines.Onnx;

/// <summary>
/// Serves ONNX models: one ORT environment per process (<see cref="OnnxRuntimeEngine"/>), sessions cached by
/// artifact hash (SHA-256, verified against the model bytes on load) in a bounded LRU, the configured execution
/// provider (auto falls back to the CPU and reports it), and pooled pinned input buffers (<see cref="OnnxBatch"/>).
/// </summary>
/// <remarks>
/// Thread-safety: every member is safe to call concurrently. Sessions are handed out as
/// <see cref="OnnxSessionLease"/>s; an evicted session is disposed only when its last lease is returned, so a run
/// never sees its session disappear. Concurrent first requests for the same hash may both build a session; one
/// wins and the other is disposed.
/// </remarks>
public sealed partial class InferenceService : IDisposable
{
    private const int MaxPooledBatches = 32;

    private readonly OnnxRuntimeOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, CacheEntry> _entries = new(StringComparer.OrdinalIgnoreCase);
    private readonly LinkedList<CacheEntry> _lru = new();
    private readonly ConcurrentBag<OnnxBatch> _batches = [];
    private bool _disposed;

    /// <exception cref="NativeLibraryMissingException">ONNX Runtime's native library is missing from the application folder.</exception>
    public InferenceService(IOptions<OnnxRuntimeOptions> options, ILogger<InferenceService> logger, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value.Clone();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.SessionCacheCapacity, 1, nameof(OnnxRuntimeOptions.SessionCacheCapacity));
        _logger = logger ?? NullLogger<InferenceService>.Instance;
        _time = timeProvider ?? TimeProvider.System;
        Engine = OnnxRuntimeEngine.Load(_logger);
    }

    public OnnxRuntimeEngine Engine { get; }

    public int Capacity => _options.SessionCacheCapacity;

    public int CachedSessionCount
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Convenience factory for tools and tests.</summary>
    public static InferenceService Create(OnnxRuntimeOptions options, ILogger<InferenceService>? logger = null, TimeProvider? timeProvider = null) =>
        new(Options.Create(options), logger ?? NullLogger<InferenceService>.Instance, timeProvider ?? TimeProvider.System);

    /// <summary>The cached session for <paramref name="artifactHash"/>, or the model loaded via
    /// <paramref name="loadModel"/> (only called on a cache miss). Dispose the lease when done.</summary>
    /// <exception cref="InvalidDataException">The loaded bytes do not hash to <paramref name="artifactHash"/>.</exception>
    /// <exception cref="OnnxRuntimeException">ORT rejected the model.</exception>
    public async ValueTask<OnnxSessionLease> AcquireAsync(string artifactHash, Func<CancellationToken, ValueTask<byte[]>> loadModel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(loadModel);
        if (TryAcquire(artifactHash, out var lease))
        {
            return lease;
        }

        var bytes = await loadModel(cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        return Acquire(artifactHash, bytes);
    }

    /// <summary>As <see cref="AcquireAsync"/> with the model bytes already in memory (used only on a miss).</summary>
    public OnnxSessionLease Acquire(string artifactHash, byte[] model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (TryAcquire(artifactHash, out var lease))
        {
            return lease;
        }

        var actual = Convert.ToHexStringLower(SHA256.HashData(model));
        if (!string.Equals(actual, artifactHash, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"Model bytes hash to {actual}, not to the artifact hash {artifactHash}.");
        }

        var started = _time.GetTimestamp();
        var session = Engine.CreateSession(model, _options);
        LogSessionLoaded(_logger, artifactHash, session.ExecutionProvider, _time.GetElapsedTime(started).TotalMilliseconds);
        return Insert(artifactHash, session);
    }

    /// <summary>A lease on an already cached session (marks it most recently used).</summary>
    public bool TryAcquire(string artifactHash, [NotNullWhen(true)] out OnnxSessionLease? lease)
    {
        ArgumentException.ThrowIfNullOrEmpty(artifactHash);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_entries.TryGetValue(artifactHash, out var entry))
            {
                _lru.Remove(entry.Node);
                _lru.AddFirst(entry.Node);
                entry.Leases++;
                lease = new OnnxSessionLease(this, entry);
                return true;
            }
        }

        lease = null;
        return false;
    }

    /// <summary>Loads (or reuses) the model and runs it once.</summary>
    public async ValueTask<InferenceResult> RunAsync(
        string artifactHash,
        Func<CancellationToken, ValueTask<byte[]>> loadModel,
        IReadOnlyList<OnnxTensorInput> inputs,
        IReadOnlyList<string>? outputNames,
        CancellationToken cancellationToken)
    {
        using var lease = await AcquireAsync(artifactHash, loadModel, cancellationToken);
        return Run(lease, inputs, outputNames);
    }

    /// <summary>Runs a leased session; the result records the provider that ran it.</summary>
    public InferenceResult Run(OnnxSessionLease lease, IReadOnlyList<OnnxTensorInput> inputs, IReadOnlyList<string>? outputNames = null)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var started = _time.GetTimestamp();
        var outputs = lease.Session.Run(inputs, outputNames);
        return new InferenceResult(lease.ArtifactHash, lease.Session.ExecutionProvider, outputs, _time.GetElapsedTime(started));
    }

    /// <summary>A batch of reusable pinned input buffers; dispose it to return it to the pool.</summary>
    public OnnxBatch RentBatch() => _batches.TryTake(out var batch) ? batch : new OnnxBatch(this);

    /// <summary>Drops a session from the cache (disposed once its leases are returned).</summary>
    public bool Evict(string artifactHash)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(artifactHash, out var entry))
            {
                return false;
            }

            RemoveLocked(entry);
            return true;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            Volatile.Write(ref _disposed, true);
            foreach (var entry in _entries.Values.ToList())
            {
                RemoveLocked(entry);
            }
        }

        while (_batches.TryTake(out var batch))
        {
            batch.ReleaseNative();
        }
    }

    internal void Return(OnnxBatch batch)
    {
        if (_batches.Count < MaxPooledBatches && !Volatile.Read(ref _disposed))
        {
            _batches.Add(batch);
        }
        else
        {
            batch.ReleaseNative();
        }
    }

    internal void Release(CacheEntry entry)
    {
        lock (_gate)
        {
            entry.Leases--;
            if (entry.Evicted && entry.Leases == 0)
            {
                entry.Session.Dispose();
            }
        }
    }

    private OnnxSessionLease Insert(string artifactHash, OnnxModelSession session)
    {
        OnnxModelSession? redundant = null;
        try
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_entries.TryGetValue(artifactHash, out var existing))
                {
                    redundant = session;
                    _lru.Remove(existing.Node);
                    _lru.AddFirst(existing.Node);
                    existing.Leases++;
                    return new OnnxSessionLease(this, existing);
                }

                var entry = new CacheEntry(artifactHash.ToLowerInvariant(), session);
                _entries.Add(entry.Hash, entry);
                _lru.AddFirst(entry.Node);
                entry.Leases++;
                while (_entries.Count > _options.SessionCacheCapacity && _lru.Last is { } oldest)
                {
                    RemoveLocked(oldest.Value);
                    LogEvicted(_logger, oldest.Value.Hash);
                }

                return new OnnxSessionLease(this, entry);
            }
        }
        catch (ObjectDisposedException)
        {
            redundant = session;
            throw;
        }
        finally
        {
            redundant?.Dispose();
        }
    }

    private void RemoveLocked(CacheEntry entry)
    {
        _entries.Remove(entry.Hash);
        _lru.Remove(entry.Node);
        entry.Evicted = true;
        if (entry.Leases == 0)
        {
            entry.Session.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded ONNX model {ArtifactHash} on {Provider} in {ElapsedMs:F1} ms")]
    private static partial void LogSessionLoaded(ILogger logger, string artifactHash, string provider, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Evicted ONNX session {ArtifactHash} from the cache")]
    private static partial void LogEvicted(ILogger logger, string artifactHash);

    /// <summary>A cached session and its lease count (guarded by the service lock).</summary>
    internal sealed class CacheEntry
    {
        public CacheEntry(string hash, OnnxModelSession session)
        {
            Hash = hash;
            Session = session;
            Node = new LinkedListNode<CacheEntry>(this);
        }

        public string Hash { get; }

        public OnnxModelSession Session { get; }

        public LinkedListNode<CacheEntry> Node { get; }

        public int Leases { get; set; }

        public bool Evicted { get; set; }
    }
}
