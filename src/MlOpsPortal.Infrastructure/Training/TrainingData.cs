using System.Globalization;
using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Domain.Training;
using MlOpsPortal.Engines.Features;

namespace MlOpsPortal.Infrastructure.Training;

/// <summary>A training table checked against a spec: features, the resolved task, encoded labels.</summary>
public sealed record PreparedData(
    TrainingTask Task,
    TabularSchema Schema,
    TabularFrame Frame,
    float[] Labels,
    ClassLabelMap? Classes,
    IReadOnlySet<string> KnownClasses);

/// <summary>Checks a spec against data and turns dataset tables into engine frames. Every refusal names the column or value.</summary>
public static class TrainingData
{
    public const int RegressionDistinctThreshold = 20;

    public static IReadOnlyList<string> FeatureColumns(TrainingSpec spec, DatasetTable table)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(table);
        var excluded = new HashSet<string>(spec.Excluded ?? [], StringComparer.Ordinal) { spec.Label };
        return (spec.Features ?? table.Columns.Select(c => c.Name).ToList()).Where(c => !excluded.Contains(c)).ToList();
    }

    /// <summary>Validates the spec against the training table and prepares the frame and labels (rows with a missing label are dropped).</summary>
    public static Result<PreparedData> Prepare(TrainingSpec spec, DatasetTable table)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(table);
        var label = table.Find(spec.Label);
        if (label is null)
        {
            return Error.Invalid($"The label column '{spec.Label}' is not in the training dataset (columns: {string.Join(", ", table.Columns.Select(c => c.Name))}).");
        }

        var features = FeatureColumns(spec, table);
        var unknown = features.Where(f => table.Find(f) is null).ToList();
        if (unknown.Count > 0)
        {
            return Error.Invalid($"Feature column(s) not in the training dataset: {string.Join(", ", unknown)}.");
        }

        if (features.Count == 0)
        {
            return Error.Invalid("No feature columns are left after excluding the label and the excluded columns.");
        }

        var task = ResolveTask(spec.Task, label);
        if (!task.IsSuccess)
        {
            return task.Error;
        }

        if (TrainingAlgorithms.TaskCheck(spec, task.Value) is { } noTrainer)
        {
            return noTrainer;
        }

        var keep = Enumerable.Range(0, table.RowCount).Where(r => !IsMissing(label, r)).ToArray();
        if (keep.Length == 0)
        {
            return Error.Invalid($"0 rows remain after dropping rows whose label '{spec.Label}' is missing.");
        }

        var schema = new TabularSchema(features.Select(f => new TabularColumn(f, table.Find(f)!.IsNumeric ? ColumnKind.Numeric : ColumnKind.Categorical)).ToList());
        var frame = ToFrame(table, schema, keep);
        if (task.Value == TrainingTask.Regression)
        {
            return new PreparedData(task.Value, schema, frame, keep.Select(r => (float)label.Numbers![r]).ToArray(), null, new HashSet<string>());
        }

        var raw = keep.Select(r => LabelText(label, r)).ToList();
        var known = LabelValues.KnownClasses(raw);
        var labels = raw.Select(v => LabelValues.Normalize(v, known)).ToList();
        var encoded = EncodeClasses(spec, task.Value, labels, known).Map(x => new PreparedData(x.Task, schema, frame, x.Labels, x.Map, known));
        return encoded.IsSuccess && TrainingAlgorithms.TaskCheck(spec, encoded.Value.Task) is { } noClassifier ? noClassifier : encoded;
    }

    /// <summary>Frame and labels of an evaluation table (validation or test) with the training data's classes.</summary>
    public static Result<(TabularFrame Frame, float[] Labels)> PrepareEvaluation(TrainingSpec spec, PreparedData training, DatasetTable table, string role)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(table);
        var label = table.Find(spec.Label);
        if (label is null)
        {
            return Error.Invalid($"The {role} dataset has no label column '{spec.Label}'.");
        }

        var missing = training.Schema.Columns.Where(c => table.Find(c.Name) is null).Select(c => c.Name).ToList();
        if (missing.Count > 0)
        {
            return Error.Invalid($"The {role} dataset lacks feature column(s): {string.Join(", ", missing)}.");
        }

        var keep = Enumerable.Range(0, table.RowCount).Where(r => !IsMissing(label, r)).ToArray();
        if (keep.Length == 0)
        {
            return Error.Invalid($"The {role} dataset has 0 rows with a label.");
        }

        var frame = ToFrame(table, training.Schema, keep);
        if (training.Task == TrainingTask.Regression)
        {
            return (frame, keep.Select(r => (float)label.Numbers![r]).ToArray());
        }

        var labels = keep.Select(r => LabelValues.Normalize(LabelText(label, r), training.KnownClasses)).ToList();
        var unknown = labels.FirstOrDefault(l => !training.Classes!.ClassLabels.Contains(l!, StringComparer.Ordinal));
        if (unknown is not null)
        {
            return Error.Invalid($"The {role} dataset has label '{unknown}', which the training data does not have (classes: {string.Join(", ", training.Classes!.ClassLabels)}).");
        }

        return (frame, training.Classes!.Encode(labels));
    }

    /// <summary>
    /// The schema's columns of <paramref name="rows"/> (null or every row: the whole table) in one pass per column. When every
    /// row is kept a text column is the table's own array, not a copy: frames are read, never written.
    /// </summary>
    public static TabularFrame ToFrame(DatasetTable table, TabularSchema schema, int[]? rows)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(schema);
        var all = rows is null || rows.Length == table.RowCount;
        var count = all ? table.RowCount : rows!.Length;
        var frame = new TabularFrame(count);
        foreach (var column in schema.Columns)
        {
            var source = table.Find(column.Name)!;
            if (column.Kind == ColumnKind.Numeric)
            {
                var numbers = source.Numbers!;
                var values = new float[count];
                for (var i = 0; i < count; i++)
                {
                    values[i] = (float)numbers[all ? i : rows![i]];
                }

                frame.AddNumeric(column.Name, values);
            }
            else
            {
                var text = source.Values ?? source.Numbers!.Select(v => double.IsNaN(v) ? null : v.ToString(CultureInfo.InvariantCulture)).ToArray();
                frame.AddCategorical(column.Name, all ? text : Array.ConvertAll(rows!, r => text[r]));
            }
        }

        return frame;
    }

    private static Result<TrainingTask> ResolveTask(TrainingTask requested, DatasetColumn label)
    {
        if (requested == TrainingTask.Regression && !label.IsNumeric)
        {
            return Error.Invalid($"A regression objective needs a numeric label; '{label.Name}' is {label.Type.ToString().ToLowerInvariant()}.");
        }

        if (requested != TrainingTask.Auto)
        {
            return requested;
        }

        var distinct = label.IsNumeric
            ? label.Numbers!.Where(v => !double.IsNaN(v)).Distinct().Take(RegressionDistinctThreshold + 1).Count()
            : label.Values!.Where(v => v is not null).Select(v => v!.Trim()).Distinct(StringComparer.Ordinal).Take(3).Count();
        return label.IsNumeric && distinct > RegressionDistinctThreshold ? TrainingTask.Regression : TrainingTask.Auto;
    }

    private static Result<(TrainingTask Task, float[] Labels, ClassLabelMap Map)> EncodeClasses(
        TrainingSpec spec, TrainingTask task, IReadOnlyList<string?> labels, HashSet<string> known)
    {
        if (known.Count < 2)
        {
            return Error.Invalid($"The label column '{spec.Label}' has a single value ('{known.FirstOrDefault()}'): there is nothing to learn.");
        }

        if (spec.PositiveClass is { } positive && !known.Contains(positive.Trim()))
        {
            return Error.Invalid($"The positive class '{positive}' does not occur in the label column '{spec.Label}' (values: {string.Join(", ", known.Order(StringComparer.Ordinal).Take(10))}).");
        }

        var binary = task == TrainingTask.Binary || (task == TrainingTask.Auto && known.Count == 2);
        if (task == TrainingTask.Binary && known.Count != 2)
        {
            return Error.Invalid($"A binary objective needs exactly two label values; '{spec.Label}' has {known.Count}.");
        }

        var map = binary ? ClassLabelMap.FitBinary(labels, spec.PositiveClass?.Trim()) : ClassLabelMap.FitMulticlass(labels);
        return (binary ? TrainingTask.Binary : TrainingTask.Multiclass, map.Encode(labels), map);
    }

    internal static bool IsMissing(DatasetColumn column, int row) =>
        column.IsNumeric ? double.IsNaN(column.Numbers![row]) : string.IsNullOrWhiteSpace(column.Values![row]);

    private static string LabelText(DatasetColumn column, int row) =>
        column.IsNumeric ? column.Numbers![row].ToString(CultureInfo.InvariantCulture) : column.Values![row]!.Trim();
}
