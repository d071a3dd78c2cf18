namespace MlOpsPortal.Engines.Features;

/// <summary>
/// Raw column data as it arrives from a data set or an inference request: numeric columns as floats
/// (NaN = missing), categorical columns as strings (null or empty = missing). All columns have the same length.
/// </summary>
public sealed class TabularFrame
{
    private readonly Dictionary<string, float[]> _numeric = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?[]> _categorical = new(StringComparer.Ordinal);

    public TabularFrame(int rowCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        RowCount = rowCount;
    }

    public int RowCount { get; }

    public IEnumerable<string> ColumnNames => _numeric.Keys.Concat(_categorical.Keys);

    public TabularFrame AddNumeric(string name, float[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        CheckNew(name, values.Length);
        _numeric[name] = values;
        return this;
    }

    public TabularFrame AddCategorical(string name, string?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        CheckNew(name, values.Length);
        _categorical[name] = values;
        return this;
    }

    public float[] Numeric(string name) =>
        _numeric.TryGetValue(name, out var values)
            ? values
            : throw new FeaturePipelineException(FeatureErrorKind.MissingColumn, $"Numeric column '{name}' is missing from the input.", name);

    public string?[] Categorical(string name) =>
        _categorical.TryGetValue(name, out var values)
            ? values
            : throw new FeaturePipelineException(FeatureErrorKind.MissingColumn, $"Categorical column '{name}' is missing from the input.", name);

    /// <summary>A new frame with the given rows.</summary>
    public TabularFrame SelectRows(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var frame = new TabularFrame(rows.Count);
        foreach (var (name, values) in _numeric)
        {
            frame.AddNumeric(name, Pick(values, rows));
        }

        foreach (var (name, values) in _categorical)
        {
            frame.AddCategorical(name, Pick(values, rows));
        }

        return frame;
    }

    private static T[] Pick<T>(T[] values, IReadOnlyList<int> rows) =>
        rows is int[] indices ? Array.ConvertAll(indices, r => values[r]) : rows.Select(r => values[r]).ToArray();

    private void CheckNew(string name, int length)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (length != RowCount)
        {
            throw new ArgumentException($"Column '{name}' has {length} values; the frame has {RowCount} rows.", nameof(name));
        }

        if (_numeric.ContainsKey(name) || _categorical.ContainsKey(name))
        {
            throw new ArgumentException($"Column '{name}' was added twice.", nameof(name));
        }
    }
}
