using Microsoft.AspNetCore.Components;
using Plotly.Blazor;
using PlotlyLayout = Plotly.Blazor.Layout;
using Plotly.Blazor.Traces;

namespace MlOpsPortal.Web.Components.Charts;

/// <summary>Bars per category; whiskers from each bar's interval; a shaded band behind them.</summary>
public sealed partial class BarChart : ComponentBase
{
    private Config _config = new();
    private PlotlyLayout _layout = new();
    private IList<ITrace> _data = [];

    [Parameter, EditorRequired]
    public string Id { get; set; } = "bar-chart";

    [Parameter]
    public string? Title { get; set; }

    [Parameter]
    public string? YTitle { get; set; }

    [Parameter, EditorRequired]
    public IReadOnlyList<BarSeries> Series { get; set; } = [];

    [Parameter]
    public ValueBand? Band { get; set; }

    [Parameter]
    public double[]? YRange { get; set; }

    [Parameter]
    public int Height { get; set; } = 260;

    protected override void OnParametersSet()
    {
        _config = ChartDefaults.Config();
        _data = Series.Select(s => (ITrace)new Bar
        {
            Name = s.Name,
            X = s.Categories.Cast<object>().ToList(),
            Y = s.Values.Cast<object>().ToList(),
            ErrorY = s.Low is null || s.High is null ? null : new Plotly.Blazor.Traces.BarLib.ErrorY
            {
                Type = Plotly.Blazor.Traces.BarLib.ErrorYLib.TypeEnum.Data,
                Symmetric = false,
                Array = s.High.Zip(s.Values, (h, v) => (object)(h is { } hi && v is { } val ? hi - val : 0)).ToList(),
                ArrayMinus = s.Low.Zip(s.Values, (l, v) => (object)(l is { } lo && v is { } val ? val - lo : 0)).ToList(),
                Visible = true,
            },
        }).ToList();
        _layout = ChartDefaults.Layout(Height, null, YTitle, null, YRange);
        _layout.ShowLegend = Series.Count > 1;
        if (Band is { } b)
        {
            _layout.Shapes = [ChartDefaults.BandRect(b.Low, b.High)];
        }
    }
}
