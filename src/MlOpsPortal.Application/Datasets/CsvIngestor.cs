using MlOpsPortal.Domain.Common;

namespace MlOpsPortal.Application.Datasets;

/// <summary>
/// Ingestion pass over an uploaded CSV stream: one forward read that validates the file (UTF-8, no NUL bytes, size
/// limit, balanced quotes, every row with the same number of fields), infers the schema, counts rows and computes the
/// SHA-256 of the bytes — writing nothing. Memory stays bounded whatever the file size (buffers, one record and per-column
/// summaries capped at <see cref="CsvOptions.DistinctCap"/> distinct values). Blank lines are ignored.
/// </summary>
/// <remarks>
/// Reading is asynchronous all the way down, so an ASP.NET request body can be passed directly. To keep the bytes,
/// store them first (<c>IArtifactStore.PutAsync</c>) and ingest from <c>OpenReadAsync</c>, or tee the upload.
/// </remarks>
public static class CsvIngestor
{
    /// <summary>Reads <paramref name="content"/> to its end; the error, if any, names row, line and column.</summary>
    public static async Task<Result<CsvIngestion>> IngestAsync(Stream content, CsvOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        options ??= new CsvOptions();
        var opened = await CsvRowSource.OpenAsync(content, options, computeHash: true, cancellationToken);
        if (!opened.IsSuccess)
        {
            return opened.Error;
        }

        await using var source = opened.Value;
        var columns = source.Format.ColumnNames.Select(n => new ColumnInference(n, options.DistinctCap)).ToArray();
        while (true)
        {
            var read = await source.ReadAsync();
            if (!read.IsSuccess)
            {
                return read.Error;
            }

            if (!read.Value)
            {
                break;
            }

            for (var i = 0; i < columns.Length; i++)
            {
                columns[i].Add(source[i], source.Row);
            }

            if ((source.Row & 0x3FF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        return new CsvIngestion(
            source.Bytes.HashHex(),
            source.Bytes.BytesRead,
            source.Row,
            source.Format,
            [.. columns.Select(c => c.ToSummary())]);
    }
}
