using System.Globalization;
using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Domain.Fairness;
using MlOpsPortal.Domain.Training;

namespace MlOpsPortal.Application.Fairness;

/// <summary>The analyzer's input built from a dataset version, and the negative label found or declared.</summary>
public sealed record BuiltFairnessInput(FairnessInput Input, string NegativeLabel, double? Threshold);

/// <summary>
/// Checks a report request against a dataset's schema and data and turns the needed columns into a
/// <see cref="FairnessInput"/>. All checks name the offending column and value, so the API can answer 400 before any job.
/// </summary>
public static class FairnessInputBuilder
{
    /// <summary>Shape checks that need no data; null when the request is well formed.</summary>
    public static Error? ValidateShape(FairnessReportRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = new Dictionary<string, string[]>();
        void Add(string field, string message) => problems[field] = [message];
        if (request.Dataset is null || string.IsNullOrWhiteSpace(request.Dataset.Name) || request.Dataset.Version < 1)
        {
            Add("dataset", "Give the dataset as {\"name\": \"…\", \"version\": n}.");
        }

        if (string.IsNullOrWhiteSpace(request.Label))
        {
            Add("label", "Name the label column.");
        }

        if (string.IsNullOrEmpty(request.PositiveLabel))
        {
            Add("positiveLabel", "Give the positive (favourable) label value.");
        }

        var hasPrediction = !string.IsNullOrWhiteSpace(request.Prediction);
        var hasScore = !string.IsNullOrWhiteSpace(request.Score);
        if (request.Model is not null && (string.IsNullOrWhiteSpace(request.Model.Name) || request.Model.Version < 1))
        {
            Add("model", "Give the model as {\"name\": \"…\", \"version\": n}.");
        }
        else if (hasPrediction && hasScore)
        {
            Add("prediction", "Give either a prediction column or a score column (with an optional threshold), not both.");
        }
        else if (request.Model is null && !hasPrediction && !hasScore)
        {
            Add("prediction", "Give either a prediction column or a score column (with an optional threshold), not both.");
        }

        if (request.Threshold is { } t && (double.IsNaN(t) || t < 0 || t > 1))
        {
            Add("threshold", "The threshold must be within [0, 1].");
        }

        if (request.SensitiveFeatures is not { Count: > 0 })
        {
            Add("sensitiveFeatures", "Choose at least one sensitive feature.");
        }
        else if (request.SensitiveFeatures.Select(f => f.Name).Distinct(StringComparer.Ordinal).Count() != request.SensitiveFeatures.Count)
        {
            Add("sensitiveFeatures", "Sensitive features must be distinct.");
        }
        else if (request.SensitiveFeatures.FirstOrDefault(f => f.Edges is { Count: > 0 } e && !Ascending(e)) is { } bad)
        {
            Add("sensitiveFeatures", $"The bin edges of '{bad.Name}' must be strictly ascending numbers.");
        }

        if (request.BootstrapResamples is < 0 or > 2000)
        {
            Add("bootstrapResamples", "Bootstrap resamples must be between 0 and 2000.");
        }

        if (request.PrivilegedGroups is { } privileged && request.SensitiveFeatures is { } features
            && privileged.Keys.FirstOrDefault(k => features.All(f => f.Name != k)) is { } unknown)
        {
            Add("privilegedGroups", $"'{unknown}' is not one of the sensitive features.");
        }

        return problems.Count == 0
            ? null
            : new Error(ErrorCode.InvalidArgument, string.Join(" ", problems.Values.Select(v => v[0])), problems);
    }

    /// <summary>The columns a report reads (label, prediction or score, sensitive features).</summary>
    public static IReadOnlyCollection<string> Columns(FairnessReportRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var names = new HashSet<string>(StringComparer.Ordinal) { request.Label! };
        if (!string.IsNullOrWhiteSpace(request.Prediction)) { names.Add(request.Prediction); }
        if (!string.IsNullOrWhiteSpace(request.Score)) { names.Add(request.Score); }
        foreach (var f in request.SensitiveFeatures ?? []) { names.Add(f.Name); }
        return names;
    }

    /// <summary>Schema checks: every column exists, scores and binned features are numeric.</summary>
    public static Error? ValidateSchema(FairnessReportRequest request, IReadOnlyList<ColumnSchema> schema)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(schema);
        var types = schema.ToDictionary(c => c.Name, c => c.Type, StringComparer.Ordinal);
        var missing = Columns(request).Where(c => !types.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            return Error.Invalid($"The dataset has no column {string.Join(", ", missing.Select(m => $"'{m}'"))} (columns: {string.Join(", ", schema.Select(c => c.Name))}).");
        }

        if (!string.IsNullOrWhiteSpace(request.Score) && !IsNumeric(types[request.Score]))
        {
            return Error.Invalid($"Score column '{request.Score}' is {types[request.Score].ToString().ToLowerInvariant()}, not numeric.");
        }

