using Microsoft.AspNetCore.Components;
using Plotly.Blazor;
using PlotlyLayout = Plotly.Blazor.Layout;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;

namespace MlOpsPortal.Web.Components.Charts;

/// <summary>Lines (ROC, PR, calibration, drift over time) with an optional horizontal reference line.</summary>
public sealed partial class LineChart : ComponentBase
{
    private Config _config = new();
    private PlotlyLayout _layout = new();
    private IList<ITrace> _data = [];

    [Parameter, EditorRequired]
    public string Id { get; set; } = "line-chart";

    [Parameter]
    public string? Title { get; set; }

    [Parameter]
    public string? XTitle { get; set; }

    [Parameter]
    public string? YTitle { get; set; }

    [Parameter, EditorRequired]
    public IReadOnlyList<LineSeries> Series { get; set; } = [];

    [Parameter]
    public ReferenceLine? Reference { get; set; }

    /// <summary>Fixed y range, e.g. [0, 1] for rates.</summary>
    [Parameter]
    public double[]? YRange { get; set; }

    /// <summary>Fixed x range, e.g. [0, 1] for ROC.</summary>
    [Parameter]
    public double[]? XRange { get; set; }

    [Parameter]
    public int Height { get; set; } = 300;

    protected override void OnParametersSet()
    {
        _config = ChartDefaults.Config();
        _data = Series.Select(s => (ITrace)new Scatter
        {
            Name = s.Name,
            X = s.X.ToList(),
            Y = s.Y.Cast<object>().ToList(),
            Mode = s.Markers ? ModeFlag.Lines | ModeFlag.Markers : ModeFlag.Lines,
            Line = new Plotly.Blazor.Traces.ScatterLib.Line { Dash = s.Dashed ? "dash" : "solid" },
        }).ToList();
        _layout = ChartDefaults.Layout(Height, XTitle, YTitle, XRange, YRange);
        if (Reference is { } r)
        {
            _layout.Shapes = [ChartDefaults.HorizontalRule(r.Y)];
            _layout.Annotations = [ChartDefaults.Label(r.Label, r.Y)];
        }
    }
}
