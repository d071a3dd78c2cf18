using MlOpsPortal.Application.Audit;
using MlOpsPortal.Domain.Registry;

namespace MlOpsPortal.Infrastructure.Registry;

/// <summary>Who is calling, with the roles that registry rules depend on.</summary>
public sealed record RegistryCaller(string UserId, string UserName, bool IsAdmin, bool IsApprover, bool CanWrite)
{
    public Actor Actor => new(UserName, UserId);
}

public sealed record ModelSummary(long Id, string Name, string? Description, string? Owner, int LatestVersion, IReadOnlyDictionary<string, int> Aliases, DateTimeOffset UpdatedAt);

public sealed record ModelDetail(
    long Id,
    string Name,
    string? Description,
    string? Owner,
    IReadOnlyDictionary<string, string> Tags,
    PromotionPolicy Policy,
    IReadOnlyList<string> ProtectedAliases,
    IReadOnlyList<AliasInfo> Aliases,
    IReadOnlyList<VersionInfo> Versions,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string CreatedBy);

public sealed record AliasInfo(string Alias, int Version, bool Protected, DateTimeOffset UpdatedAt, string UpdatedBy, Guid? RequestId);

public sealed record VersionInfo(
    string Model,
    int Version,
    string Status,
    string? StatusMessage,
    string Format,
    string? Source,
    string? FileName,
    string? ArtifactSha256,
    long? ArtifactSize,
    string? OnnxSha256,
    string? Signature,
    string? RunId,
    IReadOnlyList<LineageDatasetRef> DatasetVersions,
    IReadOnlyDictionary<string, string> Params,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyDictionary<string, string> Tags,
    string? Description,
    IReadOnlyList<string> Aliases,
    ModelCardStatus CardStatus,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>
/// A model card: the sections people wrote, the sections the portal fills in from evidence (<see cref="Generated"/>:
/// evaluation records and the latest fairness report, recomputed on every read) and the whole card as markdown.
/// </summary>
public sealed record ModelCardInfo(string Model, int Version, ModelCardStatus Status, IReadOnlyDictionary<string, string> Sections, string Markdown, IReadOnlyDictionary<string, string> Generated);

public sealed record DecisionInfo(string UserName, string Kind, string? Comment, DateTimeOffset At);

public sealed record PromotionRequestInfo(
    Guid Id,
    string Model,
    int Version,
    string Alias,
    PromotionRequestState State,
    string Justification,
    string RequestedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? DecidedAt,
    int? PreviousVersion,
    int RequiredApprovals,
    int Approvals,
    IReadOnlyList<GateResult> Gates,
    IReadOnlyList<DecisionInfo> Decisions,
    bool CanDecide);

public sealed record HistoryItem(long Id, DateTimeOffset At, string Actor, string Kind, int? Version, string? Alias, int? FromVersion, int? ToVersion, Guid? RequestId, string Detail);

/// <summary>Input for a new registered model.</summary>
public sealed record CreateModel(string Name, string? Description, string? Owner, IReadOnlyDictionary<string, string>? Tags);

/// <summary>Lineage and metadata that come with a new version.</summary>
public sealed record VersionLineage(
    string? RunId = null,
    IReadOnlyList<LineageDatasetRef>? DatasetVersions = null,
    IReadOnlyDictionary<string, string>? Params = null,
    IReadOnlyDictionary<string, double>? Metrics = null,
    IReadOnlyDictionary<string, string>? Tags = null,
    string? Description = null);

/// <summary>An uploaded model file: plain ONNX or a model package zip.</summary>
public sealed record UploadedModel(string FileName, byte[] Content, bool IsPackage);
