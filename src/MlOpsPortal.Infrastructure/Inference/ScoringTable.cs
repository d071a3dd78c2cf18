using System.Globalization;
using System.Text.Json;
using MlOpsPortal.Domain.Common;

namespace MlOpsPortal.Infrastructure.Inference;

/// <summary>Rows to score, as parsed from a request: values are string, double, bool or null (missing).</summary>
public sealed record ScoringTable(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows);

/// <summary>
/// Parses MLflow serving payloads: <c>{"dataframe_split": {"columns": [...], "data": [[...]]}}</c>,
/// <c>{"dataframe_records": [{...}]}</c>, or CSV with a header. Every malformed input is a specific error.
/// </summary>
public static class ScoringPayload
{
    public static Result<ScoringTable> ParseJson(ReadOnlyMemory<byte> body, int maxRows)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            return Error.Invalid($"The body is not valid JSON: {ex.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Error.Invalid("The body must be a JSON object with 'dataframe_split' or 'dataframe_records'.");
            }

            if (root.TryGetProperty("dataframe_split", out var split))
            {
                return ParseSplit(split, maxRows);
            }

            if (root.TryGetProperty("dataframe_records", out var records))
            {
                return ParseRecords(records, maxRows);
            }

            return Error.Invalid("The body must have 'dataframe_split' ({\"columns\": [...], \"data\": [[...]]}) or 'dataframe_records' ([{...}]).");
        }
    }

    public static async Task<Result<ScoringTable>> ParseCsvAsync(Stream body, int maxRows, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(body);
        var config = new CsvHelper.Configuration.CsvConfiguration(CultureInfo.InvariantCulture) { BadDataFound = null, TrimOptions = CsvHelper.Configuration.TrimOptions.Trim };
        using var parser = new CsvHelper.CsvParser(reader, config);
        if (!await parser.ReadAsync())
        {
            return Error.Invalid("The CSV body is empty: a header row and at least one data row are expected.");
        }

        var columns = parser.Record!;
        var duplicate = columns.GroupBy(c => c, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            return Error.Invalid($"Column '{duplicate.Key}' appears more than once.");
        }

        var rows = new List<object?[]>();
        while (await parser.ReadAsync())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var fields = parser.Record!;
            if (fields.Length != columns.Length)
            {
                return Error.Invalid($"CSV row {rows.Count + 1} has {fields.Length} fields, expected {columns.Length}.");
            }

            if (rows.Count == maxRows)
            {
                return TooMany(maxRows);
            }

            rows.Add(fields.Select(f => (object?)(f.Length == 0 ? null : f)).ToArray());
        }

        return rows.Count == 0 ? Error.Invalid("The request has no rows to score.") : new ScoringTable(columns, rows);
    }

    private static Result<ScoringTable> ParseSplit(JsonElement split, int maxRows)
    {
        if (split.ValueKind != JsonValueKind.Object || !split.TryGetProperty("columns", out var columnsElement) || columnsElement.ValueKind != JsonValueKind.Array
            || !split.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            return Error.Invalid("'dataframe_split' must be an object with a 'columns' array and a 'data' array of rows.");
        }

        var columns = new List<string>();
        foreach (var c in columnsElement.EnumerateArray())
        {
            if (c.ValueKind != JsonValueKind.String)
            {
                return Error.Invalid("'dataframe_split.columns' must hold column names (strings).");
            }

            if (columns.Contains(c.GetString()!))
            {
                return Error.Invalid($"Column '{c.GetString()}' appears more than once.");
            }

            columns.Add(c.GetString()!);
        }

        var rows = new List<object?[]>();
        foreach (var row in data.EnumerateArray())
        {
            if (rows.Count == maxRows)
            {
                return TooMany(maxRows);
            }

            if (row.ValueKind != JsonValueKind.Array || row.GetArrayLength() != columns.Count)
            {
                return Error.Invalid($"Row {rows.Count + 1} must be an array of {columns.Count} values.");
            }

            var values = new object?[columns.Count];
            var i = 0;
            foreach (var cell in row.EnumerateArray())
            {
                var value = Value(cell, rows.Count + 1, columns[i]);
                if (!value.IsSuccess)
                {
                    return value.Error;
                }

                values[i++] = value.Value;
            }

            rows.Add(values);
        }

        return rows.Count == 0 ? Error.Invalid("The request has no rows to score.") : new ScoringTable(columns, rows);
    }

    private static Result<ScoringTable> ParseRecords(JsonElement records, int maxRows)
    {
        if (records.ValueKind != JsonValueKind.Array)
        {
            return Error.Invalid("'dataframe_records' must be an array of objects.");
        }

        var columns = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var parsed = new List<Dictionary<int, object?>>();
        foreach (var record in records.EnumerateArray())
        {
            if (parsed.Count == maxRows)
            {
                return TooMany(maxRows);
            }

            if (record.ValueKind != JsonValueKind.Object)
            {
                return Error.Invalid($"Record {parsed.Count + 1} must be a JSON object.");
            }

            var row = new Dictionary<int, object?>();
            foreach (var property in record.EnumerateObject())
            {
                if (!index.TryGetValue(property.Name, out var column))
                {
                    column = index[property.Name] = columns.Count;
                    columns.Add(property.Name);
                }

                if (row.ContainsKey(column))
                {
                    return Error.Invalid($"Record {parsed.Count + 1} has column '{property.Name}' more than once.");
                }

                var value = Value(property.Value, parsed.Count + 1, property.Name);
                if (!value.IsSuccess)
                {
                    return value.Error;
                }

                row[column] = value.Value;
            }

            parsed.Add(row);
        }

        if (parsed.Count == 0)
        {
            return Error.Invalid("The request has no rows to score.");
        }

        var rows = parsed.Select(r => Enumerable.Range(0, columns.Count).Select(c => r.GetValueOrDefault(c)).ToArray()).ToList();
        return new ScoringTable(columns, rows);
    }

    private static Result<object?> Value(JsonElement cell, int row, string column)
    {
        switch (cell.ValueKind)
        {
            case JsonValueKind.Null:
                return Result<object?>.Ok(null);
            case JsonValueKind.String:
                return Result<object?>.Ok(cell.GetString());
            case JsonValueKind.True or JsonValueKind.False:
                return Result<object?>.Ok(cell.GetBoolean());
            case JsonValueKind.Number when cell.TryGetDouble(out var d) && double.IsFinite(d):
                return Result<object?>.Ok(d);
            case JsonValueKind.Number:
                return Error.Invalid($"Row {row}, column '{column}': {cell.GetRawText()} is not a finite number.");
            default:
                return Error.Invalid($"Row {row}, column '{column}': nested {cell.ValueKind.ToString().ToLower(CultureInfo.InvariantCulture)} values are not accepted.");
        }
    }

    private static Error TooMany(int maxRows) => Error.Invalid($"Too many rows: at most {maxRows} rows per request (use a batch scoring job for more).");
}