        var binnedText = (request.SensitiveFeatures ?? []).FirstOrDefault(f => f.Edges is { Count: > 0 } && !IsNumeric(types[f.Name]));
        return binnedText is null ? null : Error.Invalid($"Sensitive feature '{binnedText.Name}' has bin edges but is not numeric.");
    }

    /// <summary>Builds the analyzer input; fails on labels or predictions outside the positive/negative pair.</summary>
    public static Result<BuiltFairnessInput> Build(FairnessReportRequest request, DatasetTable table)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(table);
        var labelColumn = table.Find(request.Label!)!;
        var positive = Normalize(request.PositiveLabel!, labelColumn.Type);
        var labelText = Matched(Text(labelColumn), positive, request.NegativeLabel);
        var negative = request.NegativeLabel is { } declared ? Normalize(declared, labelColumn.Type) : InferNegative(labelText, positive, request.Label!);
        if (!negative.IsSuccess)
        {
            return negative.Error;
        }

        var actual = BinaryLabelEncoder.Encode(labelText, positive, negative.Value, request.Label!);
        if (!actual.IsSuccess)
        {
            return actual.Error;
        }

        var features = new List<SensitiveFeature>();
        foreach (var spec in request.SensitiveFeatures!)
        {
            var column = table.Find(spec.Name)!;
            features.Add(spec.Edges is { Count: > 0 } edges
                ? NumericBinning.Bin(spec.Name, column.Numbers!.Select(v => double.IsNaN(v) ? (double?)null : v).ToArray(), edges)
                : new SensitiveFeature(spec.Name, Text(column)));
        }

        if (!string.IsNullOrWhiteSpace(request.Score))
        {
            var scores = table.Find(request.Score)!.Numbers!;
            var nan = Array.FindIndex(scores, double.IsNaN);
            if (nan >= 0)
            {
                return Error.Invalid($"Score column '{request.Score}' has a missing value at row {nan}.");
            }

            var threshold = request.Threshold ?? 0.5;
            return new BuiltFairnessInput(FairnessInput.FromScores(actual.Value, scores, threshold, features), negative.Value, threshold);
        }

        var predicted = BinaryLabelEncoder.Encode(Matched(Text(table.Find(request.Prediction!)!), positive, negative.Value), positive, negative.Value, request.Prediction!);
        return predicted.IsSuccess
            ? new BuiltFairnessInput(new FairnessInput(actual.Value, predicted.Value, features), negative.Value, null)
            : predicted.Error;
    }

    /// <summary>
    /// Trims values and applies the training's trailing-period rule (UCI's adult.test writes "&gt;50K." for "&gt;50K"): a value
    /// that is a declared label, or a label of the column, followed by one period reads as that label.
    /// </summary>
    private static string?[] Matched(string?[] values, string positive, string? negative)
    {
        var declared = new HashSet<string>(StringComparer.Ordinal) { positive };
        if (negative is not null)
        {
            declared.Add(negative);
        }

        var first = values.Select(v => LabelValues.Normalize(v, declared)).ToArray();
        var known = LabelValues.KnownClasses(first);
        return first.Select(v => LabelValues.Normalize(v, known)).ToArray();
    }

    private static Result<string> InferNegative(IReadOnlyList<string?> labels, string positive, string column)
    {
        var others = labels.Where(l => l is not null && !string.Equals(l, positive, StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).Take(3).ToList();
        return others.Count switch
        {
            1 => others[0]!,
            0 => Error.Invalid($"Column '{column}' holds no value other than the positive label '{positive}'; give negativeLabel."),
            _ => Error.Invalid($"Column '{column}' holds more than one value besides the positive label '{positive}' ({string.Join(", ", others.Select(o => $"'{o}'"))}…); a binary label column is needed (or give negativeLabel to reject the rest)."),
        };
    }

    private static string?[] Text(DatasetColumn column) => column.Values ?? column.Numbers!
        .Select(v => double.IsNaN(v) ? null : v.ToString("G", CultureInfo.InvariantCulture)).ToArray();

    /// <summary>Boolean columns are read as 1/0, so "yes", "true" or "1" all name the value 1.</summary>
    private static string Normalize(string label, ColumnType type) =>
        type == ColumnType.Boolean && ValueParsers.TryParseBoolean(label, allowDigits: true, out var b) ? (b ? "1" : "0") : label;

    private static bool IsNumeric(ColumnType type) => type is ColumnType.Numeric or ColumnType.Boolean;

    private static bool Ascending(IReadOnlyList<double> edges)
    {
        for (var i = 0; i < edges.Count; i++)
        {
            if (double.IsNaN(edges[i]) || (i > 0 && !(edges[i] > edges[i - 1]))) { return false; }
        }

        return true;
    }
}
