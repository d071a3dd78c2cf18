using MlOpsPortal.Domain.Common;

namespace MlOpsPortal.Application.Datasets;

/// <summary>
/// The profiling pass: reads a stored file once with its recorded <see cref="CsvFormat"/> and computes a
/// <see cref="ColumnProfile"/> per column (see <see cref="ColumnProfiler"/>, <see cref="StreamingHistogram"/>,
/// <see cref="DistinctCounter"/>). Memory is bounded per column; progress is the fraction of bytes read (0–1).
/// Meant to run as a background job; stops with <see cref="OperationCanceledException"/> when cancelled.
/// </summary>
public static class DatasetProfiler
{
    /// <summary>Distinct values counted exactly per column before switching to the HyperLogLog estimate.</summary>
    public const int ExactDistinctCap = 100_000;

    public const int HistogramBins = 20;

    /// <param name="content">The file as stored.</param>
    /// <param name="schema">Format and (possibly corrected) column types.</param>
    /// <param name="totalBytes">File size for progress; when null, the stream's length if it can seek.</param>
    /// <param name="progress">Receives the fraction done, at most about every 1%, and 1.0 at the end.</param>
    /// <param name="cancellationToken">Stops the pass.</param>
    public static async Task<Result<DatasetProfile>> ProfileAsync(
        Stream content,
        DatasetSchema schema,
        long? totalBytes,
        IProgress<double>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(schema);
        if (schema.Columns.Count != schema.Format.ColumnNames.Count)
        {
            return Error.Invalid($"The schema has {schema.Columns.Count} columns but the format names {schema.Format.ColumnNames.Count}.");
        }

        var total = totalBytes ?? (content.CanSeek ? content.Length - content.Position : 0);
        var opened = await CsvRowSource.OpenAsync(content, schema.Format, cancellationToken);
        if (!opened.IsSuccess)
        {
            return opened.Error;
        }

        await using var source = opened.Value;
        var columns = schema.Columns.Select(c => new ColumnProfiler(c.Name, c.Type, ExactDistinctCap, HistogramBins)).ToArray();
        var reported = 0.0;
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
                columns[i].Add(source[i]);
            }

            if ((source.Row & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var fraction = total > 0 ? Math.Min(0.99, (double)source.Bytes.BytesRead / total) : 0;
                if (progress is not null && fraction - reported >= 0.01)
                {
                    reported = fraction;
                    progress.Report(fraction);
                }
            }
        }

        progress?.Report(1.0);
        return new DatasetProfile(source.Row, [.. columns.Select(c => c.ToProfile(source.Row))]);
    }
}
