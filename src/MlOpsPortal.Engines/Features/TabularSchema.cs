using System.Text.Json.Serialization;

namespace MlOpsPortal.Engines.Features;

/// <summary>How a raw column is interpreted.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ColumnKind>))]
public enum ColumnKind
{
    /// <summary>Numbers (float); NaN is missing. In ONNX: a float tensor [N,1].</summary>
    Numeric,

    /// <summary>Strings; null or empty is missing. In ONNX: a string tensor [N,1] where "" is missing.</summary>
    Categorical,
}

/// <summary>One input column of a tabular data set.</summary>
public sealed record TabularColumn(string Name, ColumnKind Kind);

/// <summary>The input columns of a model, in order (the label column is not part of it).</summary>
public sealed record TabularSchema(IReadOnlyList<TabularColumn> Columns)
{
    public TabularColumn? Find(string name) => Columns.FirstOrDefault(c => c.Name == name);
}
