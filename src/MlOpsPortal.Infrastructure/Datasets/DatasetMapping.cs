using System.Text.Json;
using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Application.Jobs;

namespace MlOpsPortal.Infrastructure.Datasets;

internal static class DatasetMapping
{
    public const string ProfileJobKind = "dataset-profile";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string ToJson<T>(T value) => JsonSerializer.Serialize(value, Json);

    public static T FromJson<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Json) ?? throw new InvalidOperationException($"Stored JSON is not a {typeof(T).Name}.");

    public static DatasetVersionDetail ToDetail(string name, DatasetVersionRow row, JobStatus? profileJob)
    {
        var profile = row.Profile is null ? null : FromJson<DatasetProfile>(row.Profile);
        var pii = profile?.Columns.Where(c => c.Pii is not null).ToDictionary(c => c.Name, c => c.Pii, StringComparer.Ordinal);
        return new(
        row.Id,
        name,
        row.Version,
        row.Sha256,
        row.ArtifactSha256,
        row.SizeBytes,
        row.Rows,
        [.. FromJson<List<ColumnSchema>>(row.Schema).Select(c => pii?.GetValueOrDefault(c.Name) is { } p ? c with { Pii = p } : c)],
        FromJson<List<ColumnSchema>>(row.InferredSchema),
        FromJson<CsvFormat>(row.Format),
        row.CreatedBy,
        row.CreatedAt,
        row.ProfileJobId,
        ProfileStatus(row.Profile is not null, profileJob),
        profile,
        row.QualityReport is null ? "none" : FromJson<Application.Quality.QualityReport>(row.QualityReport).Status);
    }

    public static string ProfileStatus(bool hasProfile, JobStatus? job) =>
        hasProfile ? "ready" : job?.ToString().ToLowerInvariant() ?? "none";

    public static JobRequest ProfileJob(Guid jobId, Guid versionId, string label, Application.Audit.Actor actor) =>
        new(jobId, ProfileJobKind, new ProfileJobParameters(versionId, label), actor);
}

/// <summary>Parameters of a <c>dataset-profile</c> job.</summary>
public sealed record ProfileJobParameters(Guid DatasetVersionId, string Dataset);
