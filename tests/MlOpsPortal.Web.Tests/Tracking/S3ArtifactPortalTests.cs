using System.Net;
using System.Security.Cryptography;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.DependencyInjection;
using MlOpsPortal.Application.Artifacts;
using MlOpsPortal.Infrastructure.Artifacts;
using MlOpsPortal.TestSupport;
using MlOpsPortal.TestSupport.Web;
using MlOpsPortal.Web.Tests.Datasets;

namespace MlOpsPortal.Web.Tests.Tracking;

/// <summary>The portal with <c>Artifacts:Store=S3</c> against its own s3rver; stopped together with the portal.</summary>
public class S3PortalApp : PortalApp
{
    private S3rverServer? _s3;

    public S3rverServer S3 => _s3 ?? throw new InvalidOperationException("s3rver not started.");

    protected override IEnumerable<string> ExtraArgs =>
    [
        "--Artifacts:Store=S3",
        $"--Artifacts:S3:ServiceUrl={S3.ServiceUrl}",
        $"--Artifacts:S3:Bucket={PortalBucket}",
        $"--Artifacts:S3:AccessKey={S3rverServer.AccessKey}",
        $"--Artifacts:S3:SecretKey={S3rverServer.SecretKey}",
        "--Artifacts:S3:Prefix=portal",
    ];

    /// <summary>The bucket the portal is configured with (the s3rver's own unless a subclass points it elsewhere).</summary>
    protected virtual string PortalBucket => S3.Bucket;

    public override async Task InitializeAsync()
    {
        _s3 = await S3rverServer.StartAsync("portal-artifacts");
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_s3 is not null)
        {
            await _s3.DisposeAsync();
        }
    }

    /// <summary>A client of the same bucket, to look at (or damage) what the portal stored.</summary>
    public AmazonS3Client BucketClient() => S3ArtifactClientFactory.Create(new S3ArtifactStoreOptions
    {
        ServiceUrl = S3.ServiceUrl.ToString(),
        Bucket = S3.Bucket,
        AccessKey = S3rverServer.AccessKey,
        SecretKey = S3rverServer.SecretKey,
    });
}

public sealed class S3ArtifactPortalTests(S3PortalApp app) : IClassFixture<S3PortalApp>
{
    [Fact]
    public async Task HealthReady_ReportsTheBucketAsHealthy()
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync("health/ready");
        var body = await response.Content.ReadAsStringAsync();
        using var doc = System.Text.Json.JsonDocument.Parse(body);

        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var artifacts = doc.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "artifacts");
        Assert.Equal("Healthy", artifacts.GetProperty("status").GetString());
        Assert.Equal($"bucket {app.S3.Bucket}, key prefix 'portal/'", artifacts.GetProperty("description").GetString());
    }

    [Fact]
    public async Task RunArtifact_UploadThenDownload_StoredInBucketNotOnDisk()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        var runId = await client.CreateRunAsync(await client.CreateExperimentAsync("s3-artifacts"));
        var bytes = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 20_000).Select(i => $"{i},{i * 0.25}\n")));
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));

        using (var put = await RunArtifactApiTests.PutAsync(client, $"api/v1/runs/{runId}/artifacts/eval/scores.csv", bytes))
        {
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        var body = await client.GetByteArrayAsync($"api/v1/runs/{runId}/artifacts/eval/scores.csv");

        Assert.Equal(bytes, body);
        using var s3 = app.BucketClient();
        var head = await s3.GetObjectMetadataAsync(app.S3.Bucket, $"portal/sha256/{sha[..2]}/{sha[2..4]}/{sha}");
        Assert.Equal(bytes.LongLength, head.ContentLength);
        Assert.IsType<S3ArtifactStore>(app.Services.GetRequiredService<IArtifactStore>());
        Assert.False(Directory.Exists(Path.Combine(app.DataDirectory, "artifacts", "sha256")));
    }

    [Fact]
    public async Task DatasetUpload_ProfileJobReadsTheBlobBackFromTheBucket()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        using (var upload = await DatasetApi.UploadAdultAsync(client, "adult-s3"))
        {
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        }

        var version = await DatasetApi.WaitForProfileAsync(client, "adult-s3", 1, TimeSpan.FromMinutes(2));

        Assert.Equal("ready", version.GetProperty("profileStatus").GetString());
        var sha = version.GetProperty("sha256").GetString()!;
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(TestPaths.AdultTrain))), sha);
        Assert.True(await app.Services.GetRequiredService<IArtifactStore>().ExistsAsync(sha, CancellationToken.None));
    }

    [Fact]
    public async Task Download_BlobDamagedInBucket_ResponseCutShortNeverTheFullBytes()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        var runId = await client.CreateRunAsync(await client.CreateExperimentAsync("s3-artifacts-damaged"));
        var bytes = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 50_000).Select(i => $"line {i}\n")));
        using (var put = await RunArtifactApiTests.PutAsync(client, $"api/v1/runs/{runId}/artifacts/big.log", bytes))
        {
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var damaged = (byte[])bytes.Clone();
        damaged[^10] = (byte)'X';
        using (var s3 = app.BucketClient())
        using (var body = new MemoryStream(damaged))
        {
            await s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = app.S3.Bucket,
                Key = $"portal/sha256/{sha[..2]}/{sha[2..4]}/{sha}",
                InputStream = body,
                UseChunkEncoding = false,
            });
        }

        // Same length, one byte changed: the server detects it before sending the last bytes and aborts the response.
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetByteArrayAsync($"api/v1/runs/{runId}/artifacts/big.log"));
    }
}

/// <summary>The portal configured with a bucket the S3 service does not have.</summary>
public sealed class S3MissingBucketPortalApp : S3PortalApp
{
    protected override string PortalBucket => "no-such-bucket";
}

public sealed class S3ArtifactHealthTests(S3MissingBucketPortalApp app) : IClassFixture<S3MissingBucketPortalApp>
{
    [Fact]
    public async Task HealthReady_MissingBucket_Returns503NamingTheBucket_WithoutTheSecret()
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync("health/ready");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var doc = System.Text.Json.JsonDocument.Parse(body);
        var artifacts = doc.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "artifacts");
        Assert.Equal("Unhealthy", artifacts.GetProperty("status").GetString());
        Assert.Contains("no-such-bucket", artifacts.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(S3rverServer.SecretKey, body, StringComparison.Ordinal);
    }
}
