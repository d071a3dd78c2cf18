using System.Text.Json.Serialization;
namespace MlOpsPortal.Domain.Registry;

/// <summary>The gates a promotion request is checked against.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<GateKind>))]
public enum GateKind
{
    /// <summary>(1) An evaluation on the model's designated holdout data set exists.</summary>
    Evaluation,

    /// <summary>(2) Metric thresholds against the version now holding the alias.</summary>
    MetricThresholds,

    /// <summary>(3) A fairness report within policy.</summary>
    Fairness,

    /// <summary>(4) The version's model card is Approved.</summary>
    ModelCard,

    /// <summary>(5) The quality report of the training data has no failing blocking rule.</summary>
    DataQuality,
}

/// <summary>
/// An MLflow-style metric threshold: an absolute floor (ceiling when lower is better) and minimum absolute / relative
/// improvement over the version that holds the alias now.
/// </summary>
public sealed record MetricThreshold(
    string Metric,
    double? Threshold = null,
    double? MinAbsoluteChange = null,
    double? MinRelativeChange = null,
    bool HigherIsBetter = true);

/// <summary>Per-model promotion policy.</summary>
public sealed record PromotionPolicy
{
    public static readonly PromotionPolicy Default = new();

    /// <summary>Distinct approvals needed before the alias moves (default 1).</summary>
    public int RequiredApprovals { get; init; } = 1;

    /// <summary>When false (default) the user who registered the version cannot approve its promotion either.</summary>
    public bool CreatorMayApprove { get; init; }

    /// <summary>Gates whose outcome must be Passed for the alias to move; the others are shown as information.</summary>
    public IReadOnlyList<GateKind> BlockingGates { get; init; } = [GateKind.ModelCard];

    public IReadOnlyList<MetricThreshold> MetricThresholds { get; init; } = [];

    /// <summary>How long a request stays open (default 7 days).</summary>
    public double ExpiryHours { get; init; } = 168;

    /// <summary>Designated holdout data set (name) for gate (1); null = not configured.</summary>
    public string? HoldoutDataset { get; init; }

    /// <summary>Designated fairness dataset (name) for gate (3): the latest finished report of the version on it counts.</summary>
    public string? FairnessDataset { get; init; }

    /// <summary>Fairness thresholds for gate (3), e.g. aif360.disparateImpact ≥ 0.8, fairlearn.equalizedOddsDifference ≤ 0.1.</summary>
    public IReadOnlyList<FairnessThreshold> FairnessThresholds { get; init; } = [];

    public IEnumerable<string> Validate()
    {
        if (RequiredApprovals is < 1 or > 10)
        {
            yield return "requiredApprovals must be between 1 and 10.";
        }

        if (ExpiryHours is <= 0 or > 24 * 90)
        {
            yield return "expiryHours must be greater than 0 and at most 2160 (90 days).";
        }

        foreach (var f in FairnessThresholds)
        {
            if (string.IsNullOrWhiteSpace(f.Metric) || (f.Min is null && f.Max is null))
            {
                yield return $"Fairness threshold '{f.Metric}' needs a metric name and a min or a max.";
            }
        }

        if (FairnessThresholds.Count > 0 && string.IsNullOrWhiteSpace(FairnessDataset))
        {
            yield return "Fairness thresholds need a fairnessDataset (the dataset whose reports the gate reads).";
        }

        foreach (var t in MetricThresholds)
        {
            if (string.IsNullOrWhiteSpace(t.Metric))
            {
                yield return "Every metric threshold needs a metric name.";
            }
            else if (t.Threshold is null && t.MinAbsoluteChange is null && t.MinRelativeChange is null)
            {
                yield return $"Metric threshold '{t.Metric}' sets no threshold, minAbsoluteChange or minRelativeChange.";
            }
        }
    }
}
