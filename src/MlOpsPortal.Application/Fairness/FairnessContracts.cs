using MlOpsPortal.Application.Audit;
using MlOpsPortal.Domain.Common;

namespace MlOpsPortal.Application.Fairness;

/// <summary>A dataset version by name and number: <c>{"name": "adult", "version": 1}</c> or the shorthand <c>"adult@1"</c>.</summary>
[System.ComponentModel.Description(Json.NameVersionConverter<DatasetVersionRef>.Expected)]
[System.Text.Json.Serialization.JsonConverter(typeof(DatasetVersionRefConverter))]
public sealed record DatasetVersionRef(string Name, int Version);

/// <summary>A registered model version (report mode (a): predictions computed through ONNX Runtime).</summary>
public sealed record ModelVersionRef(string Name, int Version);

/// <summary>A sensitive feature; a numeric one may give ascending bin edges (e.g. age with [25, 45]). In JSON a plain column name (<c>"race"</c>) will do.</summary>
[System.ComponentModel.Description(SensitiveFeatureConverter.Expected)]
[System.Text.Json.Serialization.JsonConverter(typeof(SensitiveFeatureConverter))]
public sealed record SensitiveFeatureSpec(string Name, IReadOnlyList<double>? Edges = null);

/// <summary>
/// Body of <c>POST /api/v1/fairness/reports</c>. Give either <see cref="Prediction"/> (a column holding the positive or
/// negative label) or <see cref="Score"/> (a numeric column; positive when score ≥ <see cref="Threshold"/>, default 0.5).
/// <see cref="NegativeLabel"/> is optional: without it the label column must hold exactly one other value.
/// </summary>
public sealed record FairnessReportRequest(
    DatasetVersionRef? Dataset,
    string? Label,
    string? PositiveLabel,
    IReadOnlyList<SensitiveFeatureSpec>? SensitiveFeatures,
    string? Prediction = null,
    string? Score = null,
    double? Threshold = null,
    string? NegativeLabel = null,
    IReadOnlyDictionary<string, string>? PrivilegedGroups = null,
    bool Intersectional = true,
    int? BootstrapResamples = null,
    int? Seed = null,
    ModelVersionRef? Model = null);

/// <summary>Answer of a created report: the report and the job that computes it.</summary>
public sealed record FairnessReportCreated(Guid ReportId, Guid JobId);

/// <summary>One line of the report list.</summary>
public sealed record FairnessReportSummary(
    Guid Id, string Status, string Dataset, int DatasetVersion, string? Model, int? ModelVersion, string Features, string CreatedBy, DateTimeOffset CreatedAt);

/// <summary>Reports: create (validated against the data, then computed by the <c>fairness-report</c> job) and read.</summary>
public interface IFairnessReports
{
    Task<Result<FairnessReportCreated>> CreateAsync(FairnessReportRequest request, Actor actor, CancellationToken cancellationToken);

    Task<Result<FairnessReportDto>> GetAsync(Guid id, CancellationToken cancellationToken);

    Task<IReadOnlyList<FairnessReportSummary>> ListAsync(int skip, int take, CancellationToken cancellationToken);
}
