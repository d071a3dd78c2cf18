using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using MlOpsPortal.Application.Artifacts;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Infrastructure.Artifacts;
using MlOpsPortal.TestSupport;
using Xunit;

namespace MlOpsPortal.Infrastructure.Tests.Artifacts;

/// <summary>The S3 store against a real S3-compatible server (s3rver), with the local store's expectations.</summary>
public sealed class S3ArtifactStoreTests : IClassFixture<S3StoreFixture>, IDisposable
{
    private readonly S3StoreFixture _fixture;
    private readonly S3ArtifactStoreOptions _options;
    private readonly AmazonS3Client _client;
    private readonly S3ArtifactStore _store;
    private int _partUploads;

    public S3ArtifactStoreTests(S3StoreFixture fixture)
    {
        _fixture = fixture;
        _options = fixture.NewOptions();
        _client = S3ArtifactClientFactory.Create(_options);
        _client.BeforeRequestEvent += CountPartUploads;
        _store = S3StoreFixture.CreateStore(_client, _options);
    }

    public void Dispose()
    {
        _client.Dispose();
        if (Directory.Exists(_options.SpoolDirectory))
        {
            Directory.Delete(_options.SpoolDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task PutAsync_ThenOpenReadAsync_RoundTripsBytesUnderContentAddress()
    {
        var bytes = await File.ReadAllBytesAsync(TestPaths.GermanCredit);

        var stored = await PutAsync(bytes);
        var read = await ReadAllAsync(stored.Sha256);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), stored.Sha256);
        Assert.Equal(bytes.LongLength, stored.SizeBytes);
        Assert.True(stored.Created);
        Assert.Equal(bytes, read);
        var expectedKey = $"{_options.Prefix}/sha256/{stored.Sha256[..2]}/{stored.Sha256[2..4]}/{stored.Sha256}";
        Assert.Equal(expectedKey, _store.KeyFor(stored.Sha256));
        Assert.Equal([expectedKey], await _fixture.ListKeysAsync(_client, _options.Prefix!));
        Assert.Empty(Directory.EnumerateFiles(_options.SpoolDirectory!));
    }

    [Fact]
    public async Task PutAsync_IdenticalContentTwice_StoresOnceAndReportsExisting()
    {
        var bytes = Encoding.UTF8.GetBytes("same content");

        var first = await PutAsync(bytes);
        var second = await PutAsync(bytes);

        Assert.Equal(first.Sha256, second.Sha256);
        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Single(await _fixture.ListKeysAsync(_client, _options.Prefix!));
        Assert.Empty(Directory.EnumerateFiles(_options.SpoolDirectory!));
    }

    [Fact]
    public async Task PutAsync_SameContentConcurrently_AllSucceedWithOneObject()
    {
        var bytes = new byte[256 * 1024];
        new Random(7).NextBytes(bytes);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => PutAsync(bytes))));

        Assert.Single(results.Select(r => r.Sha256).Distinct());
        Assert.Single(results, r => r.Created);
        Assert.Single(await _fixture.ListKeysAsync(_client, _options.Prefix!));
        Assert.Equal(bytes, await ReadAllAsync(results[0].Sha256));
    }

    [Fact]
    public async Task PutAsync_64MegabyteStream_UploadsInPartsAndReadsBackVerified()
    {
        const long size = 64L * 1024 * 1024;
        string expected;
        using (var hash = SHA256.Create())
        {
            await using var reference = new GeneratedStream(size, seed: 42);
            expected = Convert.ToHexStringLower(await hash.ComputeHashAsync(reference));
        }

        StoredArtifact stored;
        await using (var content = new GeneratedStream(size, seed: 42))
        {
            stored = await _store.PutAsync(content, CancellationToken.None);
        }

        Assert.Equal(expected, stored.Sha256);
        Assert.Equal(size, stored.SizeBytes);
        Assert.True(stored.Created);
        Assert.Equal(size / _options.PartSizeBytes, Volatile.Read(ref _partUploads));
        var head = await _client.GetObjectMetadataAsync(_fixture.Server.Bucket, _store.KeyFor(stored.Sha256));
        Assert.Equal(size, head.ContentLength);

        var opened = await _store.OpenReadAsync(stored.Sha256, CancellationToken.None);
        await using var stream = opened.Value;
        using var readHash = SHA256.Create();
        var readBack = Convert.ToHexStringLower(await readHash.ComputeHashAsync(stream));
        Assert.Equal(expected, readBack);
        Assert.Equal(size, stream.Position);
        Assert.Empty(Directory.EnumerateFiles(_options.SpoolDirectory!));
    }

    [Fact]
    public async Task OpenReadAsync_ObjectOverwrittenInBucket_ThrowsCorruptedAtEndOfStream()
    {
        var bytes = await File.ReadAllBytesAsync(TestPaths.GermanCredit);
        var stored = await PutAsync(bytes);
        var damaged = (byte[])bytes.Clone();
        damaged[1234] ^= 0x01;
        await OverwriteAsync(stored.Sha256, damaged);

        var ex = await Assert.ThrowsAsync<ArtifactCorruptedException>(() => ReadAllAsync(stored.Sha256));

        Assert.Equal(stored.Sha256, ex.ExpectedSha256);
        Assert.NotEqual(stored.Sha256, ex.ActualSha256);
        Assert.Contains("corrupted", ex.Message);
    }

    [Fact]
    public async Task OpenReadAsync_TruncatedInBucket_ThrowsCorrupted()
    {
        var stored = await PutAsync(Encoding.UTF8.GetBytes("0123456789abcdef"));
        await OverwriteAsync(stored.Sha256, Encoding.UTF8.GetBytes("0123456789"));

        await Assert.ThrowsAsync<ArtifactCorruptedException>(() => ReadAllAsync(stored.Sha256));
    }

    [Fact]
    public async Task OpenReadAsync_UnknownHash_ReturnsNotFound_MalformedHash_ReturnsInvalid()
    {
        var unknown = await _store.OpenReadAsync(new string('a', 64), CancellationToken.None);
        var malformed = await _store.OpenReadAsync("../../etc/passwd", CancellationToken.None);

        Assert.Equal(ErrorCode.NotFound, unknown.Error?.Code);
        Assert.Equal(ErrorCode.InvalidArgument, malformed.Error?.Code);
    }

    [Fact]
    public async Task ExistsAsync_ReflectsStoredContentOnly()
    {
        var stored = await PutAsync(Encoding.UTF8.GetBytes("exists"));

        Assert.True(await _store.ExistsAsync(stored.Sha256, CancellationToken.None));
        Assert.False(await _store.ExistsAsync(new string('0', 64), CancellationToken.None));
        Assert.False(await _store.ExistsAsync(stored.Sha256.ToUpperInvariant(), CancellationToken.None));
    }

    [Fact]
    public async Task PutAsync_Cancelled_LeavesNoObjectAndNoSpoolFile()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        using var content = new MemoryStream(new byte[1024]);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _store.PutAsync(content, cts.Token));

        Assert.Empty(await _fixture.ListKeysAsync(_client, _options.Prefix!));
        Assert.Empty(Directory.EnumerateFiles(_options.SpoolDirectory!));
    }

    [Fact]
    public async Task PutAsync_BucketDoesNotExist_FailsLoudlyAndLeavesNoSpoolFile()
    {
        var options = _fixture.NewOptions();
        options.Bucket = "no-such-bucket";
        var store = S3StoreFixture.CreateStore(_client, options);
        using var content = new MemoryStream(Encoding.UTF8.GetBytes("nowhere to go"));

        var ex = await Assert.ThrowsAsync<AmazonS3Exception>(() => store.PutAsync(content, CancellationToken.None));

        Assert.Equal("NoSuchBucket", ex.ErrorCode);
        Assert.Empty(Directory.EnumerateFiles(options.SpoolDirectory!));
        Directory.Delete(options.SpoolDirectory!, recursive: true);
    }

    private void CountPartUploads(object sender, RequestEventArgs e)
    {
        if (e is WebServiceRequestEventArgs { Request: UploadPartRequest })
        {
            Interlocked.Increment(ref _partUploads);
        }
    }

    private async Task OverwriteAsync(string sha256, byte[] bytes)
    {
        using var body = new MemoryStream(bytes);
        // Plain signed payload, so that the server stores exactly these bytes (see S3FileUploader on aws-chunked).
        await _client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = _fixture.Server.Bucket,
            Key = _store.KeyFor(sha256),
            InputStream = body,
            UseChunkEncoding = false,
        });
    }

    private async Task<StoredArtifact> PutAsync(byte[] bytes)
    {
        using var content = new MemoryStream(bytes);
        return await _store.PutAsync(content, CancellationToken.None);
    }

    private async Task<byte[]> ReadAllAsync(string sha256)
    {
        var opened = await _store.OpenReadAsync(sha256, CancellationToken.None);
        await using var stream = opened.Value;
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
