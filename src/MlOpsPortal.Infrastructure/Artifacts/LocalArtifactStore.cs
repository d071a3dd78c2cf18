using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MlOpsPortal.Application.Artifacts;
using MlOpsPortal.Domain.Common;

namespace MlOpsPortal.Infrastructure.Artifacts;

/// <summary>
/// <see cref="IArtifactStore"/> on the local file system. A blob lives at <c>&lt;root&gt;/sha256/ab/cd/&lt;hash&gt;</c>
/// (ab, cd: the first two byte pairs of the hash). Writes go to <c>&lt;root&gt;/tmp</c> while hashing, are flushed to
/// disk, then atomically renamed into place; if the address already exists the temporary file is discarded, so
/// identical content is stored once and concurrent writers of the same content are safe. Stored files are made
/// read-only (on Unix: mode 0444).
/// </summary>
public sealed partial class LocalArtifactStore : IArtifactStore
{
    private const int BufferSize = 1 << 16;
    private readonly string _root;
    private readonly string _tempDir;
    private readonly ILogger<LocalArtifactStore> _logger;

    public LocalArtifactStore(IOptions<LocalArtifactStoreOptions> options, ILogger<LocalArtifactStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _root = options.Value.ResolveRoot();
        _tempDir = Path.Combine(_root, "tmp");
        _logger = logger;
    }

    /// <summary>The absolute root directory in use.</summary>
    public string RootDirectory => _root;

    public async Task<StoredArtifact> PutAsync(Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        Directory.CreateDirectory(_tempDir);
        var tempPath = Path.Combine(_tempDir, Guid.NewGuid().ToString("N") + ".partial");
        try
        {
            var (sha, size) = await ArtifactSpool.WriteAsync(content, tempPath, cancellationToken);
            var finalPath = PathFor(sha);
            MakeReadOnly(tempPath);
            if (!Publish(tempPath, finalPath))
            {
                return new StoredArtifact(sha, size, Created: false);
            }

            LogStored(sha, size);
            return new StoredArtifact(sha, size, Created: true);
        }
        finally
        {
            DeleteTemp(tempPath);
        }
    }

    /// <summary>
    /// Moves a spooled blob to its address unless that address holds it already; true when this call created it.
    /// <see cref="File.Move(string, string, bool)"/> without overwrite checks and then renames, and a rename replaces:
    /// two writers of the same content in this process could both see no file and both report it created. The check
    /// and the move therefore hold a lock per address stripe. Writers in other processes sharing the directory can
    /// still both rename; the bytes are the same, so only <see cref="StoredArtifact.Created"/> can be wrong then.
    /// </summary>
    private static bool Publish(string tempPath, string finalPath)
    {
        lock (PublishLocks[(StringComparer.Ordinal.GetHashCode(finalPath) & int.MaxValue) % PublishLocks.Length])
        {
            if (File.Exists(finalPath))
            {
                return false;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(finalPath)!);
            try
            {
                File.Move(tempPath, finalPath, overwrite: false);
                return true;
            }
            catch (IOException) when (File.Exists(finalPath))
            {
                // Another process stored the same content between the check and the rename: same bytes, same address.
                return false;
            }
        }
    }

    private static readonly Lock[] PublishLocks = [.. Enumerable.Range(0, 64).Select(_ => new Lock())];

    public Task<Result<Stream>> OpenReadAsync(string sha256, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!Sha256Hex.IsValid(sha256))
        {
            return Task.FromResult<Result<Stream>>(Error.Invalid($"'{sha256}' is not a lowercase hex SHA-256."));
        }

        var path = PathFor(sha256);
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (FileNotFoundException)
        {
            return Task.FromResult<Result<Stream>>(Error.NotFound($"Artifact {sha256} does not exist."));
        }
        catch (DirectoryNotFoundException)
        {
            return Task.FromResult<Result<Stream>>(Error.NotFound($"Artifact {sha256} does not exist."));
        }

        Stream verifying = new ChecksumVerifyingStream(file, sha256, file.Length);
        return Task.FromResult(Result<Stream>.Ok(verifying));
    }

    public Task<bool> ExistsAsync(string sha256, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Sha256Hex.IsValid(sha256) && File.Exists(PathFor(sha256)));
    }

    public Task<Result<string>> ProbeAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var probe = Path.Combine(_tempDir, $"probe-{Guid.NewGuid():N}.partial");
        try
        {
            Directory.CreateDirectory(_tempDir);
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return Task.FromResult(Result<string>.Ok($"local store at {_root}"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Task.FromResult(Result<string>.Fail(Error.InvalidState($"The local artifact store at {_root} is not writable: {e.Message}")));
        }
    }

    /// <summary>Where a blob with this (valid) address lives: <c>&lt;root&gt;/sha256/ab/cd/&lt;hash&gt;</c>.</summary>
    public string PathFor(string sha256) =>
        Path.Combine(_root, ArtifactLayout.RelativeKey(sha256).Replace('/', Path.DirectorySeparatorChar));

    private static void MakeReadOnly(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            File.SetAttributes(path, FileAttributes.ReadOnly);
        }
        else
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
    }

    private void DeleteTemp(string tempPath)
    {
        if (ArtifactSpool.TryDelete(tempPath) is { } failure)
        {
            LogTempNotDeleted(failure, tempPath);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored artifact {Sha256} ({SizeBytes} bytes)")]
    private partial void LogStored(string sha256, long sizeBytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete temporary artifact file {Path}")]
    private partial void LogTempNotDeleted(Exception exception, string path);
}
