using System.Globalization;
using MlOpsPortal.Engines.Features;
using MlOpsPortal.TestSupport;

namespace MlOpsPortal.Engines.Tests.Features;

/// <summary>Raw columns + string labels read from a CSV-like file, as the product's ingestion would hand them over.</summary>
public sealed record LabeledTable(TabularSchema Schema, TabularFrame Frame, string?[] Labels)
{
    public int Rows => Frame.RowCount;

    /// <summary>The value of every column of one row, as ONNX would receive it (strings: "" for missing).</summary>
    public IEnumerable<string> ColumnNames => Schema.Columns.Select(c => c.Name);
}

/// <summary>A minimal CSV reader for the shared data sets (tests only; product ingestion lives elsewhere).</summary>
public static class TabularTestData
{
    public static readonly string[] AdultColumns =
    [
        "age", "workclass", "fnlwgt", "education", "education-num", "marital-status", "occupation",
        "relationship", "race", "sex", "capital-gain", "capital-loss", "hours-per-week", "native-country",
    ];

    private static readonly HashSet<string> AdultNumeric = ["age", "fnlwgt", "education-num", "capital-gain", "capital-loss", "hours-per-week"];

    /// <summary>UCI Adult: no header, ", " separated, "?" missing; the test file's first line and trailing periods are dropped.</summary>
    public static LabeledTable LoadAdult(bool test)
    {
        var path = test ? TestPaths.AdultTest : TestPaths.AdultTrain;
        var rows = File.ReadLines(path)
            .Where(l => l.Length > 0 && !l.StartsWith('|'))
            .Select(l => l.Split(',').Select(f => f.Trim()).ToArray())
            .Where(f => f.Length == 15)
            .ToArray();
        var schema = new TabularSchema(AdultColumns.Select(c => new TabularColumn(c, AdultNumeric.Contains(c) ? ColumnKind.Numeric : ColumnKind.Categorical)).ToArray());
        var labels = rows.Select(r => r[14].TrimEnd('.')).ToArray();
        return new LabeledTable(schema, Build(schema, rows, "?"), labels);
    }

    /// <summary>German credit: header, "," separated; a column is numeric when every value parses as a number. Label "credit" (1 good, 2 bad).</summary>
    public static LabeledTable LoadGermanCredit()
    {
        var lines = File.ReadAllLines(TestPaths.GermanCredit).Where(l => l.Length > 0).ToArray();
        var header = lines[0].Split(',');
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        var labelIndex = Array.IndexOf(header, "credit");
        var columns = header.Where((_, i) => i != labelIndex).ToArray();
        var schema = new TabularSchema(columns.Select(c =>
        {
            var i = Array.IndexOf(header, c);
            var numeric = rows.All(r => double.TryParse(r[i], NumberStyles.Float, CultureInfo.InvariantCulture, out _));
            return new TabularColumn(c, numeric ? ColumnKind.Numeric : ColumnKind.Categorical);
        }).ToArray());
        var reordered = rows.Select(r => columns.Select(c => r[Array.IndexOf(header, c)]).ToArray()).ToArray();
        return new LabeledTable(schema, Build(schema, reordered, null), rows.Select(r => r[labelIndex]).ToArray());
    }

    /// <summary>Synthetic data: 3 numeric columns (10% missing) and one categorical column; labels from a known rule.</summary>
    public static (LabeledTable Table, float[] Target) Synthetic(int rows, int seed, bool multiclass)
    {
        var random = new Random(seed);
        var schema = new TabularSchema([
            new TabularColumn("x1", ColumnKind.Numeric),
            new TabularColumn("x2", ColumnKind.Numeric),
            new TabularColumn("x3", ColumnKind.Numeric),
            new TabularColumn("color", ColumnKind.Categorical),
        ]);
        string[] colors = ["red", "green", "blue", "yellow"];
        var x1 = new float[rows];
        var x2 = new float[rows];
        var x3 = new float[rows];
        var color = new string?[rows];
        var target = new float[rows];
        var labels = new string?[rows];
        for (var r = 0; r < rows; r++)
        {
            x1[r] = (float)((random.NextDouble() * 4) - 2);
            x2[r] = (float)((random.NextDouble() * 4) - 2);
            x3[r] = random.NextDouble() < 0.1 ? float.NaN : (float)random.NextDouble();
            var c = random.Next(colors.Length + 1);
            color[r] = c == colors.Length ? null : colors[c];
            var noise = (random.NextDouble() - 0.5) * 0.5;
            var score = x1[r] + (0.5 * x2[r]) + (c == 1 ? 1.0 : 0) + (float.IsNaN(x3[r]) ? -0.5 : x3[r]) + noise;
            target[r] = (float)score;
            labels[r] = multiclass ? (score < -0.5 ? "low" : score < 1 ? "mid" : "high") : score.ToString(CultureInfo.InvariantCulture);
        }

        var frame = new TabularFrame(rows).AddNumeric("x1", x1).AddNumeric("x2", x2).AddNumeric("x3", x3).AddCategorical("color", color);
        return (new LabeledTable(schema, frame, labels), target);
    }

    /// <summary>ROC AUC of scores against 0/1 labels (rank statistic, ties averaged).</summary>
    public static double RocAuc(IReadOnlyList<float> scores, IReadOnlyList<float> labels)
    {
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        var ranks = new double[order.Length];
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j + 1 < order.Length && scores[order[j + 1]] == scores[order[i]])
            {
                j++;
            }

            for (var k = i; k <= j; k++)
            {
                ranks[order[k]] = ((i + j) / 2.0) + 1;
            }

            i = j + 1;
        }

        double positives = labels.Count(l => l == 1f);
        var negatives = labels.Count - positives;
        var rankSum = Enumerable.Range(0, labels.Count).Where(i => labels[i] == 1f).Sum(i => ranks[i]);
        return (rankSum - (positives * (positives + 1) / 2)) / (positives * negatives);
    }

    private static TabularFrame Build(TabularSchema schema, string[][] rows, string? missingToken)
    {
        var frame = new TabularFrame(rows.Length);
        for (var c = 0; c < schema.Columns.Count; c++)
        {
            var column = schema.Columns[c];
            if (column.Kind == ColumnKind.Numeric)
            {
                frame.AddNumeric(column.Name, rows.Select(r => r[c] == missingToken ? float.NaN : float.Parse(r[c], NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray());
            }
            else
            {
                frame.AddCategorical(column.Name, rows.Select(r => r[c] == missingToken ? null : r[c]).ToArray());
            }
        }

        return frame;
    }
}
