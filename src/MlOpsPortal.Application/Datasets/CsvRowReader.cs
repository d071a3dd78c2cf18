using MlOpsPortal.Domain.Common;

namespace MlOpsPortal.Application.Datasets;

/// <summary>
/// Forward-only, constant-memory reading of a CSV file row by row, with the same parsing and error messages as
/// ingestion: a stored dataset version with its recorded <see cref="CsvFormat"/>, or an uploaded file with its layout
/// detected. For batch jobs that must not load a whole file (batch scoring).
/// </summary>
public sealed class CsvRowReader : IAsyncDisposable
{
    private readonly CsvRowSource _source;

    private CsvRowReader(CsvRowSource source) => _source = source;

    public IReadOnlyList<string> Columns => _source.Format.ColumnNames;

    public CsvFormat Format => _source.Format;

    /// <summary>Bytes consumed from the underlying stream so far (for progress).</summary>
    public long BytesRead => _source.Bytes.BytesRead;

    /// <summary>1-based number of the current data row.</summary>
    public long Row => _source.Row;

    /// <summary>Field <paramref name="index"/> of the current row; null when it is a missing-value marker.</summary>
    public string? this[int index] => _source[index];

    public static async Task<Result<CsvRowReader>> OpenStoredAsync(Stream content, CsvFormat format, CancellationToken cancellationToken)
    {
        var opened = await CsvRowSource.OpenAsync(content, format, cancellationToken);
        return opened.IsSuccess ? new CsvRowReader(opened.Value) : opened.Error;
    }

    public static async Task<Result<CsvRowReader>> OpenDetectingAsync(Stream content, CsvOptions options, CancellationToken cancellationToken)
    {
        var opened = await CsvRowSource.OpenAsync(content, options, computeHash: false, cancellationToken);
        return opened.IsSuccess ? new CsvRowReader(opened.Value) : opened.Error;
    }

    /// <summary>Advances to the next row: true, false at the end, or the error (row, line, column) that stops the file.</summary>
    public ValueTask<Result<bool>> ReadAsync() => _source.ReadAsync();

    public ValueTask DisposeAsync() => _source.DisposeAsync();
}
