using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Domain.Evaluation;
using MlOpsPortal.Domain.Training;
using MlOpsPortal.Engines.Features;
using MlOpsPortal.Engines.Packaging;
using MlOpsPortal.Engines.XGBoost;
using MlOpsPortal.Infrastructure.Inference;
using MlOpsPortal.Infrastructure.Persistence;
using MlOpsPortal.Infrastructure.Training;

namespace MlOpsPortal.Infrastructure.Explain;

/// <summary>
/// The <c>explanation</c> job. TreeSHAP (XGBoost <c>pred_contribs</c>, exact) on a seeded sample of up to 2000 rows,
/// with one-hot parts summed back into their input column, plus XGBoost's gain; or permutation importance through
/// ONNX Runtime (metric drop when one column is shuffled, repeated, seeded). Idempotent: a stored result is kept.
/// </summary>
internal sealed partial class ExplanationJob(
    IDbContextFactory<PortalDbContext> dbFactory, ModelRouter models, TrainingDatasets datasets, ModelScorer scorer, TimeProvider time) : IJobHandler
{
    public async Task<Result<string?>> RunAsync(IJobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = context.GetParameters<ExplanationJobParameters>().ExplanationId;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Explanations.FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (row is null)
        {
            return Error.NotFound($"Explanation {id} does not exist.");
        }

        if (row.Result is not null)
        {
            return Result<string?>.Ok("already computed");
        }

        var request = JsonSerializer.Deserialize<ExplanationRequest>(row.Request, ExplanationService.Json)!;
        context.ReportProgress(5, $"Loading {row.ModelName} v{row.ModelVersion} and {row.DatasetName} v{row.DatasetVersion}");
        var served = await models.ResolveVersionAsync(row.ModelName, row.ModelVersion, null, cancellationToken);
        if (!served.IsSuccess)
        {
            return served.Error;
        }

        var table = await datasets.LoadAsync(new DatasetRef(row.DatasetName, row.DatasetVersion), "explanation", cancellationToken);
        if (!table.IsSuccess)
        {
            return table.Error;
        }

        var seed = request.Seed ?? 42;
        var sample = Sample(table.Value.RowCount, request.SampleSize ?? ExplanationService.MaxSample, seed, request.Row);
        context.Log($"{table.Value.RowCount.ToString("N0", CultureInfo.InvariantCulture)} rows; explaining a seeded sample of {sample.Length} (seed {seed}) by {row.Method}");
        var result = row.Method switch
        {
            "tree_shap" => TreeShap(served.Value.Package, table.Value, sample, request, seed, context, cancellationToken),
            "mlnet" => MlNetExplanation(served.Value.Package, table.Value, sample, request, seed, context, cancellationToken),
            _ => Permutation(served.Value, table.Value, sample, request, seed, context, cancellationToken),
        };
        if (!result.IsSuccess)
        {
            return result.Error;
        }

        context.ReportProgress(97, "Saving the explanation");
        row.Result = JsonSerializer.Serialize(result.Value, ExplanationService.Json);
        row.CompletedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        var top = string.Join(", ", result.Value.Global.Take(3).Select(g => g.Feature));
        return Result<string?>.Ok($"{row.Method} on {sample.Length} rows; top features: {top}");
    }

    /// <summary>A seeded sample of row indices without replacement (sorted), always containing <paramref name="mustHave"/>.</summary>
    internal static int[] Sample(int rows, int size, int seed, int? mustHave)
    {
        var all = Enumerable.Range(0, rows).ToArray();
        if (rows > size)
        {
            new Random(seed).Shuffle(all);
            all = all[..size];
            if (mustHave is { } keep && !all.Contains(keep))
            {
                all[^1] = keep;
            }
        }

        Array.Sort(all);
        return all;
    }

    private static Result<ExplanationResult> TreeShap(
        ModelPackage package, DatasetTable table, int[] sample, ExplanationRequest request, int seed, IJobContext context, CancellationToken cancellationToken)
    {
        var pipeline = package.Pipeline!;
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

        context.ReportProgress(20, "Computing exact TreeSHAP contributions");
        using var model = XGBoostModel.Load(package.NativeModel!, pipeline.FeatureNames);
        var shap = model.ExplainSample(features, sample.Length, seed, cancellationToken);
        var classes = package.Signature.ClassLabels ?? [];
        var group = shap.Groups == 1 ? 0 : Math.Max(0, classes.ToList().IndexOf(request.TargetClass ?? (classes.Count > 0 ? classes[0] : string.Empty)));
        var margins = model.PredictMargins(features);
        var margin = new float[sample.Length];
        float[]? probability = package.Signature.Task == ModelTask.Regression ? null : new float[sample.Length];
        for (var r = 0; r < sample.Length; r++)
        {
            margin[r] = margins[(r * shap.Groups) + group];
            if (probability is not null)
            {
                probability[r] = (float)(shap.Groups == 1 ? 1 / (1 + Math.Exp(-margin[r])) : Softmax(margins, r * shap.Groups, shap.Groups, group));
            }
        }

        context.ReportProgress(70, "Summarising by input column");
        var gains = Gains(model, pipeline);
        var features2 = new List<ShapFeature>(pipeline.Columns.Count);
        var global = new List<GlobalImportance>(pipeline.Columns.Count);
        var offset = 0;
        foreach (var column in pipeline.Columns)
        {
            var values = new float[sample.Length];
            for (var r = 0; r < sample.Length; r++)
            {
                float sum = 0;
                for (var k = 0; k < column.Width; k++)
                {
                    sum += shap[r, group, offset + k];
                }

                values[r] = sum;
            }

            offset += column.Width;
            var source = table.Find(column.Name);
            features2.Add(column.Kind == ColumnKind.Numeric
                ? new ShapFeature(column.Name, "numeric", sample.Select(r => NumberAt(source, r) is var x && double.IsNaN(x) ? (float?)null : (float)x).ToList(), null, values)
                : new ShapFeature(column.Name, "categorical", null, sample.Select(r => TextAt(source, r)).ToList(), values));
            global.Add(new GlobalImportance(column.Name, values.Average(v => Math.Abs(v)), gains.GetValueOrDefault(column.Name), null, null));
        }

        var space = package.Signature.Task switch
        {
            ModelTask.BinaryClassification when classes.Count == 2 => $"log-odds (margin) of class '{classes[1]}'",
            ModelTask.MulticlassClassification => $"margin of class '{(classes.Count > group ? classes[group] : group.ToString(CultureInfo.InvariantCulture))}'",
            _ => "predicted value",
        };
        var encoded = model.Info.Booster == XGBoostBoosterKind.GbLinear ? null
            : model.GetFeatureImportance(ImportanceType.Gain).Select(f => new EncodedGain(f.Feature, f.Score)).ToList();
        return new ExplanationResult(
            "tree_shap", space, table.RowCount, sample.Length, seed,
            global.OrderByDescending(g => g.MeanAbsShap).ToList(), encoded,
            new ShapSample(sample, shap.Bias(0, group), margin, probability, features2), null, "exact TreeSHAP (XGBoost pred_contribs)", "mean |SHAP| and XGBoost gain");
    }

    /// <summary>XGBoost gain (average loss reduction per split) per input column: one-hot parts pooled by their split counts.</summary>
    private static Dictionary<string, double> Gains(XGBoostModel model, FeaturePipeline pipeline)
    {
        if (model.Info.Booster == XGBoostBoosterKind.GbLinear)
        {
            return [];
        }

        var gain = model.GetFeatureImportance(ImportanceType.Gain).ToDictionary(f => f.Feature, f => f.Score, StringComparer.Ordinal);
        var weight = model.GetFeatureImportance(ImportanceType.Weight).ToDictionary(f => f.Feature, f => f.Score, StringComparer.Ordinal);
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var column in pipeline.Columns)
        {
            double total = 0, splits = 0;
            foreach (var name in column.FeatureNames())
            {
                if (gain.TryGetValue(name, out var g) && weight.TryGetValue(name, out var w))
                {
                    total += g * w;
                    splits += w;
                }
            }

            result[column.Name] = splits > 0 ? total / splits : 0;
        }

        return result;
    }

    private Result<ExplanationResult> Permutation(
        ServedModel served, DatasetTable table, int[] sample, ExplanationRequest request, int seed, IJobContext context, CancellationToken cancellationToken)
    {
        var package = served.Package;
        var inputs = package.Signature.Inputs.Select(i => i.Name).ToList();
        var label = table.Find(request.Label!);
        if (label is null)
        {
            return Error.Invalid($"The dataset has no label column '{request.Label}'.");
        }

        var classes = package.Signature.ClassLabels ?? [];
        var known = classes.ToHashSet(StringComparer.Ordinal);
        var rows = new List<int>(sample.Length);
        var actual = new List<string>(sample.Length);
        foreach (var r in sample)
        {
            var raw = TextAt(label, r);
            if (string.IsNullOrWhiteSpace(raw))
            {
                continue;
            }

            var value = package.Signature.Task == ModelTask.Regression ? raw.Trim() : LabelValues.Normalize(raw.Trim(), known);
            if (value is null || (package.Signature.Task != ModelTask.Regression && !known.Contains(value)))
            {
                return Error.Invalid($"Row {r + 1} has label '{raw}', which the model does not know (classes: {string.Join(", ", classes)}).");
            }

            rows.Add(r);
            actual.Add(value);
        }

        if (rows.Count < 10)
        {
            return Error.Invalid($"Only {rows.Count} sampled rows have a label; permutation importance needs at least 10.");
        }

        var cells = rows.Select(r => inputs.Select(c => Cell(table.Find(c), r)).ToArray()).ToList();
        var metricName = package.Signature.Task switch
        {
            ModelTask.BinaryClassification => "roc_auc",
            ModelTask.MulticlassClassification => "accuracy",
            _ => "r2",
        };

        Result<double> Measure(IReadOnlyList<object?[]> data)
        {
            var scored = scorer.Score(package, served.OnnxSha256, new ScoringTable(inputs, data), refuseUnseenCategories: false);
            if (!scored.IsSuccess)
            {
                return scored.Error;
            }

            var p = scored.Value.Predictions;
            return metricName switch
            {
                "roc_auc" => RankingMetrics.RocAuc(
                    actual.Select(a => a == request.PositiveClass).ToArray(),
                    p.Select(x => x.Probabilities![request.PositiveClass!]).ToArray()) ?? double.NaN,
                "accuracy" => p.Select((x, i) => x.Label == actual[i] ? 1.0 : 0.0).Average(),
                _ => RegressionEvaluator.Evaluate(
                    actual.Select(a => double.Parse(a, CultureInfo.InvariantCulture)).ToArray(),
                    p.Select(x => x.Value ?? double.NaN).ToArray()).RSquared ?? double.NaN,
            };
        }

        var baseline = Measure(cells);
        if (!baseline.IsSuccess)
        {
            return baseline.Error;
        }

        var repeats = request.Repeats ?? 5;
        var global = new List<GlobalImportance>(inputs.Count);
        for (var c = 0; c < inputs.Count; c++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            context.ReportProgress(10 + (85.0 * c / inputs.Count), $"Permuting '{inputs[c]}' ({c + 1} of {inputs.Count})");
            var drops = new double[repeats];
            for (var k = 0; k < repeats; k++)
            {
                var order = Enumerable.Range(0, cells.Count).ToArray();
                new Random(HashCode.Combine(seed, c, k)).Shuffle(order);
                var permuted = cells.Select((row, i) =>
                {
                    var copy = (object?[])row.Clone();
                    copy[c] = cells[order[i]][c];
                    return copy;
                }).ToList();
                var measured = Measure(permuted);
                if (!measured.IsSuccess)
                {
                    return measured.Error;
                }

                drops[k] = baseline.Value - measured.Value;
            }

            var mean = drops.Average();
            var std = repeats > 1 ? Math.Sqrt(drops.Sum(d => (d - mean) * (d - mean)) / (repeats - 1)) : 0;
            global.Add(new GlobalImportance(inputs[c], null, null, mean, std));
        }

        return new ExplanationResult(
            "permutation", $"drop of {metricName} when the column is shuffled (mean of {repeats}, sample std)", table.RowCount, rows.Count, seed,
            global.OrderByDescending(g => g.PermutationDrop).ToList(), null, null, new PermutationSummary(metricName, baseline.Value, repeats), null, "permutation importance through ONNX Runtime");
    }

    private static double Softmax(float[] margins, int start, int count, int target)
    {
        var max = double.NegativeInfinity;
        for (var i = 0; i < count; i++)
        {
            max = Math.Max(max, margins[start + i]);
        }

        double sum = 0;
        for (var i = 0; i < count; i++)
        {
            sum += Math.Exp(margins[start + i] - max);
        }

        return Math.Exp(margins[start + target] - max) / sum;
    }

    private static double NumberAt(DatasetColumn? column, int row) => column switch
    {
        null => double.NaN,
        { IsNumeric: true } => column.Numbers![row],
        _ => double.TryParse(column.Values![row], NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? x : double.NaN,
    };

    private static string? TextAt(DatasetColumn? column, int row) => column switch
    {
        null => null,
        { IsNumeric: true } => double.IsNaN(column.Numbers![row]) ? null : column.Numbers[row].ToString(CultureInfo.InvariantCulture),
        _ => column.Values![row],
    };

    private static object? Cell(DatasetColumn? column, int row) => column switch
    {
        null => null,
        { IsNumeric: true } => double.IsNaN(column.Numbers![row]) ? null : column.Numbers[row],
        _ => column.Values![row],
    };
}
