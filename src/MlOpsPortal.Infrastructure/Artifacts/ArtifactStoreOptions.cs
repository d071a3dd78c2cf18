namespace MlOpsPortal.Infrastructure.Artifacts;

/// <summary>Configuration section <c>Artifacts</c>: which <see cref="Application.Artifacts.IArtifactStore"/> the portal uses.</summary>
public sealed class ArtifactStoreOptions
{
    public const string SectionName = "Artifacts";

    public const string Local = "Local";

    public const string S3 = "S3";

    /// <summary><c>Local</c> (default: <c>Artifacts:Local</c>, a directory) or <c>S3</c> (<c>Artifacts:S3</c>, a bucket); case-insensitive.</summary>
    public string? Store { get; set; }

    /// <summary>True when <paramref name="store"/> selects the S3 store.</summary>
    public static bool IsS3(string? store) => string.Equals(store?.Trim(), S3, StringComparison.OrdinalIgnoreCase);

    /// <summary>True when <paramref name="store"/> names a known store (empty means Local).</summary>
    public static bool IsKnown(string? store) =>
        string.IsNullOrWhiteSpace(store) || IsS3(store) || string.Equals(store.Trim(), Local, StringComparison.OrdinalIgnoreCase);
}
