using System.Globalization;
using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Domain.Evaluation;
using MlOpsPortal.Domain.Training;
using MlOpsPortal.Engines.Features;
using MlOpsPortal.Engines.MlNet;
using MlOpsPortal.Engines.Packaging;
using MlOpsPortal.Engines.XGBoost;
using MlOpsPortal.Infrastructure.Training;

namespace MlOpsPortal.Infrastructure.Explain;

internal sealed partial class ExplanationJob
{
    public const string MlNetLocalMethod = "ML.NET feature contribution calculation";
    public const string MlNetGlobalMethod = "ML.NET permutation feature importance";

    /// <summary>
    /// An ML.NET model explained by ML.NET: per-row feature contributions (<see cref="MlNetExplainer.FeatureContributions"/>,
    /// binary and regression) and permutation feature importance on the labelled sample rows; both summed from encoded
    /// features back into their input column (PFI std: root of the summed variances).
    /// </summary>
    private static Result<ExplanationResult> MlNetExplanation(
        ModelPackage package, DatasetTable table, int[] sample, ExplanationRequest request, int seed, IJobContext context, CancellationToken cancellationToken)
    {
        var pipeline = package.Pipeline!;
        var model = ModelPackageBuilder.LoadMlNet(package);
        if (model is null)
        {
            return Error.Invalid("The package's ML.NET model cannot be loaded (model.mlnet.zip or its mlnet.* metadata is missing).");
        }

        var frame = new TabularFrame(sample.Length);
        foreach (var column in pipeline.Columns)
        {
            var source = table.Find(column.Name);
            if (column.Kind == ColumnKind.Numeric)
            {
                frame.AddNumeric(column.Name, sample.Select(r => (float)NumberAt(source, r)).ToArray());
            }
            else
            {
                frame.AddCategorical(column.Name, sample.Select(r => TextAt(source, r)).ToArray());
            }
        }

        FeatureMatrix features;
        try
        {
            features = pipeline.Transform(frame, cancellationToken);
        }
        catch (FeaturePipelineException ex)
        {
            return ex.ToError();
        }

        var labelled = Labels(package, table, sample, request);
        if (!labelled.IsSuccess)
        {
            return labelled.Error;
        }

        var (rows, labels) = labelled.Value;
        context.ReportProgress(20, "ML.NET permutation feature importance");
        cancellationToken.ThrowIfCancellationRequested();
        var repeats = request.Repeats ?? 5;
        var pfi = MlNetExplainer.PermutationImportance(model, features.SelectRows(rows), labels, repeats);
        MlNetContributions? contributions = null;
        if (MlNetExplainer.SupportsContributions(model))
        {
            context.ReportProgress(70, "ML.NET feature contributions");
            cancellationToken.ThrowIfCancellationRequested();
            contributions = MlNetExplainer.FeatureContributions(model, features);
        }

        var predictions = model.PredictValues(features);
        var global = new List<GlobalImportance>(pipeline.Columns.Count);
        var sampled = new List<ShapFeature>(pipeline.Columns.Count);
        var margin = new float[sample.Length];
        var offset = 0;
        foreach (var column in pipeline.Columns)
        {
            double drop = 0, variance = 0;
            for (var k = 0; k < column.Width; k++)
            {
                drop += pfi.MeanDrop[offset + k];
                variance += pfi.StdDrop[offset + k] * pfi.StdDrop[offset + k];
            }

            double? meanAbs = null;
            if (contributions is not null)
            {
                var values = new float[sample.Length];
                for (var r = 0; r < sample.Length; r++)
                {
                    float sum = 0;
                    for (var k = 0; k < column.Width; k++)
                    {
                        sum += contributions[r, offset + k];
                    }

                    values[r] = sum;
                    margin[r] += sum;
                }

                meanAbs = values.Average(v => Math.Abs(v));
                var source = table.Find(column.Name);
                sampled.Add(column.Kind == ColumnKind.Numeric
                    ? new ShapFeature(column.Name, "numeric", sample.Select(r => NumberAt(source, r) is var x && double.IsNaN(x) ? (float?)null : (float)x).ToList(), null, values)
                    : new ShapFeature(column.Name, "categorical", null, sample.Select(r => TextAt(source, r)).ToList(), values));
            }

            offset += column.Width;
            global.Add(new GlobalImportance(column.Name, meanAbs, null, drop, Math.Sqrt(variance)));
        }

        var trainer = package.Metadata.Properties?.GetValueOrDefault(ModelPackageBuilder.MlNetTrainerProperty) ?? model.Options.Algorithm.ToString();
        var space = contributions is null
            ? $"drop of {pfi.Metric} when an encoded feature is permuted ({MlNetGlobalMethod}, {trainer})"
            : $"{trainer} score contributions ({MlNetLocalMethod}; binary: before calibration); global: drop of {pfi.Metric} ({MlNetGlobalMethod})";
        var probability = package.Signature.Task == ModelTask.BinaryClassification ? predictions : null;
        var shapSample = contributions is null ? null : new ShapSample(sample, 0, margin, probability, sampled);
        return new ExplanationResult(
            "mlnet", space, table.RowCount, sample.Length, seed,
            global.OrderByDescending(g => g.PermutationDrop).ToList(), null, shapSample,
            new PermutationSummary(pfi.Metric, Baseline(package.Signature.Task, model.PredictValues(features.SelectRows(rows)), labels, model.Options.ClassCount), repeats),
            contributions is null ? null : MlNetLocalMethod, MlNetGlobalMethod);
    }

