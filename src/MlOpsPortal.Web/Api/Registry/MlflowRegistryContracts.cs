using System.Text.Json.Serialization;

namespace MlOpsPortal.Web.Api.Registry;

// The response shapes that MlflowRegistryJson writes (MLflow's model_registry.proto in JSON), for the OpenAPI document.
// The handlers write dictionaries; ApiContractTests checks that these records name the same fields as real responses.

public sealed record MlflowKeyValue([property: JsonPropertyName("key")] string Key, [property: JsonPropertyName("value")] string Value);

public sealed record MlflowModelAlias([property: JsonPropertyName("alias")] string Alias, [property: JsonPropertyName("version")] string Version);

public sealed record MlflowModelVersion(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("creation_timestamp")] long CreationTimestamp,
    [property: JsonPropertyName("last_updated_timestamp")] long LastUpdatedTimestamp,
    [property: JsonPropertyName("user_id")] string UserId,
    [property: JsonPropertyName("current_stage")] string CurrentStage,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("run_id")] string RunId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("status_message")] string StatusMessage,
    [property: JsonPropertyName("tags")] IReadOnlyList<MlflowKeyValue> Tags,
    [property: JsonPropertyName("aliases")] IReadOnlyList<string> Aliases);

public sealed record MlflowRegisteredModel(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("creation_timestamp")] long CreationTimestamp,
    [property: JsonPropertyName("last_updated_timestamp")] long LastUpdatedTimestamp,
    [property: JsonPropertyName("user_id")] string UserId,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("latest_versions")] IReadOnlyList<MlflowModelVersion> LatestVersions,
    [property: JsonPropertyName("tags")] IReadOnlyList<MlflowKeyValue> Tags,
    [property: JsonPropertyName("aliases")] IReadOnlyList<MlflowModelAlias> Aliases);

public sealed record MlflowRegisteredModelResponse([property: JsonPropertyName("registered_model")] MlflowRegisteredModel RegisteredModel);

public sealed record MlflowRegisteredModelsPage(
    [property: JsonPropertyName("registered_models")] IReadOnlyList<MlflowRegisteredModel> RegisteredModels,
    [property: JsonPropertyName("next_page_token")] string? NextPageToken);

public sealed record MlflowModelVersionResponse([property: JsonPropertyName("model_version")] MlflowModelVersion ModelVersion);

public sealed record MlflowModelVersionsPage(
    [property: JsonPropertyName("model_versions")] IReadOnlyList<MlflowModelVersion> ModelVersions,
    [property: JsonPropertyName("next_page_token")] string? NextPageToken);

public sealed record MlflowDownloadUriResponse([property: JsonPropertyName("artifact_uri")] string ArtifactUri);

/// <summary>MLflow's empty success body, <c>{}</c>.</summary>
public sealed record MlflowEmptyResponse;
