using System.Globalization;
using MlOpsPortal.Infrastructure.Tracking;

namespace MlOpsPortal.Web.Components.Pages.Tracking;

/// <summary>One run on the scatter: x is the parameter (its value, or its category position), y the run's latest metric value.</summary>
public sealed record ScatterPoint(string RunId, string RunName, double X, double Y, string ParamValue, string MetricValue)
{
    /// <summary>The tooltip text: the run and both values.</summary>
    public string Tooltip(string paramKey, string metricKey) => $"{RunName}: {paramKey} = {ParamValue}, {metricKey} = {MetricValue}";
}

/// <summary>
/// Points of a parameter-against-metric scatter. A numeric parameter (every value parses as a finite double) is plotted at its
/// value; otherwise its distinct values sit at positions 0..n-1 in ordinal order and <see cref="Categories"/> labels them.
/// </summary>
public sealed record ScatterPlot(
    string? ParamKey,
    string? MetricKey,
    IReadOnlyList<ScatterPoint> Points,
    bool Numeric,
    IReadOnlyList<string> Categories,
    string? LeftOut)
{
    public static readonly ScatterPlot Empty = new(null, null, [], true, [], null);

    /// <summary>Category axis bounds with a spare position each side, so no point sits on the plot edge; null (automatic) when numeric.</summary>
    public double? AxisMin => Numeric ? null : -1;

    public double? AxisMax => Numeric ? null : Categories.Count;

    public double? AxisStep => Numeric ? null : 1;

    /// <summary>Axis label for a tick: the category at an integer position, blank between or outside categories.</summary>
    public string CategoryLabel(object value)
    {
        var position = Convert.ToDouble(value, CultureInfo.InvariantCulture);
        var index = (int)Math.Round(position);
        return Math.Abs(position - index) < 1e-9 && index >= 0 && index < Categories.Count ? Categories[index] : string.Empty;
    }
}

/// <summary>Builds the compare page's scatter of one parameter against one metric, one point per run that has both.</summary>
public static class CompareScatter
{
    /// <summary>The first parameter whose values differ between the runs, else the first parameter, else none.</summary>
    public static string? DefaultParam(IReadOnlyList<CompareRow> paramRows) =>
        (paramRows.FirstOrDefault(r => r.Differs) ?? (paramRows.Count > 0 ? paramRows[0] : null))?.Key;

    /// <summary>The metric chosen for the overlay when the runs have it, else the first metric, else none.</summary>
    public static string? DefaultMetric(IReadOnlyList<CompareRow> metricRows, string? overlayKey) =>
        metricRows.Any(r => r.Key == overlayKey) ? overlayKey : metricRows.Count > 0 ? metricRows[0].Key : null;

    public static ScatterPlot Build(IReadOnlyList<RunDto> runs, string? paramKey, string? metricKey)
    {
        if (paramKey is null || metricKey is null)
        {
            return ScatterPlot.Empty;
        }

        var withParam = runs.Select(r => (Run: r, Value: r.Params.FirstOrDefault(p => p.Key == paramKey)?.Value)).ToList();
        var lackingParam = withParam.Count(r => r.Value is null);
        var plotted = withParam
            .Where(r => r.Value is not null)
            .Select(r => (r.Run, Param: r.Value!, Metric: r.Run.Metrics.FirstOrDefault(m => m.Key == metricKey)))
            .ToList();
        var lackingMetric = plotted.Count(r => r.Metric is null);
        plotted.RemoveAll(r => r.Metric is null);

        var numbers = plotted.Select(r => ParseFinite(r.Param)).ToList();
        var numeric = numbers.All(n => n is not null);
        var categories = numeric ? [] : plotted.Select(r => r.Param).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var points = plotted
            .Select((r, i) => new ScatterPoint(
                r.Run.Info.RunId,
                r.Run.Info.RunName,
                numeric ? numbers[i]!.Value : categories.IndexOf(r.Param),
                r.Metric!.Value,
                r.Param,
                r.Metric.Value.ToString("G6", CultureInfo.InvariantCulture)))
            .OrderBy(p => p.X)
            .ThenBy(p => p.RunName, StringComparer.Ordinal)
            .ToList();

        return new ScatterPlot(paramKey, metricKey, points, numeric, categories, LeftOutMessage(lackingParam, paramKey, lackingMetric, metricKey));
    }

    /// <summary>"2 runs have no value for max_depth; 1 run has no value for auc" — null when every run is plotted.</summary>
    public static string? LeftOutMessage(int lackingParam, string paramKey, int lackingMetric, string metricKey)
    {
        var parts = new List<string>();
        if (lackingParam > 0)
        {
            parts.Add(NoValue(lackingParam, paramKey));
        }

        if (lackingMetric > 0)
        {
            parts.Add(NoValue(lackingMetric, metricKey));
        }

        return parts.Count == 0 ? null : "Left out of the scatter: " + string.Join("; ", parts) + ".";
    }

    private static string NoValue(int count, string key) =>
        count == 1 ? $"1 run has no value for {key}" : $"{count} runs have no value for {key}";

    private static double? ParseFinite(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) ? number : null;
}
