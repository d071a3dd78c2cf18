using System.Globalization;
using System.Text;
using MlOpsPortal.Engines.Features;

namespace MlOpsPortal.Bench;

/// <summary>UCI Adult as raw columns (what ingestion hands over) and as the encoded matrix XGBoost trains on.</summary>
internal sealed class AdultData
{
    public static readonly string[] Columns =
    [
        "age", "workclass", "fnlwgt", "education", "education-num", "marital-status", "occupation",
        "relationship", "race", "sex", "capital-gain", "capital-loss", "hours-per-week", "native-country",
    ];

    private static readonly HashSet<string> NumericColumns = ["age", "fnlwgt", "education-num", "capital-gain", "capital-loss", "hours-per-week"];

    private AdultData(TabularSchema schema, TabularFrame train, string?[] trainLabels, TabularFrame test, string?[] testLabels)
    {
        Schema = schema;
        Train = train;
        Test = test;
        Pipeline = FeaturePipeline.Fit(schema, train);
        Labels = ClassLabelMap.FitBinary(trainLabels, ">50K");
        TrainFeatures = Pipeline.Transform(train);
        TrainLabels = Labels.Encode(trainLabels);
        TestFeatures = Pipeline.Transform(test);
        TestLabels = Labels.Encode(testLabels);
    }

    public TabularSchema Schema { get; }

    public TabularFrame Train { get; }

    public TabularFrame Test { get; }

    public FeaturePipeline Pipeline { get; }

    public ClassLabelMap Labels { get; }

    public FeatureMatrix TrainFeatures { get; }

    public float[] TrainLabels { get; }

    public FeatureMatrix TestFeatures { get; }

    public float[] TestLabels { get; }

    /// <summary>The two files of <paramref name="directory"/>, or null with the reason.</summary>
    public static AdultData? TryLoad(string directory, out string? problem)
    {
        var trainPath = Path.Combine(directory, "adult.data");
        var testPath = Path.Combine(directory, "adult.test");
        var missing = new[] { trainPath, testPath }.Where(p => !File.Exists(p)).ToArray();
        if (missing.Length > 0)
        {
            problem = $"UCI Adult not found: {string.Join(" and ", missing)} missing. The engines benchmark needs adult.data and "
                + "adult.test (bundled under samples/datasets/adult, or pass --adult DIR).";
            return null;
        }

        problem = null;
        var schema = new TabularSchema(Columns.Select(c => new TabularColumn(c, NumericColumns.Contains(c) ? ColumnKind.Numeric : ColumnKind.Categorical)).ToArray());
        var (train, trainLabels) = Read(schema, trainPath);
        var (test, testLabels) = Read(schema, testPath);
        return new AdultData(schema, train, trainLabels, test, testLabels);
    }

    /// <summary>Writes the encoded training matrix as LIBSVM text for the xgboost CLI: 0-based feature indices,
    /// explicit zeros kept (absent entries mean "missing" to XGBoost), NaN entries left out.</summary>
    public void WriteLibSvm(string path)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        var features = TrainFeatures;
        var line = new StringBuilder(1024);
        for (var r = 0; r < features.Rows; r++)
        {
            line.Clear().Append(TrainLabels[r].ToString("R", CultureInfo.InvariantCulture));
            var row = features.Row(r);
            for (var c = 0; c < row.Length; c++)
            {
                if (!float.IsNaN(row[c]))
                {
                    line.Append(' ').Append(c.ToString(CultureInfo.InvariantCulture)).Append(':').Append(row[c].ToString("R", CultureInfo.InvariantCulture));
                }
            }

            writer.WriteLine(line);
        }
    }

    /// <summary>No header, ", " separated, "?" missing; adult.test's first line and trailing periods are dropped.</summary>
    private static (TabularFrame Frame, string?[] Labels) Read(TabularSchema schema, string path)
    {
        var rows = File.ReadLines(path)
            .Where(l => l.Length > 0 && !l.StartsWith('|'))
            .Select(l => l.Split(',').Select(f => f.Trim()).ToArray())
            .Where(f => f.Length == 15)
            .ToArray();
        var frame = new TabularFrame(rows.Length);
        for (var c = 0; c < schema.Columns.Count; c++)
        {
            var column = schema.Columns[c];
            if (column.Kind == ColumnKind.Numeric)
            {
                frame.AddNumeric(column.Name, rows.Select(r => r[c] == "?" ? float.NaN : float.Parse(r[c], NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray());
            }
            else
            {
                frame.AddCategorical(column.Name, rows.Select(r => r[c] == "?" ? null : r[c]).ToArray());
            }
        }

        return (frame, rows.Select(r => (string?)r[14].TrimEnd('.')).ToArray());
    }
}
