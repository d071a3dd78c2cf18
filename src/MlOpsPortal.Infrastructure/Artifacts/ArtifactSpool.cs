using System.Security.Cryptography;
using MlOpsPortal.Application.Artifacts;

namespace MlOpsPortal.Infrastructure.Artifacts;

/// <summary>
/// The first half of every store's put: copy the incoming stream into a new temporary file while hashing it with
/// SHA-256, in fixed-size chunks (never the whole blob in memory), flushed to disk. The address is known only once
/// the last byte has been read, which is why both stores write to a temporary file first.
/// </summary>
internal static class ArtifactSpool
{
    private const int BufferSize = 1 << 16;

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> (which must not exist) and returns its address and size.</summary>
    public static async Task<(string Sha256, long SizeBytes)> WriteAsync(Stream content, string path, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = 0,
            Options = FileOptions.Asynchronous,
        });
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[BufferSize];
        long size = 0;
        int n;
        while ((n = await content.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, n);
            await file.WriteAsync(buffer.AsMemory(0, n), cancellationToken);
            size += n;
        }

        file.Flush(flushToDisk: true);
        return (Sha256Hex.Format(hash.GetHashAndReset()), size);
    }

    /// <summary>Deletes a temporary file if it is still there (also when read-only); returns the failure instead of throwing, for the caller to log.</summary>
    public static Exception? TryDelete(string path)
    {
        try
        {
            if (File.Exists(path))
            {
                File.SetAttributes(path, FileAttributes.Normal);
                File.Delete(path);
            }

            return null;
        }
        catch (IOException ex)
        {
            return ex;
        }
        catch (UnauthorizedAccessException ex)
        {
            return ex;
        }
    }
}
