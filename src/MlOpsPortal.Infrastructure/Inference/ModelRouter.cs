using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MlOpsPortal.Application.Artifacts;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Domain.Registry;
using MlOpsPortal.Engines.Onnx;
using MlOpsPortal.Engines.Packaging;
using MlOpsPortal.Infrastructure.Persistence;
using MlOpsPortal.Infrastructure.Registry;

namespace MlOpsPortal.Infrastructure.Inference;

/// <summary>A registry version ready to score: its package (signature, ONNX graph, native model) and the session key.</summary>
public sealed record ServedModel(string Name, int Version, string? Alias, ModelPackage Package, string OnnxSha256);

/// <summary>
/// Resolves <c>name@alias</c> and <c>name/versions/N</c> to a loaded model package. Packages are cached by their
/// (immutable) artifact hash; alias mappings for <see cref="InferenceOptions.AliasCacheTtl"/>. When an alias moves on
/// this node, <see cref="WarmAsync"/> runs before the commit (package read, ONNX session created) and the alias cache is
/// cleared after it, so the next request goes to the new version with no cold start and no restart.
/// </summary>
public sealed partial class ModelRouter : IModelWarmer, IDisposable
{
    private readonly IDbContextFactory<PortalDbContext> _dbFactory;
    private readonly IArtifactStore _artifacts;
    private readonly InferenceService _inference;
    private readonly TimeProvider _time;
    private readonly IOptions<InferenceOptions> _options;
    private readonly RegistryChangeNotifier _notifier;
    private readonly ILogger<ModelRouter> _logger;
    private readonly ConcurrentDictionary<(string Name, string Alias), (int Version, long At)> _aliases = new();
    private readonly ConcurrentDictionary<(string Name, int Version), (string Artifact, string Onnx, long At)> _versions = new();
    private readonly ConcurrentDictionary<string, Lazy<Task<ModelPackage>>> _packages = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _packageOrder = new();

    public ModelRouter(IDbContextFactory<PortalDbContext> dbFactory, IArtifactStore artifacts, InferenceService inference, TimeProvider time,
        IOptions<InferenceOptions> options, RegistryChangeNotifier notifier, ILogger<ModelRouter> logger)
    {
        _dbFactory = dbFactory;
        _artifacts = artifacts;
        _inference = inference;
        _time = time;
        _options = options;
        _notifier = notifier;
        _logger = logger;
        _notifier.Changed += ClearAliases;
    }

    public async Task<Result<ServedModel>> ResolveAliasAsync(string name, string alias, CancellationToken cancellationToken)
    {
        var ttl = _options.Value.AliasCacheTtl;
        if (_aliases.TryGetValue((name, alias), out var hit) && _time.GetElapsedTime(hit.At) < ttl)
        {
            return await ResolveVersionAsync(name, hit.Version, alias, cancellationToken);
        }

        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        var version = await db.Set<ModelAlias>().AsNoTracking()
            .Join(db.Set<RegisteredModel>().Where(m => m.Name == name), a => a.ModelId, m => m.Id, (a, _) => a)
            .Where(a => a.Alias == alias).Select(a => (int?)a.Version).SingleOrDefaultAsync(cancellationToken);
        if (version is null)
        {
            return Error.NotFound($"Registered model '{name}' has no alias '{alias}'.");
        }

        _aliases[(name, alias)] = (version.Value, _time.GetTimestamp());
        return await ResolveVersionAsync(name, version.Value, alias, cancellationToken);
    }

    public async Task<Result<ServedModel>> ResolveVersionAsync(string name, int version, string? alias, CancellationToken cancellationToken)
    {
        string artifact, onnx;
        if (_versions.TryGetValue((name, version), out var hit) && _time.GetElapsedTime(hit.At) < _options.Value.AliasCacheTtl)
        {
            (artifact, onnx) = (hit.Artifact, hit.Onnx);
        }
        else
        {
            var row = await FindAsync(name, version, cancellationToken);
            if (!row.IsSuccess)
            {
                return row.Error;
            }

            (_, artifact, onnx) = row.Value;
            _versions[(name, version)] = (artifact, onnx, _time.GetTimestamp());
        }

        var package = await LoadAsync(artifact, cancellationToken);
        return package.IsSuccess ? new ServedModel(name, version, alias, package.Value, onnx) : package.Error;
    }

