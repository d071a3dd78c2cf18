namespace MlOpsPortal.Infrastructure.Explain;

/// <summary>
/// Body of <c>POST /api/v1/explanations</c>. <c>method</c>: "auto" (TreeSHAP for a package with a native XGBoost
/// model, ML.NET's feature contributions + permutation feature importance for an ML.NET model, permutation importance
/// through ONNX Runtime otherwise), "shap", "mlnet" or "permutation". "mlnet" needs <c>label</c> too. Permutation importance needs <c>label</c> (and
/// <c>positiveClass</c> for a binary model). <c>targetClass</c> picks the class a multiclass SHAP explanation is for
/// (default: the first class). <c>row</c> (a 0-based row of the dataset) is always part of the sample.
/// </summary>
public sealed record ExplanationRequest(
    ExplainedModel? Model,
    ExplainedDataset? Dataset,
    string? Method = null,
    int? SampleSize = null,
    int? Seed = null,
    string? Label = null,
    string? PositiveClass = null,
    string? TargetClass = null,
    int? Row = null,
    int? Repeats = null);

public sealed record ExplainedModel(string Name, int Version);

public sealed record ExplainedDataset(string Name, int Version);

public sealed record ExplanationSubmitted(Guid ExplanationId, Guid JobId);

/// <summary>Global importance of one input column (one-hot parts summed back into their column).</summary>
public sealed record GlobalImportance(string Feature, double? MeanAbsShap, double? Gain, double? PermutationDrop, double? PermutationStd);

/// <summary>XGBoost's own gain (average loss reduction per split) for one encoded feature, as the booster reports it.</summary>
public sealed record EncodedGain(string Feature, double Gain);

/// <summary>One column of the SHAP sample: its values in the sampled rows and their SHAP contributions.</summary>
public sealed record ShapFeature(string Name, string Kind, IReadOnlyList<float?>? Numbers, IReadOnlyList<string?>? Categories, IReadOnlyList<float> Shap);

/// <summary>The sampled rows (0-based dataset rows), the expected margin, each row's margin and predicted score, and per-column SHAP values.</summary>
public sealed record ShapSample(IReadOnlyList<int> RowIndices, double Bias, IReadOnlyList<float> Margin, IReadOnlyList<float>? Probability, IReadOnlyList<ShapFeature> Features);

public sealed record PermutationSummary(string Metric, double Baseline, int Repeats);

/// <summary>
/// The stored explanation. <c>localMethod</c> / <c>globalMethod</c> say what produced the per-row and the global numbers
/// (e.g. "ML.NET feature contribution calculation", "ML.NET permutation feature importance").
/// </summary>
public sealed record ExplanationResult(
    string Method,
    string OutputSpace,
    int DatasetRows,
    int SampleRows,
    int Seed,
    IReadOnlyList<GlobalImportance> Global,
    IReadOnlyList<EncodedGain>? EncodedGain,
    ShapSample? Sample,
    PermutationSummary? Permutation,
    string? LocalMethod = null,
    string? GlobalMethod = null);

public sealed record ExplanationDto(
    Guid Id, string Status, string ModelName, int ModelVersion, string DatasetName, int DatasetVersion, string Method,
    ExplanationRequest Request, ExplanationResult? Result, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt, Guid JobId);

public sealed record ExplanationListItem(Guid Id, string ModelName, int ModelVersion, string DatasetName, int DatasetVersion, string Method, bool Done, DateTimeOffset CreatedAt);

internal sealed record ExplanationJobParameters(Guid ExplanationId);
