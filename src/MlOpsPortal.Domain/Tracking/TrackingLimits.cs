using System.Text.RegularExpressions;
using MlOpsPortal.Domain.Common;

namespace MlOpsPortal.Domain.Tracking;

/// <summary>MLflow's server-side limits and name rules, with MLflow's wording for their errors.</summary>
public static partial class TrackingLimits
{
    public const int MaxMetricsPerBatch = 1000;
    public const int MaxParamsTagsPerBatch = 100;
    public const int MaxEntitiesPerBatch = 1000;
    public const int MaxBatchRequestBytes = 1_000_000;
    public const int MaxParamValueLength = 6000;
    public const int MaxTagValueLength = 8000;
    public const int MaxKeyLength = 250;
    public const int MaxExperimentNameLength = 500;
    public const int MaxRunNameLength = 250;
    public const int SearchRunsDefault = 1000;
    public const int SearchRunsMax = 50_000;
    public const int SearchExperimentsDefault = 1000;
    public const int SearchExperimentsMax = 50_000;
    public const int MetricHistoryMax = 25_000;

    /// <summary>Longest search filter accepted (characters): bounds the work one search can ask of the database.</summary>
    public const int MaxFilterLength = 10_000;

    /// <summary>Most AND-joined clauses in one search filter (each clause is a join or a sub-query in SQL).</summary>
    public const int MaxFilterClauses = 25;

    /// <summary>The tag under which MLflow keeps a run's (or experiment's) markdown note.</summary>
    public const string NoteTag = "mlflow.note.content";

    /// <summary>The tag under which MLflow clients send the run name and the parent run id.</summary>
    public const string RunNameTag = "mlflow.runName";

    public const string ParentRunTag = "mlflow.parentRunId";

    public const string UserTag = "mlflow.user";

    [GeneratedRegex(@"^[/\w.\- :]*$")]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"^[a-zA-Z0-9][\w\-]{0,255}$")]
    private static partial Regex RunIdPattern();

    [GeneratedRegex(@"^[a-zA-Z0-9][\w\-]{0,63}$")]
    private static partial Regex ExperimentIdPattern();

    public static bool IsValidRunId(string? id) => id is not null && RunIdPattern().IsMatch(id);

    public static bool IsValidExperimentId(string? id) => id is not null && ExperimentIdPattern().IsMatch(id);

    /// <summary>Validates a metric, param or tag key; <paramref name="kind"/> is "metric", "param" or "tag".</summary>
    public static Error? ValidateKey(string kind, string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return Error.Invalid($"Missing value for required parameter 'key'. A {kind} key must be a non-empty string.");
        }

        if (key.Length > MaxKeyLength)
        {
            return Error.Invalid($"'{kind}' key '{key[..20]}...' had length {key.Length}, which exceeded length limit of {MaxKeyLength}");
        }

        if (!KeyPattern().IsMatch(key))
        {
            return Error.Invalid($"Invalid {kind} name: '{key}'. Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colons (:) and slashes (/).");
        }

        if (key.StartsWith('/') || key.Contains("..", StringComparison.Ordinal))
        {
            return Error.Invalid($"Invalid {kind} name: '{key}'. Names may be treated as files in certain cases, and must not start with '/' or contain '..'.");
        }

        return null;
    }

    public static Error? ValidateParam(string? key, string? value) =>
        ValidateKey("param", key) ?? ValidateLength("Param value", value, MaxParamValueLength, key);

    public static Error? ValidateTag(string? key, string? value) =>
        ValidateKey("tag", key) ?? ValidateLength("Tag value", value, MaxTagValueLength, key);

    public static Error? ValidateExperimentName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return Error.Invalid("Invalid experiment name: ''. Missing value for required parameter 'name'.");
        }

        return name.Length > MaxExperimentNameLength
            ? Error.Invalid($"Experiment name '{name[..20]}...' had length {name.Length}, which exceeded length limit of {MaxExperimentNameLength}")
            : null;
    }

    /// <summary>MLflow's batch limits, checked per entity kind and in total.</summary>
    public static Error? ValidateBatch(int metrics, int parameters, int tags)
    {
        if (metrics > MaxMetricsPerBatch)
        {
            return TooMany(MaxMetricsPerBatch, "metrics", metrics);
        }

        if (parameters > MaxParamsTagsPerBatch)
        {
            return TooMany(MaxParamsTagsPerBatch, "params", parameters);
        }

        if (tags > MaxParamsTagsPerBatch)
        {
            return TooMany(MaxParamsTagsPerBatch, "tags", tags);
        }

        var total = metrics + parameters + tags;
        return total > MaxEntitiesPerBatch
            ? Error.Invalid($"A batch logging request can contain at most {MaxEntitiesPerBatch} metrics, params, and tags in total. Got {total} in total. Please split up metrics, params, and tags across multiple requests and try again.")
            : null;
    }

    /// <summary>Checks a max_results request parameter against MLflow's ceiling.</summary>
    public static Error? ValidateMaxResults(long? value, int ceiling) => value switch
    {
        null => null,
        < 1 => Error.Invalid($"Invalid value {value} for parameter 'max_results' supplied. It must be a positive integer."),
        _ when value > ceiling => Error.Invalid($"Invalid value {value} for parameter 'max_results' supplied. It must be at most {ceiling}."),
        _ => null,
    };

    private static Error TooMany(int limit, string entity, int got) =>
        Error.Invalid($"A batch logging request can contain at most {limit} {entity}. Got {got} {entity}. Please split up {entity} across multiple requests and try again.");

    private static Error? ValidateLength(string what, string? value, int limit, string? key) =>
        value is not null && value.Length > limit
            ? Error.Invalid($"{what} for key '{key}' had length {value.Length}, which exceeded length limit of {limit}")
            : null;
}
