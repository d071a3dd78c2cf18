using MlOpsPortal.Domain.Common;

namespace MlOpsPortal.Application.Datasets;

/// <summary>Reads the first rows of a stored file for display, stopping as soon as it has them.</summary>
public static class DatasetPreview
{
    public const int DefaultRows = 100;

    public static async Task<Result<PreviewTable>> ReadAsync(Stream content, CsvFormat format, int maxRows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(format);
        ArgumentOutOfRangeException.ThrowIfNegative(maxRows);
        var opened = await CsvRowSource.OpenAsync(content, format, cancellationToken);
        if (!opened.IsSuccess)
        {
            return opened.Error;
        }

        await using var source = opened.Value;
        var rows = new List<IReadOnlyList<string?>>(Math.Min(maxRows, DefaultRows));
        while (rows.Count < maxRows)
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

            var row = new string?[source.ColumnCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = source[i];
            }

            rows.Add(row);
        }

        return new PreviewTable(source.Format.ColumnNames, rows);
    }
}
