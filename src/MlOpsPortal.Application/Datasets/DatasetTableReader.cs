using System.Globalization;
using MlOpsPortal.Domain.Common;

namespace MlOpsPortal.Application.Datasets;

/// <summary>One column of a dataset held in memory: numbers (NaN = missing) or strings (null = missing).</summary>
public sealed record DatasetColumn(string Name, ColumnType Type, double[]? Numbers, string?[]? Values)
{
    public bool IsNumeric => Numbers is not null;
}

/// <summary>A whole dataset version in memory, column-oriented, typed by its schema.</summary>
public sealed record DatasetTable(int RowCount, IReadOnlyList<DatasetColumn> Columns)
{
    public DatasetColumn? Find(string name) => Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal));
}

/// <summary>
/// Reads a stored CSV file into a <see cref="DatasetTable"/> for training and scoring. Numeric and boolean
/// columns become numbers (booleans as 0/1), every other type stays text; missing markers become NaN / null.
/// Only the requested columns are kept, so memory is proportional to what the caller uses.
/// </summary>
public static class DatasetTableReader
{
    public static async Task<Result<DatasetTable>> ReadAsync(
        Stream content, DatasetSchema schema, IReadOnlyCollection<string>? columns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var wanted = schema.Columns
            .Select((c, i) => (Column: c, Index: i))
            .Where(x => columns is null || columns.Contains(x.Column.Name))
            .ToList();
        var opened = await CsvRowSource.OpenAsync(content, schema.Format, cancellationToken);
        if (!opened.IsSuccess)
        {
            return opened.Error;
        }

        await using var source = opened.Value;
        var numbers = wanted.Select(w => IsNumeric(w.Column.Type) ? new List<double>() : null).ToArray();
        var values = wanted.Select(w => IsNumeric(w.Column.Type) ? null : new List<string?>()).ToArray();
        var rows = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var read = await source.ReadAsync();
            if (!read.IsSuccess)
            {
                return read.Error;
            }

            if (!read.Value)
            {
                break;
            }

            rows++;
            for (var k = 0; k < wanted.Count; k++)
            {
                var raw = source[wanted[k].Index];
                if (numbers[k] is { } list)
                {
                    var parsed = Parse(raw, wanted[k].Column);
                    if (!parsed.IsSuccess)
                    {
                        return Error.Invalid($"Row {rows}, column '{wanted[k].Column.Name}': {parsed.Error.Message}");
                    }

                    list.Add(parsed.Value);
                }
                else
                {
                    values[k]!.Add(raw);
                }
            }
        }

        var result = new List<DatasetColumn>(wanted.Count);
        for (var k = 0; k < wanted.Count; k++)
        {
            var column = wanted[k].Column;
            result.Add(new DatasetColumn(column.Name, column.Type, numbers[k]?.ToArray(), values[k]?.ToArray()));
        }

        return new DatasetTable(rows, result);
    }

    private static bool IsNumeric(ColumnType type) => type is ColumnType.Numeric or ColumnType.Boolean;

    private static Result<double> Parse(string? raw, ColumnSchema column)
    {
        if (raw is null)
        {
            return double.NaN;
        }

        if (column.Type == ColumnType.Boolean)
        {
            return ValueParsers.TryParseBoolean(raw, allowDigits: true, out var b)
                ? (b ? 1.0 : 0.0)
                : Error.Invalid($"\"{raw}\" is not a boolean.");
        }

        return ValueParsers.TryParseNumber(raw, out var number)
            ? number
            : Error.Invalid($"\"{raw}\" is not a number ({CultureInfo.InvariantCulture.Name} format expected).");
    }
}