    /// <summary>Loads the version's package and ONNX Runtime session into the caches (called before an alias moves to it).</summary>
    public async Task WarmAsync(string name, int version, string? format, string? artifactSha256, CancellationToken cancellationToken)
    {
        if (format != "package" || artifactSha256 is null)
        {
            return;
        }

        var started = _time.GetTimestamp();
        var package = await LoadAsync(artifactSha256, cancellationToken);
        if (!package.IsSuccess)
        {
            LogWarmFailed(_logger, name, version, package.Error.Message);
            return;
        }

        var onnx = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(package.Value.Onnx));
        using (_inference.Acquire(onnx, package.Value.Onnx))
        {
            LogWarmed(_logger, name, version, _time.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    public void Dispose() => _notifier.Changed -= ClearAliases;

    private void ClearAliases()
    {
        _aliases.Clear();
        _versions.Clear();
    }

    private async Task<Result<(string Format, string Artifact, string Onnx)>> FindAsync(string name, int version, CancellationToken cancellationToken)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        var v = await db.Set<ModelVersion>().AsNoTracking()
            .Join(db.Set<RegisteredModel>().Where(m => m.Name == name), x => x.ModelId, m => m.Id, (x, _) => x)
            .Where(x => x.Version == version)
            .Select(x => new { x.Format, x.Status, x.ArtifactSha256, x.OnnxSha256 })
            .SingleOrDefaultAsync(cancellationToken);
        if (v is null)
        {
            return Error.NotFound($"Version {version} of registered model '{name}' not found.");
        }

        if (v.Status != ModelVersionStatus.Ready)
        {
            return Error.InvalidState($"Version {version} of '{name}' is not READY ({v.Status}).");
        }

        return v.Format != "package" || v.ArtifactSha256 is null || v.OnnxSha256 is null
            ? Error.InvalidState($"Version {version} of '{name}' is a bare '{v.Format}' artifact; online scoring needs a model package (signature + ONNX).")
            : (v.Format, v.ArtifactSha256, v.OnnxSha256);
    }

    private async Task<Result<ModelPackage>> LoadAsync(string artifactSha256, CancellationToken cancellationToken)
    {
        var lazy = _packages.GetOrAdd(artifactSha256, sha => new Lazy<Task<ModelPackage>>(() => ReadAsync(sha)));
        try
        {
            var package = await lazy.Value.WaitAsync(cancellationToken);
            return package;
        }
        catch (ModelPackageException ex)
        {
            _packages.TryRemove(artifactSha256, out _);
            return ex.ToError();
        }
        catch (ArtifactNotFoundException ex)
        {
            _packages.TryRemove(artifactSha256, out _);
            return Error.NotFound(ex.Message);
        }
    }

    private async Task<ModelPackage> ReadAsync(string sha)
    {
        // Not tied to one request's token: the load is shared by every caller waiting on it.
        var stream = await _artifacts.OpenReadAsync(sha, CancellationToken.None);
        if (!stream.IsSuccess)
        {
            throw new ArtifactNotFoundException(stream.Error.Message);
        }

        await using var content = stream.Value;
        var package = await ModelPackageStore.ReadZipAsync(content, CancellationToken.None);
        _packageOrder.Enqueue(sha);
        while (_packageOrder.Count > _options.Value.PackageCacheCapacity && _packageOrder.TryDequeue(out var old))
        {
            _packages.TryRemove(old, out _);
        }

        return package;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Warmed {Model} version {Version} in {Milliseconds} ms before the alias moves")]
    private static partial void LogWarmed(ILogger logger, string model, int version, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not warm {Model} version {Version}: {Reason}")]
    private static partial void LogWarmFailed(ILogger logger, string model, int version, string reason);

    private sealed class ArtifactNotFoundException(string message) : Exception(message);
}
