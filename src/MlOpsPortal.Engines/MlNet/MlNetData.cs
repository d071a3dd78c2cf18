using Microsoft.ML;
using Microsoft.ML.Data;
using MlOpsPortal.Engines.Features;

namespace MlOpsPortal.Engines.MlNet;

/// <summary>One row as ML.NET reads it: the encoded features, the label in each task's type, and a weight.</summary>
#pragma warning disable CA1819 // ML.NET maps a float[] property onto its vector column.
public sealed class MlNetRow
{
    public const string FeaturesColumn = "Features";
    public const string BinaryLabelColumn = "BinaryLabel";
    public const string ClassLabelColumn = "ClassLabel";
    public const string TargetColumn = "Target";
    public const string WeightColumn = "Weight";

    public float[] Features { get; set; } = [];

    public bool BinaryLabel { get; set; }

    /// <summary>1-based class key (0 is ML.NET's missing key).</summary>
    public uint ClassLabel { get; set; }

    public float Target { get; set; }

    public float Weight { get; set; } = 1;
}

/// <summary>The scoring input: features only (the ONNX export starts from this schema, so it needs no label input).</summary>
public sealed class MlNetFeaturesRow
{
    public float[] Features { get; set; } = [];
}
#pragma warning restore CA1819

/// <summary>Builds ML.NET data views over a <see cref="FeatureMatrix"/>.</summary>
internal static class MlNetData
{
    public static IDataView Training(MLContext ml, FeatureMatrix features, float[] labels, float[]? weights, MlNetTask task, int classCount)
    {
        if (labels.Length != features.Rows)
        {
            throw new ArgumentException($"{labels.Length} labels for {features.Rows} rows.", nameof(labels));
        }

        var schema = SchemaDefinition.Create(typeof(MlNetRow));
        schema[MlNetRow.FeaturesColumn].ColumnType = new VectorDataViewType(NumberDataViewType.Single, features.Columns);
        schema[MlNetRow.ClassLabelColumn].ColumnType = new KeyDataViewType(typeof(uint), Math.Max(classCount, 2));
        var rows = new MlNetRow[features.Rows];
        for (var r = 0; r < rows.Length; r++)
        {
            var label = labels[r];
            rows[r] = new MlNetRow
            {
                Features = features.Row(r).ToArray(),
                BinaryLabel = task == MlNetTask.Binary && label > 0.5f,
                ClassLabel = task == MlNetTask.Multiclass ? (uint)label + 1 : 1,
                Target = task == MlNetTask.Regression ? label : 0,
                Weight = weights?[r] ?? 1,
            };
        }

        return ml.Data.LoadFromEnumerable(rows, schema);
    }

    public static IDataView Scoring(MLContext ml, FeatureMatrix features) => Scoring(ml, features.Columns, Enumerable.Range(0, features.Rows).Select(r => features.Row(r).ToArray()));

    public static IDataView Scoring(MLContext ml, int featureCount, IEnumerable<float[]> rows)
    {
        var schema = SchemaDefinition.Create(typeof(MlNetFeaturesRow));
        schema[MlNetRow.FeaturesColumn].ColumnType = new VectorDataViewType(NumberDataViewType.Single, featureCount);
        return ml.Data.LoadFromEnumerable(rows.Select(r => new MlNetFeaturesRow { Features = r }).ToArray(), schema);
    }

    public static string LabelColumn(MlNetTask task) => task switch
    {
        MlNetTask.Binary => MlNetRow.BinaryLabelColumn,
        MlNetTask.Multiclass => MlNetRow.ClassLabelColumn,
        _ => MlNetRow.TargetColumn,
    };
}
