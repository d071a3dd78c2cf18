using Microsoft.AspNetCore.Components;
using Plotly.Blazor;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;
using PlotlyLayout = Plotly.Blazor.Layout;

namespace MlOpsPortal.Web.Components.Charts;

/// <summary>Markers coloured low (blue) to high (red) by each point's colour value; grey where it has none.</summary>
public sealed partial class ScatterChart : ComponentBase
{
    private Config _config = new();
    private PlotlyLayout _layout = new();
    private IList<ITrace> _data = [];

    [Parameter, EditorRequired]
    public string Id { get; set; } = "scatter-chart";

    [Parameter]
    public string? Title { get; set; }

    [Parameter]
    public string? XTitle { get; set; }

    [Parameter]
    public string? YTitle { get; set; }

    [Parameter, EditorRequired]
    public IReadOnlyList<ScatterPoint> Points { get; set; } = [];

    /// <summary>Labels of integer y positions (beeswarm rows), top of the list at the top.</summary>
    [Parameter]
    public IReadOnlyList<string>? YLabels { get; set; }

    /// <summary>Labels of integer x positions (a categorical column's values).</summary>
    [Parameter]
    public IReadOnlyList<string>? XLabels { get; set; }

    [Parameter]
    public int Height { get; set; } = 320;

    /// <summary>Blue (0) to red (1), grey without a value.</summary>
    public static string Colour(double? value) => value is { } v && double.IsFinite(v)
        ? $"rgb({(int)(40 + (200 * Math.Clamp(v, 0, 1)))},60,{(int)(240 - (200 * Math.Clamp(v, 0, 1)))})"
        : "#999999";

    protected override void OnParametersSet()
    {
        _config = ChartDefaults.Config();
        _data =
        [
            new Scatter
            {
                Name = Title ?? "points",
                X = Points.Select(p => (object)p.X).ToList(),
                Y = Points.Select(p => (object)p.Y).ToList(),
                Mode = ModeFlag.Markers,
                Marker = new Marker { Size = 5, Opacity = 0.7m, ColorArray = Points.Select(p => (object)Colour(p.Colour)).ToList() },
                HoverTextArray = Points.Select(p => p.Text ?? string.Empty).ToList(),
            },
        ];
        _layout = ChartDefaults.Layout(Height, XTitle, YTitle, null, null);
        _layout.ShowLegend = false;
        if (YLabels is { Count: > 0 } y)
        {
            var axis = _layout.YAxis[0];
            axis.TickMode = Plotly.Blazor.LayoutLib.YAxisLib.TickModeEnum.Array;
            axis.TickVals = y.Select((_, i) => (object)i).ToList();
            axis.TickText = y.Cast<object>().ToList();
            axis.AutoRange = Plotly.Blazor.LayoutLib.YAxisLib.AutoRangeEnum.Reversed;
        }

        if (XLabels is { Count: > 0 } x)
        {
            var axis = _layout.XAxis[0];
            axis.TickMode = Plotly.Blazor.LayoutLib.XAxisLib.TickModeEnum.Array;
            axis.TickVals = x.Select((_, i) => (object)i).ToList();
            axis.TickText = x.Cast<object>().ToList();
        }
    }
}
