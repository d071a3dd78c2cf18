using MlOpsPortal.Domain.Common;

namespace MlOpsPortal.Application.Artifacts;

/// <summary>
/// Content-addressed, append-only blob storage: a blob's name is the lowercase hex SHA-256 of its bytes.
/// Identical content is stored once; nothing is ever deleted (there is deliberately no delete API), so anything a
/// dataset version, run or model version references stays readable. Reads verify the checksum.
/// </summary>
public interface IArtifactStore
{
    /// <summary>
    /// Streams <paramref name="content"/> into the store while hashing it (no whole-file buffering) and returns its
    /// address. Storing content that is already present returns the same address with <see cref="StoredArtifact.Created"/> false.
    /// </summary>
    Task<StoredArtifact> PutAsync(Stream content, CancellationToken cancellationToken);

    /// <summary>
    /// Opens a stored blob for reading. The stream re-hashes what it returns and throws
    /// <see cref="ArtifactCorruptedException"/> at end of stream if the bytes no longer match the address.
    /// Fails with <see cref="ErrorCode.NotFound"/> when absent, <see cref="ErrorCode.InvalidArgument"/> for a malformed hash.
    /// </summary>
    Task<Result<Stream>> OpenReadAsync(string sha256, CancellationToken cancellationToken);

    /// <summary>Whether a blob with this address is stored (false for a malformed hash).</summary>
    Task<bool> ExistsAsync(string sha256, CancellationToken cancellationToken);

    /// <summary>
    /// Checks that the store can be reached and written to (the readiness check): a description of where it stores on
    /// success, the reason on failure. Never throws for an unreachable store.
    /// </summary>
    Task<Result<string>> ProbeAsync(CancellationToken cancellationToken);
}

/// <summary>The address and size of a stored blob; <paramref name="Created"/> is false when it was already present.</summary>
public sealed record StoredArtifact(string Sha256, long SizeBytes, bool Created);
