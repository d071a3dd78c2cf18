using Plotly.Blazor;
using PlotlyLayout = Plotly.Blazor.Layout;
using Plotly.Blazor.LayoutLib;

namespace MlOpsPortal.Web.Components.Charts;

/// <summary>Layout and config shared by the portal's Plotly charts (responsive, no Plotly logo or cloud links).</summary>
internal static class ChartDefaults
{
    public static Config Config() => new() { Responsive = true, DisplayLogo = false, ShowSendToCloud = false, ShowLink = false };

    public static PlotlyLayout Layout(int height, string? xTitle, string? yTitle, double[]? xRange, double[]? yRange) => new()
    {
        Height = height,
        Margin = new Margin { L = 56, R = 16, T = 16, B = 48 },
        ShowLegend = true,
        PaperBgColor = "rgba(0,0,0,0)",
        PlotBgColor = "rgba(0,0,0,0)",
        XAxis = [new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = xTitle }, Range = xRange?.Cast<object>().ToList() }],
        YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = yTitle }, Range = yRange?.Cast<object>().ToList() }],
    };

    public static Shape HorizontalRule(double y) => new()
    {
        Type = Plotly.Blazor.LayoutLib.ShapeLib.TypeEnum.Line,
        XRef = "paper",
        X0 = 0,
        X1 = 1,
        YRef = "y",
        Y0 = y,
        Y1 = y,
        Line = new Plotly.Blazor.LayoutLib.ShapeLib.Line { Color = "#c62828", Dash = "dash", Width = 1.5m },
    };

    public static Shape BandRect(double low, double high) => new()
    {
        Type = Plotly.Blazor.LayoutLib.ShapeLib.TypeEnum.Rect,
        XRef = "paper",
        X0 = 0,
        X1 = 1,
        YRef = "y",
        Y0 = low,
        Y1 = high,
        FillColor = "rgba(46,125,50,0.15)",
        Line = new Plotly.Blazor.LayoutLib.ShapeLib.Line { Width = 0m },
        Layer = Plotly.Blazor.LayoutLib.ShapeLib.LayerEnum.Below,
    };

    public static Annotation Label(string text, double y) => new()
    {
        Text = text,
        XRef = "paper",
        X = 1,
        XAnchor = Plotly.Blazor.LayoutLib.AnnotationLib.XAnchorEnum.Right,
        YRef = "y",
        Y = y,
        YAnchor = Plotly.Blazor.LayoutLib.AnnotationLib.YAnchorEnum.Bottom,
        ShowArrow = false,
    };
}
