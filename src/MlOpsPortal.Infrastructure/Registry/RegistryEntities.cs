using MlOpsPortal.Domain.Registry;

namespace MlOpsPortal.Infrastructure.Registry;

/// <summary>A registered model: unique name, description, owner, tags and its promotion policy.</summary>
public sealed class RegisteredModel
{
    public long Id { get; set; }

    public string Name { get; set; } = string.Empty;

    public string? Description { get; set; }

    public string? Owner { get; set; }

    public Dictionary<string, string> Tags { get; set; } = [];

    public PromotionPolicy Policy { get; set; } = PromotionPolicy.Default;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public string? CreatedByUserId { get; set; }
}

/// <summary>A data set version a model version was trained or evaluated on, by name and version (no foreign key).</summary>
public sealed record LineageDatasetRef(string Name, string Version);

/// <summary>One integer version of a registered model with its artifact, lineage, metrics and model card.</summary>
public sealed class ModelVersion
{
    public long Id { get; set; }

    public long ModelId { get; set; }

    public int Version { get; set; }

    public ModelVersionStatus Status { get; set; }

    public string? StatusMessage { get; set; }

    /// <summary>"onnx", "package" (model package zip) or "external" (an MLflow source URI the portal does not hold).</summary>
    public string Format { get; set; } = "onnx";

    public string? Source { get; set; }

    public string? FileName { get; set; }

    public string? ArtifactSha256 { get; set; }

    public long? ArtifactSize { get; set; }

    /// <summary>SHA-256 of the ONNX graph itself (equals the artifact hash for a plain upload).</summary>
    public string? OnnxSha256 { get; set; }

    /// <summary>JSON: inputs and outputs read from the ONNX graph.</summary>
    public string? Signature { get; set; }

    public string? RunId { get; set; }

    public List<LineageDatasetRef> DatasetVersions { get; set; } = [];

    public Dictionary<string, string> Params { get; set; } = [];

    public Dictionary<string, double> Metrics { get; set; } = [];

    public Dictionary<string, string> Tags { get; set; } = [];

    public string? Description { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public string? CreatedByUserId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Model card sections (markdown) by key; see <see cref="ModelCardSections"/>.</summary>
    public Dictionary<string, string> Card { get; set; } = [];

    public ModelCardStatus CardStatus { get; set; }

    public string? CardSubmittedByUserId { get; set; }

    public uint RowVersion { get; set; }
}

/// <summary>An alias pointing at a version (one row per model and alias).</summary>
public sealed class ModelAlias
{
    public long ModelId { get; set; }

    public string Alias { get; set; } = string.Empty;

    public long VersionId { get; set; }

    public int Version { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = string.Empty;

    public Guid? RequestId { get; set; }

    public uint RowVersion { get; set; }
}

/// <summary>A request to point a protected alias at a version; moves the alias once approved.</summary>
public sealed class PromotionRequest
{
    public Guid Id { get; set; }

    public long ModelId { get; set; }

    public long VersionId { get; set; }

    public int Version { get; set; }

    public string Alias { get; set; } = string.Empty;

    public PromotionRequestState State { get; set; }

    public string Justification { get; set; } = string.Empty;

    public string RequestedBy { get; set; } = string.Empty;

    public string RequestedByUserId { get; set; } = string.Empty;

    public string? VersionCreatorUserId { get; set; }

    public int RequiredApprovals { get; set; }

    public bool CreatorMayApprove { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    /// <summary>The version that held the alias when the request was created (or when it moved).</summary>
    public int? PreviousVersion { get; set; }

    /// <summary>The gates as last evaluated.</summary>
    public List<GateResult> Gates { get; set; } = [];

    public uint RowVersion { get; set; }
}

/// <summary>An approval, rejection or cancellation of a request, with its comment.</summary>
public sealed class PromotionDecision
{
    public long Id { get; set; }

    public Guid RequestId { get; set; }

    public string UserId { get; set; } = string.Empty;

    public string UserName { get; set; } = string.Empty;

    /// <summary>"approve", "reject" or "cancel".</summary>
    public string Kind { get; set; } = string.Empty;

    public string? Comment { get; set; }

    public DateTimeOffset At { get; set; }
}

/// <summary>One line of a model's history timeline (versions, alias moves, requests, decisions).</summary>
public sealed class RegistryHistoryEntry
{
    public long Id { get; set; }

    public long ModelId { get; set; }

    public DateTimeOffset At { get; set; }

    public string Actor { get; set; } = string.Empty;

    public string? ActorUserId { get; set; }

    public string Kind { get; set; } = string.Empty;

    public int? Version { get; set; }

    public string? Alias { get; set; }

    public int? FromVersion { get; set; }

    public int? ToVersion { get; set; }

    public Guid? RequestId { get; set; }

    public string Detail { get; set; } = string.Empty;
}
