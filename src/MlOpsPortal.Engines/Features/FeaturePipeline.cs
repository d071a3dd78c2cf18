using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlOpsPortal.Engines.Features;

/// <summary>
/// Turns raw columns into the dense float matrix a model consumes. Fitted on training data only; immutable
/// and thread-safe once fitted; serialized to JSON beside the model (pipeline.json). Every step has an
/// ONNX equivalent (see <c>MlOpsPortal.Engines.Export.OnnxExporter</c>), so an exported model on raw
/// columns reproduces pipeline + model exactly.
/// </summary>
public sealed class FeaturePipeline
{
    /// <summary>Version of the pipeline.json document.</summary>
    public const int FormatVersion = 1;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly Dictionary<string, Dictionary<string, int>> _codes;

    private FeaturePipeline(FeaturePipelineOptions options, IReadOnlyList<FittedColumn> columns)
    {
        Options = options;
        Columns = columns;
        FeatureNames = columns.SelectMany(c => c.FeatureNames()).ToArray();
        _codes = columns
            .Where(c => c.Kind == ColumnKind.Categorical)
            .ToDictionary(
                c => c.Name,
                c => c.Categories!.Select((value, index) => (value, index)).ToDictionary(p => p.value, p => p.index, StringComparer.Ordinal),
                StringComparer.Ordinal);
    }

    public FeaturePipelineOptions Options { get; }

    /// <summary>Fitted columns in input order.</summary>
    public IReadOnlyList<FittedColumn> Columns { get; }

    /// <summary>Output feature names in matrix column order.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>The raw-input schema this pipeline expects.</summary>
    public TabularSchema Schema => new(Columns.Select(c => new TabularColumn(c.Name, c.Kind)).ToArray());

    /// <summary>Learns medians and category sets from <paramref name="training"/>.</summary>
    /// <exception cref="FeaturePipelineException">No rows, a missing column, or more categories than allowed.</exception>
    public static FeaturePipeline Fit(TabularSchema schema, TabularFrame training, FeaturePipelineOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(training);
        options ??= new FeaturePipelineOptions();
        var limit = Math.Min(options.MaxCategories, FeaturePipelineOptions.CategoryLimit);
        if (training.RowCount == 0)
        {
            throw new FeaturePipelineException(FeatureErrorKind.NoRows, "The training data has no rows.");
        }

        if (schema.Columns.Count == 0)
        {
            throw new ArgumentException("The schema has no columns.", nameof(schema));
        }

        var fitted = new List<FittedColumn>(schema.Columns.Count);
        foreach (var column in schema.Columns)
        {
            cancellationToken.ThrowIfCancellationRequested();
            fitted.Add(column.Kind == ColumnKind.Numeric
                ? FitNumeric(column.Name, training.Numeric(column.Name), options)
                : FitCategorical(column.Name, training.Categorical(column.Name), options, limit));
        }

        return new FeaturePipeline(options, fitted);
    }

