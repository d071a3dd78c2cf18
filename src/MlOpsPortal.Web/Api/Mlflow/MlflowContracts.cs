using System.Text.Json.Serialization;

namespace MlOpsPortal.Web.Api.Mlflow;

public sealed record KeyValueJson(string? Key, string? Value);

public sealed record MetricJson(string? Key, double? Value, long? Timestamp, long? Step);

public sealed record CreateExperimentRequest(string? Name, string? ArtifactLocation, IReadOnlyList<KeyValueJson>? Tags);

public sealed record UpdateExperimentRequest(string? ExperimentId, string? NewName);

public sealed record ExperimentIdRequest(string? ExperimentId);

public sealed record SetExperimentTagRequest(string? ExperimentId, string? Key, string? Value);

public sealed record SearchExperimentsRequest(long? MaxResults, string? PageToken, string? Filter, IReadOnlyList<string>? OrderBy, string? ViewType);

public sealed record CreateRunRequest(string? ExperimentId, string? UserId, string? RunName, long? StartTime, IReadOnlyList<KeyValueJson>? Tags);

public sealed record UpdateRunRequest(string? RunId, string? RunUuid, string? Status, long? EndTime, string? RunName);

public sealed record RunIdRequest(string? RunId, string? RunUuid);

public sealed record SearchRunsRequest(
    IReadOnlyList<string>? ExperimentIds, string? Filter, string? RunViewType, long? MaxResults, IReadOnlyList<string>? OrderBy, string? PageToken);

public sealed record LogMetricRequest(string? RunId, string? RunUuid, string? Key, double? Value, long? Timestamp, long? Step);

public sealed record LogParamRequest(string? RunId, string? RunUuid, string? Key, string? Value);

public sealed record SetTagRequest(string? RunId, string? RunUuid, string? Key, string? Value);

public sealed record DeleteTagRequest(string? RunId, string? Key);

public sealed record LogBatchRequest(string? RunId, IReadOnlyList<MetricJson>? Metrics, IReadOnlyList<KeyValueJson>? Params, IReadOnlyList<KeyValueJson>? Tags);

public sealed record MlflowExperiment(
    string ExperimentId, string Name, string ArtifactLocation, string LifecycleStage, long LastUpdateTime, long CreationTime, IReadOnlyList<KeyValueJson> Tags);

public sealed record MlflowRunInfo(
    string RunId,
    string RunUuid,
    string RunName,
    string ExperimentId,
    string UserId,
    string Status,
    long StartTime,
    long? EndTime,
    [property: JsonPropertyName("artifact_uri")] string ArtifactLocation,
    string LifecycleStage);

public sealed record MlflowMetric(string Key, double Value, long Timestamp, long Step);

public sealed record MlflowRunData(IReadOnlyList<MlflowMetric> Metrics, IReadOnlyList<KeyValueJson> Params, IReadOnlyList<KeyValueJson> Tags);

public sealed record MlflowDatasetInput(IReadOnlyList<KeyValueJson> Tags, MlflowDataset Dataset);

public sealed record MlflowDataset(string Name, string? Digest, string SourceType, string Source);

public sealed record MlflowRunInputs(IReadOnlyList<MlflowDatasetInput> DatasetInputs);

public sealed record MlflowRun(MlflowRunInfo Info, MlflowRunData Data, MlflowRunInputs Inputs);
