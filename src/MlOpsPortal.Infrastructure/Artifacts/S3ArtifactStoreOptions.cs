namespace MlOpsPortal.Infrastructure.Artifacts;

/// <summary>Configuration section <c>Artifacts:S3</c>, used when <c>Artifacts:Store</c> is <c>S3</c>.</summary>
public sealed class S3ArtifactStoreOptions
{
    public const string SectionName = "Artifacts:S3";

    /// <summary>
    /// Endpoint of an S3-compatible server (MinIO, Ceph, Garage, ...), e.g. <c>http://minio:9000</c>. Empty: Amazon S3
    /// itself, in <see cref="Region"/>.
    /// </summary>
    public string? ServiceUrl { get; set; }

    /// <summary>The bucket holding the blobs (required; it must already exist).</summary>
    public string? Bucket { get; set; }

    /// <summary>The region requests are signed for (and, without <see cref="ServiceUrl"/>, the Amazon S3 region).</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>Access key id. Empty (together with <see cref="SecretKey"/>): the standard AWS credential chain (AWS_ACCESS_KEY_ID, profiles, instance roles).</summary>
    public string? AccessKey { get; set; }

    /// <summary>Secret access key; never logged.</summary>
    public string? SecretKey { get; set; }

    /// <summary>Optional key prefix (e.g. <c>mlops/</c>) so that the bucket can hold other data too; blobs live at <c>&lt;prefix&gt;sha256/ab/cd/&lt;hash&gt;</c>.</summary>
    public string? Prefix { get; set; }

    /// <summary>Path-style addressing (<c>http://host/bucket/key</c>), which most S3-compatible servers need.</summary>
    public bool ForcePathStyle { get; set; } = true;

    /// <summary>
    /// Where uploads are spooled while they are hashed (the object key is the hash, known only at the end). Empty: in the
    /// portal <c>&lt;data dir&gt;/tmp</c>, so that a large upload lands beside the data, not in a RAM-backed /tmp; elsewhere
    /// the system's temporary directory.
    /// </summary>
    public string? SpoolDirectory { get; set; }

    /// <summary>Blobs at least this large are uploaded in parts (multipart upload); the AWS minimum part size is 5 MiB.</summary>
    public long MultipartThresholdBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>Size of each part of a multipart upload.</summary>
    public long PartSizeBytes { get; set; } = 8L * 1024 * 1024;

    /// <summary>The key prefix normalised to either empty or ending in exactly one '/'.</summary>
    public string NormalizedPrefix()
    {
        var prefix = (Prefix ?? string.Empty).Trim().Trim('/');
        return prefix.Length == 0 ? string.Empty : prefix + "/";
    }
}
