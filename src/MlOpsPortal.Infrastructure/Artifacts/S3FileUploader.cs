using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;

namespace MlOpsPortal.Infrastructure.Artifacts;

/// <summary>
/// Uploads a local (spooled) file to one object key: a single <c>PutObject</c> below the multipart threshold, else a
/// multipart upload whose parts are read straight from the file (a few at a time), so memory use does not grow with
/// the file. Every request carries the payload's SHA-256 in its signature rather than the SDK's default
/// <c>aws-chunked</c> streaming signature, which not every S3-compatible server decodes (s3rver stores the chunk
/// framing as if it were data). A multipart upload that fails or is cancelled is aborted, so no parts linger.
/// </summary>
internal sealed partial class S3FileUploader(IAmazonS3 s3, string bucket, long multipartThreshold, long partSize, ILogger logger)
{
    /// <summary>S3 allows at most 10,000 parts per upload; larger files get proportionally larger parts.</summary>
    private const int MaxParts = 10_000;

    private const int ConcurrentParts = 4;
    private const string ContentType = "application/octet-stream";

    public async Task UploadAsync(string path, string key, long size, CancellationToken cancellationToken)
    {
        if (size < multipartThreshold)
        {
            await s3.PutObjectAsync(
                new PutObjectRequest { BucketName = bucket, Key = key, FilePath = path, ContentType = ContentType, UseChunkEncoding = false },
                cancellationToken);
            return;
        }

        var started = await s3.InitiateMultipartUploadAsync(
            new InitiateMultipartUploadRequest { BucketName = bucket, Key = key, ContentType = ContentType }, cancellationToken);
        var uploadId = started.UploadId;
        var completed = false;
        try
        {
            var effectivePartSize = Math.Max(partSize, (size + MaxParts - 1) / MaxParts);
            var partCount = (int)((size + effectivePartSize - 1) / effectivePartSize);
            var etags = new PartETag[partCount];
            var options = new ParallelOptions { MaxDegreeOfParallelism = ConcurrentParts, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(Enumerable.Range(0, partCount), options, async (index, ct) =>
            {
                var offset = index * effectivePartSize;
                var response = await s3.UploadPartAsync(
                    new UploadPartRequest
                    {
                        BucketName = bucket,
                        Key = key,
                        UploadId = uploadId,
                        PartNumber = index + 1,
                        FilePath = path,
                        FilePosition = offset,
                        PartSize = Math.Min(effectivePartSize, size - offset),
                        UseChunkEncoding = false,
                    },
                    ct);
                etags[index] = new PartETag(index + 1, response.ETag);
            });

            await s3.CompleteMultipartUploadAsync(
                new CompleteMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = uploadId, PartETags = [.. etags] },
                cancellationToken);
            completed = true;
        }
        finally
        {
            if (!completed)
            {
                await AbortAsync(key, uploadId);
            }
        }
    }

    private async Task AbortAsync(string key, string uploadId)
    {
        try
        {
            // Not the caller's token: it may be the reason we are here, and the parts should still be released.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await s3.AbortMultipartUploadAsync(
                new AbortMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = uploadId }, timeout.Token);
        }
        catch (Exception ex) when (ex is AmazonServiceException or AmazonClientException or HttpRequestException or IOException or OperationCanceledException)
        {
            // The upload's own failure is what the caller must see; a failed abort is only worth a warning.
            LogAbortFailed(ex, bucket, key, uploadId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not abort the multipart upload {UploadId} of s3://{Bucket}/{Key}; a bucket lifecycle rule for incomplete uploads will clean it up")]
    private partial void LogAbortFailed(Exception exception, string bucket, string key, string uploadId);
}
