using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MlOpsPortal.Application.Artifacts;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Infrastructure.Artifacts;
using MlOpsPortal.TestSupport;
using Xunit;

namespace MlOpsPortal.Infrastructure.Tests.Artifacts;

public sealed class LocalArtifactStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "mlops-artifacts-" + Guid.NewGuid().ToString("N"));
    private readonly LocalArtifactStore _store;

    public LocalArtifactStoreTests()
    {
        _store = new LocalArtifactStore(
            Options.Create(new LocalArtifactStoreOptions { RootDirectory = _root }),
            NullLogger<LocalArtifactStore>.Instance);
    }

    public void Dispose()
    {
        if (!Directory.Exists(_root))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories))
        {
            File.SetAttributes(file, FileAttributes.Normal);
        }

        Directory.Delete(_root, recursive: true);
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
        var expectedPath = Path.Combine(_root, "sha256", stored.Sha256[..2], stored.Sha256[2..4], stored.Sha256);
        Assert.Equal(expectedPath, _store.PathFor(stored.Sha256));
        Assert.True(File.Exists(expectedPath));
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
        Assert.Single(Directory.EnumerateFiles(Path.Combine(_root, "sha256"), "*", SearchOption.AllDirectories));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_root, "tmp")));
    }

    [Fact]
    public async Task PutAsync_SameContentConcurrently_AllSucceedWithOneFile()
    {
        var bytes = new byte[256 * 1024];
        new Random(7).NextBytes(bytes);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => PutAsync(bytes))));

        Assert.Single(results.Select(r => r.Sha256).Distinct());
        Assert.Single(results, r => r.Created);
        Assert.Equal(bytes, await ReadAllAsync(results[0].Sha256));
    }

    [Fact]
    public async Task OpenReadAsync_ByteFlippedOnDisk_ThrowsCorruptedAtEndOfStream()
    {
        var bytes = await File.ReadAllBytesAsync(TestPaths.GermanCredit);
        var stored = await PutAsync(bytes);
        var path = _store.PathFor(stored.Sha256);
        File.SetAttributes(path, FileAttributes.Normal);
        await using (var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Position = 1234;
            var b = file.ReadByte();
            file.Position = 1234;
            file.WriteByte((byte)(b ^ 0x01));
        }

        var ex = await Assert.ThrowsAsync<ArtifactCorruptedException>(() => ReadAllAsync(stored.Sha256));

        Assert.Equal(stored.Sha256, ex.ExpectedSha256);
        Assert.NotEqual(stored.Sha256, ex.ActualSha256);
        Assert.Contains("corrupted", ex.Message);
    }

    [Fact]
    public async Task OpenReadAsync_TruncatedOnDisk_ThrowsCorrupted()
    {
        var stored = await PutAsync(Encoding.UTF8.GetBytes("0123456789abcdef"));
        var path = _store.PathFor(stored.Sha256);
        File.SetAttributes(path, FileAttributes.Normal);
        await File.WriteAllTextAsync(path, "0123456789");

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
    public async Task PutAsync_Cancelled_LeavesNoFiles()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        using var content = new MemoryStream(new byte[1024]);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _store.PutAsync(content, cts.Token));

        Assert.False(Directory.Exists(Path.Combine(_root, "sha256")));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_root, "tmp")));
    }

    [Fact]
    public void ResolveRoot_NoDirectoryConfigured_UsesMlopsDataDirOrDotMlops()
    {
        var options = new LocalArtifactStoreOptions();
        var dataDir = Environment.GetEnvironmentVariable(LocalArtifactStoreOptions.DataDirEnvironmentVariable);

        var expected = string.IsNullOrWhiteSpace(dataDir)
            ? Path.GetFullPath(Path.Combine(".mlops", "artifacts"))
            : Path.GetFullPath(Path.Combine(dataDir, "artifacts"));
        Assert.Equal(expected, options.ResolveRoot());
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
