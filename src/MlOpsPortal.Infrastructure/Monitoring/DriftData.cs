using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Engines.Packaging;
using MlOpsPortal.Infrastructure.Inference;
using MlOpsPortal.Infrastructure.Persistence;
using MlOpsPortal.Infrastructure.Training;

namespace MlOpsPortal.Infrastructure.Monitoring;

/// <summary>A sample for drift tests: per input column its values (numbers or text), and the model's prediction per row.</summary>
internal sealed class DriftSample(IReadOnlyList<SignatureInput> inputs)
{
    public Dictionary<string, List<double?>> Numbers { get; } = inputs.Where(i => i.ElementType == "float").ToDictionary(i => i.Name, _ => new List<double?>(), StringComparer.Ordinal);

    public Dictionary<string, List<string?>> Texts { get; } = inputs.Where(i => i.ElementType != "float").ToDictionary(i => i.Name, _ => new List<string?>(), StringComparer.Ordinal);

    /// <summary>Binary: positive-class probability; regression: the value (numeric prediction drift).</summary>
    public List<double?> PredictedNumbers { get; } = [];

    /// <summary>Multiclass: the predicted label (categorical prediction drift).</summary>
    public List<string?> PredictedLabels { get; } = [];

    public int Rows { get; set; }
}

/// <summary>Loads reference and current samples: from a dataset version (filtered, then scored through ONNX Runtime) or from logged predictions.</summary>
internal sealed class DriftDataLoader(TrainingDatasets datasets, ModelScorer scorer, IDbContextFactory<PortalDbContext> dbFactory, TimeProvider time)
{
    private const int ScoreChunk = 8192;
    public const int MaxLoggedRows = 200_000;

    public async Task<Result<DriftSample>> LoadAsync(DriftSource source, ServedModel model, string role, CancellationToken cancellationToken) =>
        source.Dataset is { } dataset
            ? await FromDatasetAsync(dataset, source.Filter, model, role, cancellationToken)
            : await FromLogAsync(source, model, cancellationToken);

    private async Task<Result<DriftSample>> FromDatasetAsync(DatasetRef dataset, RowFilter? filter, ServedModel model, string role, CancellationToken cancellationToken)
    {
        var inputs = model.Package.Signature.Inputs;
        var loaded = await datasets.LoadAsync(dataset, role, cancellationToken);
        if (!loaded.IsSuccess)
        {
            return loaded.Error;
        }

        var table = loaded.Value;
        var missing = inputs.Where(i => table.Find(i.Name) is null).Select(i => i.Name).ToList();
        if (missing.Count > 0)
        {
            return Error.Invalid($"The {role} dataset {dataset} lacks the model's input column(s): {string.Join(", ", missing)}.");
        }

        var rows = Enumerable.Range(0, table.RowCount);
        if (filter is not null)
        {
            var column = table.Find(filter.Column);
            if (column is null)
            {
                return Error.Invalid($"The {role} filter names column '{filter.Column}', which {dataset} does not have.");
            }

            rows = rows.Where(r => Matches(column, r, filter.EqualTo));
        }

        var selected = rows.ToArray();
        if (selected.Length == 0)
        {
            return Error.Invalid($"The {role} data ({dataset}{(filter is null ? string.Empty : $" where {filter.Column} = '{filter.EqualTo}'")}) has no rows.");
        }

        var sample = new DriftSample(inputs) { Rows = selected.Length };
        foreach (var input in inputs)
        {
            var column = table.Find(input.Name)!;
            if (sample.Numbers.TryGetValue(input.Name, out var numbers))
            {
                numbers.AddRange(selected.Select(r => Number(column, r)));
            }
            else
            {
                sample.Texts[input.Name].AddRange(selected.Select(r => Text(column, r)));
            }
        }

        for (var start = 0; start < selected.Length; start += ScoreChunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var chunk = selected.AsSpan(start, Math.Min(ScoreChunk, selected.Length - start)).ToArray();
            var names = inputs.Select(i => i.Name).ToList();
            var scoring = new ScoringTable(names, chunk.Select(r => inputs.Select(i => Cell(table.Find(i.Name)!, r)).ToArray()).ToList());
            var scored = scorer.Score(model.Package, model.OnnxSha256, scoring, refuseUnseenCategories: false);
            if (!scored.IsSuccess)
            {
                return scored.Error;
            }

            AddPredictions(sample, model.Package.Signature, scored.Value.Predictions.Select(p => (p.Label, Positive(p, model.Package.Signature), p.Value)));
        }

        return sample;
    }

