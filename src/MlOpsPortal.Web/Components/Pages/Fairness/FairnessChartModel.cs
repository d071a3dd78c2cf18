using System.Globalization;
using MlOpsPortal.Application.Fairness;
using MlOpsPortal.Domain.Registry;

namespace MlOpsPortal.Web.Components.Pages.Fairness;

/// <summary>The range of group values the policy allows, drawn behind the bars (from the highest group down).</summary>
public sealed record PolicyBand(double Low, double High, string Label);

/// <summary>One bar chart: a rate per group of one grouping, with its intervals and the policy band when the policy constrains it.</summary>
public sealed record GroupChart(string Grouping, string Metric, string Title, IReadOnlyList<ChartBar> Bars, PolicyBand? Band)
{
    public string Id => $"chart-{Grouping}-{Metric}";
}

/// <summary>
/// Shapes the group charts of a report. A policy threshold on a disparity becomes a band on the rate it compares: a maximum
/// difference d allows [highest − d, highest]; a minimum ratio r allows [r × highest, highest]. With several, the tightest wins.
/// </summary>
public static class FairnessChartModel
{
    public static readonly IReadOnlyList<string> ChartedRates = ["selectionRate", "tpr", "fpr", "fnr"];

    private static readonly Dictionary<string, string[]> Differences = new(StringComparer.Ordinal)
    {
        ["selectionRate"] = ["demographicParityDifference", "statisticalParityDifference"],
        ["tpr"] = ["equalOpportunityDifference", "equalizedOddsDifference"],
        ["fnr"] = ["equalOpportunityDifference", "equalizedOddsDifference"],
        ["fpr"] = ["equalizedOddsDifference"],
    };

    private static readonly Dictionary<string, string[]> Ratios = new(StringComparer.Ordinal)
    {
        ["selectionRate"] = ["demographicParityRatio", "disparateImpact"],
        ["tpr"] = ["equalOpportunityRatio", "equalizedOddsRatio"],
        ["fpr"] = ["equalizedOddsRatio"],
    };

    public static IReadOnlyList<GroupChart> Charts(FairnessReportView view, string grouping, PromotionPolicy? policy)
    {
        ArgumentNullException.ThrowIfNull(view);
        return ChartedRates.Select(metric =>
        {
            var bars = view.Bars(grouping, metric);
            return new GroupChart(grouping, metric, $"{FairnessReportView.MetricTitle(metric)} by {grouping}", bars, Band(grouping, metric, bars, policy));
        }).ToList();
    }

    public static PolicyBand? Band(string grouping, string metric, IReadOnlyList<ChartBar> bars, PromotionPolicy? policy)
    {
        ArgumentNullException.ThrowIfNull(bars);
        var values = bars.Where(b => b.Value is { } v && double.IsFinite(v)).Select(b => b.Value!.Value).ToList();
        if (policy is null || values.Count == 0)
        {
            return null;
        }

        var high = values.Max();
        PolicyBand? band = null;
        foreach (var t in policy.FairnessThresholds.Where(t => t.Grouping is null || t.Grouping == grouping))
        {
            var name = t.Metric[(t.Metric.IndexOf('.', StringComparison.Ordinal) + 1)..];
            double? low = null;
            if (Differences.TryGetValue(metric, out var differences) && differences.Contains(name, StringComparer.Ordinal))
            {
                // A difference may be bounded as ≤ d (fairlearn) or ≥ −d (aif360, unprivileged minus privileged).
                var d = new[] { t.Max, t.Min is { } m ? -m : (double?)null }.Where(x => x is > 0).Select(x => x!.Value).DefaultIfEmpty(double.NaN).Min();
                low = double.IsNaN(d) ? null : high - d;
            }
            else if (Ratios.TryGetValue(metric, out var ratios) && ratios.Contains(name, StringComparer.Ordinal) && t.Min is { } r)
            {
                low = r * high;
            }

            if (low is { } l && (band is null || l > band.Low))
            {
                band = new PolicyBand(Math.Max(0, l), high, string.Create(CultureInfo.InvariantCulture, $"policy: {FairnessSummaryViewModel.Rule(t)}"));
            }
        }

        return band;
    }
}
