using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Application.Artifacts;
using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Domain.Evaluation;
using MlOpsPortal.Domain.Training;
using MlOpsPortal.Engines.Packaging;
using MlOpsPortal.Infrastructure.Inference;
using MlOpsPortal.Infrastructure.Persistence;
using MlOpsPortal.Infrastructure.Training;

namespace MlOpsPortal.Infrastructure.Evaluation;

/// <summary>
/// The <c>evaluation</c> job: scores a training job's model package through ONNX Runtime on a dataset version and stores
/// an immutable evaluation (binary: every metric of METRICS.md, confusion at the threshold, ROC / PR / calibration
/// curves, threshold table; multiclass: accuracy, macro/weighted precision/recall/F1, log loss, one-vs-rest macro ROC AUC,
/// confusion matrix and per-class figures; regression: RMSE, MAE, R², MAPE and a residual histogram). The labels and
/// scores go to the artifact store for champion-vs-challenger comparisons. Idempotent on the job id.
/// </summary>
internal sealed class EvaluationJob(
    TrainingDatasets datasets, ModelScorer scorer, IArtifactStore artifacts, IDbContextFactory<PortalDbContext> dbFactory, TimeProvider time) : IJobHandler
{
    public async Task<Result<string?>> RunAsync(IJobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var p = context.GetParameters<EvaluationJobParameters>();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Evaluations.AsNoTracking().AnyAsync(e => e.Id == context.JobId, cancellationToken))
        {
            return Result<string?>.Ok("already evaluated");
        }

        var model = await db.TrainedModels.AsNoTracking().FirstOrDefaultAsync(m => m.JobId == p.ModelJobId, cancellationToken);
        if (model is null)
        {
            return Error.NotFound($"Training job {p.ModelJobId} has no trained model.");
        }

        context.ReportProgress(5, "Reading the model package and the dataset");
        var opened = await artifacts.OpenReadAsync(model.PackageSha256, cancellationToken);
        if (!opened.IsSuccess)
        {
            return opened.Error;
        }

        ModelPackage package;
        await using (var zip = opened.Value)
        {
            using var buffer = new MemoryStream();
            await zip.CopyToAsync(buffer, cancellationToken);
            buffer.Position = 0;
            package = await ModelPackageStore.ReadZipAsync(buffer, cancellationToken);
        }

        var table = await datasets.LoadAsync(p.Dataset, "evaluation", cancellationToken);
        if (!table.IsSuccess)
        {
            return table.Error;
        }

        var parameters = JsonSerializer.Deserialize<Dictionary<string, string>>(model.Params, EvaluationJson.Options)!;
        var labelled = Labels(table.Value, parameters["label"], package.Signature.ClassLabels ?? [], model.Task == "regression");
        if (!labelled.IsSuccess)
        {
            return labelled.Error;
        }

        context.ReportProgress(30, "Scoring");
        var (rows, classIndex, targets) = labelled.Value;
        var inputs = package.Signature.Inputs.Select(i => i.Name).ToList();
        var scoring = new ScoringTable(inputs, rows.Select(r => inputs.Select(c => Cell(table.Value.Find(c), r)).ToArray()).ToList());
        var scored = scorer.Score(package, Sha256Hex.Format(System.Security.Cryptography.SHA256.HashData(package.Onnx)), scoring, refuseUnseenCategories: false);
        if (!scored.IsSuccess)
        {
            return scored.Error;
        }

        cancellationToken.ThrowIfCancellationRequested();
        context.ReportProgress(70, "Computing metrics and curves");
        var outcome = model.Task switch
        {
            "binary" => Binary(scored.Value, classIndex, package.Signature.ClassLabels!, parameters["positive_class"], p.Threshold),
            "regression" => Regression(scored.Value, targets),
            _ => Multiclass(scored.Value, classIndex, package.Signature.ClassLabels!),
        };
        using var predictions = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(outcome.Predictions, EvaluationJson.Options));
        var stored = await artifacts.PutAsync(predictions, cancellationToken);
        db.Evaluations.Add(new EvaluationRow
        {
            Id = context.JobId,
            ModelJobId = p.ModelJobId,
            RunId = model.RunId,
            Dataset = p.Dataset.ToString(),
            Task = model.Task,
            Threshold = p.Threshold,
            Rows = rows.Length,
            Metrics = JsonSerializer.Serialize(outcome.Metrics, EvaluationJson.Options),
            Details = JsonSerializer.Serialize(outcome.Details, EvaluationJson.Options),
            PredictionsSha256 = stored.Sha256,
            CreatedBy = "job:" + context.JobId.ToString(),
            CreatedAt = time.GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
        return Result<string?>.Ok($"{outcome.Summary} on {rows.Length} rows");
    }

    private static Outcome Binary(ScoringResult scored, int[] classIndex, IReadOnlyList<string> classes, string positive, double threshold)
    {
        var actual = classIndex.Select(c => string.Equals(classes[c], positive, StringComparison.Ordinal)).ToArray();
        var scores = scored.Predictions.Select(s => s.Probabilities![positive]).ToArray();
        var evaluation = BinaryEvaluator.Evaluate(actual, scores, threshold);
        return new Outcome(evaluation.ToMetricDictionary(), evaluation, new { labels = actual, scores },
            $"roc_auc={Format(evaluation.RocAuc)}");
    }

    /// <summary>
    /// Multiclass: the predicted class is the arg-max probability (first class on ties, as the ONNX label output);
    /// metric names match the training run's (accuracy, precision/recall/f1 macro and weighted, log_loss, roc_auc_ovr_macro).
    /// </summary>
    private static Outcome Multiclass(ScoringResult scored, int[] actual, IReadOnlyList<string> classes)
    {
        var k = classes.Count;
        var probabilities = scored.Predictions.Select(s => classes.Select(c => s.Probabilities![c]).ToArray()).ToArray();
        var predicted = probabilities.Select(ArgMax).ToArray();
        var e = MulticlassEvaluator.Evaluate(actual, predicted, k, probabilities);
        var metrics = new Dictionary<string, double?>(StringComparer.Ordinal)
        {
            ["accuracy"] = e.Accuracy,
            ["precision_macro"] = e.MacroPrecision,
            ["recall_macro"] = e.MacroRecall,
            ["f1_macro"] = e.MacroF1,
            ["precision_weighted"] = e.WeightedPrecision,
            ["recall_weighted"] = e.WeightedRecall,
            ["f1_weighted"] = e.WeightedF1,
            ["log_loss"] = e.LogLoss,
            ["roc_auc_ovr_macro"] = e.MacroRocAucOvr,
        };
        var details = new
        {
            task = "multiclass",
            classes,
            confusionMatrix = e.ConfusionMatrix,
            perClass = e.PerClass.Select(c => new { @class = classes[c.ClassIndex], support = c.Support, precision = c.Precision, recall = c.Recall, f1 = c.F1, rocAuc = c.RocAuc }).ToList(),
            conventions = "scikit-learn: confusion rows = actual, columns = predicted; macro/weighted averages leave undefined (n/a) classes out; one-vs-rest macro ROC AUC is n/a when a class is absent; log loss clipped to [1e-15, 1-1e-15] and rows renormalised",
        };
        return new Outcome(metrics, details, new { classes, labels = actual, probabilities }, $"accuracy={Format(e.Accuracy)}");
    }

    private static Outcome Regression(ScoringResult scored, double[] targets)
    {
        var predicted = scored.Predictions.Select(s => s.Value!.Value).ToArray();
        var e = RegressionEvaluator.Evaluate(targets, predicted);
        var metrics = new Dictionary<string, double?>(StringComparer.Ordinal)
        {
            ["rmse"] = e.Rmse,
            ["mae"] = e.Mae,
            ["r2"] = e.RSquared,
            ["mape"] = e.Mape,
        };
        var details = new
        {
            task = "regression",
            residualHistogram = ResidualHistogram(targets, predicted, 20),
            conventions = "scikit-learn: R² = 1 - SS_res/SS_tot (n/a for a constant target); MAPE is a fraction, |y| floored at 2.22e-16",
        };
        return new Outcome(metrics, details, new { targets, predictions = predicted }, $"rmse={Format(e.Rmse)}");
    }

    /// <summary>Equal-width bins of the residual y − ŷ between its minimum and maximum: {from, to, count}.</summary>
    internal static IReadOnlyList<ResidualBin> ResidualHistogram(double[] targets, double[] predicted, int bins)
    {
        var residuals = targets.Select((y, i) => y - predicted[i]).ToArray();
        if (residuals.Length == 0)
        {
            return [];
        }

        double min = residuals.Min(), max = residuals.Max();
        var width = max > min ? (max - min) / bins : 1.0;
        var counts = new int[bins];
        foreach (var r in residuals)
        {
            counts[Math.Min(bins - 1, (int)((r - min) / width))]++;
        }

        return counts.Select((c, i) => new ResidualBin(min + (i * width), min + ((i + 1) * width), c)).ToList();
    }

    private static int ArgMax(double[] row)
    {
        var best = 0;
        for (var c = 1; c < row.Length; c++)
        {
            if (row[c] > row[best])
            {
                best = c;
            }
        }

        return best;
    }

    private static string Format(double? value) => value?.ToString("0.####", CultureInfo.InvariantCulture) ?? "n/a";

    private sealed record Outcome(IReadOnlyDictionary<string, double?> Metrics, object Details, object Predictions, string Summary);

    /// <summary>
    /// The rows with a label: classification maps each label to the model's class index (an unknown label is an error);
    /// regression needs a numeric label column.
    /// </summary>
    private static Result<(int[] Rows, int[] ClassIndex, double[] Targets)> Labels(DatasetTable table, string labelName, IReadOnlyList<string> classes, bool regression)
    {
        var label = table.Find(labelName);
        if (label is null)
        {
            return Error.Invalid($"The dataset has no label column '{labelName}'.");
        }

        if (regression && !label.IsNumeric)
        {
            return Error.Invalid($"The label column '{labelName}' is not numeric; a regression model needs numeric targets.");
        }

        var index = classes.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        var known = classes.ToHashSet(StringComparer.Ordinal);
        var rows = new List<int>();
        var classIndex = new List<int>();
        var targets = new List<double>();
        for (var r = 0; r < table.RowCount; r++)
        {
            if (regression)
            {
                if (!double.IsNaN(label.Numbers![r]))
                {
                    rows.Add(r);
                    targets.Add(label.Numbers[r]);
                }

                continue;
            }

            var raw = label.IsNumeric
                ? double.IsNaN(label.Numbers![r]) ? null : label.Numbers[r].ToString(CultureInfo.InvariantCulture)
                : label.Values![r];
            if (string.IsNullOrWhiteSpace(raw))
            {
                continue;
            }

            var value = LabelValues.Normalize(raw.Trim(), known);
            if (value is null || !index.TryGetValue(value, out var k))
            {
                return Error.Invalid($"Row {r + 1} has label '{raw}', which the model does not know (classes: {string.Join(", ", classes)}).");
            }

            rows.Add(r);
            classIndex.Add(k);
        }

        return rows.Count == 0 ? Error.Invalid("The dataset has 0 rows with a label.") : (rows.ToArray(), classIndex.ToArray(), targets.ToArray());
    }

    private static object? Cell(DatasetColumn? column, int row) => column switch
    {
        null => null,
        { IsNumeric: true } => double.IsNaN(column.Numbers![row]) ? null : column.Numbers[row],
        _ => column.Values![row],
    };
}

/// <summary>One bin of a regression evaluation's residual histogram (y − ŷ in [From, To)).</summary>
public sealed record ResidualBin(double From, double To, int Count);
