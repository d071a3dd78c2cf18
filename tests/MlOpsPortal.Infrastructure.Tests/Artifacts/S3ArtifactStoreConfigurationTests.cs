using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MlOpsPortal.Application.Artifacts;
using MlOpsPortal.Infrastructure.Artifacts;
using MlOpsPortal.TestSupport;
using Xunit;

namespace MlOpsPortal.Infrastructure.Tests.Artifacts;

/// <summary><c>Artifacts:Store</c> / <c>Artifacts:S3:*</c>: the switch picks the store, and bad settings stop the host at start-up.</summary>
public sealed class S3ArtifactStoreConfigurationTests(S3StoreFixture fixture) : IClassFixture<S3StoreFixture>
{
    [Fact]
    public async Task StartAsync_S3SelectedWithoutBucket_FailsNamingTheMissingKey()
    {
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => StartHostAsync(new() { ["Artifacts:Store"] = "S3" }));

        Assert.Contains("Artifacts:S3:Bucket", ex.Message);
    }

    [Fact]
    public async Task StartAsync_UnknownStoreName_FailsListingTheChoices()
    {
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => StartHostAsync(new() { ["Artifacts:Store"] = "Azure" }));

        Assert.Contains("Artifacts:Store is 'Azure'", ex.Message);
        Assert.Contains("'S3'", ex.Message);
    }

    [Fact]
    public async Task StartAsync_BadUrlAndHalfTheCredentials_ReportsEachProblemWithoutTheSecret()
    {
        const string secret = "very-secret-key-1234";
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => StartHostAsync(new()
        {
            ["Artifacts:Store"] = "s3",
            ["Artifacts:S3:Bucket"] = "Not_A_Bucket",
            ["Artifacts:S3:ServiceUrl"] = "minio:9000",
            ["Artifacts:S3:SecretKey"] = secret,
        }));

        Assert.Contains("Artifacts:S3:Bucket 'Not_A_Bucket' is not a valid bucket name", ex.Message);
        Assert.Contains("Artifacts:S3:ServiceUrl 'minio:9000'", ex.Message);
        Assert.Contains("Artifacts:S3:AccessKey", ex.Message);
        Assert.DoesNotContain(secret, ex.Message);
    }

    [Fact]
    public async Task AddArtifactStore_NothingConfigured_UsesLocalStore()
    {
        using var host = await StartHostAsync(new() { ["Artifacts:Local:RootDirectory"] = Path.Combine(Path.GetTempPath(), "mlops-unused-" + Guid.NewGuid().ToString("N")) });

        Assert.IsType<LocalArtifactStore>(host.Services.GetRequiredService<IArtifactStore>());
    }

    [Fact]
    public async Task AddArtifactStore_S3Configured_PortalStoreWritesAndReadsTheBucket()
    {
        var spool = Path.Combine(Path.GetTempPath(), "mlops-s3-spool-" + Guid.NewGuid().ToString("N"));
        using var host = await StartHostAsync(new()
        {
            ["Artifacts:Store"] = "S3",
            ["Artifacts:S3:ServiceUrl"] = fixture.Server.ServiceUrl.ToString(),
            ["Artifacts:S3:Bucket"] = fixture.Server.Bucket,
            ["Artifacts:S3:AccessKey"] = S3rverServer.AccessKey,
            ["Artifacts:S3:SecretKey"] = S3rverServer.SecretKey,
            ["Artifacts:S3:Prefix"] = "/di-test/",
            ["Artifacts:S3:SpoolDirectory"] = spool,
        });
        var store = host.Services.GetRequiredService<IArtifactStore>();

        StoredArtifact stored;
        using (var content = new MemoryStream(Encoding.UTF8.GetBytes("through the container")))
        {
            stored = await store.PutAsync(content, CancellationToken.None);
        }

        var s3 = Assert.IsType<S3ArtifactStore>(store);
        Assert.StartsWith("di-test/sha256/", s3.KeyFor(stored.Sha256), StringComparison.Ordinal);
        var opened = await store.OpenReadAsync(stored.Sha256, CancellationToken.None);
        using var reader = new StreamReader(opened.Value);
        Assert.Equal("through the container", await reader.ReadToEndAsync());
        Directory.Delete(spool, recursive: true);
    }

    private static async Task<IHost> StartHostAsync(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging();
        builder.Services.AddArtifactStore(builder.Configuration);
        var host = builder.Build();
        try
        {
            await host.StartAsync();
            return host;
        }
        catch (OptionsValidationException)
        {
            host.Dispose();
            throw;
        }
    }
}