    private async Task<Result<DriftSample>> FromLogAsync(DriftSource source, ServedModel model, CancellationToken cancellationToken)
    {
        var inputs = model.Package.Signature.Inputs;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Predictions.AsNoTracking().Where(p => p.ModelName == model.Name);
        query = model.Alias is { } alias ? query.Where(p => p.Alias == alias) : query.Where(p => p.Version == model.Version);
        if (source.LastHours is { } hours)
        {
            var since = time.GetUtcNow().AddHours(-hours);
            query = query.Where(p => p.LoggedAt >= since);
        }

        var take = Math.Min(source.LastRows ?? MaxLoggedRows, MaxLoggedRows);
        var rows = await query.OrderByDescending(p => p.LoggedAt).Take(take)
            .Select(p => new { p.Inputs, p.Label, p.Score, p.Value }).ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return Error.Invalid($"No logged predictions of {model.Name}{(model.Alias is null ? $" v{model.Version}" : "@" + model.Alias)} in the current window ({source.Describe()}); score some rows first or widen the window.");
        }

        var sample = new DriftSample(inputs) { Rows = rows.Count };
        foreach (var row in rows)
        {
            using var json = JsonDocument.Parse(row.Inputs);
            foreach (var input in inputs)
            {
                var value = json.RootElement.TryGetProperty(input.Name, out var v) ? v : default;
                if (sample.Numbers.TryGetValue(input.Name, out var numbers))
                {
                    numbers.Add(value.ValueKind switch
                    {
                        JsonValueKind.Number => value.GetDouble(),
                        JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
                        JsonValueKind.True => 1,
                        JsonValueKind.False => 0,
                        _ => null,
                    });
                }
                else
                {
                    sample.Texts[input.Name].Add(value.ValueKind switch
                    {
                        JsonValueKind.String => value.GetString()?.Trim(),
                        JsonValueKind.Number => value.GetRawText(),
                        JsonValueKind.True => "true",
                        JsonValueKind.False => "false",
                        _ => null,
                    });
                }
            }
        }

        AddPredictions(sample, model.Package.Signature, rows.Select(r => (r.Label, r.Score, r.Value)));
        return sample;
    }

    private static void AddPredictions(DriftSample sample, ModelSignature signature, IEnumerable<(string? Label, double? Score, double? Value)> predictions)
    {
        foreach (var (label, score, value) in predictions)
        {
            switch (signature.Task)
            {
                case ModelTask.Regression:
                    sample.PredictedNumbers.Add(value);
                    break;
                case ModelTask.BinaryClassification:
                    sample.PredictedNumbers.Add(score);
                    break;
                default:
                    sample.PredictedLabels.Add(label);
                    break;
            }
        }
    }

    private static double? Positive(ScoredRow row, ModelSignature signature) =>
        PredictionLogWriter.PositiveClass(signature) is { } positive && row.Probabilities is { } p && p.TryGetValue(positive, out var s) ? s : null;

    private static bool Matches(DatasetColumn column, int row, string expected)
    {
        if (column.IsNumeric)
        {
            return double.TryParse(expected, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && column.Numbers![row] == x;
        }

        return string.Equals(column.Values![row]?.Trim(), expected.Trim(), StringComparison.Ordinal);
    }

    private static double? Number(DatasetColumn column, int row)
    {
        if (column.IsNumeric)
        {
            return double.IsNaN(column.Numbers![row]) ? null : column.Numbers[row];
        }

        return double.TryParse(column.Values![row], NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
    }

    private static string? Text(DatasetColumn column, int row) =>
        column.IsNumeric
            ? double.IsNaN(column.Numbers![row]) ? null : column.Numbers[row].ToString(CultureInfo.InvariantCulture)
            : column.Values![row]?.Trim();

    private static object? Cell(DatasetColumn column, int row) =>
        column.IsNumeric ? double.IsNaN(column.Numbers![row]) ? null : column.Numbers[row] : column.Values![row];
}
