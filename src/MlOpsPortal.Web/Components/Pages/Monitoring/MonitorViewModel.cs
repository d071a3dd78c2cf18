using System.Globalization;
using MlOpsPortal.Infrastructure.Monitoring;
using MlOpsPortal.Web.Components.Charts;

namespace MlOpsPortal.Web.Components.Pages.Monitoring;

/// <summary>One feature's test score over the runs of a monitor, with the drift threshold and what the score means.</summary>
public sealed record FeatureDrift(string Feature, LineSeries Series, ReferenceLine? Threshold, string Meaning, int DriftedRuns);

/// <summary>Chart series and texts of the monitor pages (unit-tested without rendering).</summary>
public static class MonitorViewModel
{
    /// <summary>The dataset is drifted when at least this share of features drifted (Evidently's default).</summary>
    public const double DatasetDriftShare = 0.5;

    /// <summary>Features in the reports (oldest first), the prediction last.</summary>
    public static IReadOnlyList<string> Features(IReadOnlyList<DriftReportDto> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var features = reports.SelectMany(r => r.ColumnResults.Select(c => c.Column)).Distinct(StringComparer.Ordinal).ToList();
        if (reports.Any(r => r.Prediction is not null))
        {
            features.Add("prediction");
        }

        return features;
    }

    /// <summary>The share of drifted features per run, with the dataset-drift line at 0.5.</summary>
    public static LineSeries ShareSeries(IReadOnlyList<DriftReportDto> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var ordered = reports.OrderBy(r => r.CreatedAt).ToList();
        return new LineSeries("share of drifted features", ordered.Select(r => (object)r.CreatedAt.UtcDateTime).ToList(), ordered.Select(r => (double?)r.DriftShare).ToList(), Markers: true);
    }

    /// <summary>
    /// One feature's score per run (a gap where a run lacks it). The threshold is the latest run's; a p-value drifts below it,
    /// a distance above it.
    /// </summary>
    public static FeatureDrift FeatureSeries(IReadOnlyList<DriftReportDto> reports, string feature)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var ordered = reports.OrderBy(r => r.CreatedAt).ToList();
        var cells = ordered.Select(r => feature == "prediction" ? r.Prediction : r.ColumnResults.FirstOrDefault(c => c.Column == feature)).ToList();
        var latest = cells.LastOrDefault(c => c is not null);
        var series = new LineSeries(feature, ordered.Select(r => (object)r.CreatedAt.UtcDateTime).ToList(), cells.Select(c => c?.Score).ToList(), Markers: true);
        var threshold = latest is null ? null : new ReferenceLine(latest.Threshold,
            string.Create(CultureInfo.InvariantCulture, $"threshold {latest.Threshold:0.###}"));
        var meaning = latest is null ? "Not tested in these runs."
            : latest.ScoreIsPValue
                ? $"{latest.Method} test p-value: drift when it falls to the threshold or below."
                : $"{latest.Method} distance: drift when it reaches the threshold or above.";
        return new FeatureDrift(feature, series, threshold, meaning, cells.Count(c => c?.Drifted == true));
    }

    /// <summary>A monitor's alert rules in words.</summary>
    public static string Rules(MonitorDto m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var rules = new List<string>();
        if (m.DriftShareAlert is { } s)
        {
            rules.Add(string.Create(CultureInfo.InvariantCulture, $"drift share ≥ {s:0.##}"));
        }

        if (m.MetricAlert is { } metric && m.MetricBelow is { } floor)
        {
            rules.Add(string.Create(CultureInfo.InvariantCulture, $"{metric} < {floor:0.##}"));
        }

        if (m.RetrainRecipe is { } recipe)
        {
            rules.Add($"→ retrain '{recipe}'");
        }

        return rules.Count == 0 ? "none" : string.Join("; ", rules);
    }

    public static string Number(double? value) => value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "n/a";

    public static string When(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
