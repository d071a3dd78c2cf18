using System.Text.Json.Serialization;
using MlOpsPortal.Domain.Tracking;

namespace MlOpsPortal.Infrastructure.Tracking;

public sealed record KeyValue(string Key, string Value);

/// <summary>
/// One metric point. As in MLflow, a value may be NaN or ±Infinity (a diverged loss); JSON carries those as the strings
/// <c>"NaN"</c>, <c>"Infinity"</c> and <c>"-Infinity"</c>, every other value as a number.
/// </summary>
[JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
public sealed record MetricValue(string Key, double Value, long Timestamp, long Step);

public sealed record ExperimentDto(
    string ExperimentId,
    string Name,
    string? Description,
    string ArtifactLocation,
    string LifecycleStage,
    long CreationTime,
    long LastUpdateTime,
    string Owner,
    IReadOnlyList<KeyValue> Tags);

public sealed record ExperimentsPage(IReadOnlyList<ExperimentDto> Experiments, string? NextPageToken, int? Total = null);

public sealed record RunInfoDto(
    string RunId,
    string ExperimentId,
    string RunName,
    string UserId,
    string Status,
    long StartTime,
    long? EndTime,
    string ArtifactLocation,
    string LifecycleStage,
    string? ParentRunId,
    string Source);

public sealed record RunInputDto(string DatasetName, string? DatasetDigest, string? DatasetVersionId, string Role);

public sealed record RunDto(
    RunInfoDto Info,
    IReadOnlyList<MetricValue> Metrics,
    IReadOnlyList<KeyValue> Params,
    IReadOnlyList<KeyValue> Tags,
    IReadOnlyList<RunInputDto> Inputs)
{
    public string? Note => Tags.FirstOrDefault(t => t.Key == TrackingLimits.NoteTag)?.Value;
}

public sealed record RunsPage(IReadOnlyList<RunDto> Runs, string? NextPageToken, int? Total = null);

public sealed record RunSearchRequest(
    IReadOnlyList<string> ExperimentIds,
    string? Filter = null,
    IReadOnlyList<string>? OrderBy = null,
    ViewType View = ViewType.ActiveOnly,
    int MaxResults = TrackingLimits.SearchRunsDefault,
    string? PageToken = null,
    bool IncludeTotal = false,
    int? Offset = null);

public sealed record LogBatch(IReadOnlyList<MetricValue> Metrics, IReadOnlyList<KeyValue> Params, IReadOnlyList<KeyValue> Tags);

public sealed record HistoryPage(IReadOnlyList<MetricValue> Metrics, string? NextPageToken);

/// <summary>
/// One chart point: a bucket of steps (or ms timestamps) with its first x, mean, minimum and maximum value (NaN or
/// ±Infinity written as strings, as in <see cref="MetricValue"/>).
/// </summary>
[JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
public sealed record ChartPoint(long X, double Value, double Min, double Max);

public sealed record ChartSeries(string RunId, string Key, bool ByTime, long TotalPoints, bool Downsampled, IReadOnlyList<ChartPoint> Points);

internal static class TrackingTime
{
    public static long ToMs(this DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(ms, -62_135_596_800_000L, 253_402_300_799_999L));

    public static string ToApiId(this Guid id) => id.ToString("N");

    /// <summary>Parses an MLflow run id: malformed is INVALID_PARAMETER_VALUE, well-formed but unknown is not found.</summary>
    public static Domain.Common.Result<Guid> ParseRunId(string? runId)
    {
        if (string.IsNullOrEmpty(runId))
        {
            return Domain.Common.Error.Invalid("Missing value for required parameter 'run_id'. See the API docs for more information about request parameters.");
        }

        if (!TrackingLimits.IsValidRunId(runId))
        {
            return Domain.Common.Error.Invalid($"Invalid run ID: '{runId}'");
        }

        return Guid.TryParseExact(runId, "N", out var id) ? id : Domain.Common.Error.NotFound($"Run with id={runId} not found");
    }

    public static Domain.Common.Result<long> ParseExperimentId(string? experimentId)
    {
        if (string.IsNullOrEmpty(experimentId))
        {
            return Domain.Common.Error.Invalid("Missing value for required parameter 'experiment_id'. See the API docs for more information about request parameters.");
        }

        if (!TrackingLimits.IsValidExperimentId(experimentId))
        {
            return Domain.Common.Error.Invalid($"Invalid experiment ID: '{experimentId}'");
        }

        return long.TryParse(experimentId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? id
            : Domain.Common.Error.NotFound($"No Experiment with id={experimentId} exists");
    }
}
