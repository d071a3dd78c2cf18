using MlOpsPortal.Application.Artifacts;
using MlOpsPortal.Application.Audit;
using MlOpsPortal.Domain.Common;

namespace MlOpsPortal.Application.Datasets;

/// <summary>
/// Registered datasets and their versions. An upload is stored in the artifact store first, ingested from there, and
/// only then registered: new content under a name is the next version, identical content is the existing version.
/// </summary>
public interface IDatasetCatalog
{
    /// <summary>Uploads a CSV file; <see cref="UploadOutcome.Created"/> is false when identical content was registered already.</summary>
    Task<Result<UploadOutcome>> UploadAsync(string name, Stream content, CsvOptions options, Actor actor, CancellationToken cancellationToken);

    /// <summary>
    /// First half of an upload, for callers that learn the CSV options only after the file (a multipart body with the
    /// file part first): streams the content into the artifact store within the size limit.
    /// </summary>
    Task<Result<StoredArtifact>> StoreAsync(Stream content, CancellationToken cancellationToken);

    /// <summary>Second half of an upload: ingests the stored file and registers it under <paramref name="name"/>.</summary>
    Task<Result<UploadOutcome>> RegisterAsync(string name, StoredArtifact stored, CsvOptions options, Actor actor, CancellationToken cancellationToken);

    Task<DatasetPage> ListAsync(string? search, int skip, int take, CancellationToken cancellationToken);

    Task<Result<IReadOnlyList<DatasetVersionSummary>>> ListVersionsAsync(string name, CancellationToken cancellationToken);

    Task<Result<DatasetVersionDetail>> GetVersionAsync(string name, int version, CancellationToken cancellationToken);

    Task<Result<PreviewTable>> PreviewAsync(string name, int version, CancellationToken cancellationToken);

    /// <summary>Corrects column types (checked with <see cref="SchemaOverrides"/>) and re-profiles the version.</summary>
    Task<Result<DatasetVersionDetail>> UpdateSchemaAsync(
        string name, int version, IReadOnlyDictionary<string, ColumnType> types, Actor actor, CancellationToken cancellationToken);

    /// <summary>
    /// Renames columns (old name → new name; names stay unique, case-insensitively) everywhere the version keeps them, and
    /// re-profiles the version. The file is read by position, so its bytes and identity are unchanged.
    /// </summary>
    Task<Result<DatasetVersionDetail>> RenameColumnsAsync(
        string name, int version, IReadOnlyDictionary<string, string> renames, Actor actor, CancellationToken cancellationToken);

    /// <summary>Opens the stored file (checksum verified while it is read); the caller disposes the stream.</summary>
    Task<Result<DatasetFile>> OpenFileAsync(string name, int version, CancellationToken cancellationToken);
}

/// <summary>Configuration section <c>Datasets</c>.</summary>
public sealed class DatasetOptions
{
    public const string SectionName = "Datasets";

    /// <summary>Largest accepted upload in bytes (default 2 GiB); larger uploads get 413.</summary>
    public long MaxUploadBytes { get; set; } = 2L * 1024 * 1024 * 1024;
}

public sealed record UploadOutcome(DatasetVersionDetail Version, bool Created);

public sealed record DatasetSummary(
    Guid Id, string Name, string? Description, string Owner, DateTimeOffset CreatedAt, int LatestVersion, long LatestRows, int VersionCount);

public sealed record DatasetPage(IReadOnlyList<DatasetSummary> Items, int Total);

public sealed record DatasetVersionSummary(
    Guid Id, string Name, int Version, string Sha256, long SizeBytes, long Rows, int ColumnCount, string CreatedBy, DateTimeOffset CreatedAt, string ProfileStatus);

/// <summary>
/// A dataset version with its current schema (<see cref="Columns"/>, possibly corrected), the inferred one, its format and —
/// once the profile job has finished — its profile. <see cref="ProfileStatus"/>: <c>ready</c>, or the profile job's status
/// in lower case (<c>queued</c>, <c>running</c>, <c>failed</c>, <c>cancelled</c>). <see cref="QualityStatus"/>: the status of
/// the version's data-quality report (<c>passed</c>, <c>warning</c>, <c>failing</c>) or <c>none</c> before one exists.
/// </summary>
public sealed record DatasetVersionDetail(
    Guid Id,
    string Name,
    int Version,
    string Sha256,
    string ArtifactSha256,
    long SizeBytes,
    long Rows,
    IReadOnlyList<ColumnSchema> Columns,
    IReadOnlyList<ColumnSchema> InferredColumns,
    CsvFormat Format,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    Guid? ProfileJobId,
    string ProfileStatus,
    DatasetProfile? Profile,
    string QualityStatus = "none");

public sealed record DatasetFile(Stream Content, string FileName, long SizeBytes);
