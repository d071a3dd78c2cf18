using System.Text.Json;
using System.Text.Json.Serialization;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Domain.Tracking;
using MlOpsPortal.Infrastructure.Tracking;

namespace MlOpsPortal.Web.Api.Mlflow;

/// <summary>MLflow's wire format: snake_case, ids as strings, ms timestamps, NaN/Infinity as strings, errors as error_code + message.</summary>
public static class MlflowJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new LenientStringConverter() },
    };

    public static IResult Ok(object value) => Results.Json(value, Options);

    public static IResult Empty() => Results.Json(new Dictionary<string, object>(), Options);

    /// <summary>MLflow's error shape; built in <see cref="MlflowErrors"/>.</summary>
    public static IResult Fail(Error error) => MlflowErrors.Fail(error);

    public static IResult To<T>(this Result<T> result, Func<T, object> body) => result.IsSuccess ? Ok(body(result.Value)) : Fail(result.Error);

    /// <summary>Reads a JSON body: malformed JSON or a wrong shape is INVALID_PARAMETER_VALUE naming the member, an oversized body 413.</summary>
    public static Task<Result<T>> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken, int maxBytes = 16 * 1024 * 1024)
        where T : class => JsonProblems.ReadAsync<T>(request, Options, maxBytes, cancellationToken);

    public static MlflowExperiment ToJson(ExperimentDto e) => new(
        e.ExperimentId, e.Name, e.ArtifactLocation, e.LifecycleStage, e.LastUpdateTime, e.CreationTime, e.Tags.Select(ToJson).ToList());

    public static MlflowRunInfo ToJson(RunInfoDto i) =>
        new(i.RunId, i.RunId, i.RunName, i.ExperimentId, i.UserId, i.Status, i.StartTime, i.EndTime, i.ArtifactLocation, i.LifecycleStage);

    public static MlflowRun ToJson(RunDto r) => new(
        ToJson(r.Info),
        new MlflowRunData(r.Metrics.Select(ToJson).ToList(), r.Params.Select(ToJson).ToList(), r.Tags.Select(ToJson).ToList()),
        new MlflowRunInputs(r.Inputs.Select(i => new MlflowDatasetInput(
            [new KeyValueJson("mlflow.data.context", i.Role)], new MlflowDataset(i.DatasetName, i.DatasetDigest, "portal", i.DatasetVersionId ?? string.Empty))).ToList()));

    public static MlflowMetric ToJson(MetricValue m) => new(m.Key, m.Value, m.Timestamp, m.Step);

    public static KeyValueJson ToJson(KeyValue kv) => new(kv.Key, kv.Value);

    public static IReadOnlyList<KeyValue> FromJson(IReadOnlyList<KeyValueJson>? items) =>
        (items ?? []).Select(t => new KeyValue(t.Key ?? string.Empty, t.Value ?? string.Empty)).ToList();

    public static ViewType View(string? text) => ViewTypes.Parse(text);

    /// <summary>Accepts <c>"experiment_id": 1</c> as well as <c>"1"</c>: curl users often send numbers for string ids.</summary>
    private sealed class LenientStringConverter : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
            JsonTokenType.True => "true",
            JsonTokenType.False => "false",
            JsonTokenType.Null => null,
            _ => throw new JsonException($"Expected a string, got {reader.TokenType}."),
        };

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }
}
