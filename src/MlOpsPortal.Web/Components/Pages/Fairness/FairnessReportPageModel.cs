using System.Globalization;
using MlOpsPortal.Application.Fairness;
using MlOpsPortal.Web.Components.Charts;

namespace MlOpsPortal.Web.Components.Pages.Fairness;

/// <summary>Text and chart series of the report page (unit-tested without rendering).</summary>
public static class FairnessReportPageModel
{
    /// <summary>What the report was asked, in words.</summary>
    public static string Describe(FairnessReportDto r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var q = r.Request;
        var how = q.Prediction is { } p
            ? $"prediction column {p}"
            : string.Create(CultureInfo.InvariantCulture, $"score {q.Score ?? "of the model (ONNX Runtime)"} ≥ {q.Threshold ?? 0.5}");
        var features = string.Join(", ", q.SensitiveFeatures?.Select(f => f.Name) ?? []);
        return $"Label {q.Label}, positive = {q.PositiveLabel}, {how}; sensitive features: {features}. Created by {r.CreatedBy} on "
            + r.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC.";
    }

    /// <summary>Rows and bootstrap method, in words; null until the report is computed.</summary>
    public static string? Facts(FairnessReportDto r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return r.Bootstrap is not { } b ? null : string.Create(CultureInfo.InvariantCulture,
            $"{r.Rows:N0} rows. Intervals: {b.Resamples} bootstrap resamples, {b.ConfidenceLevel * 100:0.#}% percentile, seed {b.Seed}, stratified by group.");
    }

    public static BarSeries Bars(GroupChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        return new BarSeries(FairnessReportView.MetricTitle(chart.Metric), chart.Bars.Select(b => b.Group).ToList(), chart.Bars.Select(b => b.Value).ToList(),
            chart.Bars.Select(b => b.Low).ToList(), chart.Bars.Select(b => b.High).ToList());
    }

    public static IReadOnlyList<LineSeries> RocSeries(IReadOnlyList<RocCurveDto> roc, string grouping)
    {
        ArgumentNullException.ThrowIfNull(roc);
        var curves = FairnessPageModel.Curves(roc, grouping)
            .Select(c => new LineSeries(c.Group, c.Points.Select(p => (object)p.Fpr).ToList(), c.Points.Select(p => (double?)p.Tpr).ToList()))
            .ToList();
        curves.Add(new LineSeries("chance", [0d, 1d], [0d, 1d], Dashed: true));
        return curves;
    }
}
