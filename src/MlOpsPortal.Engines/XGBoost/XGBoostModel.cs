using System.Globalization;
using System.Text.Json;
using MlOpsPortal.Engines.Features;

namespace MlOpsPortal.Engines.XGBoost;

/// <summary>Feature importance types reported by XGBoost.</summary>
public enum ImportanceType
{
    /// <summary>Average loss reduction of the splits that use the feature.</summary>
    Gain,

    /// <summary>Average number of samples (hessian) covered by those splits.</summary>
    Cover,

    /// <summary>Number of splits that use the feature (for gblinear: the coefficients).</summary>
    Weight,
}

/// <summary>Importance of one feature.</summary>
public sealed record FeatureImportance(string Feature, double Score);

/// <summary>
/// Exact TreeSHAP contributions for sampled rows: <see cref="Values"/> is row-major
/// [rows, groups, features + 1]; the last entry of each group is the bias (expected margin).
/// Contributions are in margin space and sum to the row's margin.
/// </summary>
public sealed record ShapContributions(IReadOnlyList<int> RowIndices, int Groups, IReadOnlyList<string> FeatureNames, float[] Values)
{
    public float this[int row, int group, int feature] => Values[(((row * Groups) + group) * (FeatureNames.Count + 1)) + feature];

    public float Bias(int row, int group) => this[row, group, FeatureNames.Count];
}

/// <summary>
/// A trained or loaded XGBoost model. Predictions are serialized per instance (safe to call from several
/// threads; calls queue on a lock). Dispose to free the native booster.
/// </summary>
public sealed class XGBoostModel : IDisposable
{
    private readonly Booster _booster;
    private readonly byte[] _json;

    private XGBoostModel(Booster booster, byte[] json, XGBoostModelInfo info, IReadOnlyList<string> featureNames, TrainingSummary? training)
    {
        _booster = booster;
        _json = json;
        Info = info;
        FeatureNames = featureNames;
        Training = training;
    }

    public XGBoostModelInfo Info { get; }

    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>Present when the model was trained in this process.</summary>
    public TrainingSummary? Training { get; }

    /// <summary>Classes (2 for binary, K for multiclass, 1 for regression).</summary>
    public int ClassCount => Info.ClassCount;

    /// <summary>Loads a model saved as XGBoost JSON (model.xgb.json).</summary>
    /// <exception cref="XGBoostException">The buffer is not a valid XGBoost model.</exception>
    public static XGBoostModel Load(byte[] modelJson, IReadOnlyList<string> featureNames, int? threadCount = null) =>
        Load(modelJson, featureNames, threadCount, null);

    internal static XGBoostModel Load(byte[] modelJson, IReadOnlyList<string> featureNames, int? threadCount, TrainingSummary? training)
    {
        ArgumentNullException.ThrowIfNull(modelJson);
        ArgumentNullException.ThrowIfNull(featureNames);
        XGBoostModelInfo info;
        try
        {
            info = XGBoostModelInfo.Read(modelJson);
        }
        catch (JsonException ex)
        {
            throw new XGBoostException("The model is not valid JSON: " + ex.Message, ex);
        }

        if (info.FeatureCount != featureNames.Count)
        {
            throw new XGBoostException($"The model has {info.FeatureCount} features but {featureNames.Count} feature names were given.");
        }

        var booster = Booster.Load(modelJson);
        try
        {
            booster.SetParam("nthread", (threadCount ?? XGBoostNative.DefaultThreadCount).ToString(CultureInfo.InvariantCulture));
            return new XGBoostModel(booster, modelJson, info, featureNames, training);
        }
        catch
        {
            booster.Dispose();
            throw;
        }
    }

    /// <summary>The native model as XGBoost JSON (what <c>xgboost</c> in Python or the CLI loads).</summary>
    public byte[] ToJson() => (byte[])_json.Clone();

    /// <summary>Raw margins, row-major [rows, groups].</summary>
    public float[] PredictMargins(FeatureMatrix features) => PredictNative(features, NativePredictionType.Margin);

    /// <summary>
    /// Class probabilities, row-major [rows, classes]; for binary [P(0), P(1)] like the ONNX export.
    /// </summary>
    /// <exception cref="InvalidOperationException">The model is a regression model.</exception>
    public float[] PredictProbabilities(FeatureMatrix features)
    {
        if (Info.Objective == XGBoostObjective.RegSquaredError)
        {
            throw new InvalidOperationException("A regression model has no probabilities; use PredictValues.");
        }

        var raw = PredictNative(features, NativePredictionType.Value);
        if (Info.Objective == XGBoostObjective.MultiSoftprob)
        {
            return raw;
        }

        var result = new float[raw.Length * 2];
        for (var r = 0; r < raw.Length; r++)
        {
            result[2 * r] = 1f - raw[r];
            result[(2 * r) + 1] = raw[r];
        }

        return result;
    }

