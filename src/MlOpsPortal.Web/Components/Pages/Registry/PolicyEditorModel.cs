using MlOpsPortal.Domain.Registry;

namespace MlOpsPortal.Web.Components.Pages.Registry;

/// <summary>
/// The promotion policy form: its fields, rows and the checks said in the user's words next to each field (the server
/// checks the same rules again).
/// </summary>
public sealed class PolicyEditorModel
{
    public int Approvals { get; set; } = 1;

    public double ExpiryHours { get; set; } = 168;

    public string? Holdout { get; set; }

    /// <summary>The dataset whose fairness reports gate (3) reads (any version of it).</summary>
    public string? FairnessDataset { get; set; }

    public bool CreatorMayApprove { get; set; }

    public HashSet<GateKind> Blocking { get; private set; } = [];

    public List<MetricRow> Metrics { get; private set; } = [];

    public List<FairnessRow> Fairness { get; private set; } = [];

    public static PolicyEditorModel From(PromotionPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new PolicyEditorModel
        {
            Approvals = policy.RequiredApprovals,
            ExpiryHours = policy.ExpiryHours,
            Holdout = policy.HoldoutDataset,
            FairnessDataset = policy.FairnessDataset,
            CreatorMayApprove = policy.CreatorMayApprove,
            Blocking = policy.BlockingGates.ToHashSet(),
            Metrics = policy.MetricThresholds.Select(t => new MetricRow { Metric = t.Metric, Threshold = t.Threshold, MinAbsoluteChange = t.MinAbsoluteChange, MinRelativeChange = t.MinRelativeChange, HigherIsBetter = t.HigherIsBetter }).ToList(),
            Fairness = policy.FairnessThresholds.Select(t => new FairnessRow { Metric = t.Metric, Min = t.Min, Max = t.Max, Grouping = t.Grouping }).ToList(),
        };
    }

    /// <summary>Problems by field key ("approvals", "expiry", "fairness-dataset", "metric-0", "fairness-1"); empty when the form can be saved.</summary>
    public IReadOnlyDictionary<string, string> Validate()
    {
        var problems = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Approvals is < 1 or > 10)
        {
            problems["approvals"] = "Ask for between 1 and 10 approvals.";
        }

        if (ExpiryHours is <= 0 or > 24 * 90)
        {
            problems["expiry"] = "Requests must expire after more than 0 hours and at most 2160 hours (90 days).";
        }

        if (Fairness.Count > 0 && string.IsNullOrWhiteSpace(FairnessDataset))
        {
            problems["fairness-dataset"] = "Choose the dataset whose fairness reports the fairness thresholds are checked on.";
        }

        for (var i = 0; i < Metrics.Count; i++)
        {
            var row = Metrics[i];
            if (string.IsNullOrWhiteSpace(row.Metric))
            {
                problems[$"metric-{i}"] = "Name the metric, e.g. roc_auc.";
            }
            else if (row.Threshold is null && row.MinAbsoluteChange is null && row.MinRelativeChange is null)
            {
                problems[$"metric-{i}"] = $"Give {row.Metric.Trim()} a minimum, or a minimum improvement over the current version.";
            }
        }

        for (var i = 0; i < Fairness.Count; i++)
        {
            var row = Fairness[i];
            if (string.IsNullOrWhiteSpace(row.Metric))
            {
                problems[$"fairness-{i}"] = "Name the fairness metric, e.g. aif360.disparateImpact.";
            }
            else if (row.Min is null && row.Max is null)
            {
                problems[$"fairness-{i}"] = $"Give {row.Metric.Trim()} a lowest or a highest allowed value.";
            }
        }

        return problems;
    }

    public PromotionPolicy ToPolicy() => new()
    {
        RequiredApprovals = Approvals,
        ExpiryHours = ExpiryHours,
        CreatorMayApprove = CreatorMayApprove,
        HoldoutDataset = Blank(Holdout),
        FairnessDataset = Blank(FairnessDataset),
        BlockingGates = Enum.GetValues<GateKind>().Where(Blocking.Contains).ToList(),
        MetricThresholds = Metrics.Select(r => new MetricThreshold(r.Metric?.Trim() ?? string.Empty, r.Threshold, r.MinAbsoluteChange, r.MinRelativeChange, r.HigherIsBetter)).ToList(),
        FairnessThresholds = Fairness.Select(r => new FairnessThreshold(r.Metric?.Trim() ?? string.Empty, r.Min, r.Max, Blank(r.Grouping))).ToList(),
    };

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    public sealed class MetricRow
    {
        public string? Metric { get; set; }

        public double? Threshold { get; set; }

        public double? MinAbsoluteChange { get; set; }

        public double? MinRelativeChange { get; set; }

        public bool HigherIsBetter { get; set; } = true;
    }

    public sealed class FairnessRow
    {
        public string? Metric { get; set; }

        public double? Min { get; set; }

        public double? Max { get; set; }

        public string? Grouping { get; set; }
    }
}
