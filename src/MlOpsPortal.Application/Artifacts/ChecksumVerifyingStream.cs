using System.Security.Cryptography;

namespace MlOpsPortal.Application.Artifacts;

/// <summary>
/// A read-only, forward-only wrapper that hashes everything it returns and compares the SHA-256 (and, if known, the
/// length) with the expected values; a mismatch throws <see cref="ArtifactCorruptedException"/>, so a consumer that
/// copies the whole stream cannot miss it. When the length is known the check runs on the read that reaches it,
/// before that read's bytes are handed out: a download with <c>Content-Length</c> then never delivers the complete
/// number of bytes of a damaged file (the response is cut short instead), so the client sees the failure too.
/// Any store implementation (local, S3) can wrap its raw stream in it.
/// </summary>
public sealed class ChecksumVerifyingStream : Stream
{
    private readonly Stream _inner;
    private readonly string _expectedSha256;
    private readonly long? _expectedLength;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _bytesRead;
    private bool _verified;

    public ChecksumVerifyingStream(Stream inner, string expectedSha256, long? expectedLength)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentException.ThrowIfNullOrEmpty(expectedSha256);
        _inner = inner;
        _expectedSha256 = expectedSha256;
        _expectedLength = expectedLength;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    /// <summary>The expected length when known (the stream still cannot seek).</summary>
    public override long Length => _expectedLength ?? throw new NotSupportedException();

    public override long Position
    {
        get => _bytesRead;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = _inner.Read(buffer);
        return Observe(buffer[..n], buffer.Length);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await _inner.ReadAsync(buffer, cancellationToken);
        return Observe(buffer.Span[..n], buffer.Length);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _inner.DisposeAsync();
        _hash.Dispose();
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private int Observe(ReadOnlySpan<byte> read, int requested)
    {
        if (read.Length > 0)
        {
            _hash.AppendData(read);
            _bytesRead += read.Length;
            if (_expectedLength is { } max && _bytesRead > max)
            {
                throw new ArtifactCorruptedException(
                    $"Artifact {_expectedSha256} is corrupted: it holds more than the expected {max} bytes.");
            }

            if (_bytesRead == _expectedLength)
            {
                Verify();
            }

            return read.Length;
        }

        if (requested > 0)
        {
            Verify();
        }

        return 0;
    }

    private void Verify()
    {
        if (_verified)
        {
            return;
        }

        _verified = true;
        var actual = Sha256Hex.Format(_hash.GetHashAndReset());
        if (!string.Equals(actual, _expectedSha256, StringComparison.Ordinal)
            || (_expectedLength is { } length && length != _bytesRead))
        {
            throw new ArtifactCorruptedException(_expectedSha256, actual, _bytesRead);
        }
    }
}