    /// <summary>Predicted class index per row (binary: P(1) ≥ <paramref name="threshold"/>; multiclass: arg max).</summary>
    public int[] PredictClasses(FeatureMatrix features, float threshold = 0.5f)
    {
        var probabilities = PredictProbabilities(features);
        var classes = new int[features.Rows];
        var k = ClassCount;
        for (var r = 0; r < classes.Length; r++)
        {
            if (k == 2)
            {
                classes[r] = probabilities[(2 * r) + 1] >= threshold ? 1 : 0;
                continue;
            }

            var best = 0;
            for (var c = 1; c < k; c++)
            {
                if (probabilities[(r * k) + c] > probabilities[(r * k) + best])
                {
                    best = c;
                }
            }

            classes[r] = best;
        }

        return classes;
    }

    /// <summary>
    /// XGBoost's transformed predictions: the value per row for regression, P(1) per row for binary, row-major class
    /// probabilities for multiclass.
    /// </summary>
    public float[] PredictValues(FeatureMatrix features) => PredictNative(features, NativePredictionType.Value);

    /// <summary>
    /// Exact SHAP contributions (XGBoost <c>pred_contribs</c>) for up to <paramref name="maxRows"/> rows drawn
    /// without replacement with <paramref name="seed"/> (all rows when there are fewer). Costs ~0.7 ms per row
    /// for 200 depth-6 trees, hence the sample.
    /// </summary>
    public ShapContributions ExplainSample(FeatureMatrix features, int maxRows = 200, int seed = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 1);
        CheckColumns(features);
        var rows = Enumerable.Range(0, features.Rows).ToArray();
        if (rows.Length > maxRows)
        {
            new Random(seed).Shuffle(rows);
            rows = rows[..maxRows];
            Array.Sort(rows);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var sample = features.SelectRows(rows);
        using var matrix = DMatrix.Create(sample.Values, sample.Rows, sample.Columns);
        var (values, _) = _booster.PredictDMatrix(matrix, NativePredictionType.Contributions, 0);
        return new ShapContributions(rows, Info.Groups, FeatureNames, values);
    }

    /// <summary>Feature importance by <paramref name="type"/>, highest first; features never used are omitted.</summary>
    public IReadOnlyList<FeatureImportance> GetFeatureImportance(ImportanceType type)
    {
        if (Info.Booster == XGBoostBoosterKind.GbLinear && type != ImportanceType.Weight)
        {
            throw new NotSupportedException("A linear model only has 'Weight' importance (its coefficients).");
        }

        var (names, scores) = _booster.FeatureScore(type.ToString().ToLowerInvariant());
        var perFeature = scores.Length / Math.Max(names.Length, 1);
        var result = new List<FeatureImportance>(names.Length);
        for (var i = 0; i < names.Length; i++)
        {
            double score = 0;
            for (var g = 0; g < perFeature; g++)
            {
                score += Info.Booster == XGBoostBoosterKind.GbLinear ? Math.Abs(scores[(i * perFeature) + g]) : scores[(i * perFeature) + g];
            }

            result.Add(new FeatureImportance(ResolveName(names[i]), score));
        }

        return result.OrderByDescending(f => f.Score).ToArray();
    }

    public void Dispose() => _booster.Dispose();

    private string ResolveName(string native) =>
        native.Length > 1 && native[0] == 'f' && int.TryParse(native.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < FeatureNames.Count
            ? FeatureNames[index]
            : native;

    private float[] PredictNative(FeatureMatrix features, NativePredictionType type)
    {
        ArgumentNullException.ThrowIfNull(features);
        CheckColumns(features);
        if (features.Rows == 0)
        {
            return [];
        }

        if (Info.Booster == XGBoostBoosterKind.GbLinear)
        {
            // gblinear has no in-place prediction in XGBoost 1.7: go through a DMatrix.
            using var matrix = DMatrix.Create(features.Values, features.Rows, features.Columns);
            return _booster.PredictDMatrix(matrix, type, 0).Values;
        }

        return _booster.PredictDense(features.Values, features.Rows, features.Columns, type, 0).Values;
    }

    private void CheckColumns(FeatureMatrix features)
    {
        if (features.Columns != FeatureNames.Count)
        {
            throw new ArgumentException($"The model expects {FeatureNames.Count} features; got {features.Columns}.", nameof(features));
        }
    }
}
