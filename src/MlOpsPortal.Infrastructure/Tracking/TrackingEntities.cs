using MlOpsPortal.Domain.Tracking;

namespace MlOpsPortal.Infrastructure.Tracking;

/// <summary>An experiment: a named group of runs. Id 0 is MLflow's "Default" experiment.</summary>
public sealed class Experiment
{
    public long Id { get; set; }

    public string Name { get; set; } = string.Empty;

    public string? Description { get; set; }

    public string? OwnerUserId { get; set; }

    public string Owner { get; set; } = string.Empty;

    public string ArtifactLocation { get; set; } = string.Empty;

    public string LifecycleStage { get; set; } = Domain.Tracking.LifecycleStage.Active;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class ExperimentTag
{
    public long ExperimentId { get; set; }

    public string Key { get; set; } = string.Empty;

    public string Value { get; set; } = string.Empty;
}

/// <summary>One run; <see cref="Id"/> is shown as MLflow's 32-character hex run id.</summary>
public sealed class Run
{
    public Guid Id { get; set; }

    public long ExperimentId { get; set; }

    public string Name { get; set; } = string.Empty;

    public RunStatus Status { get; set; }

    public DateTimeOffset StartTime { get; set; }

    public DateTimeOffset? EndTime { get; set; }

    public string UserId { get; set; } = string.Empty;

    public string? OwnerUserId { get; set; }

    public string Source { get; set; } = RunSource.External;

    public Guid? ParentRunId { get; set; }

    public string ArtifactLocation { get; set; } = string.Empty;

    public string LifecycleStage { get; set; } = Domain.Tracking.LifecycleStage.Active;

    public DateTimeOffset? DeletedAt { get; set; }
}

/// <summary>An immutable parameter of a run.</summary>
public sealed class RunParam
{
    public Guid RunId { get; set; }

    public string Key { get; set; } = string.Empty;

    public string Value { get; set; } = string.Empty;
}

public sealed class RunTag
{
    public Guid RunId { get; set; }

    public string Key { get; set; } = string.Empty;

    public string Value { get; set; } = string.Empty;
}

/// <summary>
/// The points of one metric that one log-batch brought, stored as one row of parallel arrays sorted by step (stable, so
/// points of the same step keep their logged order): a batch of 1,000 points over 20 keys is 20 rows, not 1,000.
/// History order is (step, chunk id, position in the chunk), which is the logged order within a step.
/// </summary>
public sealed class MetricChunk
{
    public long Id { get; set; }

    public Guid RunId { get; set; }

    public string Key { get; set; } = string.Empty;

    public long MinStep { get; set; }

    public long MaxStep { get; set; }

    public long[] Steps { get; set; } = [];

    /// <summary>Unix milliseconds, as MLflow's API carries them.</summary>
    public long[] Timestamps { get; set; } = [];

    public double[] Values { get; set; } = [];

    /// <summary>The chunk's own summary, so long histories are charted without reading the arrays.</summary>
    public int PointCount { get; set; }

    public double ValueSum { get; set; }

    public double MinValue { get; set; }

    public double MaxValue { get; set; }

    public long MinTimestamp { get; set; }

    public long MaxTimestamp { get; set; }
}

/// <summary>
/// The latest value of each metric of each run (greatest step, then timestamp, then value, as MLflow), upserted in
/// the same transaction as the history. The runs table filters and sorts on it.
/// </summary>
public sealed class LatestMetric
{
    public Guid RunId { get; set; }

    public long ExperimentId { get; set; }

    public string Key { get; set; } = string.Empty;

    public double Value { get; set; }

    public long Step { get; set; }

    public DateTimeOffset Timestamp { get; set; }
}

/// <summary>
/// A dataset version a run consumed, with its role (train/validation/test). The dataset version is a plain id so
/// the datasets feature can link it without this table depending on it.
/// </summary>
public sealed class RunInput
{
    public long Id { get; set; }

    public Guid RunId { get; set; }

    public Guid? DatasetVersionId { get; set; }

    public string DatasetName { get; set; } = string.Empty;

    public string? DatasetDigest { get; set; }

    public string Role { get; set; } = "train";
}
