using System.Globalization;
using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MlOpsPortal.Application.Artifacts;
using MlOpsPortal.Domain.Common;

namespace MlOpsPortal.Infrastructure.Artifacts;

/// <summary>
/// <see cref="IArtifactStore"/> on an S3-compatible bucket. A blob is the object <c>&lt;prefix&gt;sha256/ab/cd/&lt;hash&gt;</c>
/// (the local store's layout). A put spools the incoming stream to a local temporary file while hashing it (the key
/// is the hash, known only at the end), then uploads the file unless <c>HeadObject</c> finds the key already: in one
/// request below <see cref="S3ArtifactStoreOptions.MultipartThresholdBytes"/>, as a multipart upload above it
/// (<see cref="S3FileUploader"/>). Reads
/// stream <c>GetObject</c>'s body through <see cref="ChecksumVerifyingStream"/>, exactly as the local store does.
/// The store never deletes or overwrites an object.
/// </summary>
public sealed partial class S3ArtifactStore : IArtifactStore
{
    /// <summary>The DI key of the <see cref="IAmazonS3"/> client this store uses.</summary>
    public const string ClientKey = "artifacts-s3";

    private const int Stripes = 64;
    private readonly IAmazonS3 _s3;
    private readonly string _bucket;
    private readonly string _prefix;
    private readonly string _spoolDir;
    private readonly S3FileUploader _uploader;
    private readonly ILogger<S3ArtifactStore> _logger;

    // Two puts of the same content in this process check-and-upload one after the other, so exactly one reports
    // Created. (Across nodes both may upload; the bytes are identical, so that is harmless.)
    private readonly SemaphoreSlim[] _gates = Enumerable.Range(0, Stripes).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public S3ArtifactStore(
        [FromKeyedServices(ClientKey)] IAmazonS3 s3, IOptions<S3ArtifactStoreOptions> options, ILogger<S3ArtifactStore> logger)
    {
        ArgumentNullException.ThrowIfNull(s3);
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Value;
        _s3 = s3;
        _bucket = o.Bucket ?? throw new ArgumentException("Artifacts:S3:Bucket is required.", nameof(options));
        _prefix = o.NormalizedPrefix();
        _spoolDir = Path.GetFullPath(string.IsNullOrWhiteSpace(o.SpoolDirectory)
            ? Path.Combine(Path.GetTempPath(), "mlops-s3-spool")
            : o.SpoolDirectory);
        _logger = logger;
        _uploader = new S3FileUploader(s3, _bucket, o.MultipartThresholdBytes, o.PartSizeBytes, logger);
        LogConfigured(_bucket, _prefix, string.IsNullOrWhiteSpace(o.ServiceUrl) ? "Amazon S3 " + o.Region : o.ServiceUrl);
    }

    /// <summary>The bucket in use.</summary>
    public string Bucket => _bucket;

    /// <summary>The local directory uploads are spooled to while they are hashed.</summary>
    public string SpoolDirectory => _spoolDir;

    public async Task<StoredArtifact> PutAsync(Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        Directory.CreateDirectory(_spoolDir);
        var spoolPath = Path.Combine(_spoolDir, Guid.NewGuid().ToString("N") + ".partial");
        try
        {
            var (sha, size) = await ArtifactSpool.WriteAsync(content, spoolPath, cancellationToken);
            var key = KeyFor(sha);
            var gate = _gates[int.Parse(sha.AsSpan(0, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) % Stripes];
            await gate.WaitAsync(cancellationToken);
            try
            {
                if (await ObjectExistsAsync(key, cancellationToken))
                {
                    return new StoredArtifact(sha, size, Created: false);
                }

                await _uploader.UploadAsync(spoolPath, key, size, cancellationToken);
            }
            finally
            {
                gate.Release();
            }

            LogStored(sha, size, _bucket, key);
            return new StoredArtifact(sha, size, Created: true);
        }
        finally
        {
            if (ArtifactSpool.TryDelete(spoolPath) is { } failure)
            {
                LogSpoolNotDeleted(failure, spoolPath);
            }
        }
    }

    public async Task<Result<Stream>> OpenReadAsync(string sha256, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!Sha256Hex.IsValid(sha256))
        {
            return Error.Invalid($"'{sha256}' is not a lowercase hex SHA-256.");
        }

        GetObjectResponse response;
        try
        {
            response = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = KeyFor(sha256) }, cancellationToken);
        }
        catch (AmazonS3Exception ex) when (IsMissingKey(ex))
        {
            return Error.NotFound($"Artifact {sha256} does not exist.");
        }

        var body = new S3ObjectReadStream(response);
        Stream verifying = new ChecksumVerifyingStream(body, sha256, response.ContentLength);
        return Result<Stream>.Ok(verifying);
    }

    public async Task<bool> ExistsAsync(string sha256, CancellationToken cancellationToken) =>
        Sha256Hex.IsValid(sha256) && await ObjectExistsAsync(KeyFor(sha256), cancellationToken);

    /// <summary>
    /// Asks for the bucket's location (S3 <c>GetBucketLocation</c>): the service answers, the bucket exists and the
    /// credentials are accepted. No object is read or written.
    /// </summary>
    public async Task<Result<string>> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _s3.GetBucketLocationAsync(new GetBucketLocationRequest { BucketName = _bucket }, cancellationToken);
            return $"bucket {_bucket}, key prefix '{_prefix}'";
        }
        catch (AmazonS3Exception ex)
        {
            return Error.InvalidState($"The artifact bucket {_bucket} is not usable: {ex.ErrorCode ?? ex.StatusCode.ToString()} ({ex.Message})");
        }
        catch (Exception ex) when (ex is Amazon.Runtime.AmazonClientException or HttpRequestException or IOException
            || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return Error.InvalidState($"The artifact bucket {_bucket} cannot be reached: {ex.Message}");
        }
    }

    /// <summary>The object key of a blob with this (valid) address: <c>&lt;prefix&gt;sha256/ab/cd/&lt;hash&gt;</c>.</summary>
    public string KeyFor(string sha256) => _prefix + ArtifactLayout.RelativeKey(sha256);

    private async Task<bool> ObjectExistsAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await _s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _bucket, Key = key }, cancellationToken);
            return true;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            // HEAD has no body, so a missing bucket looks the same; the upload that follows then fails loudly with NoSuchBucket.
            return false;
        }
    }

    private static bool IsMissingKey(AmazonS3Exception ex) =>
        string.Equals(ex.ErrorCode, "NoSuchKey", StringComparison.Ordinal)
        || (ex.StatusCode == HttpStatusCode.NotFound && !string.Equals(ex.ErrorCode, "NoSuchBucket", StringComparison.Ordinal));

    [LoggerMessage(Level = LogLevel.Information, Message = "Artifact store: bucket {Bucket}, key prefix '{Prefix}', at {Endpoint}")]
    private partial void LogConfigured(string bucket, string prefix, string endpoint);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored artifact {Sha256} ({SizeBytes} bytes) in s3://{Bucket}/{Key}")]
    private partial void LogStored(string sha256, long sizeBytes, string bucket, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete spooled upload {Path}")]
    private partial void LogSpoolNotDeleted(Exception exception, string path);
}
