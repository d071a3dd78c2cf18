using System.Globalization;
using MlOpsPortal.Infrastructure.Tracking;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;

namespace MlOpsPortal.Web.Components.Pages.Tracking;

/// <summary>One axis of the parallel-coordinates plot: a parameter (or the metric) with each run's position in 0..1.</summary>
public sealed record ParallelAxis(string Label, IReadOnlyList<double?> Positions, IReadOnlyList<string> Values);

/// <summary>The compare page's Plotly figures: metric overlay, parallel coordinates of params against a metric, and the scatter.</summary>
public static class CompareCharts
{
    /// <summary>
    /// One line per run. By step, or by time since each run's own first point (seconds, or minutes when a run spans more
    /// than ten minutes) — never epoch milliseconds.
    /// </summary>
    public static (IList<ITrace> Traces, string AxisTitle) Overlay(IReadOnlyList<ChartSeries> series, bool byTime, Func<string, string> runLabel)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(runLabel);
        // A metric logged at a single step (a final test_* figure) comes back on the time axis whatever was asked: its
        // points are timestamps, so they are always drawn from the run's start, never as raw epoch milliseconds.
        var timed = series.Any(s => s.ByTime) && (byTime || series.All(s => s.ByTime));
        var minutes = timed && series.Any(s => s.Points.Count > 0 && s.Points[^1].X - s.Points[0].X > 10 * 60_000);
        var divisor = minutes ? 60_000.0 : 1000.0;
        var traces = series.Select(s =>
        {
            var origin = s.Points.Count > 0 ? s.Points.Min(p => p.X) : 0;
            return (ITrace)new Scatter
            {
                Name = runLabel(s.RunId),
                Mode = s.Points.Count <= 30 ? ModeFlag.Lines | ModeFlag.Markers : ModeFlag.Lines,
                X = s.Points.Select(p => (object)(s.ByTime ? (p.X - origin) / divisor : p.X)).ToList(),
                Y = s.Points.Select(p => (object)p.Value).ToList(),
                YHoverFormat = NumberFormat.PlotlyFormat,
            };
        }).ToList();
        return (traces, timed ? (minutes ? "minutes since the run's start" : "seconds since the run's start") : "step");
    }

    /// <summary>
    /// Axes of the parallel-coordinates plot: every parameter whose values differ, then the metric. Numeric values are
    /// scaled to 0..1 between their min and max; text values are spread evenly in sorted order; a missing value is null.
    /// </summary>
    public static IReadOnlyList<ParallelAxis> ParallelAxes(IReadOnlyList<RunDto> runs, IReadOnlyList<CompareRow> paramRows, string? metricKey)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(paramRows);
        var axes = paramRows.Where(r => r.Differs).Select(r => Axis(r.Key, r.Values)).ToList();
        if (metricKey is not null)
        {
            var values = runs.Select(r => r.Metrics.FirstOrDefault(m => m.Key == metricKey) is { } m ? m.Value.ToString("R", CultureInfo.InvariantCulture) : string.Empty).ToList();
            axes.Add(Axis(metricKey, values));
        }

        return axes;
    }

    /// <summary>The parallel-coordinates plot drawn as one polyline per run across the axes (SVG, no WebGL).</summary>
    public static (IList<ITrace> Traces, Plotly.Blazor.Layout Layout) Parallel(IReadOnlyList<RunDto> runs, IReadOnlyList<ParallelAxis> axes)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(axes);
        var traces = runs.Select((run, i) => (ITrace)new Scatter
        {
            Name = run.Info.RunName,
            Mode = ModeFlag.Lines | ModeFlag.Markers,
            X = axes.Select((_, a) => (object)a).ToList(),
            Y = axes.Select(a => a.Positions[i] is { } y ? (object)y : null!).ToList(),
            HoverTemplate = run.Info.RunName + ": %{text}<extra></extra>",
            TextArray = axes.Select(a => $"{a.Label} = {Display(a.Values[i])}").ToList(),
        }).ToList();
        var layout = new Plotly.Blazor.Layout
        {
            Height = 360,
            Margin = new Margin { L = 40, R = 16, T = 24, B = 60 },
            XAxis = [new XAxis
            {
                TickMode = Plotly.Blazor.LayoutLib.XAxisLib.TickModeEnum.Array,
                TickVals = axes.Select((_, a) => (object)a).ToList(),
                TickText = axes.Select(a => (object)a.Label).ToList(),
                ShowGrid = true,
            }],
            YAxis = [new YAxis { ShowTickLabels = false, Range = [-0.05, 1.05], ZeroLine = false }],
        };
        return (traces, layout);
    }

    /// <summary>The scatter of one parameter (x) against one metric (y), each point named by its run.</summary>
    public static (IList<ITrace> Traces, Plotly.Blazor.Layout Layout) Scatter(ScatterPlot plot)
    {
        ArgumentNullException.ThrowIfNull(plot);
        var trace = new Scatter
        {
            Name = "runs",
            Mode = ModeFlag.Markers,
            X = plot.Points.Select(p => (object)p.X).ToList(),
            Y = plot.Points.Select(p => (object)p.Y).ToList(),
            TextArray = plot.Points.Select(p => p.Tooltip(plot.ParamKey!, plot.MetricKey!)).ToList(),
            HoverTemplate = "%{text}<extra></extra>",
            Marker = new Marker { Size = 12 },
        };
        var xAxis = new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = plot.ParamKey } };
        if (!plot.Numeric)
        {
            xAxis.TickMode = Plotly.Blazor.LayoutLib.XAxisLib.TickModeEnum.Array;
            xAxis.TickVals = plot.Categories.Select((_, i) => (object)i).ToList();
            xAxis.TickText = plot.Categories.Cast<object>().ToList();
            xAxis.Range = [-0.5, plot.Categories.Count - 0.5];
        }

        var layout = new Plotly.Blazor.Layout
        {
            Height = 340,
            ShowLegend = false,
            Margin = new Margin { L = 56, R = 16, T = 24, B = 48 },
            XAxis = [xAxis],
            YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = plot.MetricKey }, TickFormat = NumberFormat.PlotlyFormat }],
        };
        return ([trace], layout);
    }

    private static ParallelAxis Axis(string label, IReadOnlyList<string> values)
    {
        var numbers = values.Select(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d : (double?)null).ToList();
        var present = values.Where(v => v.Length > 0).ToList();
        if (present.Count > 0 && numbers.Where((n, i) => values[i].Length > 0).All(n => n is not null))
        {
            var lo = numbers.OfType<double>().Min();
            var hi = numbers.OfType<double>().Max();
            var span = hi - lo;
            return new ParallelAxis(label, numbers.Select(n => n is { } x ? (double?)(span == 0 ? 0.5 : (x - lo) / span) : null).ToList(), values);
        }

        var categories = present.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new ParallelAxis(label, values.Select(v => v.Length == 0 ? (double?)null
            : categories.Count == 1 ? 0.5 : categories.IndexOf(v) / (double)(categories.Count - 1)).ToList(), values);
    }

    private static string Display(string value) =>
        value.Length == 0 ? "(none)"
        : double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) && value.Length > 8 ? NumberFormat.Format(d) : value;
}
