using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MlOpsPortal.Infrastructure.Artifacts;
using MlOpsPortal.TestSupport;
using Xunit;

namespace MlOpsPortal.Infrastructure.Tests.Artifacts;

/// <summary>One s3rver process per test class; each test gets a store under its own key prefix in the shared bucket.</summary>
public sealed class S3StoreFixture : IAsyncLifetime
{
    private S3rverServer? _server;

    public S3rverServer Server => _server ?? throw new InvalidOperationException("s3rver not started.");

    public async Task InitializeAsync() => _server = await S3rverServer.StartAsync("mlops-artifacts");

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>Options pointing at this server, with a fresh key prefix and spool directory.</summary>
    public S3ArtifactStoreOptions NewOptions() => new()
    {
        ServiceUrl = Server.ServiceUrl.ToString(),
        Bucket = Server.Bucket,
        AccessKey = S3rverServer.AccessKey,
        SecretKey = S3rverServer.SecretKey,
        Prefix = "t-" + Guid.NewGuid().ToString("N")[..12],
        SpoolDirectory = Path.Combine(Path.GetTempPath(), "mlops-s3-spool-" + Guid.NewGuid().ToString("N")),
    };

    public static S3ArtifactStore CreateStore(IAmazonS3 client, S3ArtifactStoreOptions options) =>
        new(client, Options.Create(options), NullLogger<S3ArtifactStore>.Instance);

    /// <summary>Every object key under <paramref name="prefix"/> (paged through).</summary>
    public async Task<List<string>> ListKeysAsync(IAmazonS3 client, string prefix)
    {
        var keys = new List<string>();
        var request = new ListObjectsV2Request { BucketName = Server.Bucket, Prefix = prefix };
        ListObjectsV2Response page;
        do
        {
            page = await client.ListObjectsV2Async(request);
            keys.AddRange((page.S3Objects ?? []).Select(o => o.Key));
            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);

        return keys;
    }
}
