using System.Globalization;
using MlOpsPortal.Application.Fairness;
using MlOpsPortal.Domain.Registry;

namespace MlOpsPortal.Web.Components.Pages.Fairness;

/// <summary>Where one report number stands against one threshold of the model's fairness policy.</summary>
public enum PolicyVerdict
{
    Within,
    Outside,
    Undefined,
    Missing,
}

/// <summary>
/// One policy threshold checked on one grouping: the value, the verdict and by how much it is inside (distance to the
/// nearest bound) or outside (distance past the bound).
/// </summary>
public sealed record PolicyCheck(string Rule, string Grouping, string Metric, double? Value, PolicyVerdict Verdict, double? By)
{
    public string ValueText => FairnessFormat.Number(Value);

    public string VerdictText => Verdict switch
    {
        PolicyVerdict.Within => $"within, by {FairnessFormat.Number(By)}",
        PolicyVerdict.Outside => $"outside, by {FairnessFormat.Number(By)}",
        PolicyVerdict.Undefined => "undefined (n/a): does not meet the threshold",
        _ => "not in this report",
    };
}

/// <summary>The group of a grouping with the lowest selection rate, against the group with the highest.</summary>
public sealed record WorstGroup(string Grouping, string Group, double SelectionRate, string BestGroup, double BestSelectionRate)
{
    public double Ratio => BestSelectionRate > 0 ? SelectionRate / BestSelectionRate : double.NaN;

    public string Text => string.Create(CultureInfo.InvariantCulture,
        $"{Group}: selection rate {FairnessFormat.Number(SelectionRate)} against {FairnessFormat.Number(BestSelectionRate)} for {BestGroup} (ratio {FairnessFormat.Number(Ratio)})");
}

/// <summary>Overall state of a report against the model's fairness policy.</summary>
public enum PolicyState
{
    NoPolicy,
    Met,
    NotMet,
    Incomplete,
}

/// <summary>
/// The summary card of a fairness report: each metric the model's fairness policy names, within or outside its bound and by
/// how much, and the worst group of each grouping. Free of UI code (unit-tested); resolution of metric names follows the
/// promotion gate (<see cref="FairnessGate"/>): "convention.metric", or a bare name as fairlearn first, then aif360.
/// </summary>
public sealed class FairnessSummaryViewModel
{
    public FairnessSummaryViewModel(FairnessReportDto report, string? model, PromotionPolicy? policy)
    {
        ArgumentNullException.ThrowIfNull(report);
        Model = model;
        Policy = policy;
        if (report.Result is not { } result)
        {
            return;
        }

        var metrics = FairnessEvidenceMapper.ToEvidence(report.Id, report.Dataset.Name, report.Dataset.Version, report.CreatedAt, result).Metrics;
        Checks = (policy?.FairnessThresholds ?? []).SelectMany(t => Check(metrics, t)).ToList();
        WorstGroups = result.Groups
            .Where(g => g.SelectionRate is not null)
            .GroupBy(g => FairnessReportMapper.GroupingName(g.Group.Keys.ToList()))
            .Where(g => g.Count() > 1)
            .Select(g =>
            {
                var worst = g.MinBy(x => x.SelectionRate)!;
                var best = g.MaxBy(x => x.SelectionRate)!;
                return new WorstGroup(g.Key, string.Join(" · ", worst.Group.Values), worst.SelectionRate!.Value, string.Join(" · ", best.Group.Values), best.SelectionRate!.Value);
            })
            .ToList();
    }

    public string? Model { get; }

    public PromotionPolicy? Policy { get; }

    public IReadOnlyList<PolicyCheck> Checks { get; } = [];

    public IReadOnlyList<WorstGroup> WorstGroups { get; } = [];

    public PolicyState State => Checks.Count == 0 ? PolicyState.NoPolicy
        : Checks.Any(c => c.Verdict is PolicyVerdict.Outside or PolicyVerdict.Undefined) ? PolicyState.NotMet
        : Checks.Any(c => c.Verdict == PolicyVerdict.Missing) ? PolicyState.Incomplete
        : PolicyState.Met;

    public string Headline => State switch
    {
        PolicyState.Met => $"Within {Model}'s fairness policy: all {Checks.Count} check(s) met.",
        PolicyState.NotMet => $"Outside {Model}'s fairness policy: {Checks.Count(c => c.Verdict is PolicyVerdict.Outside or PolicyVerdict.Undefined)} of {Checks.Count} check(s) not met.",
        PolicyState.Incomplete => $"{Checks.Count(c => c.Verdict == PolicyVerdict.Missing)} metric(s) of {Model}'s fairness policy are not in this report.",
        _ => Model is null
            ? "This report is not tied to a registered model, so no fairness policy applies."
            : $"{Model}'s promotion policy sets no fairness thresholds.",
    };

    /// <summary>The policy rule in words, e.g. "aif360.disparateImpact ≥ 0.8".</summary>
    public static string Rule(FairnessThreshold threshold)
    {
        ArgumentNullException.ThrowIfNull(threshold);
        var bounds = new[] { threshold.Min is { } min ? "≥ " + FairnessFormat.Number(min) : null, threshold.Max is { } max ? "≤ " + FairnessFormat.Number(max) : null };
        return $"{threshold.Metric} {string.Join(" and ", bounds.Where(b => b is not null))}" + (threshold.Grouping is null ? string.Empty : $" (by {threshold.Grouping})");
    }

    /// <summary>Verdict of one value against a min and/or max: inside by the distance to the nearest bound, outside by the distance past it.</summary>
    public static (PolicyVerdict Verdict, double? By) Judge(double? value, double? min, double? max)
    {
        if (value is not { } v || !double.IsFinite(v))
        {
            return (PolicyVerdict.Undefined, null);
        }

        if (min is { } lo && v < lo)
        {
            return (PolicyVerdict.Outside, lo - v);
        }

        if (max is { } hi && v > hi)
        {
            return (PolicyVerdict.Outside, v - hi);
        }

        var margins = new[] { min is { } a ? v - a : (double?)null, max is { } b ? b - v : null }.Where(m => m is not null).Select(m => m!.Value).ToList();
        return (PolicyVerdict.Within, margins.Count == 0 ? null : margins.Min());
    }

    private static IEnumerable<PolicyCheck> Check(IReadOnlyList<FairnessMetricValue> metrics, FairnessThreshold t)
    {
        var rule = Rule(t);
        var found = Resolve(metrics, t);
        if (found.Count == 0)
        {
            yield return new PolicyCheck(rule, t.Grouping ?? "any", t.Metric, null, PolicyVerdict.Missing, null);
            yield break;
        }

        foreach (var v in found)
        {
            var (verdict, by) = Judge(v.Value, t.Min, t.Max);
            yield return new PolicyCheck(rule, v.Grouping, $"{v.Convention}.{v.Metric}", v.Value, verdict, by);
        }
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
}
