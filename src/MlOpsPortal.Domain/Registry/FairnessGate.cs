using System.Globalization;

namespace MlOpsPortal.Domain.Registry;

/// <summary>
/// A fairness policy threshold on a report metric: <c>"aif360.disparateImpact" ≥ 0.8</c>, <c>"fairlearn.equalizedOddsDifference" ≤ 0.1</c>.
/// A name without a convention prefix resolves to fairlearn (between_groups) first, then aif360. It applies to every grouping
/// of the report that has the metric (all must pass) unless <see cref="Grouping"/> names one (e.g. "sex" or "sex×race").
/// </summary>
public sealed record FairnessThreshold(string Metric, double? Min = null, double? Max = null, string? Grouping = null);

/// <summary>One number of a fairness report as the gate sees it; null = undefined ("n/a").</summary>
public sealed record FairnessMetricValue(string Grouping, string Convention, string Metric, double? Value);

/// <summary>The latest report for the candidate version on the model's fairness dataset.</summary>
public sealed record FairnessEvidence(Guid ReportId, string Dataset, int DatasetVersion, DateTimeOffset CreatedAt, IReadOnlyList<FairnessMetricValue> Metrics);

/// <summary>Gate (3): pass/fail per threshold against the evidence; an undefined value does not meet a threshold.</summary>
public static class FairnessGate
{
    public static GateResult Evaluate(PromotionPolicy policy, FairnessEvidence? evidence, bool blocking)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.FairnessDataset is null || policy.FairnessThresholds.Count == 0)
        {
            return new GateResult(GateKind.Fairness, GateOutcome.NotConfigured, blocking,
                "Not configured: the policy names no fairness dataset or sets no fairness thresholds.", []);
        }

        if (evidence is null)
        {
            return new GateResult(GateKind.Fairness, GateOutcome.NoEvidence, blocking,
                $"No evidence yet: no finished fairness report for this version on '{policy.FairnessDataset}'.", []);
        }

        var lines = new List<string> { $"report {evidence.ReportId} on {evidence.Dataset} v{evidence.DatasetVersion} ({evidence.CreatedAt:yyyy-MM-dd HH:mm} UTC)" };
        GateLink[] links = [new($"fairness report on {evidence.Dataset} v{evidence.DatasetVersion}", $"/fairness/reports/{evidence.ReportId}")];
        var failed = 0;
        var missing = 0;
        foreach (var t in policy.FairnessThresholds)
        {
            var values = Resolve(evidence.Metrics, t);
            if (values.Count == 0)
            {
                missing++;
                lines.Add($"{t.Metric}: not in the report{(t.Grouping is null ? string.Empty : $" for grouping '{t.Grouping}'")}");
                continue;
            }

            foreach (var v in values)
            {
                var ok = v.Value is { } x && (t.Min is null || x >= t.Min) && (t.Max is null || x <= t.Max);
                failed += ok ? 0 : 1;
                var bound = string.Join(" and ", new[] { t.Min is { } min ? "≥ " + F(min) : null, t.Max is { } max ? "≤ " + F(max) : null }.Where(s => s is not null));
                lines.Add($"{(ok ? "pass" : "fail")}: {v.Convention}.{v.Metric} by {v.Grouping} = {(v.Value is { } y ? F(y) : "n/a")} {bound}");
            }
        }

        if (failed > 0)
        {
            return new GateResult(GateKind.Fairness, GateOutcome.Failed, blocking, $"{failed} fairness check(s) not met.", lines, links);
        }

        return missing > 0
            ? new GateResult(GateKind.Fairness, GateOutcome.NoEvidence, blocking, $"{missing} fairness metric(s) missing from the report.", lines, links)
            : new GateResult(GateKind.Fairness, GateOutcome.Passed, blocking, $"All {policy.FairnessThresholds.Count} fairness threshold(s) met.", lines, links);
    }

    private static List<FairnessMetricValue> Resolve(IReadOnlyList<FairnessMetricValue> metrics, FairnessThreshold t)
    {
        var dot = t.Metric.IndexOf('.', StringComparison.Ordinal);
        var conventions = dot > 0 ? [t.Metric[..dot]] : new[] { "fairlearn", "aif360" };
        var name = dot > 0 ? t.Metric[(dot + 1)..] : t.Metric;
        foreach (var convention in conventions)
        {
            var found = metrics.Where(m => m.Convention == convention && m.Metric == name && (t.Grouping is null || m.Grouping == t.Grouping)).ToList();
            if (found.Count > 0)
            {
                return found;
            }
        }

        return [];
    }

    private static string F(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
}
