namespace MlOpsPortal.Infrastructure.Datasets;

/// <summary>A row of <c>datasets</c>: a name under which versions are registered.</summary>
public sealed class DatasetRow
{
    public Guid Id { get; set; }

    public string Name { get; set; } = string.Empty;

    public string? Description { get; set; }

    public string Owner { get; set; } = string.Empty;

    public string? OwnerUserId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The dataset's data-quality rules (<see cref="Application.Quality.QualityRuleSet"/> as JSON); null = none.</summary>
    public string? QualityRules { get; set; }
}

/// <summary>
/// A row of <c>dataset_versions</c>. JSON columns (jsonb): the CSV format, the ingestion summaries (to check type
/// corrections without reading the file again), the inferred and the current column schema, and the profile.
/// </summary>
public sealed class DatasetVersionRow
{
    public Guid Id { get; set; }

    public Guid DatasetId { get; set; }

    public int Version { get; set; }

    /// <summary>SHA-256 of the file as ingested.</summary>
    public string Sha256 { get; set; } = string.Empty;

    /// <summary>Address of the file in the artifact store (content-addressed, so equal to <see cref="Sha256"/>).</summary>
    public string ArtifactSha256 { get; set; } = string.Empty;

    public long SizeBytes { get; set; }

    public long Rows { get; set; }

    public string Format { get; set; } = "{}";

    public string Ingestion { get; set; } = "{}";

    public string InferredSchema { get; set; } = "[]";

    public string Schema { get; set; } = "[]";

    public string? Profile { get; set; }

    public Guid? ProfileJobId { get; set; }

    /// <summary>The version's quality report (<see cref="Application.Quality.QualityReport"/> as JSON), written by the profile job.</summary>
    public string? QualityReport { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public string? CreatedByUserId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// A row of <c>dataset_column_caches</c>: the typed column blob (<see cref="MlOpsPortal.Application.Datasets.DatasetTableCodec"/>)
/// of a dataset version parsed under one schema. <see cref="SchemaKey"/> hashes the format, the column schema and the
/// codec version, so correcting the schema simply misses the old entry (ADR 0006).
/// </summary>
public sealed class DatasetColumnCacheRow
{
    public Guid DatasetVersionId { get; set; }

    public string SchemaKey { get; set; } = string.Empty;

    public string ArtifactSha256 { get; set; } = string.Empty;

    public long SizeBytes { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
