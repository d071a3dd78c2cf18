using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace MlOpsPortal.Infrastructure.Artifacts;

/// <summary>Builds the <see cref="IAmazonS3"/> client for <see cref="S3ArtifactStore"/> from <see cref="S3ArtifactStoreOptions"/>.</summary>
public static class S3ArtifactClientFactory
{
    public static AmazonS3Client Create(S3ArtifactStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,

            // SDK v4 adds CRC checksums and aws-chunked trailers to every upload by default, which many S3-compatible
            // servers do not understand. The store verifies SHA-256 on every read itself, so checksums are only sent
            // and checked where an operation requires them.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (string.IsNullOrWhiteSpace(options.ServiceUrl))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }
        else
        {
            config.ServiceURL = options.ServiceUrl;
            config.AuthenticationRegion = options.Region;
        }

        return string.IsNullOrEmpty(options.AccessKey)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
    }
}
