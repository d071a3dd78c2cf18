using System.Globalization;
using MlOpsPortal.Domain.Registry;

namespace MlOpsPortal.Web.Components.Pages.Registry;

/// <summary>One metric of a candidate beside the version it would replace, with the change and whether it is better.</summary>
public sealed record MetricComparison(string Metric, double? Candidate, double? Incumbent, double? Delta, bool? Better, bool HigherIsBetter)
{
    public string CandidateText => MetricComparer.Format(Candidate);

    public string IncumbentText => MetricComparer.Format(Incumbent);

    public string DeltaText => Delta is { } d ? (d > 0 ? "+" : string.Empty) + MetricComparer.Format(d) : "—";
}

/// <summary>Side-by-side metrics: candidate vs the version holding the alias, with deltas; the policy's metrics first.</summary>
public static class MetricComparer
{
    private static readonly string[] LowerIsBetter = ["loss", "log_loss", "logloss", "rmse", "mse", "mae", "brier", "error", "ece"];

    public static IReadOnlyList<MetricComparison> Compare(
        IReadOnlyDictionary<string, double> candidate,
        IReadOnlyDictionary<string, double>? incumbent,
        IReadOnlyList<MetricThreshold>? thresholds = null)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var policy = thresholds ?? [];
        var names = policy.Select(t => t.Metric)
            .Concat(candidate.Keys.Order(StringComparer.Ordinal))
            .Concat((incumbent?.Keys ?? []).Order(StringComparer.Ordinal))
            .Where(n => !string.IsNullOrWhiteSpace(n))
            .Distinct(StringComparer.Ordinal);
        var rows = new List<MetricComparison>();
        foreach (var name in names)
        {
            var c = GateEvaluator.Lookup(candidate, name);
            var i = incumbent is null ? null : GateEvaluator.Lookup(incumbent, name);
            var higher = policy.FirstOrDefault(t => t.Metric == name)?.HigherIsBetter ?? HigherIsBetterByName(name);
            double? delta = c is { } cv && i is { } iv ? cv - iv : null;
            bool? better = delta is { } d ? (d == 0 ? null : (higher ? d > 0 : d < 0)) : null;
            rows.Add(new MetricComparison(name, c, i, delta, better, higher));
        }

        return rows;
    }

    public static bool HigherIsBetterByName(string metric)
    {
        var bare = metric.ToLowerInvariant();
        foreach (var prefix in (string[])["test_", "validation_", "train_"])
        {
            if (bare.StartsWith(prefix, StringComparison.Ordinal))
            {
                bare = bare[prefix.Length..];
            }
        }

        return !LowerIsBetter.Any(l => bare == l || bare.EndsWith("_" + l, StringComparison.Ordinal));
    }

    public static string Format(double? value) => value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "—";
}