    /// <summary>The unpermuted metric ML.NET's importance is a drop of (ROC AUC, accuracy, R²).</summary>
    private static double Baseline(ModelTask task, float[] predictions, float[] labels, int classes)
    {
        switch (task)
        {
            case ModelTask.BinaryClassification:
                return RankingMetrics.RocAuc(labels.Select(l => l > 0.5f).ToArray(), predictions.Select(p => (double)p).ToArray()) ?? 0;
            case ModelTask.MulticlassClassification:
                var correct = 0;
                for (var r = 0; r < labels.Length; r++)
                {
                    var row = predictions.AsSpan(r * classes, classes);
                    correct += row.IndexOf(row.ToArray().Max()) == (int)labels[r] ? 1 : 0;
                }

                return (double)correct / labels.Length;
            default:
                return RegressionEvaluator.Evaluate(labels.Select(l => (double)l).ToArray(), predictions.Select(p => (double)p).ToArray()).RSquared ?? 0;
        }
    }

    /// <summary>The sample positions with a label and their encoded labels (binary 0/1, class index, value).</summary>
    private static Result<(int[] Rows, float[] Labels)> Labels(ModelPackage package, DatasetTable table, int[] sample, ExplanationRequest request)
    {
        var label = table.Find(request.Label!);
        if (label is null)
        {
            return Error.Invalid($"The dataset has no label column '{request.Label}'.");
        }

        var classes = (package.Signature.ClassLabels ?? []).ToList();
        var known = classes.ToHashSet(StringComparer.Ordinal);
        var rows = new List<int>();
        var labels = new List<float>();
        for (var i = 0; i < sample.Length; i++)
        {
            var raw = TextAt(label, sample[i]);
            if (string.IsNullOrWhiteSpace(raw))
            {
                continue;
            }

            if (package.Signature.Task == ModelTask.Regression)
            {
                if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var y))
                {
                    return Error.Invalid($"Row {sample[i] + 1} has label '{raw}', which is not a number.");
                }

                labels.Add((float)y);
            }
            else
            {
                var value = LabelValues.Normalize(raw.Trim(), known);
                if (value is null || !known.Contains(value))
                {
                    return Error.Invalid($"Row {sample[i] + 1} has label '{raw}', which the model does not know (classes: {string.Join(", ", classes)}).");
                }

                labels.Add(package.Signature.Task == ModelTask.BinaryClassification ? (value == request.PositiveClass ? 1 : 0) : classes.IndexOf(value));
            }

            rows.Add(i);
        }

        return rows.Count < 10
            ? Error.Invalid($"Only {rows.Count} sampled rows have a label; permutation feature importance needs at least 10.")
            : (rows.ToArray(), labels.ToArray());
    }
}
