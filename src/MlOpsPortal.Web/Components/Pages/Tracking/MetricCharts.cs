using MlOpsPortal.Infrastructure.Tracking;
using Plotly.Blazor;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;

namespace MlOpsPortal.Web.Components.Pages.Tracking;

/// <summary>One learning-curve chart: the metrics of one family (train_auc and validation_auc are both "auc").</summary>
public sealed record MetricFamily(string Name, IReadOnlyList<ChartSeries> Series)
{
    public long TotalPoints => Series.Sum(s => s.TotalPoints);
}

/// <summary>A metric logged once (a final score): shown as a value in a table, not as a one-point chart.</summary>
public sealed record SingleMetric(string Key, string Value, long Step);

/// <summary>How the x axis of a metric chart reads: training step, or time since the first point in seconds or minutes.</summary>
public sealed record MetricAxis(string Title, Func<ChartPoint, double> X);

/// <summary>Builds the run page's and compare page's Plotly charts from metric histories.</summary>
public static class MetricCharts
{
    private static readonly string[] SplitPrefixes = ["train_", "training_", "validation_", "valid_", "val_", "eval_", "test_", "cv_"];

    /// <summary>The family a metric key belongs to: its name without a train/validation/test prefix.</summary>
    public static string Family(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        foreach (var prefix in SplitPrefixes)
        {
            if (key.Length > prefix.Length && key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return key[prefix.Length..];
            }
        }

        return key;
    }

    /// <summary>Series with more than one point, grouped by family (families and series in key order).</summary>
    public static IReadOnlyList<MetricFamily> Group(IEnumerable<ChartSeries> series) =>
        series.Where(s => s.TotalPoints > 1)
            .GroupBy(s => Family(s.Key), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new MetricFamily(g.Key, g.OrderBy(s => SplitOrder(s.Key)).ThenBy(s => s.Key, StringComparer.Ordinal).ToList()))
            .ToList();

    /// <summary>The latest values of the metrics without a chart (logged once, like final test scores), readable.</summary>
    public static IReadOnlyList<SingleMetric> Singles(IEnumerable<MetricValue> latest, IReadOnlySet<string> charted) =>
        latest.Where(m => !charted.Contains(m.Key))
            .OrderBy(m => m.Key, StringComparer.Ordinal)
            .Select(m => new SingleMetric(m.Key, NumberFormat.Format(m.Value), m.Step))
            .ToList();

    /// <summary>
    /// The x axis for some series: the step, or — by time — seconds (minutes past ten minutes) since the earliest point of
    /// all of them, never raw epoch milliseconds.
    /// </summary>
    public static MetricAxis Axis(IReadOnlyCollection<ChartSeries> series, bool byTime)
    {
        if (!byTime || series.Count == 0 || !series.Any(s => s.ByTime))
        {
            return new MetricAxis("step", p => p.X);
        }

        var points = series.SelectMany(s => s.Points).ToList();
        if (points.Count == 0)
        {
            return new MetricAxis("seconds", p => p.X);
        }

        var origin = points.Min(p => p.X);
        var span = points.Max(p => p.X) - origin;
        return span > 10 * 60_000
            ? new MetricAxis("minutes since start", p => (p.X - origin) / 60_000.0)
            : new MetricAxis("seconds since start", p => (p.X - origin) / 1000.0);
    }

    /// <summary>One line per series, every point drawn (the service returns up to 1,000 per series; longer ones are bucket means).</summary>
    public static IList<ITrace> Traces(IReadOnlyList<ChartSeries> series, MetricAxis axis, Func<ChartSeries, string>? name = null) =>
        series.Select(s => (ITrace)new Scatter
        {
            Name = name?.Invoke(s) ?? s.Key,
            Mode = s.Points.Count <= 30 ? ModeFlag.Lines | ModeFlag.Markers : ModeFlag.Lines,
            X = s.Points.Select(p => (object)axis.X(p)).ToList(),
            Y = s.Points.Select(p => (object)p.Value).ToList(),
            YHoverFormat = NumberFormat.PlotlyFormat,
            XHoverFormat = ".4~g",
        }).ToList();

    /// <summary>The layout of one learning-curve chart.</summary>
    public static Plotly.Blazor.Layout Layout(string title, MetricAxis axis) => new()
    {
        Title = new Plotly.Blazor.LayoutLib.Title { Text = title },
        Height = 300,
        Margin = new Plotly.Blazor.LayoutLib.Margin { L = 56, R = 16, T = 40, B = 44 },
        XAxis = [new Plotly.Blazor.LayoutLib.XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = axis.Title } }],
        YAxis = [new Plotly.Blazor.LayoutLib.YAxis { TickFormat = NumberFormat.PlotlyFormat }],
        Legend = [new Plotly.Blazor.LayoutLib.Legend { Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H }],
    };

    public static Config Config() => new() { Responsive = true, DisplayLogo = false };

    private static int SplitOrder(string key) =>
        key.StartsWith("train", StringComparison.OrdinalIgnoreCase) ? 0
        : key.StartsWith("val", StringComparison.OrdinalIgnoreCase) || key.StartsWith("eval", StringComparison.OrdinalIgnoreCase) ? 1
        : 2;
}