    /// <summary>Produces the feature matrix for <paramref name="data"/>.</summary>
    /// <exception cref="FeaturePipelineException">A column is missing, or an unseen category under <see cref="UnseenCategoryPolicy.Error"/>.</exception>
    public FeatureMatrix Transform(TabularFrame data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var width = FeatureNames.Count;
        var rows = data.RowCount;
        // Column by column first (each read front to back): the numeric inputs and the category codes. Then the matrix is
        // written row by row, front to back, instead of one strided pass over all of it per column.
        var numeric = new float[]?[Columns.Count];
        var codes = new int[]?[Columns.Count];
        var offsets = new int[Columns.Count];
        try
        {
            var offset = 0;
            for (var c = 0; c < Columns.Count; c++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var column = Columns[c];
                offsets[c] = offset;
                offset += column.Width;
                if (column.Kind == ColumnKind.Numeric)
                {
                    numeric[c] = data.Numeric(column.Name);
                }
                else
                {
                    codes[c] = Codes(column, data.Categorical(column.Name));
                }
            }

            var values = new float[(long)rows * width];
            for (var r = 0; r < rows; r++)
            {
                if ((r & 0xFFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                var row = (long)r * width;
                for (var c = 0; c < Columns.Count; c++)
                {
                    if (numeric[c] is { } source)
                    {
                        var v = source[r];
                        values[row + offsets[c]] = float.IsNaN(v) && Columns[c].ImputeValue is { } impute ? impute : v;
                    }
                    else if (Columns[c].Encoding == CategoricalEncoding.OneHot)
                    {
                        if (codes[c]![r] is var code and >= 0)
                        {
                            values[row + offsets[c] + code] = 1f;
                        }
                    }
                    else
                    {
                        values[row + offsets[c]] = codes[c]![r] is var code and >= 0 ? code : float.NaN;
                    }
                }
            }

            return new FeatureMatrix(values, rows, FeatureNames);
        }
        finally
        {
            foreach (var rented in codes)
            {
                if (rented is not null)
                {
                    ArrayPool<int>.Shared.Return(rented);
                }
            }
        }
    }

    /// <summary>Whether a raw categorical value counts as missing (null or empty; ONNX string inputs carry "" for missing).</summary>
    public static bool IsMissingCategory(string? value) => string.IsNullOrEmpty(value);

    public string ToJson() => JsonSerializer.Serialize(new PipelineDocument(FormatVersion, Options, Columns), Json);

    /// <exception cref="FeaturePipelineException">The document is not a valid pipeline (kind InvalidDocument).</exception>
    public static FeaturePipeline FromJson(string json)
    {
        PipelineDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<PipelineDocument>(json, Json);
        }
        catch (JsonException ex)
        {
            throw new FeaturePipelineException(FeatureErrorKind.InvalidDocument, "pipeline.json is not valid: " + ex.Message);
        }

        if (document is null || document.FormatVersion != FormatVersion || document.Columns is null || document.Options is null)
        {
            throw new FeaturePipelineException(FeatureErrorKind.InvalidDocument, $"pipeline.json is missing fields or has an unsupported formatVersion (expected {FormatVersion}).");
        }

        foreach (var c in document.Columns)
        {
            if (c.Kind == ColumnKind.Categorical && (c.Categories is null || c.Encoding is not (CategoricalEncoding.OneHot or CategoricalEncoding.Ordinal)))
            {
                throw new FeaturePipelineException(FeatureErrorKind.InvalidDocument, $"pipeline.json: categorical column '{c.Name}' lacks categories or encoding.", c.Name);
            }
        }

        return new FeaturePipeline(document.Options, document.Columns);
    }

    private static FittedColumn FitNumeric(string name, float[] values, FeaturePipelineOptions options)
    {
        float? impute = null;
        if (options.NumericImputation == NumericImputation.Median)
        {
            var present = values.Where(v => !float.IsNaN(v)).ToArray();
            Array.Sort(present);
            impute = present.Length == 0
                ? 0f
                : present.Length % 2 == 1
                    ? present[present.Length / 2]
                    : (float)((present[(present.Length / 2) - 1] + (double)present[present.Length / 2]) / 2);
        }

        return new FittedColumn { Name = name, Kind = ColumnKind.Numeric, ImputeValue = impute };
    }

    private static FittedColumn FitCategorical(string name, string?[] values, FeaturePipelineOptions options, int limit)
    {
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        foreach (var v in values)
        {
            if (!IsMissingCategory(v) && distinct.Add(v!) && distinct.Count > limit)
            {
                throw new FeaturePipelineException(
                    FeatureErrorKind.TooManyCategories,
                    $"Column '{name}' has more than {limit:N0} distinct categories; treat it as numeric, bucket it, or drop it.",
                    name);
            }
        }

        var categories = distinct.Order(StringComparer.Ordinal).ToArray();
        var encoding = options.CategoricalEncoding switch
        {
            CategoricalEncoding.Auto => categories.Length <= options.OneHotMaxCategories ? CategoricalEncoding.OneHot : CategoricalEncoding.Ordinal,
            var explicitEncoding => explicitEncoding,
        };

        return new FittedColumn { Name = name, Kind = ColumnKind.Categorical, Encoding = encoding, Categories = categories };
    }

    /// <summary>The category code of every row (-1: missing, or unseen under a policy that allows it), in a pooled array.</summary>
    private int[] Codes(FittedColumn column, string?[] source)
    {
        var lookup = _codes[column.Name];
        var codes = ArrayPool<int>.Shared.Rent(source.Length);
        for (var r = 0; r < source.Length; r++)
        {
            var value = source[r];
            if (IsMissingCategory(value))
            {
                codes[r] = -1;
            }
            else if (lookup.TryGetValue(value!, out var code))
            {
                codes[r] = code;
            }
            else if (Options.UnseenCategories == UnseenCategoryPolicy.Error)
            {
                ArrayPool<int>.Shared.Return(codes);
                var shown = value!.Length > 64 ? value[..64] + "…" : value;
                throw new FeaturePipelineException(
                    FeatureErrorKind.UnseenCategory,
                    $"Column '{column.Name}', row {r}: category '{shown}' was not seen in training.",
                    column.Name);
            }
            else
            {
                codes[r] = -1;
            }
        }

        return codes;
    }

    private sealed record PipelineDocument(int FormatVersion, FeaturePipelineOptions Options, IReadOnlyList<FittedColumn> Columns);
}
