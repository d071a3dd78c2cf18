namespace MlOpsPortal.Infrastructure.Artifacts;

/// <summary>
/// Where a blob lives inside any store: <c>sha256/ab/cd/&lt;hash&gt;</c> (ab, cd: the hash's first two byte pairs), so
/// that no directory (or key listing) grows past 65,536 entries per level. The local store uses it under its root
/// directory, the S3 store under its key prefix; a copy of one tree is a valid copy of the other.
/// </summary>
internal static class ArtifactLayout
{
    /// <summary>The '/'-separated relative location of a blob with this (valid) address.</summary>
    public static string RelativeKey(string sha256) => $"sha256/{sha256[..2]}/{sha256[2..4]}/{sha256}";
}
